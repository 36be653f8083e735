"""Notes beyond the grades: ``DernieresEvaluations`` (competences), ``PageBulletins`` (report card),
``GenerationPDF`` (its PDF address) and ``PageReleve`` (grade report).

Sources: pronotepy.md §2 "Competences" and "Report card", pawnote-papillon.md §1.2, parent-features.md
§9. The inside of a ``PageReleve`` service is not documented: it is read like a report-card service,
with its grades under ``ListeDevoirs`` (each like a ``DernieresNotes`` grade), as the emulated server
sends it (an inference, said so in ``demo/pages/reports.py``).
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import Subject
from espace_parents_tui.models.reports import (
    Acquisition,
    Evaluation,
    GeneralAppraisal,
    GradeTranscript,
    ReportCard,
    ReportSubject,
    TranscriptGrade,
    TranscriptSubject,
)
from espace_parents_tui.pronote.parse._read import Node
from espace_parents_tui.pronote.parse.presence import element_label, labels

EVALUATIONS = "DernieresEvaluations"
REPORT_CARD = "PageBulletins"
PDF = "GenerationPDF"
GRADE_REPORT = "PageReleve"


def _coefficient(node: Node, key: str, default: Any) -> Any:
    value = node.number(key, default)
    if value is not None and value < 0:
        node.fail(key, f"coefficient impossible ({value})")
    return value


def _acquisition(node: Node) -> Acquisition:
    item = node.opt_obj("item")
    pillar = node.opt_obj("pilier")
    return Acquisition(
        id=node.ident("N", None),
        level=node.text("L"),
        abbreviation=node.text("abbreviation", ""),
        kind=node.integer("G", None),
        item=item.text("L", None) if item is not None else None,
        domain=element_label(node, "domaine"),
        pillar=pillar.text("L", "") if pillar is not None else "",
        pillar_prefix=pillar.text("strPrefixes", "") if pillar is not None else "",
        coefficient=_coefficient(node, "coefficient", 1.0),
        order=node.integer("ordre", 0),
    )


def _evaluation(node: Node, period_id: str | None) -> Evaluation:
    subject = node.obj("matiere")
    period = node.opt_obj("periode")
    acquisitions = sorted(
        (_acquisition(item) for item in node.objs("listeNiveauxDAcquisitions", required=False)),
        key=lambda a: a.order,
    )
    return Evaluation(
        id=node.ident("N"),
        name=node.text("L", ""),
        subject=Subject(
            name=subject.text("L"), id=subject.ident("N", None), color=subject.text("couleur", None)
        ),
        day=node.date("date"),
        teacher=element_label(node, "individu"),
        coefficient=_coefficient(node, "coefficient", 1.0),
        description=node.text("descriptif", ""),
        levels=labels(node, "listePaliers"),
        acquisitions=tuple(acquisitions),
        period_id=period.ident("N", period_id) if period is not None else period_id,
    )


def parse_evaluations(data: Any, period_id: str | None = None) -> tuple[Evaluation, ...]:
    """The decoded ``data`` of a ``DernieresEvaluations`` answer → its evaluations, by date.

    Required: ``listeEvaluations`` (may be empty); each evaluation needs its ``N``, ``matiere`` and
    ``date``, each competence item its level (``L``).
    """
    root = Node.root(data, EVALUATIONS)
    evaluations = [_evaluation(node, period_id) for node in root.objs("listeEvaluations")]
    evaluations.sort(key=lambda e: e.day)
    return tuple(evaluations)


# -- report card -----------------------------------------------------------------------------------


def _teachers(node: Node) -> tuple[str, ...]:
    """``ListeProfesseurs``, or the teachers of each element of ``ListeElements``."""
    if node.has("ListeProfesseurs"):
        return labels(node, "ListeProfesseurs")
    found: list[str] = []
    for element in node.objs("ListeElements", required=False):
        found.extend(name for name in labels(element, "ListeProfesseurs") if name not in found)
    return tuple(found)


def report_subject(node: Node) -> ReportSubject:
    """A service of a report card (or a grade report): subject, teachers, averages, appraisals."""
    name = node.text("L", "") or element_label(node, "Matiere")
    if not name:
        node.fail("L", "matière sans nom")
    matiere = node.opt_obj("Matiere")
    coefficient = None
    if node.has("Coefficient") and str(node.raw("Coefficient")).strip():
        coefficient = _coefficient(node, "Coefficient", None)
    return ReportSubject(
        subject=Subject(
            name=name,
            id=node.ident("N", None) or (matiere.ident("N", None) if matiere is not None else None),
            color=node.text("couleur", None),
        ),
        teachers=_teachers(node),
        student_average=node.mark("MoyenneEleve"),
        class_average=node.mark("MoyenneClasse"),
        class_min=node.mark("MoyenneInf"),
        class_max=node.mark("MoyenneSup"),
        coefficient=coefficient,
        appraisals=tuple(text for text in labels(node, "ListeAppreciations") if text),
    )


def _message(root: Node) -> str:
    for key in ("Message", "message"):
        if root.has(key):
            value = root.raw(key)
            return value if isinstance(value, str) else ""
    return ""


def parse_report_card(data: Any, period_id: str | None = None) -> ReportCard:
    """The decoded ``data`` of a ``PageBulletins`` answer → :class:`ReportCard`.

    An answer with ``Message`` (pronotepy) or ``message`` (Pawnote) and no subjects, or an empty
    answer, is a report card the school has not published (``published`` False).
    """
    root = Node.root(data, REPORT_CARD)
    if not root.has("ListeServices"):
        return ReportCard(period_id=period_id, published=False, message=_message(root))
    general = root.opt_obj("ObjetListeAppreciations")
    appraisals = ()
    if general is not None:
        appraisals = tuple(
            GeneralAppraisal(title=item.text("Intitule", ""), text=item.text("L", ""))
            for item in general.objs("ListeAppreciations", required=False)
            if item.text("L", "")
        )
    return ReportCard(
        period_id=period_id,
        published=True,
        message=_message(root),
        subjects=tuple(report_subject(node) for node in root.objs("ListeServices")),
        appraisals=appraisals,
    )


def parse_pdf_url(data: Any) -> str | None:
    """The decoded ``data`` of a ``GenerationPDF`` answer → the PDF's address relative to the
    server root (``url``), or None when the server generated nothing."""
    root = Node.root(data, PDF)
    url = root.text("url", None)
    return url or None


# -- grade report ----------------------------------------------------------------------------------


def _transcript_grade(node: Node) -> TranscriptGrade:
    out_of = node.number("bareme", 20.0)
    if out_of <= 0:
        node.fail("bareme", f"barème impossible ({out_of})")
    return TranscriptGrade(
        id=node.ident("N", None),
        day=node.date("date"),
        mark=node.mark("note"),
        out_of=out_of,
        coefficient=_coefficient(node, "coefficient", 1.0),
        comment=node.text("commentaire", ""),
        class_average=node.mark("moyenne"),
        is_bonus=node.flag("estBonus"),
        is_optional=node.flag("estFacultatif"),
    )


def parse_grade_transcript(data: Any, period_id: str | None = None) -> GradeTranscript:
    """The decoded ``data`` of a ``PageReleve`` answer → :class:`GradeTranscript`.

    Without ``ListeServices`` (a ``Message`` instead) the transcript is not published.
    """
    root = Node.root(data, GRADE_REPORT)
    if not root.has("ListeServices"):
        return GradeTranscript(period_id=period_id, published=False, message=_message(root))
    subjects = []
    for node in root.objs("ListeServices"):
        grades = sorted(
            (_transcript_grade(item) for item in node.objs("ListeDevoirs", required=False)),
            key=lambda g: g.day,
        )
        subjects.append(TranscriptSubject(line=report_subject(node), grades=tuple(grades)))
    return GradeTranscript(
        period_id=period_id,
        published=True,
        message=_message(root),
        subjects=tuple(subjects),
        overall=root.mark("MoyenneGenerale"),
        class_overall=root.mark("MoyenneGeneraleClasse"),
        publication_note=root.text("strInfoDatePublication", ""),
    )
