"""``SaisieVieScolaire`` for the parents' justifications and declarations (parent-features.md
§2.3-2.4), and what ``PagePresence`` says about them (``avecSaisie``, ``enAttente``…).

The requests, as PRONOTE's client sends them (§2.3): ``{listeAbsences: [item], estControle?}``;
``item`` is ``{N, G: 13|14, E: 2, motifParent: {N, L, E: 2}, justification, documents?}`` to justify
an event, or ``{N: -1001, G: 13, E: 1, estUneCreationParent: true, debut: {date, estMatin},
fin: {date, estMatin}, motifParent, justification, documents?}`` to declare an absence ahead,
first with ``estControle: true`` (checked, nothing kept), then for real. A document is the element
of a file the session received at ``uploadfilesession`` (``idFichier``, ``u_idR =
SaisieVieScolaire``); absences only, one at most.

How the server says no, as the reference says a real one does: a justification it refuses gets a
``RapportSaisie`` with ``_erreurSaisie_`` and its messages; a declaration gets a ``data.message``.
The messages are this demo's words. Who may justify what (``avecSaisie``) follows the child's
:class:`~espace_parents_tui.demo.school.ParentRules`, a guess at a real school's settings.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from ..school import Absence, Attachment, Child, Delay, Document
from .contract import PageFault, PageRequest, SaisieRefused, WriteReport
from .values import (
    FAULT_PAGE_UNAVAILABLE,
    FAULT_STALE_OBJECT,
    TABLE_ABSENCE_REASON,
    TABLE_DELAY_REASON,
    parse_day,
)

ABSENCE, DELAY = 13, 14
WRITE = "SaisieVieScolaire"
MAX_COMMENT = 1000  # tailleCommentaire, as ParametresUtilisateur announces it
# What a justification or a declaration waiting for the school says (``message``, inferred §17).
PENDING_MESSAGE = "Justification transmise : en attente de validation par la vie scolaire."
DECLARED_MESSAGE = "Absence signalée par les parents : en attente de validation par la vie scolaire."

EntryBuilder = Callable[[PageRequest, Child, int], dict[str, Any]]


def _first_name(child: Child) -> str:
    parts = child.name.split()
    return parts[-1] if parts else child.name


def _ended(event: Absence | Delay) -> date:
    return event.end.date() if isinstance(event, Absence) else event.time.date()


def why_not_justifiable(request: PageRequest, child: Child, event: Absence | Delay) -> str | None:
    """None when the parents may justify ``event`` now (``avecSaisie``), else why not."""
    rules = child.parent_rules
    absence = isinstance(event, Absence)
    what = "Cette absence" if absence else "Ce retard"
    if event.justified:
        return f"{what} est déjà {'justifiée' if absence else 'justifié'}."
    if event.settled:
        return f"{what} a été {'réglée' if absence else 'réglé'} par la vie scolaire."
    if absence and event.declared_by_parent:
        return "Cette absence a été signalée par vous : la vie scolaire doit la valider."
    if absence and not rules.justify_absences:
        return "L'établissement ne permet pas de justifier les absences en ligne : contactez la vie scolaire."
    if not absence and not rules.justify_delays:
        return "L'établissement ne permet pas de justifier les retards en ligne : contactez la vie scolaire."
    days = rules.justify_within_days
    if days is not None and (request.today - _ended(event)).days > days:
        return f"Le délai de justification en ligne ({days} jours) est dépassé : contactez la vie scolaire."
    return None


def parent_fields(request: PageRequest, child: Child, event: Absence | Delay, attachment: Callable) -> dict:
    """What ``PagePresence`` adds to an absence or a delay about the parents' side."""
    editable = (
        event.editable if event.editable is not None else why_not_justifiable(request, child, event) is None
    )
    entry: dict[str, Any] = {"avecSaisie": editable}
    absence = isinstance(event, Absence)
    if event.parent_reason:
        table, prefix = (TABLE_ABSENCE_REASON, "absence") if absence else (TABLE_DELAY_REASON, "delay")
        entry["motifParent"] = {
            "_T": 24,
            "V": {"N": request.ids.mint(table, f"{prefix}:{event.parent_reason}"), "L": event.parent_reason},
        }
    if event.pending:
        entry["enAttente"] = True
        entry["message"] = DECLARED_MESSAGE if absence and event.declared_by_parent else PENDING_MESSAGE
    if absence:
        if event.parent_comment:
            entry["justification"] = event.parent_comment
        entry["documents"] = {"_T": 24, "V": [attachment(request, a) for a in event.parent_documents]}
        entry["estUneCreationParent"] = event.declared_by_parent
    return entry


