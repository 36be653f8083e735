"""The school record over the years and the digital textbooks (parent-features.md §8, §9).

- ``PageSuiviPluriannuel`` (tab 44), data ``{eleve: {N}, avecMoyennes?}``: ``listeMetas`` (the
  subjects, ``{N, L}``) and ``listeDonnees``, one entry per school year, oldest first:
  ``{strAnnee, strFinAnnee, identifiant, strClasses, moyenne, moyenneClasse, avecBulletins,
  listeBulletins, listeSuivis[{meta: {N}, moyenne, moyenneClasse}]}``. The current year's averages
  are those of this year's grades so far. Averages are marks (``_T`` 10, "13,5"). A child with no
  past year and no grade gets ``{message}`` only.
- ``listeBulletins`` of a year: ``{N, L: <period>, nomFichier, ident, libellePeriodeNotation,
  libelleAnnee}`` (inferred from §9's ``GenerationPDF`` parameters, reference §17); the PDF is
  ``GenerationPDF {genreGenerationPDF: 12, nomFichier, ident, libellePeriodeNotation, libelleAnnee}``
  answering ``url``.
- ``ManuelsNumeriques`` (tab 250), no data: ``kiosque.listeRessources[{N, titre, editeur,
  description, matiere, avecLien, url}]`` (``url`` is this demo's: the reference's textbook opens
  through ``FichiersExternes``, §8, confidence B); a child with no textbook gets ``{message}``.

The tab must be one the school opens (``School.extra_tabs`` for 44, the recorded tree for 250):
otherwise the server refuses the page, as it refuses any tab it did not list.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from . import deposits  # noqa: F401  (GenerationPDF of report cards and documents, wrapped below)
from .contract import PAGES, PageFault, PageRequest, page
from .files import document_key
from .grades import class_average, hundredths, student_average
from .homework import TABLE_RESOURCE, _textbooks
from .params import offered_tabs
from .values import (
    FAULT_ACCESS_DENIED,
    FAULT_PAGE_UNAVAILABLE,
    TABLE_SUBJECT,
    liste,
    request_child,
    typed,
)

RECORD_TAB = 44
TEXTBOOKS_TAB = 250
PDF_PAST_REPORT_CARD = 12  # genreGenerationPDF: BulletinBIA
TABLE_YEAR = 150  # not seen anywhere: a guess
NO_RECORD = "Aucune donnée de suivi pluriannuel pour cet élève."
NO_TEXTBOOK = "Aucun manuel numérique n'est disponible pour cet élève."


def _offered(request: PageRequest, tab: int) -> None:
    if tab not in offered_tabs(request.school, request.parent):
        raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé.")


def _mark(value: Any) -> dict[str, Any] | str:
    """An average as PRONOTE writes it ("12,35", rounded half up), "" when there is none."""
    return (
        typed(10, hundredths(Fraction(str(value)) if isinstance(value, float) else value))
        if value is not None
        else ""
    )


def _current(
    request: PageRequest, child: Any
) -> tuple[str, str, dict[str, tuple[float | None, float | None]]]:
    school = request.school
    by_subject: dict[str, list[Any]] = {}
    for grade in child.grades:
        if grade.date <= request.today:
            by_subject.setdefault(grade.subject, []).append(grade)
    averages = {
        subject: (student_average(grades), class_average(grades, "class_average"))
        for subject, grades in by_subject.items()
    }
    return school.year_label, child.class_name, averages


def past_card(request: PageRequest, child: Any, year: str, card: Any) -> dict[str, Any]:
    return {
        "N": request.ids.mint(TABLE_YEAR, f"past-card:{child.key}:{card.document}"),
        "L": card.period,
        "nomFichier": f"{card.document}.pdf",
        "ident": card.document,
        "libellePeriodeNotation": card.period,
        "libelleAnnee": year,
    }


def _mean(values: list[Any]) -> Any:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


@page("PageSuiviPluriannuel", RECORD_TAB)
def page_suivi_pluriannuel(request: PageRequest) -> dict[str, Any]:
    _offered(request, RECORD_TAB)
    child = request_child(request)
    years: list[tuple[str, str, dict[str, tuple[float | None, float | None]], list[Any]]] = [
        (y.year, y.class_name, {a.subject: (a.average, a.class_average) for a in y.averages}, y.report_cards)
        for y in child.past_years
    ]
    label, class_name, current = _current(request, child)
    if current:
        years.append((label, class_name, current, []))
    if not years:
        return {"message": NO_RECORD}
    order = [s.name for s in request.school.subjects]
    seen = {name for _, _, averages, _ in years for name in averages}
    subjects = [s for s in order if s in seen] + sorted(seen - set(order))
    metas = {s: request.ids.mint(TABLE_SUBJECT, f"subject:{s}") for s in subjects}
    donnees = []
    for year, classes, averages, cards in years:
        donnees.append(
            {
                "strAnnee": year,
                "strFinAnnee": year.split("-")[-1],
                "identifiant": request.ids.mint(TABLE_YEAR, f"year:{child.key}:{year}"),
                "strClasses": classes,
                "moyenne": _mark(_mean([a for a, _ in averages.values()])),
                "moyenneClasse": _mark(_mean([c for _, c in averages.values()])),
                "avecBulletins": bool(cards),
                "listeBulletins": liste([past_card(request, child, year, c) for c in cards]),
                "listeSuivis": liste(
                    [
                        {
                            "meta": {"N": metas[s]},
                            "moyenne": _mark(averages[s][0]),
                            "moyenneClasse": _mark(averages[s][1]),
                        }
                        for s in subjects
                        if s in averages
                    ]
                ),
            }
        )
    return {
        "message": "",
        "avecMoyennesSaisies": True,
        "listeMetas": liste([{"N": metas[s], "L": s} for s in subjects]),
        "listeAnnees": liste([{"L": y[0]} for y in years]),
        "listeDonnees": liste(donnees),
        "afficherMoyenneGenerale": True,
    }


@page("ManuelsNumeriques", TEXTBOOKS_TAB)
def manuels_numeriques(request: PageRequest) -> dict[str, Any]:
    _offered(request, TEXTBOOKS_TAB)
    books = _textbooks(request, request_child(request))
    if not books:
        return {"message": NO_TEXTBOOK}
    return {"kiosque": {"listeRessources": liste(books)}}


_other_pdf = PAGES["GenerationPDF"]
_PDF_TABS = frozenset({13, 148, RECORD_TAB, 227, 228})  # 227/228: BulletinAnneesPrec_*


@page("GenerationPDF", _PDF_TABS)
def generation_pdf(request: PageRequest) -> dict[str, Any]:
    """A past year's report card (``genreGenerationPDF`` 12); every other PDF as before."""
    data = request.data if isinstance(request.data, dict) else {}
    if data.get("genreGenerationPDF") != PDF_PAST_REPORT_CARD:
        return _other_pdf(request)
    child = request_child(request)
    ident = data.get("ident")
    known = {c.document for y in child.past_years for c in y.report_cards}
    document = request.school.document(ident) if isinstance(ident, str) and ident in known else None
    if document is None or request.file_url is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    return {"url": typed(23, request.file_url(document_key(document.key), document.name))}


__all__ = ["TABLE_RESOURCE"]
