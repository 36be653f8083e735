"""How the emulated server behaves (:class:`ServerOptions`) and what it counts (:class:`ServerStats`).

Both the server (``server.py``) and its call handling (``calls.py``) read them; they live here so that
neither has to import the other for them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from espace_parents_tui.demo import protocol
from espace_parents_tui.demo.faults import AnswerFault, WriteHold


@dataclass
class ServerOptions:
    """How the emulated server behaves. Every fault is off by default."""

    era: int = 3
    challenge: str = protocol.CHALLENGE_2026  # "legacy" (alea-interleaved) or "2026" (raw, era 3 only)
    encrypt: bool = True
    compress: bool = True
    rsa_iv: bool = False  # plain-http mode: the page announces http + MR/ER, Uuid is RSA-encrypted
    latency_ms: float = 0.0
    today: date | None = None  # the server's day; None: the clock's (the real calendar by default)
    fold_login: bool = True  # modeCompLog: logins compared case-insensitively
    fold_password: bool = False  # modeCompMdp
    two_factor_pin: str = "1234"
    # faults
    expire_after_calls: int | None = None
    refuse_tabs: set[int] = field(default_factory=set)
    malformed: set[str] = field(default_factory=set)
    http500: set[str] = field(default_factory=set)
    lockout_after: int | None = None
    ip_suspended: bool = False
    site_unavailable: bool = False
    two_factor: str | None = None  # None, "pin" (actions [3]) or "device" (actions [5])
    # The fault programme: answers spoiled on purpose (faults.py).
    faults: list[AnswerFault] = field(default_factory=list)
    # Writes held before or after they are stored, for kills at a known point (faults.py).
    holds: list[WriteHold] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.era not in protocol.ERAS:
            raise ValueError(f"ère de protocole inconnue : {self.era} (1, 2 ou 3)")
        if self.challenge not in (protocol.CHALLENGE_LEGACY, protocol.CHALLENGE_2026):
            raise ValueError(f"style de défi inconnu : {self.challenge!r} (legacy ou 2026)")
        if self.challenge == protocol.CHALLENGE_2026 and self.era != 3:
            raise ValueError("le défi « 2026 » n'existe qu'avec l'ère 3")
        if self.two_factor not in (None, "pin", "device"):
            raise ValueError(f"double authentification inconnue : {self.two_factor!r}")

    @property
    def version(self) -> tuple[int, int, int]:
        return protocol.server_version(self.era, self.challenge)


@dataclass
class ServerStats:
    """Counters the tests read (``app.stats``); ``app.reset_stats()`` zeroes them."""

    requests: Counter[str] = field(default_factory=Counter)  # appelfonction calls per function
    page_gets: int = 0  # GET parent.html / mobile.parent.html (including refused ones)
    file_gets: int = 0
    sessions_created: int = 0
    login_attempts: int = 0  # Authentification answers judged (right or wrong)
    failed_logins: int = 0
    locked_out: int = 0  # Identification/Authentification refused with Erreur 25
    errors: Counter[int] = field(default_factory=Counter)  # Erreur codes sent
    # The session of each appelfonction call, in order: two clients sharing an account at the same
    # time show up as interleaved sessions.
    sessions_in_order: list[int] = field(default_factory=list)
