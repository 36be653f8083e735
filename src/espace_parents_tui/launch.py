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

        config = ConfigStore()
        wanted = getattr(args, "account", None)
        try:
            account = config.get(wanted) if wanted else config.default_account()
        except KeyError:
            raise SystemExit(f"espace-parents : compte inconnu : {wanted}") from None
        if account is not None and account.storage == "ask":
            app = EspaceParentsApp(
                None, today=today, theme=getattr(args, "theme", None), ask_password_for=account
            )
            return app.run() or 0
        opener = open_account_portal(account.id) if account is not None else None
    app = EspaceParentsApp(opener, today=today, theme=getattr(args, "theme", None))
    return app.run() or 0
