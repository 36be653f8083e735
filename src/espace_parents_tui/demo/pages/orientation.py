"""Orientation (tab 15): ``PageOrientations`` and ``SaisieOrientations`` (parent-features.md §6).

Read, no data for parents. Answer: ``texteNiveau``, ``listeOrientations[{N, L, avecStageFamille}]``
and ``listeRubriques``, one per step, ``G`` its kind (TypeRubriqueOrientation: 0 intentions,
1 recommandation du conseil, 2 vœux définitifs, 3 proposition du conseil, 4 décision, 5 orientation
effective), with ``titre``, ``dateDebutRubrique``, ``estPublie``, ``estConseilPublie``,
``avecAccuseReception``, ``listeVoeux[{N, G, L, rang, Orientation{N, L}, Commentaire}]`` and
``donneesAR{estAccuse, estEditable, accuseLe}``. Inferred (reference §17, not seen): the step's last
day ``dateFinRubrique``, whether the family may write now ``avecSaisie``, the maximum number of
wishes ``maquette.nombreVoeuxMax``, a council answer's comment ``commentaireConseil``. A child with
no orientation this year gets ``{Message}`` only.

Write: ``{Voeux: [...], eleve, donneesAR?}``; the rank is the list's order (§6). New wishes ``E: 1``
with a negative ``N``, kept ones ``E: 2``, removed ones ``E: 3``; ``G`` 0 or 2 names the step.
What the server refuses (``RapportSaisie``, this demo's words): a step that is not open yet or is
closed, more wishes than the step allows, a track not in the list, the same track twice, a wish of
another session or step, an acknowledgement where none is asked or of an unpublished answer.
"""

from __future__ import annotations

from typing import Any

from ..school import ORIENTATION_STEPS, OrientationStep, Wish
from .contract import PageFault, PageRequest, SaisieRefused, page
from .values import FAULT_PAGE_UNAVAILABLE, day_value, liste, request_child, resolve

ORIENTATION_TAB = 15
SAISIE = "SaisieOrientations"
TABLE_TRACK = 160  # guesses: not seen anywhere
TABLE_STEP = 161
TABLE_WISH = 162
NO_ORIENTATION = "Aucune orientation n'est à saisir pour cet élève cette année."
STEP_WORDS = {"intentions": "des intentions provisoires", "voeux": "des vœux définitifs"}


def _open(step: OrientationStep, today: Any) -> bool:
    return (step.opens is None or step.opens <= today) and (step.closes is None or today <= step.closes)


def _track_ref(request: PageRequest, child: Any, key: str) -> dict[str, Any]:
    track = next((t for t in child.orientation.tracks if t.key == key), None)
    return {"N": request.ids.mint(TABLE_TRACK, f"track:{key}"), "L": track.name if track else key}


def _step(request: PageRequest, child: Any, step: OrientationStep) -> dict[str, Any]:
    kind = ORIENTATION_STEPS.index(step.kind)
    council = step.kind not in ("intentions", "voeux")
    editable = step.editable if step.editable is not None else not council and _open(step, request.today)
    entry: dict[str, Any] = {
        "N": request.ids.mint(TABLE_STEP, f"step:{child.key}:{step.kind}"),
        "G": kind,
        "L": step.title,
        "titre": step.title,
        "estPublie": step.published,
        "estConseilPublie": step.published if council else False,
        "avecAccuseReception": step.acknowledge and step.published,
        "avecSaisie": editable,
        "maquette": {"avecCommentaireFamille": not council},
    }
    if step.max_wishes is not None:
        entry["maquette"]["nombreVoeuxMax"] = step.max_wishes
    if step.opens is not None:
        entry["dateDebutRubrique"] = day_value(step.opens)
    if step.closes is not None:
        entry["dateFinRubrique"] = day_value(step.closes)
    wishes: list[dict[str, Any]] = []
    if not council:
        for rank, wish in enumerate(step.wishes, start=1):
            wishes.append(
                {
                    "N": request.ids.mint(TABLE_WISH, f"wish:{child.key}:{step.kind}:{wish.track}"),
                    "G": kind,
                    "L": _track_ref(request, child, wish.track)["L"],
                    "rang": rank,
                    "Orientation": _track_ref(request, child, wish.track),
                    "Commentaire": wish.comment,
                }
            )
    elif step.published:
        for rank, answer in enumerate(step.answers, start=1):
            ref = _track_ref(request, child, answer)
            wishes.append({"N": ref["N"], "G": kind, "L": ref["L"], "rang": rank, "Orientation": ref})
        if step.comment:
            entry["commentaireConseil"] = step.comment
    entry["listeVoeux"] = liste(wishes)
    if step.acknowledge and step.published:
        ar: dict[str, Any] = {"estAccuse": step.acknowledged is not None, "estEditable": step.acknowledged is None}
        if step.acknowledged is not None:
            ar["accuseLe"] = day_value(step.acknowledged)
            ar["accusePar"] = request.parent.name
        entry["donneesAR"] = ar
    return entry


