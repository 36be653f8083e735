"""Notes beyond the grades: competences (``DernieresEvaluations``, tab 201), the report card
(``PageBulletins`` and its PDF through ``GenerationPDF``, tab 13) and the grade report
(``PageReleve``, tab 12).

Shapes: ``reference/pronotepy.md`` §2 "Competences" and "Report card", ``pawnote-papillon.md`` §1.2
(``DernieresEvaluations``, ``PageBulletins``, ``GenerationPDF``), ``parent-features.md`` §9 (``PageReleve``).
No real recording of these answers is available.

- Competence levels carry PRONOTE's ``EGenreNiveauDAcquisition`` in ``G`` (1 Expert = A+, 2 Acquis = A,
  4 En cours d'acquisition = C, 6 Non acquis = E, 7 Absent, 8 Non évalué, 9 Dispensé).
- A report card exists only where the school file has one for the period; otherwise the answer is
  ``{Message}`` (pronotepy: "not published yet"). Its averages are the ones ``DernieresNotes``
  computes from the grades of the period (not published for the subjects of ``hidden_averages``).
- ``GenerationPDF`` answers ``url`` (type 23) relative to the root: the report card's PDF (a school
  document) at ``FichiersExternes`` for this session (:attr:`PageRequest.file_url`).
- ``PageReleve`` (inferred): parent-features.md §9 lists the reply's top-level keys (``Message``,
  ``ListeServices``…) but not the inside of a service. Here a service is shaped like a report-card
  service and lists its grades in ``ListeDevoirs`` (each shaped like a ``DernieresNotes`` grade).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..school import COMPETENCE_LEVELS, Child, Period
from .contract import PageFault, PageRequest, page
from .files import document_key
from .grades import averages_hidden, grade_mark, grades_of, hundredths, request_period, subject_stat
from .params import period_id
from .values import (
    FAULT_PAGE_UNAVAILABLE,
    TABLE_GRADE,
    TABLE_SERVICE,
    TABLE_SUBJECT,
    day_value,
    liste,
    mark_value,
    number_text,
    plain_number,
    request_child,
    typed,
)

EVALUATIONS_TAB = 201
REPORT_CARD_TAB = 13
GRADE_REPORT_TAB = 12
TABLE_EVALUATION = 203  # none of these tables is seen in the recordings
TABLE_ACQUISITION = 204
TABLE_COMPETENCE = 205
TABLE_PILLAR = 206
TABLE_PALIER = 27
TABLE_PERSON = 3
TABLE_APPRAISAL = 207

# EGenreNiveauDAcquisition of each level of the school file.
LEVEL_GENRES = {"A+": 1, "A": 2, "C": 4, "E": 6, "Abs": 7, "NE": 8, "Disp": 9}
PDF_REPORT_CARD = 2  # genreGenerationPDF: Bulletin
NOT_PUBLISHED = "Le bulletin de cette période n'est pas encore publié."


def _in_period(period: Period, period_name: str) -> bool:
    return period.kind == "annee" or period_name == period.name


def _teacher(request: PageRequest, name: str) -> dict[str, Any]:
    return {"N": request.ids.mint(TABLE_PERSON, f"person:{name}"), "L": name, "G": 3}


# -- DernieresEvaluations --------------------------------------------------------------------------


@page("DernieresEvaluations", EVALUATIONS_TAB)
def dernieres_evaluations(request: PageRequest) -> dict[str, Any]:
    school, ids = request.school, request.ids
    child = request_child(request)
    period = request_period(request)
    evaluations = []
    for index, evaluation in enumerate(child.evaluations):
        if evaluation.date > request.today or not _in_period(period, evaluation.period):
            continue
        subject = school.subject(evaluation.subject)
        own_period = school.period_named(evaluation.period)
        acquisitions = []
        for order, result in enumerate(evaluation.results, start=1):
            acquisitions.append(
                {
                    "N": ids.mint(TABLE_ACQUISITION, f"acquisition:{child.key}:{index}:{order}"),
                    "G": LEVEL_GENRES.get(result.level, 8),
                    "L": COMPETENCE_LEVELS.get(result.level, result.level),
                    "abbreviation": result.level,
                    "coefficient": result.coefficient,
                    "ordre": order,
                    "domaine": typed(
                        24, {"N": ids.mint(TABLE_COMPETENCE, f"domain:{result.domain}"), "L": result.domain}
                    ),
                    "item": typed(
                        24, {"N": ids.mint(TABLE_COMPETENCE, f"item:{result.item}"), "L": result.item}
                    ),
                    "pilier": typed(
                        24,
                        {
                            "N": ids.mint(TABLE_PILLAR, f"pillar:{result.pillar}"),
                            "L": result.pillar,
                            "strPrefixes": result.pillar_prefix,
                        },
                    ),
                }
            )
        evaluations.append(
            {
                "N": ids.mint(TABLE_EVALUATION, f"evaluation:{child.key}:{index}"),
                "G": 0,
                "L": evaluation.name,
                "matiere": typed(
                    24,
                    {
                        "N": ids.mint(TABLE_SUBJECT, f"subject:{evaluation.subject}"),
                        "L": evaluation.subject,
                        "couleur": subject.color if subject else "#FFFFFF",
                    },
                ),
                "individu": typed(24, _teacher(request, evaluation.teacher)),
                "date": day_value(evaluation.date),
                "coefficient": plain_number(evaluation.coefficient),
                "descriptif": evaluation.description,
                "periode": typed(
                    24,
                    {
                        "N": period_id(request, own_period) if own_period else "",
                        "L": evaluation.period,
                    },
                ),
                "listePaliers": liste(
                    [{"N": ids.mint(TABLE_PALIER, f"palier:{name}"), "L": name} for name in evaluation.levels]
                ),
                "listeNiveauxDAcquisitions": liste(acquisitions),
            }
        )
    return {"listeEvaluations": liste(evaluations)}


# -- services with averages, for PageBulletins and PageReleve ---------------------------------------


def _stat(value: Fraction | None) -> dict[str, Any]:
    return typed(10, hundredths(value) if value is not None else "")


def service(
    request: PageRequest, child: Child, period: Period, subject_name: str, named: list[str] | None = None
) -> dict[str, Any]:
    """A subject of the report card or the grade report: averages from the period's grades."""
    school, ids = request.school, request.ids
    subject = school.subject(subject_name)
    teachers = (
        named
        if named is not None
        else list(dict.fromkeys(les.teacher for les in child.timetable if les.subject == subject_name))
    )
    entry: dict[str, Any] = {
        "N": ids.mint(TABLE_SERVICE, f"service:{child.class_name}:{subject_name}"),
        "G": 12,
        "L": subject_name,
        "couleur": subject.color if subject else "#FFFFFF",
        "Matiere": typed(24, {"N": ids.mint(TABLE_SUBJECT, f"subject:{subject_name}"), "L": subject_name}),
        "ListeProfesseurs": liste([_teacher(request, name) for name in teachers]),
    }
    if not averages_hidden(school, child, subject_name):
        grades = [g for _i, g in grades_of(request, child, period) if g.subject == subject_name]
        for key, stat in (
            ("MoyenneEleve", "student"),
            ("MoyenneClasse", "class_average"),
            ("MoyenneInf", "class_min"),
            ("MoyenneSup", "class_max"),
        ):
            entry[key] = _stat(subject_stat(school, subject_name, grades, stat))
    return entry