def _reason(request: PageRequest, item: dict, kind: int) -> str:
    element = item.get("motifParent")
    key = request.ids.lookup(element.get("N")) if isinstance(element, dict) else None
    prefix, listed = (
        ("absence:", request.school.absence_reasons)
        if kind == ABSENCE
        else ("delay:", request.school.delay_reasons)
    )
    label = key[len(prefix) :] if key and key.startswith(prefix) else None
    if label is None or label not in listed:
        raise SaisieRefused("Ce motif ne fait pas partie de la liste de l'établissement.")
    return label


def _comment(item: dict) -> str:
    comment = item.get("justification", "")
    if not isinstance(comment, str):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    if len(comment) > MAX_COMMENT:
        raise SaisieRefused(f"Le commentaire dépasse {MAX_COMMENT} caractères.")
    return comment.strip()


def _documents(request: PageRequest, item: dict, kind: int) -> list[Any]:
    """The uploads the item's new documents name (one at most, absences only)."""
    raw = item.get("documents") or []
    if isinstance(raw, dict):
        raw = raw.get("V") or []
    new = [d for d in raw if isinstance(d, dict) and d.get("E") == 1]
    if not new:
        return []
    if kind != ABSENCE:
        raise SaisieRefused("Un retard se justifie sans document.")
    if len(new) > 1:
        raise SaisieRefused("Un seul document peut accompagner une justification.")
    upload = request.uploads.get(new[0].get("idFichier"))
    if upload is None or upload.request != WRITE:
        raise SaisieRefused("Le document joint n'a pas été reçu : envoyez-le à nouveau.")
    return [upload]


def _check_required(
    request: PageRequest, child: Child, kind: int, reason: str, comment: str, files: list
) -> None:
    school = request.school
    if kind == ABSENCE and school.comment_required_absence and not comment:
        raise SaisieRefused("Un commentaire est obligatoire pour justifier une absence.")
    if kind == DELAY and school.comment_required_delay and not comment:
        raise SaisieRefused("Un commentaire est obligatoire pour justifier un retard.")
    if reason in school.reasons_needing_justification and not comment and not files:
        raise SaisieRefused(f"Le motif « {reason} » demande un commentaire ou un justificatif.")
    if kind == ABSENCE and child.parent_rules.document_required and not files:
        raise SaisieRefused("L'établissement demande un justificatif (document) pour chaque absence.")


def _keep(request: PageRequest, child: Child, files: list) -> list[Attachment]:
    """The received files become school documents (served back at FichiersExternes)."""
    kept = []
    for upload in files:
        key = f"justificatif-{child.key}-{len(request.school.documents) + 1}"
        request.school.documents.append(
            Document(key, upload.name, _content_type(upload.name), base64.b64encode(upload.content).decode())
        )
        request.uploads.pop(upload.file_id, None)
        kept.append(Attachment(upload.name, document=key))
    return kept


def _content_type(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"pdf": "application/pdf", "png": "image/png", "gif": "image/gif"}.get(
        extension, "image/jpeg" if extension in ("jpg", "jpeg") else "application/octet-stream"
    )


