"""Our crypto and encoding produce byte for byte what pronotepy 2.15.7 produces on the same inputs.

pronotepy is the independent reference: its ``_Communication.post`` is driven with a fake HTTP
session that captures the request it builds and hands back a response we encoded.
"""

from __future__ import annotations

import base64
import json
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from espace_parents_tui.pronote import auth, crypto

pronote_api = pytest.importorskip("pronotepy.pronoteAPI")

# Pawnote's vector inputs (pawnote-papillon.md §2.13): a Latin-1 IV string and a small payload.
PAWNOTE_IV_TEXT = "\tfmýÝ[½¬È»Dmø\u0010"
PAWNOTE_PAYLOAD = {"donnees": {"number": 69, "nullish": None, "boolean": True, "value": "is a string"}}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
signatures = st.fixed_dictionaries(
    {"onglet": st.integers(0, 300)},
    optional={"membre": st.fixed_dictionaries({"N": st.text(max_size=50), "G": st.just(4)})},
)
payloads = st.fixed_dictionaries(
    {},
    optional={
        "data": st.dictionaries(st.text(max_size=10), json_values, max_size=4),
        "Signature": signatures,
    },
)
key_material = st.binary(min_size=0, max_size=40)


class _FakeResponse:
    def __init__(self, body: dict) -> None:
        self._body = body
        self.ok = True
        self.status_code = 200
        self.cookies = {}

    def json(self) -> dict:
        return self._body


class _FakeSession:
    """Stands in for requests.Session: records what pronotepy sends, answers what we give it."""

    def __init__(self, answer: dict) -> None:
        self.answer = answer
        self.sent: list[tuple[str, dict]] = []

    def request(
        self, method: str, url: str, json: dict | None = None, cookies: object = None
    ) -> _FakeResponse:
        self.sent.append((url, json or {}))
        return _FakeResponse(self.answer)


def _pronotepy_comm(key: bytes, iv: bytes, *, compress: bool, encrypt: bool, answer: dict, number: int = 1):
    comm = pronote_api._Communication.__new__(pronote_api._Communication)
    comm.encryption = pronote_api._Encryption()
    comm.encryption.aes_key = key
    comm.encryption.aes_iv = iv
    comm.attributes = {"h": "4242", "a": "7"}
    comm.request_number = number
    comm.cookies = None
    comm.authorized_onglets = list(range(301))
    comm.compress_requests = compress
    comm.encrypt_requests = encrypt
    comm.root_site = "http://127.0.0.1/pronote"
    comm.session = _FakeSession(answer)
    return comm


def _roundtrip(payload: dict, key: bytes, iv: bytes, compress: bool, encrypt: bool, number: int = 1) -> None:
    ours = crypto.CipherState(key=key, iv=iv)
    reply_payload = {"data": {"echo": payload}}
    encoded_reply = crypto.encode_response(reply_payload, ours, compress=compress, encrypt=encrypt)
    answer = {"session": 4242, "no": ours.order_token(number + 1), "id": "Test", "dataSec": encoded_reply}
    comm = _pronotepy_comm(key, iv, compress=compress, encrypt=encrypt, answer=answer, number=number)
    received = comm.post("Test", dict(payload))
    url, sent = comm.session.sent[0]

    # Request: same order token, same URL, same dataSec, byte for byte.
    assert sent["no"] == ours.order_token(number)
    assert url.endswith(f"/appelfonction/7/4242/{ours.order_token(number)}")
    assert sent["dataSec"] == crypto.encode_request(payload, ours, compress=compress, encrypt=encrypt)
    # And the server side reads it back.
    assert crypto.decode_request(sent["dataSec"], ours, compress=compress, encrypt=encrypt) == payload
    # Response: pronotepy decodes what our server encodes, and so does our client.
    assert received["dataSec"] == reply_payload
    assert crypto.decode_response(encoded_reply, ours, compress=compress, encrypt=encrypt) == reply_payload


def test_first_order_number_check_value():
    # pronotepy.md §1.4: the first "no" of every session, with the initial key and zero IV.
    assert crypto.CipherState().order_token(1) == "3fa959b13967e0ef176069e01e23c8d7"


@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize("encrypt", [False, True])
@pytest.mark.parametrize("with_iv", [False, True])
@pytest.mark.parametrize("number", [1, 3])
def test_pawnote_vectors_match_pronotepy(compress, encrypt, with_iv, number):
    iv = crypto.md5(PAWNOTE_IV_TEXT.encode("latin-1")) if with_iv else crypto.ZERO_IV
    _roundtrip(PAWNOTE_PAYLOAD, crypto.md5(b""), iv, compress, encrypt, number)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    payload=payloads,
    key=key_material,
    iv=key_material,
    compress=st.booleans(),
    encrypt=st.booleans(),
    number=st.integers(min_value=0, max_value=5000).map(lambda n: 2 * n + 1),
)
def test_random_payloads_match_pronotepy(payload, key, iv, compress, encrypt, number):
    _roundtrip(payload, crypto.md5(key), crypto.md5(iv), compress, encrypt, number)


@settings(max_examples=100, deadline=None)
@given(key=key_material, iv=key_material, data=st.binary(max_size=200))
def test_aes_matches_pronotepy(key, iv, data):
    theirs = pronote_api._Encryption()
    theirs.aes_key = crypto.md5(key)
    theirs.aes_iv = crypto.md5(iv)
    ours = crypto.CipherState(key=crypto.md5(key), iv=crypto.md5(iv))
    assert ours.encrypt(data) == theirs.aes_encrypt(data)
    assert ours.decrypt(theirs.aes_encrypt(data)) == data


