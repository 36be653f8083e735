"""PRONOTE's cryptographic and encoding primitives.

Shared by the protocol client and the emulated server (``demo/``): AES-128-CBC with MD5-derived keys
and IVs, the RSA-wrapped IV for plain-http servers, raw deflate, the encrypted order counter and the
``dataSec`` codec in both directions. Nothing here does I/O or knows any PRONOTE function.

Protocol facts (pronotepy.md §1.4-1.5, pawnote-papillon.md §2.4-2.5):
- key = MD5(key material), IV = MD5(iv material) or 16 zero bytes; PKCS#7 padding.
- request ``dataSec``: JSON -> (if compressed) the *hex text* of the JSON, raw-deflated (level 6)
  -> (if encrypted) AES -> upper-case hex. With neither flag, ``dataSec`` is the JSON object itself.
- response ``dataSec``: hex -> (if encrypted) AES-decrypt -> (if compressed) raw-inflate -> JSON text.
  The response has no hex layer inside the deflate stream.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# The 1024-bit public key PRONOTE's web client ships (``c_rsaPub_modulo_1024`` in eleve.js).
RSA_1024_MODULUS = int(
    "B99B77A3D72D3A29B4271FC7B7300E2F791EB8948174BE7B8024667E915446D4EEA0C2424B8D1EBF7E2DDFF94691C6E99"
    "4E839225C627D140A8F1146D1B0B5F18A09BBD3D8F421CA1E3E4796B301EEBCCF80D81A32A1580121B8294433C38377083"
    "C5517D5921E8A078CDC019B15775292EFDA2C30251B1CCABE812386C893E5",
    16,
)
RSA_1024_EXPONENT = 65537

ZERO_IV = bytes(16)


class CryptoError(ValueError):
    """Decryption failed: wrong key or IV, or damaged data."""


def md5(data: bytes) -> bytes:
    return hashlib.md5(data).digest()


def sha256_hex_upper(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest().upper()


def aes_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """AES-CBC with PKCS#7 padding. ``key`` and ``iv`` are the final 16-byte values."""
    padder = sym_padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def aes_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    if not data or len(data) % 16:
        raise CryptoError("ciphertext length is not a multiple of the block size")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = sym_padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise CryptoError("bad padding (wrong key or IV)") from exc


def aes_decrypt_lenient(key: bytes, iv: bytes, data: bytes) -> bytes:
    """Decrypt and strip PKCS#7 padding as many times as it is present.

    pronotepy pads file ids twice (explicit pad, then the cipher's own); real servers accept both,
    so the emulated server must too (pronotepy.md §1.12).
    """
    plain = aes_decrypt(key, iv, data)
    while plain and 1 <= plain[-1] <= 16 and plain.endswith(bytes([plain[-1]]) * plain[-1]):
        plain = plain[: -plain[-1]]
    return plain


def rsa_encrypt(data: bytes, *, modulus: int = RSA_1024_MODULUS, exponent: int = RSA_1024_EXPONENT) -> bytes:
    """RSA PKCS#1 v1.5, by default with PRONOTE's hard-coded public key (plain-http servers only).

    Servers from before PRONOTE 2023 announced their own key (``MR``/``ER`` in the page); it is used
    when present.
    """
    public_key = RSAPublicNumbers(exponent, modulus).public_key()
    return public_key.encrypt(data, asym_padding.PKCS1v15())


def deflate_raw(data: bytes, level: int = 6) -> bytes:
    """Raw DEFLATE: zlib stream without its 2-byte header and 4-byte Adler trailer."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def inflate_raw(data: bytes) -> bytes:
    try:
        return zlib.decompress(data, wbits=-15)
    except zlib.error as exc:
        raise CryptoError(f"cannot inflate: {exc}") from exc


def dumps(payload: Any) -> str:
    """The JSON text PRONOTE clients send (``json.dumps`` defaults, as pronotepy does)."""
    return json.dumps(payload)


@dataclass
class CipherState:
    """The AES key and IV of one PRONOTE session, on either side of the wire.

    A session starts with key = MD5("") and a zero IV. After ``FonctionParametres`` the IV becomes
    MD5(R) where R is the 16 random bytes the client sent; after ``Authentification`` the key
    becomes MD5(bytes of the decrypted ``cle``).
    """

    key: bytes = field(default_factory=lambda: md5(b""))
    iv: bytes = ZERO_IV

    def encrypt(self, data: bytes) -> bytes:
        return aes_encrypt(self.key, self.iv, data)

    def decrypt(self, data: bytes) -> bytes:
        return aes_decrypt(self.key, self.iv, data)

    def order_token(self, number: int) -> str:
        """The encrypted order counter, as it appears in the URL and the envelope."""
        return self.encrypt(str(number).encode("ascii")).hex()

    def read_order_token(self, token: str) -> int:
        try:
            return int(self.decrypt(bytes.fromhex(token)).decode("ascii"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise CryptoError("unreadable order number") from exc


def new_iv_seed() -> bytes:
    """The 16 random bytes a client sends in ``FonctionParametres`` (``Uuid``)."""
    return os.urandom(16)


# --- the dataSec codec ---------------------------------------------------------------------------


def encode_request(payload: dict, state: CipherState, *, compress: bool, encrypt: bool) -> Any:
    """Client -> server ``dataSec``."""
    if not compress and not encrypt:
        return payload
    text = dumps(payload)
    if compress:
        body = deflate_raw(text.encode("utf-8").hex().encode("ascii"))
    else:
        body = text.encode("utf-8")
    if encrypt:
        body = state.encrypt(body)
    return body.hex().upper()


def decode_request(data_sec: Any, state: CipherState, *, compress: bool, encrypt: bool) -> dict:
    """Server side: the inverse of :func:`encode_request`."""
    if not compress and not encrypt:
        if not isinstance(data_sec, dict):
            raise CryptoError("expected a JSON object")
        return data_sec
    body = _unhex(data_sec)
    if encrypt:
        body = state.decrypt(body)
    if compress:
        body = bytes.fromhex(inflate_raw(body).decode("ascii"))
    return _loads(body)


def encode_response(payload: dict, state: CipherState, *, compress: bool, encrypt: bool) -> Any:
    """Server -> client ``dataSec``."""
    if not compress and not encrypt:
        return payload
    body = dumps(payload).encode("utf-8")
    if compress:
        body = deflate_raw(body)
    if encrypt:
        body = state.encrypt(body)
    return body.hex().upper()


def decode_response(data_sec: Any, state: CipherState, *, compress: bool, encrypt: bool) -> dict:
    """Client side: the inverse of :func:`encode_response`."""
    if not compress and not encrypt:
        if not isinstance(data_sec, dict):
            raise CryptoError("expected a JSON object")
        return data_sec
    body = _unhex(data_sec)
    if encrypt:
        body = state.decrypt(body)
    if compress:
        body = inflate_raw(body)
    return _loads(body)


def _unhex(value: Any) -> bytes:
    if not isinstance(value, str):
        raise CryptoError("expected a hex string")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise CryptoError("not a hex string") from exc


def _loads(body: bytes) -> dict:
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CryptoError(f"decoded payload is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise CryptoError("decoded payload is not a JSON object")
    return value
