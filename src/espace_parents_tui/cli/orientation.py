"""``orientation``: enter and order the family's orientation wishes, acknowledge the council's answer.

``espace-parents orientation wish --child Inès "2nde professionnelle:Cuisine" "2nde générale et
technologique"`` makes these the wishes of the open step (``--etape intentions`` by default, or
``voeux``), first is rank 1; ``orientation acknowledge --child Yanis`` acknowledges the council's
answer where the school asks for it. What the school refuses is said in its own words (exit 1);
unusable input exits 2. ``--json`` prints the orientation page as the server then holds it.
"""

from __future__ import annotations

import argparse
from typing import Any

from espace_parents_tui.cli.actions import _child, _out, _print_json, _run
from espace_parents_tui.cli.commands import CommandError, _common
from espace_parents_tui.cli.options import add_today_option
from espace_parents_tui.cli.render_records import render_orientation
from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.util.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="orientation_command", metavar="ACTION", required=True)
    wish = sub.add_parser("wish", help=_("saisir et ordonner les vœux (le premier est le rang 1)"))
    wish.add_argument(
        "wishes",
        metavar="VOIE[:COMMENTAIRE]",
        nargs="*",
        help=_("les voies voulues, dans l'ordre ; aucune : retire tous les vœux de l'étape"),
    )
    wish.add_argument(
        "--etape", choices=("intentions", "voeux"), default="intentions", help=_("l'étape (défaut : intentions)")
    )
    ack = sub.add_parser("acknowledge", help=_("accuser réception de la réponse du conseil de classe"))
    ack.add_argument(
        "--etape",
        default="recommandation",
        choices=("recommandation", "proposition", "decision"),
        help=_("l'étape du conseil (défaut : recommandation)"),
    )
    for command in (wish, ack):
        _common(command)
        command.add_argument("--child", help=_("l'enfant (nom ou prénom ; par défaut : le premier)"))
        add_today_option(command)
    parser.set_defaults(handler=run)


def _wishes(raw: list[str]) -> list[tuple[str, str]]:
    found = []
    for item in raw:
        track, _sep, comment = item.partition(":")
        if not track.strip():
            raise CommandError(_("Vœu sans voie : « {item} » (attendu VOIE ou VOIE:COMMENTAIRE).").format(item=item), 2)
        found.append((track.strip(), comment.strip()))
    return found


def run(args: argparse.Namespace) -> int:
    # The client's parsers (and BeautifulSoup) load only when the command runs.
    from espace_parents_tui.service.actions import orientation as actions

    clock: Clock = getattr(args, "clock", SYSTEM)
    wishes = _wishes(args.wishes) if args.orientation_command == "wish" else []

    async def go(portal: Portal) -> Any:
        child = await _child(portal, args.child)
        if args.orientation_command == "wish":
            return child, await actions.set_wishes(portal, child, args.etape, wishes)
        return child, await actions.acknowledge(portal, child, args.etape)

    child, page = _run(args, go)
    if args.json:
        _print_json({"child": child.name, "orientation": page})
    else:
        _out().print(render_orientation(page, _("Orientation — {name}").format(name=child.name), today=clock.today()))
    return 0
