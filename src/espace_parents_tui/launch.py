"""Opening the terminal app: on the demo school, or on a configured account."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

from espace_parents_tui.portal import Portal, demo_portal


def _today(args: argparse.Namespace) -> date | None:
    if not getattr(args, "today", None):
        return None
    try:
        return date.fromisoformat(args.today)
    except ValueError:
        raise SystemExit(f"espace-parents : date invalide pour --today : {args.today}") from None


def run_tui(args: argparse.Namespace) -> int:
    from espace_parents_tui.app import EspaceParentsApp

    today = _today(args)
    if args.demo:
        school = Path(args.school) if args.school else None

        @contextlib.asynccontextmanager
        async def opener() -> AsyncIterator[Portal]:
            async with demo_portal(school, today=today) as portal:
                yield portal

    else:
        from espace_parents_tui.commands import open_account_portal
        from espace_parents_tui.config import ConfigStore

        has_account = bool(getattr(args, "account", None)) or ConfigStore().default_account() is not None
        opener = open_account_portal(getattr(args, "account", None)) if has_account else None
    app = EspaceParentsApp(opener, today=today, theme=getattr(args, "theme", None))
    return app.run() or 0