def test_iv_seed_rsa_key_is_pronotes():
    assert crypto.RSA_1024_MODULUS == pronote_api._Encryption.RSA_1024_MODULO
    assert crypto.RSA_1024_EXPONENT == pronote_api._Encryption.RSA_1024_EXPONENT
    # PKCS#1 v1.5 is randomised: check the shape and that a custom (server-announced) key is used.
    assert len(crypto.rsa_encrypt(bytes(16))) == 128


def test_rsa_with_announced_key_decrypts_with_its_private_key():
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    numbers = private.public_key().public_numbers()
    sealed = crypto.rsa_encrypt(b"0123456789abcdef", modulus=numbers.n, exponent=numbers.e)
    assert private.decrypt(sealed, padding.PKCS1v15()) == b"0123456789abcdef"


@settings(max_examples=60, deadline=None)
@given(
    username=st.text(min_size=1, max_size=20),
    secret=st.text(min_size=1, max_size=30),
    alea=st.text(max_size=16),
    lower_login=st.booleans(),
    lower_secret=st.booleans(),
    iv=key_material,
    challenge_plain=st.text(alphabet="0123456789abcdef", min_size=2, max_size=40),
)
def test_login_crypto_matches_pronotepy(
    username, secret, alea, lower_login, lower_secret, iv, challenge_plain
):
    from Crypto.Hash import SHA256  # pronotepy's own dependency (pycryptodome)

    session_iv = crypto.md5(iv)
    # pronotepy's derivation, from its primitives (clients.py _login).
    u = username.lower() if lower_login else username
    p = secret.lower() if lower_secret else secret
    theirs = pronote_api._Encryption()
    theirs.aes_set_iv(session_iv)
    theirs.aes_set_key((u + SHA256.new((alea + p).encode()).hexdigest().upper()).encode())
    key = auth.login_key(username, secret, alea=alea, lower_login=lower_login, lower_secret=lower_secret)
    assert key == theirs.aes_key

    # 2026.2.5+ style: the challenge is encrypted as received.
    challenge = challenge_plain
    assert (
        auth.solve_challenge(challenge, key, session_iv, "2026")
        == theirs.aes_encrypt(challenge.encode()).hex()
    )

    # Legacy style: decrypt, drop the alea characters (odd indexes), encrypt again.
    interleaved = "".join(c + "x" for c in challenge_plain)
    legacy = theirs.aes_encrypt(interleaved.encode()).hex()
    expected = theirs.aes_encrypt(pronote_api._enleverAlea(interleaved).encode()).hex()
    assert auth.solve_challenge(legacy, key, session_iv, "legacy") == expected


def test_session_key_from_cle_matches_pronotepy():
    key, iv = crypto.md5(b"login-key"), crypto.md5(b"iv")
    raw = bytes(range(3, 19))
    cle = crypto.aes_encrypt(key, iv, ",".join(str(b) for b in raw).encode()).hex()
    theirs = pronote_api._Encryption()
    theirs.aes_key, theirs.aes_iv = key, iv
    expected = crypto.md5(pronote_api._enBytes(theirs.aes_decrypt(bytes.fromhex(cle)).decode()))
    assert auth.session_key_from_cle(cle, key, iv) == expected


def test_qr_code_decodes_like_pronotepy():
    qr = auth.encode_qr("http://127.0.0.1:1/pronote/mobile.parent.html", "demo-login", "0123TOKEN", "1234")
    theirs = pronote_api._Encryption()
    theirs.aes_set_key(b"1234")
    decoded = auth.decode_qr(json.dumps(qr), "1234")
    assert decoded.login == theirs.aes_decrypt(bytes.fromhex(qr["login"])).decode() == "demo-login"
    assert decoded.jeton == theirs.aes_decrypt(bytes.fromhex(qr["jeton"])).decode() == "0123TOKEN"


def test_qr_code_with_wrong_pin_is_a_typed_error():
    from espace_parents_tui.pronote import errors

    qr = auth.encode_qr("http://127.0.0.1:1/pronote/mobile.parent.html", "demo", "tok", "1234")
    with pytest.raises(errors.QrCodeError):
        auth.decode_qr(qr, "9999")
    with pytest.raises(errors.QrCodeError):
        auth.decode_qr("not json", "1234")


def test_file_id_with_double_padding_is_read_leniently():
    # pronotepy pads file ids twice (pronotepy.md §1.12); the server must accept both forms.
    state = crypto.CipherState(key=crypto.md5(b"k"), iv=crypto.md5(b"i"))
    text = json.dumps({"N": "1#abc", "Actif": True}).encode()
    from Crypto.Util import Padding

    double = state.encrypt(Padding.pad(text, 16))
    assert crypto.aes_decrypt_lenient(state.key, state.iv, double) == text
    assert crypto.aes_decrypt_lenient(state.key, state.iv, state.encrypt(text)) == text


def test_uuid_is_base64_of_the_seed():
    seed = crypto.new_iv_seed()
    assert len(seed) == 16
    assert base64.b64decode(base64.b64encode(seed)) == seed
    assert SimpleNamespace(iv=crypto.md5(seed)).iv != crypto.ZERO_IV
