"""Orientation (tab 15) and Stages (tabs 42 and 101) in the school file.

- ``orientation``: the level, the tracks offered, each step with its kind (PRONOTE's G), title,
  dates, whether the family may write now, the most wishes allowed, whether it is published, the
  wishes in rank order with their comments (the family's steps) or the council's answer and comment,
  and the acknowledgement asked / given (with its date).
- ``internships``: each sheet (subject, company, dates, days, tutor, referent, schedule, details,
  evaluation); ``companies``: the list the school shared (tab 101), merged over the children, plus
  the companies only a sheet names (``listed: false``, so the replay's list stays the parent's).

What the school file cannot say as the parent saw it (a step of a kind this client does not know,
ranks that are not 1, 2, 3…, an acknowledgement without its date, several referents, a sheet without
its dates…) is not guessed: that child's section is a ``failures`` entry, and the replay says it is
not reproduced instead of showing something else. A child the school had nothing for (``offered``
false) gets nothing: the replay's server then answers with its own ``Message``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from espace_parents_tui.service.support.collect import Conversion

ORIENTATION_FUNCTION = "PageOrientations"
INTERNSHIPS_FUNCTION = "PageStage.General"
# TypeRubriqueOrientation (G) → the school file's step kinds, in PRONOTE's order.
STEP_KINDS = ("intentions", "recommandations", "voeux", "propositions", "decision", "effective")
FAMILY_KINDS = (0, 2)


class NotReproduced(Exception):
    """What makes a section of one child impossible to write faithfully (French, for support)."""


def not_reproduced(conversion: Conversion, child: Any, function: str, title: str, why: str) -> None:
    conversion.failures.append(
        {
            "function": function,
            "child": conversion.keys[child.name],
            "code": 21,
            "title": f"{title} non reproduite par ce bundle de support : {why}",
        }
    )


def _wishes(step: Any, keys: dict[str, str], names: dict[str, str]) -> list[dict[str, Any]]:
    if [w.rank for w in step.wishes] != list(range(1, len(step.wishes) + 1)):
        raise NotReproduced(f"les rangs des vœux de « {step.title} » ne se suivent pas.")
    found = []
    for wish in step.wishes:
        key = keys.get(wish.track_id or "") or names.get(wish.track)
        if key is None:
            raise NotReproduced(f"un vœu de « {step.title} » nomme une voie hors de la liste.")
        found.append({"track": key, **({"comment": wish.comment} if wish.comment else {})})
    return found


def _step(step: Any, keys: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    code = step.kind_code
    if code is None or not 0 <= code < len(STEP_KINDS):
        raise NotReproduced(f"l'étape « {step.title} » est d'un genre inconnu.")
    family = code in FAMILY_KINDS
    entry: dict[str, Any] = {
        "kind": STEP_KINDS[code],
        "title": step.title,
        "opens": step.opens.isoformat() if step.opens else None,
        "closes": step.closes.isoformat() if step.closes else None,
        "max_wishes": step.max_wishes,
        "published": step.published,
        "editable": step.editable,
    }
    wishes = _wishes(step, keys, names)
    if family:
        if step.council_comment:
            raise NotReproduced(f"« {step.title} » porte un commentaire du conseil.")
        entry["wishes"] = wishes
    else:
        if not step.published and (wishes or step.council_comment):
            raise NotReproduced(f"« {step.title} » a une réponse non publiée.")
        if any("comment" in w for w in wishes):
            raise NotReproduced(f"une réponse de « {step.title} » porte un commentaire.")
        entry["answers"] = [w["track"] for w in wishes]
        entry["comment"] = step.council_comment
    if step.acknowledgement_asked and not step.published:
        raise NotReproduced(f"un accusé de réception est demandé pour « {step.title} », non publiée.")
    if (step.acknowledged or step.acknowledged_on) and not step.acknowledgement_asked:
        raise NotReproduced(f"« {step.title} » est accusée sans que l'accusé soit demandé.")
    if step.acknowledged != (step.acknowledged_on is not None):
        raise NotReproduced(f"l'accusé de réception de « {step.title} » n'a pas de date.")
    entry["acknowledge"] = step.acknowledgement_asked
    if step.acknowledged_on is not None:
        entry["acknowledged"] = step.acknowledged_on.isoformat()
    return {k: v for k, v in entry.items() if v is not None or k == "max_wishes"}


def _orientation(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    values = conversion.values("orientation", child)
    if not values or not values[-1].offered:
        return
    page = values[-1]
    tracks = []
    keys: dict[str, str] = {}  # the cache's track id → the school file's key
    names: dict[str, str] = {}
    for index, track in enumerate(page.tracks, start=1):
        key = f"voie-{index}"
        tracks.append({"key": key, "name": track.name, "with_internship": track.with_internship})
        if track.id:
            keys[track.id] = key
        names.setdefault(track.name, key)
    try:
        steps = [_step(step, keys, names) for step in page.steps]
    except NotReproduced as why:
        not_reproduced(conversion, child, ORIENTATION_FUNCTION, "Orientation", str(why))
        return
    entry["orientation"] = {"level": page.level, "tracks": tracks, "steps": steps}


def _weekdays(start: date, end: date) -> int:
    return sum(1 for n in range((end - start).days + 1) if (start + timedelta(days=n)).weekday() < 5)


def _joined(company: dict[str, Any]) -> str:
    return " ".join(x for x in (company["address"], company["postal_code"], company["city"]) if x)


class Companies:
    """The school's companies: the shared list (tab 101) as the parent saw it, then those a sheet names."""

    def __init__(self, conversion: Conversion) -> None:
        self.items: list[dict[str, Any]] = conversion.extra.setdefault("companies", [])
        self.unnamed: set[str] = set()  # children whose list held a company without a name
        # Every child's list first, so a sheet's company is found whichever child listed it.
        for child in conversion.portal.snapshot().account.children:
            for page in conversion.values("internships", child)[-1:]:
                for company in page.companies:
                    if company.name:
                        self.listed(company)
                    else:
                        self.unnamed.add(child.name)

    @staticmethod
    def of(conversion: Conversion) -> Companies:
        if "companies" not in conversion.memo:
            conversion.memo["companies"] = Companies(conversion)
        return conversion.memo["companies"]

    def listed(self, company: Any) -> None:
        item = {
            "key": f"entreprise-{len(self.items) + 1}",
            "name": company.name,
            "activity": company.activity,
            "address": company.address,
            "postal_code": company.postal_code,
            "city": company.city,
            "email": company.email,
            "phone": company.phone,
            "website": company.website,
            "offers": list(company.offers),
        }
        same = {k: v for k, v in item.items() if k != "key"}
        if not any({k: v for k, v in other.items() if k != "key"} == same for other in self.items):
            self.items.append(item)

    def of_sheet(self, name: str, address: str) -> str:
        for item in self.items:
            if item["name"] == name and _joined(item) == address:
                return item["key"]
        key = f"entreprise-{len(self.items) + 1}"
        self.items.append(
            {"key": key, "name": name, "address": address, "postal_code": "", "city": "", "listed": False}
        )
        return key