def _subjects_with_grades(request: PageRequest, child: Child, period: Period) -> list[str]:
    order = {s.name: i for i, s in enumerate(request.school.subjects)}
    names = {g.subject for _i, g in grades_of(request, child, period)}
    return sorted(names, key=lambda name: order.get(name, len(order)))


# -- PageBulletins and GenerationPDF ---------------------------------------------------------------


def report_card_of(request: PageRequest, child: Child, period: Period) -> Any:
    return next((card for card in child.report_cards if card.period == period.name), None)


@page("PageBulletins", REPORT_CARD_TAB)
def page_bulletins(request: PageRequest) -> dict[str, Any]:
    ids = request.ids
    child = request_child(request)
    period = request_period(request)
    card = report_card_of(request, child, period)
    if card is None:
        return {"Message": NOT_PUBLISHED}
    services = []
    for line in card.subjects:
        entry = service(request, child, period, line.subject, line.teachers)
        entry["Coefficient"] = typed(10, number_text(line.coefficient))
        entry["ListeAppreciations"] = liste(
            [
                {
                    "N": ids.mint(TABLE_APPRAISAL, f"appraisal:{child.key}:{period.name}:{line.subject}"),
                    "G": 0,
                    "L": line.appraisal,
                }
            ]
        )
        services.append(entry)
    general = [
        {
            "N": ids.mint(TABLE_APPRAISAL, f"general:{child.key}:{period.name}:{rank}"),
            "G": rank,
            "Intitule": appraisal.title,
            "L": appraisal.text,
        }
        for rank, appraisal in enumerate(card.appraisals)
    ]
    return {
        "Editable": False,
        "Classe": typed(24, {"N": ids.mint(23, f"class:{child.class_name}"), "L": child.class_name}),
        "ListeServices": liste(services),
        "ObjetListeAppreciations": typed(24, {"ListeAppreciations": liste(general)}),
        "existeServiceAvecNotes": bool(services),
    }


