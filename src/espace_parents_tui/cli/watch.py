"""``espace-parents watch``: sync, then a desktop notification for what is new.

Meant to be run by a timer (``--install``). Exit codes as for ``sync``: 0 (also when it is too soon
to ask the server again), 1 server or network, 2 credentials, 3 lockout.
"""

from __future__ import annotations

import argparse
import asyncio

from espace_parents_tui.cli import schedule
from espace_parents_tui.service.notify import KINDS, pick_notifier
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.service.watch import watch_round
from espace_parents_tui.settings.config import ConfigError
from espace_parents_tui.util.i18n import _
from espace_parents_tui.wiring.portals import LaunchError, config_store, open_portal


def _kinds(text: str) -> frozenset[str]:
    chosen = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = chosen - set(KINDS)
    if unknown:
        raise argparse.ArgumentTypeError(
            _("genre inconnu : {join} (connus : {join2})").format(
                join=", ".join(sorted(unknown)), join2=", ".join(KINDS)
            )
        )
    return chosen


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account", help=_("le compte (par défaut : le compte par défaut)"))
    parser.add_argument(
        "--kinds",
        type=_kinds,
        default=None,
        metavar=_("GENRES"),
        help=_("ce qui est notifié, séparé par des virgules : ")
        + ", ".join(KINDS)
        + _(" (par défaut : la table [notifications] du fichier de configuration, sinon tout)"),
    )
    parser.add_argument(
        "--jitter",
        type=float,
        default=0.0,
        metavar=_("SECONDES"),
        help=_("attendre au hasard jusqu'à SECONDES"),
    )
    parser.add_argument("--demo", action="store_true", help=_("utilise l'école de démonstration"))
    parser.add_argument("--school", metavar=_("FICHIER"), help=_("avec --demo : un autre fichier d'école"))
    parser.add_argument("--password-stdin", action="store_true", help=argparse.SUPPRESS)
    setup = parser.add_mutually_exclusive_group()
    setup.add_argument(
        "--install",
        action="store_true",
        help=_("lancer watch toutes les 15 minutes (minuteur systemd, ou cron)"),
    )
    setup.add_argument("--uninstall", action="store_true", help=_("retirer le minuteur"))
    parser.set_defaults(handler=run_watch)


def run_watch(args: argparse.Namespace) -> int:
    if args.install or args.uninstall:
        outcome = schedule.install(args.account) if args.install else schedule.uninstall()
        for line in outcome.lines:
            print(line)
        return 0 if outcome.ok else 1
    if not 0 <= args.jitter <= 3600:
        raise LaunchError(_("--jitter : entre 0 et 3600 secondes."), 2)

    kinds = args.kinds
    if kinds is None:  # the config's [notifications] table: a kind not named there is notified
        try:
            chosen = config_store().load().notifications
        except ConfigError as exc:
            raise LaunchError(exc.user_message, 2) from exc
        kinds = frozenset(kind for kind in KINDS if chosen.get(kind, True))

    async def go():
        async with open_portal(args) as portal:
            return await watch_round(portal, kinds=kinds, notifier=pick_notifier, jitter=args.jitter)

    try:
        done = asyncio.run(go())
    except PortalError as exc:
        raise LaunchError(exc.user_message, exc.exit_code) from exc
    print(done.message)
    return 0