def save(
    request: PageRequest, child: Child, items: list, absence_entry: EntryBuilder, delay_entry: EntryBuilder
) -> dict[str, Any] | WriteReport:
    """A justification or a declaration; the answer (or the refusal) as PRONOTE gives it."""
    if len(items) != 1 or not isinstance(items[0], dict):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    item = items[0]
    kind = item.get("G")
    if kind not in (ABSENCE, DELAY):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    control = request.data.get("estControle") is True
    if item.get("E") == 1 and item.get("estUneCreationParent") is True and kind == ABSENCE:
        return _declare(request, child, item, control, absence_entry)
    if item.get("E") != 2:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    listed: list = child.absences if kind == ABSENCE else child.delays
    key = request.ids.lookup(item.get("N"))
    owner, _, number = (key or "").rpartition(":")
    if not owner.startswith("absence:" if kind == ABSENCE else "delay:") or not number.isdigit():
        if key is None and isinstance(item.get("N"), str) and "#" in item["N"]:
            raise PageFault(FAULT_STALE_OBJECT, "L'objet demandé n'existe plus (session précédente).")
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    index = int(number)
    if owner.split(":", 1)[1] != child.key or index >= len(listed):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    event = listed[index]
    why = why_not_justifiable(request, child, event)
    if why:
        raise SaisieRefused(why)
    reason = _reason(request, item, kind)
    comment = _comment(item)
    files = _documents(request, item, kind)
    _check_required(request, child, kind, reason, comment, files)
    if control:
        return {}
    event.parent_reason, event.pending = reason, True
    if isinstance(event, Absence):
        event.parent_comment = comment
        if files:
            event.parent_documents = _keep(request, child, files)
        return WriteReport({}, {"absence": absence_entry(request, child, index)})
    event.justification = comment
    return WriteReport({}, {"absence": delay_entry(request, child, index)})


def half_day_bounds(school: Any, day: date, morning: bool, *, start: bool) -> datetime:
    """When a declared half-day starts or ends, on the school's grid."""
    grid = school.grid
    if start:
        moment = grid.first_time if morning else grid.lunch_end
    else:
        moment = grid.lunch_start if morning else grid.time_of(grid.places_per_day)
    return datetime.combine(day, moment)


def _bound(raw: Any) -> tuple[date, bool] | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("estMatin"), bool):
        return None
    day = parse_day(raw.get("date"))
    return (day, raw["estMatin"]) if day is not None else None


def _declare(
    request: PageRequest, child: Child, item: dict, control: bool, absence_entry: EntryBuilder
) -> dict[str, Any] | WriteReport:
    """Declaring an absence ahead; a refusal is ``data.message`` (§2.4)."""
    try:
        return _declare_checked(request, child, item, control, absence_entry)
    except SaisieRefused as refused:
        return {"message": " ".join(refused.messages)}


def _declare_checked(
    request: PageRequest, child: Child, item: dict, control: bool, absence_entry: EntryBuilder
) -> dict[str, Any] | WriteReport:
    school = request.school
    if not request.parent.declare_absences:
        return {
            "message": "Votre compte ne permet pas de prévenir d'une absence : contactez la vie scolaire."
        }
    if not child.parent_rules.declare_absences:
        return {
            "message": f"Les absences de {_first_name(child)} ne peuvent pas être signalées en ligne : "
            "contactez la vie scolaire."
        }
    begin, finish = _bound(item.get("debut")), _bound(item.get("fin"))
    if begin is None or finish is None:
        return {"message": "Les dates de l'absence sont illisibles."}
    start = half_day_bounds(school, begin[0], begin[1], start=True)
    end = half_day_bounds(school, finish[0], finish[1], start=False)
    if begin[0] < request.today:
        return {
            "message": "La date de début est déjà passée : on ne peut prévenir que d'une absence à venir."
        }
    if end <= start:
        return {"message": "L'absence se termine avant de commencer."}
    last = school.year_end
    if school.declare_absence_days is not None:
        last = min(last, request.today + timedelta(days=school.declare_absence_days))
    if finish[0] > last:
        return {"message": f"On ne peut pas prévenir d'une absence au-delà du {last:%d/%m/%Y}."}
    if any(a.start < end and a.end > start for a in child.absences):
        return {"message": "Une absence est déjà enregistrée sur ces dates."}
    reason = _reason(request, item, ABSENCE)
    comment = _comment(item)
    files = [] if control else _documents(request, item, ABSENCE)
    if control:
        # The control call carries no file: only what does not depend on one is checked.
        if school.comment_required_absence and not comment:
            raise SaisieRefused("Un commentaire est obligatoire pour justifier une absence.")
        return {}
    _check_required(request, child, ABSENCE, reason, comment, files)
    absence = Absence(
        start,
        end,
        parent_reason=reason,
        parent_comment=comment,
        parent_documents=_keep(request, child, files),
        pending=True,
        declared_by_parent=True,
    )
    child.absences.append(absence)
    return WriteReport({}, {"absence": absence_entry(request, child, len(child.absences) - 1)})
