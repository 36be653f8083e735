"""``espace-parents novelties``: what the syncs found that the parent has not seen yet, every child
and section, newest first (the app's Nouveautés view, ``N``); ``--mark-seen`` marks what it lists seen.

It reads the cache only, never the network: ``sync`` brings what is new, this says what has not been
looked at since. (``show news`` is the school's Informations, hence another name.)
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from espace_parents_tui.cli.actions import _print_json, _run
from espace_parents_tui.cli.commands import _common, _text
from espace_parents_tui.service.novelties import Novelty, mark_novelties_seen, unseen_novelties
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.util.i18n import N_, _, ngettext

KIND_LABELS = {"new": N_("nouveau"), "changed": N_("modifié")}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument(
        "--mark-seen",
        action="store_true",
        help=_("marque comme vu ce qui est listé (l'Accueil de l'application ne le signale plus)"),
    )
    parser.set_defaults(handler=run)


def _jsonable(novelty: Novelty) -> dict[str, Any]:
    return {
        "found_at": novelty.found_at,
        "child": novelty.child,
        "section": novelty.section,
        "section_title": novelty.section_title,
        "kind": novelty.kind,
        "summary": novelty.summary,
    }


def run(args: argparse.Namespace) -> int:
    async def go(portal: Portal) -> tuple[list[Novelty], int]:
        found = unseen_novelties(portal)
        marked = mark_novelties_seen(portal, found) if args.mark_seen else 0
        return found, marked

    found, marked = _run(args, go)
    if args.json:
        _print_json({"novelties": [_jsonable(n) for n in found], "marked_seen": marked})
        return 0
    out = Console(highlight=False, soft_wrap=False)
    if not found:
        out.print(_text(_("Rien de nouveau depuis votre dernière visite.")))
    for novelty in found:
        who = f"[{novelty.child}] " if novelty.child else ""
        label = _(KIND_LABELS[novelty.kind]) if novelty.kind in KIND_LABELS else novelty.kind
        out.print(
            _text(
                f"{novelty.found_at:%d/%m/%Y %H:%M} · {novelty.section_title} · {who}{label} — {novelty.summary}"
            )
        )
    if args.mark_seen and found:
        count = len(found)
        out.print(
            _text(
                ngettext(
                    "{len} nouveauté marquée comme vue.", "{len} nouveautés marquées comme vues.", count
                ).format(len=count)
            )
        )
    return 0