@page("PageOrientations", ORIENTATION_TAB)
def page_orientations(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    orientation = child.orientation
    if orientation is None:
        return {"Message": NO_ORIENTATION}
    return {
        "Message": "",
        "texteNiveau": orientation.level,
        "estNiveauPremiere": False,
        "estMultiNiveau": False,
        "listeOrientations": liste(
            [
                {**_track_ref(request, child, t.key), "avecStageFamille": t.with_internship, "voieMefStat5": ""}
                for t in orientation.tracks
            ]
        ),
        "listeRubriques": liste([_step(request, child, s) for s in orientation.steps]),
    }


def _items(raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, dict) and "V" in raw:
        raw = raw["V"]
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    return raw


def _wishes(request: PageRequest, child: Any, items: list[dict[str, Any]]) -> None:
    kinds = {item.get("G") for item in items}
    if len(kinds) != 1 or next(iter(kinds)) not in (0, 2):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    name = ORIENTATION_STEPS[next(iter(kinds))]
    step = next((s for s in child.orientation.steps if s.kind == name), None)
    if step is None:
        raise SaisieRefused("Cette étape de l'orientation n'existe pas pour cet élève.")
    if step.opens is not None and request.today < step.opens:
        raise SaisieRefused(f"La saisie {STEP_WORDS[name]} ouvre le {step.opens:%d/%m/%Y}.")
    if step.closes is not None and request.today > step.closes:
        raise SaisieRefused(f"La saisie {STEP_WORDS[name]} est close depuis le {step.closes:%d/%m/%Y}.")
    tracks = {t.key for t in child.orientation.tracks}
    existing = {w.track: w for w in step.wishes}
    kept: list[Wish] = []
    for item in items:
        state = item.get("E")
        if state in (2, 3):
            key = resolve(request.ids, item, f"wish:{child.key}:{name}:")
            if key is None or key not in existing:
                raise SaisieRefused("Ce vœu n'existe plus : actualisez la page.")
        if state == 3:
            continue
        if state not in (1, 2):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        track = resolve(request.ids, item.get("Orientation"), "track:")
        if track is None or track not in tracks:
            raise SaisieRefused("Cette voie ne fait pas partie des choix proposés.")
        comment = item.get("Commentaire", "")
        if not isinstance(comment, str) or len(comment) > 500:
            raise SaisieRefused("Le commentaire est limité à 500 caractères.")
        kept.append(Wish(track, comment))
    if len({w.track for w in kept}) != len(kept):
        raise SaisieRefused("La même voie ne peut être demandée qu'une fois.")
    if step.max_wishes is not None and len(kept) > step.max_wishes:
        raise SaisieRefused(f"Au plus {step.max_wishes} vœux pour cette étape.")
    step.wishes = kept


def _acknowledge(request: PageRequest, child: Any, ar: dict[str, Any]) -> None:
    key = resolve(request.ids, ar, f"step:{child.key}:")
    step = next((s for s in child.orientation.steps if s.kind == key), None)
    if step is None:
        raise SaisieRefused("Cette étape de l'orientation n'existe plus : actualisez la page.")
    if not (step.acknowledge and step.published):
        raise SaisieRefused("Aucun accusé de réception n'est demandé pour cette étape.")
    if ar.get("estAccuse") is not True:
        raise SaisieRefused("L'accusé de réception ne peut pas être retiré.")
    if step.acknowledged is None:
        step.acknowledged = request.today


@page(SAISIE, ORIENTATION_TAB)
def saisie_orientations(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    if child.orientation is None:
        raise SaisieRefused(NO_ORIENTATION)
    data = request.data if isinstance(request.data, dict) else {}
    if "Voeux" not in data and "donneesAR" not in data:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    # Check everything before keeping anything: a refused write changes nothing.
    snapshot = [(s, list(s.wishes), s.acknowledged) for s in child.orientation.steps]
    try:
        items = _items(data.get("Voeux", []))
        if items:
            _wishes(request, child, items)
        if isinstance(data.get("donneesAR"), dict):
            _acknowledge(request, child, data["donneesAR"])
    except BaseException:
        for step, wishes, acknowledged in snapshot:
            step.wishes, step.acknowledged = wishes, acknowledged
        raise
    return {}
