"""Support tools: ``espace-parents debug parse FONCTION FICHIER``.

Runs the client's own parser on a recorded PRONOTE answer and prints the model objects as JSON,
so support can see what the client makes of a school's answer without logging in.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from espace_parents_tui.models import SchoolSettings
from espace_parents_tui.store import codec
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import json_dumps


def _parse():  # noqa: ANN202 (a module)
    """The client's parsers, loaded when ``debug parse`` runs: building the command line's options
    must not load them (nor BeautifulSoup) for every other command."""
    from espace_parents_tui.pronote import parse

    return parse


# PRONOTE function name → parser(data, settings). Adding a function is one line here.
PARSERS: dict[str, Callable[[Any, SchoolSettings | None], Any]] = {
    "FonctionParametres": lambda data, settings: _parse().parse_school_settings(data),
    "ParametresUtilisateur": lambda data, settings: _parse().parse_user_account(data, settings),
    "DernieresNotes": lambda data, settings: _parse().parse_grades(data),
    "PageEmploiDuTemps": lambda data, settings: _parse().parse_timetable(data, settings),
    "PageCahierDeTexte": lambda data, settings: _parse().parse_homework_book(data),
    "SaisieTAFFaitEleve": lambda data, settings: _parse().parse_write_reply(data, "SaisieTAFFaitEleve"),
    "PageMenus": lambda data, settings: _parse().parse_menus(data),
    "PageAgenda": lambda data, settings: _parse().parse_agenda(data),
    "ListeMessagerie": lambda data, settings: _parse().parse_mailbox(data),
    "ListeMessages": lambda data, settings: _parse().parse_thread(data),
    "ListeRessourcesPourCommunication": lambda data, settings: _parse().parse_recipients(data),
    "SaisiePublicMessage": lambda data, settings: _parse().parse_participants(data),
    "SaisieMessage": lambda data, settings: _parse().parse_write_reply(data, "SaisieMessage"),
    "PageActualites": lambda data, settings: _parse().parse_news_answer(data),
    "SaisieActualites": lambda data, settings: _parse().parse_write_reply(data, "SaisieActualites"),
    "PagePresence": lambda data, settings: _parse().parse_presence(data, settings),
    "SaisieVieScolaire": lambda data, settings: _parse().parse_write_reply(data, "SaisieVieScolaire"),
    "DernieresEvaluations": lambda data, settings: _parse().parse_evaluations(data),
    "PageBulletins": lambda data, settings: _parse().parse_report_card(data),
    "GenerationPDF": lambda data, settings: _parse().parse_pdf_url(data),
    "PageReleve": lambda data, settings: _parse().parse_grade_transcript(data),
    "PageEquipePedagogique": lambda data, settings: _parse().parse_teaching_team(data),
    "PageAccueil": lambda data, settings: _parse().parse_home(data),
    "PageInfosPerso": lambda data, settings: _parse().parse_account_info(data),
    "LivretScolaire": lambda data, settings: _parse().parse_livret_year(data),  # null: Message only
}

USAGE_ERROR = 2


class DebugInputError(Exception):
    """A file or an argument the tool cannot use; the message is one French sentence."""


def add_parse_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "function",
        metavar=_("FONCTION"),
        help=_("fonction PRONOTE de la réponse : ") + ", ".join(PARSERS),
    )
    parser.add_argument(
        "file",
        metavar=_("FICHIER"),
        type=Path,
        help=_("réponse enregistrée (JSON) : enveloppe, charge utile dataSec ou objet data seul"),
    )
    parser.add_argument(
        "--settings",
        metavar=_("FICHIER_FONCTION_PARAMETRES"),
        type=Path,
        default=None,
        help=_("réponse FonctionParametres de la même école (grille horaire, dates des périodes)"),
    )
    parser.set_defaults(handler=run_parse)


def find_function(name: str) -> str:
    """The registered PRONOTE function called ``name`` (case-insensitive)."""
    for known in PARSERS:
        if known.casefold() == name.casefold():
            return known
    raise DebugInputError(
        _("Fonction PRONOTE inconnue « {name} » ; fonctions prises en charge : {join}.").format(
            name=name, join=", ".join(PARSERS)
        )
    )


def extract_data(document: Any) -> tuple[Any, str | None]:
    """The ``data`` object of a recorded answer, and the function name the file states, if any.

    Accepts an envelope ``{id, session, no, dataSec}`` (plain JSON dataSec only), a payload
    ``{nom, data, Signature}`` / ``{data}`` / ``{donnees}``, or the bare data object.
    """
    stated: str | None = None
    if isinstance(document, dict):
        for envelope_key in ("dataSec", "donneesSec"):
            if envelope_key in document:
                if isinstance(document.get("id"), str):
                    stated = document["id"]
                inner = document[envelope_key]
                if not isinstance(inner, dict):
                    raise DebugInputError(
                        _(
                            "Le champ « {envelope_key} » n'est pas du JSON en clair (réponse chiffrée ou compressée) : enregistrez la charge utile déchiffrée."
                        ).format(envelope_key=envelope_key)
                    )
                document = inner
                break
        if isinstance(document.get("nom"), str):
            stated = document["nom"]
        for payload_key in ("data", "donnees"):
            if isinstance(document.get(payload_key), dict):
                return document[payload_key], stated
    return document, stated


def load_data(path: Path) -> tuple[Any, str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DebugInputError(_("Fichier introuvable : {path}.").format(path=path)) from None
    except UnicodeDecodeError:
        raise DebugInputError(_("Le fichier {path} n'est pas du texte UTF-8.").format(path=path)) from None
    except OSError as exc:
        raise DebugInputError(
            _("Impossible de lire le fichier {path} ({value}).").format(path=path, value=exc.strerror or exc)
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DebugInputError(
            _("Le fichier {path} n'est pas du JSON valide (ligne {lineno}, colonne {colno}).").format(
                path=path, lineno=exc.lineno, colno=exc.colno
            )
        ) from None
    return extract_data(document)


def to_jsonable(value: Any) -> Any:
    """Model objects → JSON values, enums by name (the cache's codec, made for reading)."""
    return codec.to_jsonable(value, enum_names=True)


def _write(text: str) -> None:
    out = sys.stdout
    try:
        out.write(text)
    except UnicodeEncodeError:  # a terminal that is not UTF-8: write the bytes ourselves
        out.flush()
        out.buffer.write(text.encode("utf-8"))
        out.buffer.flush()


def run_parse(args: argparse.Namespace) -> int:
    """Parse ``args.file`` as an answer to ``args.function``; print the objects as JSON.

    Usage problems (unknown function, unreadable file) print one sentence and return 2. An answer
    the parser cannot understand raises ``ProtocolError``, which the CLI reports (exit code 1).
    """
    try:
        function = find_function(args.function)
        data, stated = load_data(args.file)
        settings = None
        if args.settings is not None:
            settings_data, _ignored = load_data(args.settings)
            settings = _parse().parse_school_settings(settings_data)
    except DebugInputError as exc:
        print(f"espace-parents : {exc}", file=sys.stderr)
        return USAGE_ERROR
    if stated is not None and stated != function:
        print(
            _(
                "espace-parents : attention, le fichier contient une réponse à {stated}, analysée ici comme {function}."
            ).format(stated=stated, function=function),
            file=sys.stderr,
        )
    result = PARSERS[function](data, settings)
    _write(json_dumps(to_jsonable(result), indent=2) + "\n")
    return 0
