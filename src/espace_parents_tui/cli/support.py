"""``espace-parents support bundle``: one file support can replay (``--replay FILE``) to see what the
parent sees, without the parent's password. What it holds: ``service/support/bundle.py``."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from espace_parents_tui.util.i18n import _, ngettext
from espace_parents_tui.util.textsafe import clean
from espace_parents_tui.wiring.portals import LaunchError, open_portal


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="support_command", metavar=_("OUTIL"), required=True)
    bundle = sub.add_parser(
        "bundle",
        help=_("écrit un bundle de support (zip) à partir du cache du compte"),
        description=_(
            "Écrit un bundle de support (zip) à partir du cache du compte : les données des "
            "enfants en fichier d'école, l'état de chaque rubrique, les réglages du serveur, les versions, "
            "et l'enregistrement de « sync --record » s'il y en a un. Jamais de mot de passe ni de jeton."
        ),
    )
    bundle.add_argument("--account", help=_("le compte (par défaut : le compte par défaut)"))
    bundle.add_argument(
        "--output",
        "-o",
        metavar=_("FICHIER"),
        help=_("le fichier à écrire (défaut : dans le dossier courant)"),
    )
    bundle.add_argument(
        "--anonymise",
        action="store_true",
        help=_("remplace chaque nom, adresse électronique, téléphone et adresse par un pseudonyme constant"),
    )
    bundle.add_argument(
        "--include-medical",
        action="store_true",
        help=_("garde les informations médicales des enfants (exclues par défaut)"),
    )
    bundle.add_argument("--json", action="store_true", help=_("sortie JSON"))
    bundle.set_defaults(handler=run_bundle)


def run_bundle(args: argparse.Namespace) -> int:
    from espace_parents_tui.cli.options import installed_version
    from espace_parents_tui.service.support.bundle import make_bundle

    async def go():
        async with open_portal(argparse.Namespace(**{**vars(args), "demo": False, "replay": None})) as portal:
            if portal.snapshot() is None:
                raise LaunchError(
                    _("Le cache de ce compte est vide : synchronisez d'abord (espace-parents sync)."), 1
                )
            day = portal.clock.now()
            output = (
                Path(args.output) if args.output else Path(f"espace-parents-support-{day:%Y%m%d-%H%M}.zip")
            )
            return make_bundle(
                portal,
                output,
                app_version=installed_version(),
                anonymise=args.anonymise,
                include_medical=args.include_medical,
            )

    summary = asyncio.run(go())
    if args.json:
        print(
            json.dumps(
                {
                    "path": str(summary.path),
                    "children": summary.children,
                    "sections": summary.sections,
                    "recorded_answers": summary.recorded,
                    "fetched_at": summary.fetched_at.isoformat(timespec="seconds")
                    if summary.fetched_at
                    else None,
                    "anonymised": summary.anonymised,
                    "medical": summary.medical,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    when = f"{summary.fetched_at:%d/%m/%Y %H:%M}" if summary.fetched_at else "?"
    print(clean(_("Bundle de support écrit : {path}").format(path=summary.path)))
    print(
        clean(
            ngettext(
                "Données du {when}, {children} enfant, rubriques : {sections}.",
                "Données du {when}, {children} enfants, rubriques : {sections}.",
                summary.children,
            ).format(when=when, children=summary.children, sections=", ".join(summary.sections))
        )
    )
    if summary.recorded:
        print(
            clean(
                ngettext(
                    "{count} réponse enregistrée (sync --record) incluse.",
                    "{count} réponses enregistrées (sync --record) incluses.",
                    summary.recorded,
                ).format(count=summary.recorded)
            )
        )
    if summary.anonymised:
        print(_("Noms, adresses électroniques, téléphones et adresses remplacés par des pseudonymes."))
    if not summary.medical:
        print(_("Aucune information médicale (--include-medical pour les inclure)."))
    print(clean(_("Pour le rejouer : espace-parents --replay {path}").format(path=summary.path)))
    return 0
