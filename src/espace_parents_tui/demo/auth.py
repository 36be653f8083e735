"""Login on the emulated PRONOTE server: accounts, challenges, mobile tokens, QR codes, 2FA devices.

Pure logic, no HTTP: ``server.py`` feeds it the decoded ``Identification`` and ``Authentification``
data and the session IV, and sends back what it returns.

Protocol facts (pronotepy.md §1.7, pawnote-papillon.md §2.6-2.7):

- temporary key K = MD5(login + UPPER(HEX(SHA256(alea + secret)))), login and secret lower-cased
  when ``modeCompLog`` / ``modeCompMdp`` say so; the IV is the session IV;
- legacy challenge: AES(K, IV, P interleaved with random characters, P at the even indexes); the
  right answer is AES(K, IV, P);
- 2026 challenge: a random hex string C sent as is; the right answer is AES(K, IV, C);
- the secret is the password, the current mobile token of (login, uuidAppliMobile), or the QR jeton;
- ``cle`` = AES(K, IV, "b1,b2,...,b16"); the session key then becomes MD5(b1..b16);
- a QR code holds AES(MD5(pin), zero IV, login) and AES(MD5(pin), zero IV, jeton), single use, 10 min.
"""

from __future__ import annotations

import hmac
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from espace_parents_tui.demo.protocol import CHALLENGE_2026
from espace_parents_tui.pronote import crypto

QR_LIFETIME_S = 600.0
_ALPHABET = string.ascii_letters + string.digits

MODE_PASSWORD = "password"
MODE_TOKEN = "token"
MODE_QR = "qr"


def temporary_key(login: str, secret: str, alea: str, *, fold_login: bool, fold_secret: bool) -> bytes:
    if fold_login:
        login = login.lower()
    if fold_secret:
        secret = secret.lower()
    return crypto.md5((login + crypto.sha256_hex_upper(alea + secret)).encode("utf-8"))


