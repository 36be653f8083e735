"""``espace-parents export ical``: a child's school weeks as an .ics file for the family's calendar.

The timetable, homework and calendar are fetched now when the server answers, else taken from the
cache (and said so). The file is written atomically: a failed export never leaves half a calendar.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from espace_parents_tui.cli.options import add_today_option
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.util.fsutil import atomic_write
from espace_parents_tui.util.i18n import _
from espace_parents_tui.wiring.portals import LaunchError, open_portal, warn

MAX_WEEKS = 52


def add_arguments(parser: argparse.ArgumentParser) -> None:
    formats = parser.add_subparsers(dest="export_format", metavar=_("FORMAT"), required=True)
    text = _("exporter l'emploi du temps, les devoirs et les vacances d'un enfant en iCalendar (.ics)")
    target = formats.add_parser("ical", help=text, description=text[0].upper() + text[1:] + ".")
    target.add_argument("--child", help=_("l'enfant (nom ou prénom ; par défaut : le premier)"))
    target.add_argument(
        "--weeks",
        type=int,
        default=4,
        metavar="N",
        help=_("nombre de semaines à partir de cette semaine (4)"),
    )
    target.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="FICHIER",
        help=_("le fichier .ics à écrire (« - » : la sortie)"),
    )
    target.add_argument("--offline", action="store_true", help=_("n'utilise que le cache, sans réseau"))
    target.add_argument("--account", help=_("le compte (par défaut : le compte par défaut)"))
    target.add_argument("--demo", action="store_true", help=_("utilise l'école de démonstration"))
    target.add_argument("--school", metavar=_("FICHIER"), help=_("avec --demo : un autre fichier d'école"))
    target.add_argument("--password-stdin", action="store_true", help=argparse.SUPPRESS)
    add_today_option(target)
    target.set_defaults(handler=run_ical)


def run_ical(args: argparse.Namespace) -> int:
    from espace_parents_tui.service import ical  # icalendar loads for an export only, not for every command

    if not 1 <= args.weeks <= MAX_WEEKS:
        raise LaunchError(_("--weeks : entre 1 et {MAX_WEEKS} semaines.").format(MAX_WEEKS=MAX_WEEKS), 2)

    async def go() -> tuple[bytes, list[str], int]:
        async with open_portal(args) as portal:
            if not args.offline and portal.snapshot() is None:
                await portal.connect()  # the children are known after a first login
            child = portal.child(args.child)
            if child is None:
                raise LaunchError(_("Aucun enfant connu pour ce compte : synchronisez d'abord."), 1)
            export, problems = await ical.gather(portal, child, args.weeks, offline=args.offline)
            return ical.build(export, stamp=portal.clock.now()), problems, len(export.lessons)

    try:
        data, problems, lessons = asyncio.run(go())
    except PortalError as exc:
        raise LaunchError(exc.user_message, exc.exit_code) from exc
    for problem in problems:
        warn(problem)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(args.output)
    try:
        atomic_write(path, data, mode=0o644, private_dir=False)
    except OSError as exc:
        raise LaunchError(
            _("Impossible d'écrire {path} ({value}).").format(path=path, value=exc.strerror or exc), 1
        ) from exc
    print(_("{lessons} cours exportés dans {path}.").format(lessons=lessons, path=path))
    return 0
