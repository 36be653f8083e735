"""Opening the terminal app: on the demo school, or on a configured account."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.util.i18n import _
from espace_parents_tui.wiring.demo import demo_portal

if TYPE_CHECKING:
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
        school = Path(args.school) if args.school else None

        @contextlib.asynccontextmanager
        async def opener() -> AsyncIterator[Portal]:
            async with demo_portal(school, clock=clock, family=getattr(args, "famille", None)) as portal:
                yield portal

    else:
        from espace_parents_tui.settings.config import ConfigStore
        from espace_parents_tui.wiring.portals import open_account_portal

        config = ConfigStore()
        wanted = getattr(args, "account", None)
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