def _random_text(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@dataclass
class PendingLogin:
    """What the server remembers between ``Identification`` and ``Authentification``."""

    parent: Any | None  # None: unknown login or no usable secret, no answer can be right
    mode: str
    uuid: str
    mobile: bool
    key: bytes
    iv: bytes
    expected: bytes


@dataclass
class LoginResult:
    parent: Any
    answer: dict
    new_key: bytes  # the session key after the Authentification reply
    two_factor: set[int] = field(default_factory=set)
    mobile_uuid: str = ""


@dataclass
class QrGrant:
    jeton: str
    issued_at: float


class LoginDesk:
    """Accounts and every credential the server hands out, for the life of one server."""

    def __init__(
        self,
        school: Any,
        *,
        challenge: str,
        fold_login: bool,
        fold_secret: bool,
        two_factor: str | None,
        clock: Callable[[], float],
    ) -> None:
        self.school = school
        self.challenge_style = challenge
        self.fold_login = fold_login
        self.fold_secret = fold_secret
        self.two_factor = two_factor
        self.clock = clock
        self.tokens: dict[tuple[str, str], str] = {}  # (login, uuidAppliMobile) -> current token
        self.qr_grants: dict[str, QrGrant] = {}  # login -> the one QR jeton still valid
        self.known_devices: dict[str, set[str]] = {}  # login -> identifiantNav registered by 2FA
        self.last_login: dict[str, str] = {}  # login -> "dd/mm/yyyy HH:MM:SS"
        self.consecutive_failures = 0

    # --- accounts -------------------------------------------------------------------------------

    def find_parent(self, identifiant: Any) -> Any | None:
        if not isinstance(identifiant, str) or not identifiant:
            return None
        for parent in self.school.parents:
            if parent.login == identifiant or (
                self.fold_login and parent.login.lower() == identifiant.lower()
            ):
                return parent
        return None

    # --- Identification -------------------------------------------------------------------------

    def identify(self, data: dict, iv: bytes) -> tuple[dict, PendingLogin]:
        identifiant = data.get("identifiant")
        uuid = data.get("uuidAppliMobile") or ""
        uuid = uuid if isinstance(uuid, str) else ""
        if data.get("demandeConnexionAppliMobileJeton"):
            mode = MODE_QR
        elif data.get("enConnexionAppliMobile"):
            mode = MODE_TOKEN
        else:
            mode = MODE_PASSWORD
        mobile = bool(
            data.get("demandeConnexionAppliMobile")
            or data.get("enConnexionAppliMobile")
            or data.get("demandeConnexionAppliMobileJeton")
        )
        parent = self.find_parent(identifiant)
        secret = self._secret(parent, mode, uuid) if parent is not None else None
        if secret is None:
            parent, secret = None, secrets.token_hex(32)  # nothing the client sends can match
        alea = _random_text(16)
        login = identifiant if isinstance(identifiant, str) else ""
        key = temporary_key(login, secret, alea, fold_login=self.fold_login, fold_secret=self.fold_secret)
        if self.challenge_style == CHALLENGE_2026:
            text = secrets.token_hex(16)
            challenge = text
            expected = text.encode("ascii")
        else:
            plain = _random_text(16)
            mixed = "".join(ch + secrets.choice(_ALPHABET) for ch in plain)
            challenge = crypto.aes_encrypt(key, iv, mixed.encode("ascii")).hex()
            expected = plain.encode("ascii")
        answer = {
            "alea": alea,
            "modeCompLog": 1 if self.fold_login else 0,
            "modeCompMdp": 1 if self.fold_secret else 0,
            "challenge": challenge,
        }
        return answer, PendingLogin(parent, mode, uuid, mobile, key, iv, expected)

    def _secret(self, parent: Any, mode: str, uuid: str) -> str | None:
        if mode == MODE_PASSWORD:
            return parent.password
        if mode == MODE_TOKEN:
            return self.tokens.get((parent.login, uuid)) if uuid else None
        grant = self.qr_grants.get(parent.login)
        if grant is None or self.clock() - grant.issued_at > QR_LIFETIME_S:
            return None
        return grant.jeton

    # --- Authentification -----------------------------------------------------------------------

    def authenticate(
        self, pending: PendingLogin | None, answer: Any, identifiant_nav: str | None, when: str
    ) -> LoginResult | None:
        """The login result, or None for a wrong answer (the caller counts it)."""
        if pending is None or pending.parent is None or not isinstance(answer, str):
            return None
        try:
            plain = crypto.aes_decrypt(pending.key, pending.iv, bytes.fromhex(answer))
        except (ValueError, crypto.CryptoError):
            return None
        if not hmac.compare_digest(plain, pending.expected):
            return None
        parent = pending.parent
        if pending.mode == MODE_QR:
            grant = self.qr_grants.pop(parent.login, None)  # single use
            if grant is None or self.clock() - grant.issued_at > QR_LIFETIME_S:
                return None
        raw = secrets.token_bytes(16)
        cle_text = ",".join(str(byte) for byte in raw)
        answer_data: dict[str, Any] = {
            "cle": crypto.aes_encrypt(pending.key, pending.iv, cle_text.encode("ascii")).hex(),
            "libelleUtil": parent.name,
            "derniereConnexion": {"_T": 7, "V": self.last_login.get(parent.login, when)},
        }
        self.last_login[parent.login] = when
        if pending.mobile and pending.uuid:
            token = secrets.token_hex(32).upper()
            self.tokens[(parent.login, pending.uuid)] = token  # the previous one stops working
            answer_data["jetonConnexionAppliMobile"] = token
        two_factor = self.two_factor_actions(parent, identifiant_nav)
        if two_factor:
            answer_data["actionsDoubleAuth"] = {
                "_T": 26,
                "V": "[" + ",".join(map(str, sorted(two_factor))) + "]",
            }
            answer_data["modesPossibles"] = {"_T": 26, "V": "[1,2,3]"}
        self.consecutive_failures = 0
        return LoginResult(
            parent, answer_data, crypto.md5(raw), two_factor, pending.uuid if pending.mobile else ""
        )

    # --- 2FA ------------------------------------------------------------------------------------

    def two_factor_actions(self, parent: Any, identifiant_nav: str | None) -> set[int]:
        if self.two_factor is None:
            return set()
        if identifiant_nav and identifiant_nav in self.known_devices.get(parent.login, set()):
            return set()
        return {3} if self.two_factor == "pin" else {5}

    def register_device(self, parent: Any, identifiant_nav: str | None) -> None:
        if identifiant_nav:
            self.known_devices.setdefault(parent.login, set()).add(identifiant_nav)

    # --- QR codes -------------------------------------------------------------------------------

    def issue_qr(self, parent: Any, pin: str) -> dict:
        """``{"jeton", "login"}`` hex, encrypted with MD5(pin) and a zero IV; replaces any older QR."""
        jeton = secrets.token_hex(48).upper()
        self.qr_grants[parent.login] = QrGrant(jeton, self.clock())
        key = crypto.md5(pin.encode("utf-8"))
        return {
            "jeton": crypto.aes_encrypt(key, crypto.ZERO_IV, jeton.encode("ascii")).hex(),
            "login": crypto.aes_encrypt(key, crypto.ZERO_IV, parent.login.encode("utf-8")).hex(),
        }
