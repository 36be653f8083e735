"""The contract between the emulated server and its pages: one builder per PRONOTE function.

Contract between the server (``server.py``: HTTP, sessions, envelope, crypto, login, faults) and the
page builders (this module):

- The server decodes a call, resolves ``Signature.membre`` to a child of the logged-in parent, checks
  that ``Signature.onglet`` is a tab the parent was granted, then calls ``PAGES[function](request)``.
- A builder returns the ``data`` object of the answer (a dict). It never sees crypto or the envelope.
- A builder raises :class:`PageFault` to make the server answer a PRONOTE ``Erreur`` (e.g. code 3
  access refused, 22 object from another session).
- PRONOTE ids (``N``) are minted per server session by ``request.ids``: the same school object gets
  the same ``N`` within a session and a different one in the next session, as on a real server.
  A child's id is ``ids.mint(4, "child:<key>")`` (:func:`child_id`); the server resolves
  ``Signature.membre.N`` with the same key scheme.

This module builds JSON by hand from the school model. It must never import the client's parsers
(``espace_parents_tui.pronote.parse``): a wrong field name must not hide on both sides.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from espace_parents_tui.clock import DAY_START


class PageFault(Exception):
    """Makes the server answer ``{"Erreur": {"G": code, "Titre": title}}``."""

    def __init__(self, code: int, title: str) -> None:
        super().__init__(f"{code}: {title}")
        self.code = code
        self.title = title


class SaisieRefused(Exception):
    """A write ("Saisie…") the school turns down: the answer's ``RapportSaisie`` carries
    ``_erreurSaisie_`` and the messages (parent-features.md §1.3); nothing is kept."""

    def __init__(self, *messages: str) -> None:
        super().__init__(" ".join(messages))
        self.messages = list(messages)

    def report(self) -> dict[str, Any]:
        return {"_erreurSaisie_": True, "_messagesErreur_": self.messages}


@dataclass
class WriteReport:
    """What a write's builder returns when it reports on the write: the answer's ``data`` and its
    ``RapportSaisie`` (``absence`` for SaisieVieScolaire…), which goes beside ``data``."""

    data: dict[str, Any]
    report: dict[str, Any]


# Where the server finds a builder's RapportSaisie (taken out of data before the answer is sent).
REPORT_KEY = "\x00RapportSaisie"


class IdMinter:
    """Session-scoped PRONOTE ids: ``"<table>#<43 url-safe chars>"``, stable within one session.

    ``mint(table, key)`` gives the id of the school object ``key`` (any stable string, e.g.
    ``"child:lea"``); ``lookup(n)`` gives back ``key`` or ``None`` for an id from another session.
    """

    def __init__(self, session_secret: bytes) -> None:
        self._secret = session_secret
        self._by_id: dict[str, str] = {}

    def mint(self, table: int, key: str) -> str:
        digest = hmac.new(self._secret, f"{table}:{key}".encode(), hashlib.sha256).digest()
        ident = f"{table}#" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
        self._by_id[ident] = key
        return ident

    def lookup(self, ident: Any) -> str | None:
        if not isinstance(ident, str):
            return None
        return self._by_id.get(ident)


@dataclass
class PageRequest:
    """Everything a page builder may use."""

    school: Any  # demo.school.School
    parent: Any  # demo.school.Parent (the logged-in account)
    child: Any | None  # demo.school.Child chosen by Signature.membre, None when the call has none
    data: dict
    signature: dict
    ids: IdMinter
    today: date
    server_version: tuple[int, ...]
    # Writes the school keeps for the rest of the server's run (messages sent, surveys answered…).
    state: dict[str, Any] = field(default_factory=dict)
    # ``file_url(key, name)``: where this session serves the file whose id key is ``key`` (as
    # ``open_file`` reads it, e.g. ``"doc:<document key>"``), relative to the server root:
    # ``"FichiersExternes/<id sealed with the session key>/<name>?Session=<h>"``. Generated files
    # (``GenerationPDF``: report cards…) answer with such an address. None outside a live session.
    file_url: Callable[[str, str], str] | None = None
    # The server's clock when the request came (``today`` at some time of day). Builders called
    # without a server (tests) get the start of ``today`` as a ``DayClock`` would.
    now: datetime | None = None
    # Files this session received at ``uploadfilesession``, by ``idFichier`` (``demo.uploads.Upload``).
    uploads: dict[str, Any] = field(default_factory=dict)
    # The session's AES (key and IV) on a text: ``seal`` gives the hex PRONOTE sends (an identifier in
    # PageMesEnfants), ``unseal`` reads one a client sent (a new password); ValueError when it does
    # not decrypt. None outside a live session.
    seal: Callable[[str], str] | None = None
    unseal: Callable[[str], str] | None = None

    @property
    def moment(self) -> datetime:
        return self.now if self.now is not None else datetime.combine(self.today, DAY_START)


PageBuilder = Callable[[PageRequest], dict]

# function name -> builder. ``FonctionParametres`` and ``ParametresUtilisateur`` are registered here
# like any other page; the login functions (Identification, Authentification) live in server.py.
PAGES: dict[str, PageBuilder] = {}

# function name -> the tab (onglet) its calls must carry, when the server checks one; a set when the
# same function serves several pages (``PageCahierDeTexte``: 88 homework, 89 lesson contents).
PAGE_TABS: dict[str, int | frozenset[int]] = {}


def page(name: str, tab: int | frozenset[int] | None = None) -> Callable[[PageBuilder], PageBuilder]:
    def register(builder: PageBuilder) -> PageBuilder:
        PAGES[name] = builder
        if tab is not None:
            PAGE_TABS[name] = tab
        return builder

    return register


def child_id(ids: IdMinter, child: Any) -> str:
    """The session id of a child (``Signature.membre.N``): table 4, key ``"child:<key>"``."""
    return ids.mint(4, f"child:{child.key}")
