"""Login cryptography: key derivation, both challenge styles, the session key, QR codes.

Facts from pronotepy.md §1.7 and pawnote-papillon.md §2.6-2.7:
- temporary key K = MD5(login + UPPER(HEX(SHA256(alea + secret)))), login and secret lower-cased
  when the server says ``modeCompLog`` / ``modeCompMdp``; the IV is the session IV.
- legacy challenge: decrypt, keep the characters at even indexes, encrypt again.
- 2026.2.5+ challenge: encrypt the challenge string as received.
- ``cle``: decrypt with K, it reads "12,250,3,…"; the session key is MD5 of those bytes.
- QR code: ``login`` and ``jeton`` are AES-encrypted with MD5(PIN) and a zero IV.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from espace_parents_tui.pronote import crypto, errors
from espace_parents_tui.util.i18n import _

# The mobile app's query string: skip the browser check, the delegation page and the ENT redirect
# (pronotepy.md §1.2, pawnote-papillon.md §2.2).
MOBILE_QUERY = "fd=1&bydlg=A6ABB224-12DD-4E31-AD3E-8A39A1C2C335&login=true"


def login_key(login: str, secret: str, *, alea: str = "", lower_login: bool, lower_secret: bool) -> bytes:
    if lower_login:
        login = login.lower()
    if lower_secret:
        secret = secret.lower()
    return crypto.md5((login + crypto.sha256_hex_upper(alea + secret)).encode("utf-8"))


def ent_login_key(password: str) -> bytes:
    return crypto.md5(crypto.sha256_hex_upper(password).encode("utf-8"))


def solve_challenge(challenge: str, key: bytes, iv: bytes, style: str) -> str:
    """The ``challenge`` answer for ``Authentification``.

    The legacy style detects a wrong secret locally (the decryption fails) and raises
    :class:`errors.BadCredentials` before anything is sent.
    """
    if style == "2026":
        return crypto.aes_encrypt(key, iv, challenge.encode("utf-8")).hex()
    try:
        plain = crypto.aes_decrypt(key, iv, bytes.fromhex(challenge)).decode("utf-8")
    except (crypto.CryptoError, ValueError, UnicodeDecodeError) as exc:
        raise errors.BadCredentials() from exc
    return crypto.aes_encrypt(key, iv, plain[::2].encode("utf-8")).hex()


def session_key_from_cle(cle: str, key: bytes, iv: bytes) -> bytes:
    try:
        text = crypto.aes_decrypt(key, iv, bytes.fromhex(cle)).decode("ascii")
        raw = bytes(int(part) for part in text.split(","))
    except (crypto.CryptoError, ValueError, UnicodeDecodeError) as exc:
        raise errors.ProtocolError(_("clé de session illisible"), function="Authentification") from exc
    return crypto.md5(raw)


def encrypt_with_session(state: crypto.CipherState, text: str) -> str:
    """A secret sent inside a call (2FA PIN, new password) is AES-hex with the session key."""
    return state.encrypt(text.encode("utf-8")).hex()


@dataclass(frozen=True)
class QrLogin:
    """The decoded QR code: a one-time login for the mobile space."""

    url: str
    login: str
    jeton: str


def decode_qr(qr: str | dict, pin: str) -> QrLogin:
    """Decode the JSON PRONOTE shows as a QR code, with the 4-digit PIN the parent chose."""
    try:
        data = json.loads(qr) if isinstance(qr, str) else dict(qr)
        url, login_hex, jeton_hex = str(data["url"]), str(data["login"]), str(data["jeton"])
    except (ValueError, KeyError, TypeError) as exc:
        raise errors.QrCodeError(
            _("Ce texte n'est pas un QR code PRONOTE (il faut login, jeton et url).")
        ) from exc
    if not (pin.isdigit() and len(pin) == 4):
        raise errors.QrCodeError(_("Le code PIN doit compter exactement 4 chiffres."))
    key = crypto.md5(pin.encode("ascii"))
    try:
        login = crypto.aes_decrypt(key, crypto.ZERO_IV, bytes.fromhex(login_hex)).decode("utf-8")
        jeton = crypto.aes_decrypt(key, crypto.ZERO_IV, bytes.fromhex(jeton_hex)).decode("utf-8")
    except (crypto.CryptoError, ValueError, UnicodeDecodeError) as exc:
        raise errors.QrCodeError(_("Code PIN incorrect, ou QR code expiré.")) from exc
    return QrLogin(url=url, login=login, jeton=jeton)


def encode_qr(url: str, login: str, jeton: str, pin: str) -> dict:
    """The inverse of :func:`decode_qr` (what the server shows)."""
    key = crypto.md5(pin.encode("ascii"))
    return {
        "avecPageConnexion": False,
        "jeton": crypto.aes_encrypt(key, crypto.ZERO_IV, jeton.encode("utf-8")).hex(),
        "login": crypto.aes_encrypt(key, crypto.ZERO_IV, login.encode("utf-8")).hex(),
        "url": url,
    }


def split_space_url(url: str) -> tuple[str, str]:
    """``https://host/pronote/parent.html?x`` → (``https://host/pronote``, ``parent.html``)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise errors.NotAPronotePage(_("Adresse PRONOTE invalide : elle doit commencer par https://"))
    path = parts.path
    if path.endswith(".html"):
        root_path, _slash, page = path.rpartition("/")
    else:
        root_path, page = path.rstrip("/"), "parent.html"
    root = urlunsplit((parts.scheme, parts.netloc, root_path, "", ""))
    return root, page


def mobile_page(page: str) -> str:
    """``parent.html`` → ``mobile.parent.html`` (unchanged when already mobile)."""
    return page if page.startswith("mobile.") else f"mobile.{page}"


def desktop_page(page: str) -> str:
    return page.removeprefix("mobile.")
