"""The demo school's portal: the emulated PRONOTE server started in-process on loopback, and a
portal logged in to it through the full protocol path.

Wiring like ``portals.py``: it starts the server, picks a memory credential store and a throw-away
cache, all on the run's clock. The demo package is imported only when a demo portal opens.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.service.portal import Portal, PortalError
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.store import Cache
from espace_parents_tui.util.i18n import _

DEMO_ACCOUNT_ID = "demo"


@contextlib.asynccontextmanager
async def demo_portal(
    school_file: Path | None = None,
    *,
    school: Any = None,
    clock: Clock | None = None,
    cache_dir: Path | None = None,
    cache_clock: Callable[[], datetime] | None = None,
    family: str | None = None,
) -> AsyncIterator[Portal]:
    """The demo school served in-process on loopback, logged in through the full protocol path.

    ``family``: the login of the demo account to open (``durand``: the second family, a 3e and a
    2nde child with orientation and internships); the first family by default.

    A memory credential store and a throw-away cache: nothing to set up, nothing left behind.
    ``school`` (a ``demo.school.School``) is served instead of a file or the built-in one (``--replay``).
    """
    from espace_parents_tui.demo.school import demo_school, load_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import running_server

    clock = clock or SYSTEM
    day = clock.today()
    if school is None:
        school = load_school(school_file) if school_file else demo_school(day, second_family=family == "durand")
    parent = next((p for p in school.parents if p.login == family), None) if family else school.parents[0]
    if parent is None:
        known = ", ".join(p.login for p in school.parents)
        raise PortalError(
            _("Aucune famille « {family} » dans l'école de démonstration (familles : {known}).").format(family=family, known=known)
        )
    app = DemoServer(school, ServerOptions(today=day), clock=clock)
    with contextlib.ExitStack() as stack:
        folder = cache_dir or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="espace-parents-demo-"))
        )
        async with running_server(app) as root:
            account = AccountConfig(
                id=DEMO_ACCOUNT_ID,
                server_url=f"{root}/parent.html",
                username=parent.login,
                storage="ask",
                label=_("École de démonstration"),
            )
            store = MemoryStore()
            store.set(account.id, "password", parent.password)
            cache = Cache.open(folder / f"{DEMO_ACCOUNT_ID}.sqlite3", clock=cache_clock or clock.now)
            portal = Portal(account, store, cache, clock=clock)
            portal.demo_server = app  # type: ignore[attr-defined]  (for tests and support)
            try:
                yield portal
            finally:
                await portal.close()
                cache.close()
