"""Orientation (``PageOrientations``), internships (``PageStage.General``,
``PageAppreciationFinDeStage``) and the company list (``ListeOffresStages``), parent-features.md
§6-§7.

Seen in PRONOTE's client (§6, §7, confidence A): ``texteNiveau``, ``listeOrientations``,
``listeRubriques`` (kind in ``G``, ``titre``, ``dateDebutRubrique``, ``estPublie``,
``avecAccuseReception``, ``listeVoeux``, ``donneesAR{estAccuse, accuseLe}``); ``Stages``; ``stage{…}``
with ``maitreDeStage``, ``referents``, ``dateDebut``, ``dateFin``, ``nbJours``, ``horairesJours``,
``sujet``, ``sujetDetaille``, ``appreciations``, ``entreprise``; ``listeEntreprises``. Inferred
(reference §17): ``dateFinRubrique``, ``avecSaisie``, ``maquette.nombreVoeuxMax``,
``commentaireConseil``, a wish's ``rang``/``Commentaire``, the text form of ``horairesJours``; missing
inferred fields read as "not said".
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models.orientation import (
    STEP_KINDS,
    Company,
    Internship,
    InternshipsPage,
    OrientationPage,
    OrientationStep,
    OrientationWish,
    Track,
)
from espace_parents_tui.pronote.parse._read import Node, unwrap

ORIENTATION = "PageOrientations"
INTERNSHIPS = "PageStage.General"
INTERNSHIP = "PageAppreciationFinDeStage"
COMPANIES = "ListeOffresStages"


def _message(root: Node) -> str:
    for key in ("Message", "message"):
        value = root.text(key, "")
        if value:
            return value
    return ""


def _label(node: Node | None) -> str:
    return node.text("L", "") if node is not None else ""


def _wish(node: Node, position: int) -> OrientationWish:
    track = node.opt_obj("Orientation")
    return OrientationWish(
        id=node.ident("N", None),
        track=_label(track) or node.text("L", ""),
        track_id=track.ident("N", None) if track is not None else None,
        rank=node.integer("rang", position),
        comment=node.text("Commentaire", ""),
    )


def _step(node: Node) -> OrientationStep:
    code = node.integer("G", None)
    ar = node.opt_obj("donneesAR")
    model = node.opt_obj("maquette")
    wishes = [_wish(n, i) for i, n in enumerate(node.objs("listeVoeux", required=False), start=1)]
    wishes.sort(key=lambda w: w.rank)
    return OrientationStep(
        id=node.ident("N", None),
        kind=STEP_KINDS.get(code, "") if code is not None else "",
        kind_code=code,
        title=node.text("titre", "") or node.text("L", ""),
        opens=node.date("dateDebutRubrique", None),
        closes=node.date("dateFinRubrique", None),
        editable=node.flag("avecSaisie"),
        max_wishes=model.integer("nombreVoeuxMax", None) if model is not None else None,
        published=node.flag("estPublie", True),
        wishes=tuple(wishes),
        council_comment=node.text("commentaireConseil", ""),
        acknowledgement_asked=node.flag("avecAccuseReception"),
        acknowledged=ar.flag("estAccuse") if ar is not None else False,
        acknowledged_on=ar.date("accuseLe", None) if ar is not None else None,
    )


def parse_orientation(data: Any) -> OrientationPage:
    """The decoded ``data`` of a ``PageOrientations`` answer → :class:`OrientationPage`."""
    root = Node.root(data, ORIENTATION)
    message = _message(root)
    if not root.has("listeRubriques"):
        return OrientationPage(message=message or "Aucune orientation.", offered=False)
    tracks = tuple(
        Track(n.ident("N", None), n.text("L"), n.flag("avecStageFamille"))
        for n in root.objs("listeOrientations", required=False)
    )
    steps = tuple(_step(n) for n in root.objs("listeRubriques") if n.integer("G", None) is not None)
    return OrientationPage(
        level=root.text("texteNiveau", ""), tracks=tracks, steps=steps, message=message, offered=True
    )


def internship_refs(data: Any) -> list[tuple[str, Internship]] | str:
    """``PageStage.General`` → (id, summary) of each internship, or the server's message when none."""
    root = Node.root(data, INTERNSHIPS)
    if not root.has("Stages"):
        return _message(root) or "Aucun stage."
    found = []
    for node in root.objs("Stages"):
        found.append((node.ident("N"), _internship(node)))
    return found


def _names(node: Node, key: str) -> tuple[str, ...]:
    return tuple(n.text("L", "") for n in node.objs(key, required=False) if n.text("L", ""))


def _internship(node: Node) -> Internship:
    firm = node.opt_obj("entreprise")
    address = ""
    if firm is not None:
        address = " ".join(x for x in (firm.text("adresse", ""), firm.text("codePostal", ""), firm.text("ville", "")) if x)
    tutor = node.opt_obj("maitreDeStage")
    notes = node.opt_obj("appreciations")
    schedule = unwrap(node.raw("horairesJours", ""))
    return Internship(
        id=node.ident("N", None),
        subject=node.text("sujet", "") or node.text("L", ""),
        company=_label(firm),
        start=node.date("dateDebut", None),
        end=node.date("dateFin", None),
        days=node.integer("nbJours", None),
        tutor=_label(tutor),
        referents=_names(node, "referents"),
        schedule=schedule if isinstance(schedule, str) else "",
        details=node.text("sujetDetaille", ""),
        evaluation=notes.text("appreciation", "") if notes is not None else "",
        company_address=address,
    )


def parse_internship(data: Any) -> Internship:
    """``PageAppreciationFinDeStage`` → the internship sheet."""
    return _internship(Node.root(data, INTERNSHIP).obj("stage"))


def parse_companies(data: Any) -> tuple[Company, ...]:
    root = Node.root(data, COMPANIES)
    return tuple(
        Company(
            id=n.ident("N", None),
            name=n.text("L", "") or n.text("nomCommercial", ""),
            activity=n.text("activite", ""),
            address=n.text("adresse", ""),
            postal_code=n.text("codePostal", ""),
            city=n.text("ville", ""),
            email=n.text("email", ""),
            phone=n.text("numeroFixe", ""),
            website=n.text("siteInternet", ""),
            offers=tuple(o.text("sujet", "") for o in n.objs("listeOffresStages", required=False)),
        )
        for n in root.objs("listeEntreprises", required=False)
    )


def internships_page(refs: list[Internship] | str, companies: tuple[Company, ...]) -> InternshipsPage:
    if isinstance(refs, str):
        return InternshipsPage(companies=companies, message=refs, offered=False)
    return InternshipsPage(internships=tuple(refs), companies=companies, offered=bool(refs))