@page("GenerationPDF", frozenset({REPORT_CARD_TAB}))
def generation_pdf(request: PageRequest) -> dict[str, Any]:
    """The report card's PDF (``genreGenerationPDF`` 2); other documents are not generated here."""
    data = request.data if isinstance(request.data, dict) else {}
    if data.get("genreGenerationPDF", PDF_REPORT_CARD) != PDF_REPORT_CARD:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    child = request_child(request)
    period = request_period(request)
    card = report_card_of(request, child, period)
    document = request.school.document(card.document) if card is not None and card.document else None
    if document is None or request.file_url is None:
        return {"Message": NOT_PUBLISHED}
    return {"url": typed(23, request.file_url(document_key(document.key), document.name))}


# -- PageReleve --------------------------------------------------------------------------------------


@page("PageReleve", GRADE_REPORT_TAB)
def page_releve(request: PageRequest) -> dict[str, Any]:
    ids = request.ids
    child = request_child(request)
    period = request_period(request)
    selected = grades_of(request, child, period)
    if not selected:
        return {"Message": "Aucune note n'a été publiée pour cette période."}
    services = []
    student_means: list[float] = []
    class_means: list[float] = []
    for name in _subjects_with_grades(request, child, period):
        entry = service(request, child, period, name)
        devoirs = []
        for index, grade in selected:
            if grade.subject != name:
                continue
            item: dict[str, Any] = {
                "N": ids.mint(TABLE_GRADE, f"grade:{child.key}:{index}"),
                "G": 60,
                "date": day_value(grade.date),
                "note": grade_mark(grade),
                "bareme": mark_value(grade.out_of),
                "coefficient": plain_number(grade.coefficient),
                "commentaire": grade.comment,
                "estBonus": grade.bonus,
                "estFacultatif": grade.optional,
                "estRamenerSur20": grade.scale_to_20,
            }
            if grade.class_average is not None:
                item["moyenne"] = mark_value(grade.class_average, 2)
            devoirs.append(item)
        entry["ListeDevoirs"] = liste(devoirs)
        if not averages_hidden(request.school, child, name):
            grades = [g for _i, g in selected if g.subject == name]
            mine = subject_stat(request.school, name, grades, "student")
            theirs = subject_stat(request.school, name, grades, "class_average")
            if mine is not None:
                student_means.append(mine)
            if theirs is not None:
                class_means.append(theirs)
        services.append(entry)
    answer: dict[str, Any] = {
        "Classe": typed(24, {"N": ids.mint(23, f"class:{child.class_name}"), "L": child.class_name}),
        "strInfoDatePublication": f"Relevé de notes au {request.today:%d/%m/%Y}",
        "ListeServices": liste(services),
    }
    if student_means:
        answer["MoyenneGenerale"] = _stat(sum(student_means) / len(student_means))
    if class_means:
        answer["MoyenneGeneraleClasse"] = _stat(sum(class_means) / len(class_means))
    return answer
