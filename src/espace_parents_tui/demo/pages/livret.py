"""The livret scolaire (tab 83 ``LivretScolaire_Fiche``, parent-features.md §9).

``LivretScolaire`` with ``{Classe: {N}, AvecDonneesClasse: true, Eleve: {N}}``; the class is one of
the child's ``listeClassesHistoriques`` (``ParametresUtilisateur``). Seen in PRONOTE's client
(confidence A): the top-level ``options``, ``strInfoDatePublication``, ``graphe``, ``infoSorti``,
``avecJauge``, ``avecCalculeCompetences``, ``avecFiliere``, ``estFilierePro``, ``estCasBACPro``,
``listeAccusesReception``, ``estFiliereNew``, ``tailleMaxSaisie``. **Guessed** (reference §17: only
the top level is known), this demo's shape of the content:

- ``classe {N, L}``, ``strAnnee`` (the school year);
- ``listeNiveaux[{G, L}]``: the levels of mastery (G 1 "Maîtrise insuffisante" … 4 "Très bonne
  maîtrise");
- ``listeServices[{N, L: subject, appreciationAnnuelle, listeCompetences[{N, L, niveau: {G}}]}]``;
- ``listeDomaines[{N, L, niveau: {G}}]``: the socle commun's domains;
- ``appreciationGenerale``.

What the server refuses: the tab not opened to the account (access refused), an ``Eleve`` that is
not the child the call is made for (access refused), a class that is not one of the child's
(page unavailable). A class with no livret, or a child with none, gets ``{Message}`` only.
"""

from __future__ import annotations

from typing import Any

from .contract import PageFault, PageRequest, child_id, page
from .params import historic_classes, offered_tabs
from .values import FAULT_ACCESS_DENIED, FAULT_PAGE_UNAVAILABLE, TABLE_SUBJECT, liste, request_child

LIVRET_TAB = 83
TABLE_COMPETENCE = 160  # not seen anywhere: a guess
TABLE_DOMAIN = 163  # not seen anywhere: a guess
LEVELS = {
    "insuffisante": (1, "Maîtrise insuffisante"),
    "fragile": (2, "Maîtrise fragile"),
    "satisfaisante": (3, "Maîtrise satisfaisante"),
    "tres_bonne": (4, "Très bonne maîtrise"),
}
NO_LIVRET = "Aucun livret scolaire n'est disponible pour cette classe."


def _ident(value: Any) -> Any:
    return value.get("N") if isinstance(value, dict) else None


def _level(name: str) -> dict[str, Any]:
    return {"G": LEVELS[name][0]}


@page("LivretScolaire", LIVRET_TAB)
def livret_scolaire(request: PageRequest) -> dict[str, Any]:
    if LIVRET_TAB not in offered_tabs(request.school, request.parent):
        raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé.")
    child = request_child(request)
    data = request.data if isinstance(request.data, dict) else {}
    pupil = _ident(data.get("Eleve"))
    if pupil is not None and pupil != child_id(request.ids, child):
        raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé.")
    wanted = _ident(data.get("Classe"))
    key = request.ids.lookup(wanted)
    klass = next(((y, n) for k, y, n in historic_classes(request.school, child) if k == key), None)
    if klass is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    year, class_name = klass
    livret = next((y for y in child.livret if y.year == year and y.class_name == class_name), None)
    if livret is None:
        return {"Message": NO_LIVRET}
    published = livret.published
    return {
        "options": {},
        "strInfoDatePublication": f"Livret publié le {published:%d/%m/%Y}"
        if published
        else "Livret en cours de saisie",
        "avecJauge": True,
        "avecCalculeCompetences": False,
        "avecFiliere": False,
        "estFilierePro": False,
        "estCasBACPro": False,
        "estFiliereNew": False,
        "listeAccusesReception": liste([]),
        "tailleMaxSaisie": 600,
        "classe": {"N": wanted, "L": class_name},
        "strAnnee": year,
        "listeNiveaux": liste([{"G": g, "L": label} for g, label in LEVELS.values()]),
        "listeServices": liste(
            [
                {
                    "N": request.ids.mint(TABLE_SUBJECT, f"subject:{s.subject}"),
                    "L": s.subject,
                    "appreciationAnnuelle": s.appreciation,
                    "listeCompetences": liste(
                        [
                            {
                                "N": request.ids.mint(TABLE_COMPETENCE, f"livret:{s.subject}:{c.name}"),
                                "L": c.name,
                                "niveau": _level(c.level),
                            }
                            for c in s.competences
                        ]
                    ),
                }
                for s in livret.subjects
            ]
        ),
        "listeDomaines": liste(
            [
                {
                    "N": request.ids.mint(TABLE_DOMAIN, f"domain:{d.name}"),
                    "L": d.name,
                    "niveau": _level(d.level),
                }
                for d in livret.domains
            ]
        ),
        "appreciationGenerale": livret.appreciation,
    }
