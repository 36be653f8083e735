"""One open server session of the client: the space page's parameters, the protocol era, the cipher
state and the order counter.

The client (``client.py``) opens and uses it; the page mixins that need it (``calls/files.py`` seals
file ids with its key) read it from here, so that they need not import the client.
"""

from __future__ import annotations

from dataclasses import dataclass

from espace_parents_tui.pronote import crypto, wire


@dataclass
class ServerSession:
    root: str
    page: str
    info: wire.SpacePage
    era: wire.Era
    state: crypto.CipherState
    order: int = 1
