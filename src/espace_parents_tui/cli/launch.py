"""Opening the terminal app: on the demo school, or on a configured account."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.settings import quickconfig
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.tui.app import EspaceParentsApp


def run_tui(args: argparse.Namespace) -> int:
    return build_app(args).run() or 0


def build_app(args: argparse.Namespace) -> EspaceParentsApp:
    """The app, its portal and (in demo mode) the emulated server, all on the run's one clock."""
    from espace_parents_tui.tui.app import EspaceParentsApp

    clock: Clock = getattr(args, "clock", SYSTEM)
    if getattr(args, "replay", None):
        from espace_parents_tui.wiring.replay import open_bundle, replay_clock, replay_portal

        bundle_path = Path(args.replay)
        # A bad bundle is a BundleError: one sentence and exit code 2 (cli/main.py), before the app opens.
        bundle, _school = open_bundle(bundle_path)
        clock = replay_clock(bundle.fetched_at)

        @contextlib.asynccontextmanager
        async def opener() -> AsyncIterator[Portal]:
            async with replay_portal(bundle_path) as portal:
                yield portal

    elif args.demo:
        from espace_parents_tui.wiring.demo import demo_portal

        school = Path(args.school) if args.school else None

        @contextlib.asynccontextmanager
        async def opener() -> AsyncIterator[Portal]:
            async with demo_portal(school, clock=clock, family=getattr(args, "famille", None)) as portal:
                yield portal

    else:
        wanted = getattr(args, "account", None)
        plain = quickconfig.account_storage(wanted)
        if plain is not None and plain[1] in ("keyring", "file"):
            # A plain accounts file (settings/quickconfig.py): the app may paint its first screen
            # from the drawing kept in the cache (tui/kept.py) before the service is imported.
            keep_as = (plain[0], os.path.join(quickconfig.cache_dir(), f"{plain[0]}.sqlite3"))
            opener = _account_opener(plain[0], clock)
            return EspaceParentsApp(opener, clock=clock, theme=getattr(args, "theme", None), keep_as=keep_as)
        from espace_parents_tui.settings.config import ConfigStore
        from espace_parents_tui.wiring.portals import open_account_portal

        config = ConfigStore()
        try:
            account = config.get(wanted) if wanted else config.default_account()
        except KeyError:
            raise SystemExit(_("espace-parents : compte inconnu : {wanted}").format(wanted=wanted)) from None
        if account is not None and account.storage == "ask":
            return EspaceParentsApp(
                None, clock=clock, theme=getattr(args, "theme", None), ask_password_for=account
            )
        opener = open_account_portal(account.id, clock=clock) if account is not None else None
    return EspaceParentsApp(opener, clock=clock, theme=getattr(args, "theme", None))


def _account_opener(account_id: str, clock: Clock):
    """``open_account_portal``'s opener, the service imported only when it opens (after the paint)."""

    @contextlib.asynccontextmanager
    async def opener() -> AsyncIterator[Portal]:
        from espace_parents_tui.wiring.portals import open_account_portal

        async with open_account_portal(account_id, clock=clock)() as portal:
            yield portal

    return opener