def _sheet(sheet: Any, companies: Companies) -> dict[str, Any]:
    if sheet.start is None or sheet.end is None:
        raise NotReproduced(f"la fiche « {sheet.subject} » n'a pas ses dates.")
    if not sheet.company:
        raise NotReproduced(f"la fiche « {sheet.subject} » ne nomme pas d'entreprise.")
    if len(sheet.referents) > 1:
        raise NotReproduced(f"la fiche « {sheet.subject} » a plusieurs référents.")
    if sheet.days is None:
        raise NotReproduced(f"la fiche « {sheet.subject} » ne dit pas son nombre de jours.")
    entry: dict[str, Any] = {
        "subject": sheet.subject,
        "company": companies.of_sheet(sheet.company, sheet.company_address),
        "start": sheet.start.isoformat(),
        "end": sheet.end.isoformat(),
        "tutor": sheet.tutor,
        "referent": sheet.referents[0] if sheet.referents else "",
        "schedule": sheet.schedule,
        "details": sheet.details,
        "evaluation": sheet.evaluation,
    }
    if sheet.days != _weekdays(sheet.start, sheet.end):
        entry["days"] = sheet.days
    return entry


def _internships(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    values = conversion.values("internships", child)
    if not values:
        return
    page = values[-1]
    companies = Companies.of(conversion)
    try:
        if child.name in companies.unnamed:
            raise NotReproduced("une entreprise de la liste n'a pas de nom.")
        if not page.offered:
            return
        sheets = [_sheet(sheet, companies) for sheet in page.internships]
    except NotReproduced as why:
        not_reproduced(conversion, child, INTERNSHIPS_FUNCTION, "Rubrique Stages", str(why))
        return
    for index, sheet in enumerate(sheets, start=1):
        sheet["key"] = f"stage-{index}"
    entry["internships"] = sheets


CHILD_ORIENTATION = {"orientation": _orientation, "internships": _internships}
