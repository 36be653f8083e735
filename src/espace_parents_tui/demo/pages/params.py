"""``FonctionParametres`` (the school's calendar and grid) and ``ParametresUtilisateur`` (the parent,
the children, the tabs), shaped like ``fixtures/pronote-real/FonctionParametres/parent-space.json``
and ``ParametresUtilisateur/parent-two-children.json``.
"""

from __future__ import annotations

import hashlib
from datetime import date, time, timedelta
from typing import Any

from .contract import PageRequest, child_id, page
from .values import (
    TABLE_ABSENCE_REASON,
    TABLE_CLASS,
    TABLE_DELAY_REASON,
    TABLE_GROUP,
    TABLE_HOLIDAY,
    TABLE_PARENT,
    TABLE_PERIOD,
    TABLE_SCHOOL,
    day_value,
    hour_label,
    liste,
    set_text,
    typed,
)

# The parent tab tree of the recording (tab, sub-tabs), in order.
PARENT_TAB_TREE: list[tuple[int, list[int]]] = [
    (7, []),
    (16, []),
    (61, [89, 88, 275, 250]),
    (5, [37, 19]),
    (3, [198, 12, 13, 41]),
    (55, [201, 100]),
    (90, []),
    (52, [288, 42, 101]),
    (40, [15]),
    (2, [131, 8, 284, 9, 10]),
    (6, [49, 22, 148]),
]
# Where a tab the recorded tree lacks hangs when a school opens it (``School.extra_tabs``):
# 44 SuiviPluriannuel, 83 LivretScolaire_Fiche, 227/228 BulletinAnneesPrec_* under 3 (Notes).
EXTRA_TAB_HEADINGS = {44: 3, 83: 3, 227: 3, 228: 3}
INVISIBLE_TABS = [90, 250, 288]
NOTIFICATION_TABS = [131, 148, 8, 275]
NAVIGATION_TAB = 7
# Tabs for which each child lists its periods (``listeOngletsPourPeriodes``).
PERIOD_TABS = [12, 198, 13, 19, 201, 41]
ATTENDANCE_TAB = 19

PERIOD_GENRES = {"trimestre": 1, "semestre": 2, "annee": 3}
FONTS = [
    "Arial",
    "Calibri",
    "Comic Sans MS",
    "Courier New",
    "Georgia",
    "Tahoma",
    "Times New Roman",
    "Verdana",
]


def period_id(request: PageRequest, period: Any) -> str:
    return request.ids.mint(TABLE_PERIOD, f"period:{period.name}")


def version_text(request: PageRequest) -> str:
    return ".".join(str(part) for part in request.server_version[:3])


@page("FonctionParametres")
def fonction_parametres(request: PageRequest) -> dict[str, Any]:
    version = version_text(request)
    nav = request.data.get("identifiantNav") if isinstance(request.data, dict) else None
    if not isinstance(nav, str) or not nav:
        nav = hashlib.sha256(request.ids.mint(0, "identifiantNav").encode()).hexdigest().upper()
    return {
        "identifiantNav": nav,
        "estAfficheDansENT": False,
        "listePolices": liste([{"L": name} for name in FONTS]),
        "avecMembre": True,
        "pourNouvelleCaledonie": False,
        "genreImageConnexion": 0,
        "urlImageConnexion": "",
        "tableauVersion": list(request.server_version),
        "logoProduitCss": "Image_Logo_PronoteBarreHaut",
        "labelLienProduit": "Aller sur le site de Pronote",
        "DateServeurHttp": typed(7, request.today.strftime("%d/%m/%Y 00:00:00")),
        "URLEspace": "parent.html",
        "Nom": "Espace Parents",
        "General": _general(request, version),
    }


def _general(request: PageRequest, version: str) -> dict[str, Any]:
    school = request.school
    grid = school.grid
    lessons = [les for child in school.children for les in child.timetable]
    mornings = {les.weekday for les in lessons if les.start < grid.lunch_start}
    afternoons = {les.weekday for les in lessons if les.start >= grid.lunch_start}
    open_day = first_school_day(school, request.today)
    last_week = school.week_number(school.year_end)
    return {
        "versionPN": version,
        "version": f"PRONOTE {version} gestion de vie scolaire, notes, compétences, absences (serveur de démonstration)",
        "millesime": str(request.server_version[0]),
        "nomProduit": "PRONOTE",
        "langue": "fr",
        "langID": 1036,
        "listeLangues": liste([{"langID": 1036, "description": "Français"}]),
        "NomEtablissement": school.name,
        "NomEtablissementConnexion": school.name,
        "numeroPremiereSemaine": 1,
        "AnneeScolaire": school.year_label,
        "dateDebutPremierCycle": day_value(school.first_monday),
        "PremierLundi": day_value(school.first_monday),
        "PremiereDate": day_value(school.year_start),
        "DerniereDate": day_value(school.year_end),
        "PlacesParJour": grid.places_per_day,
        "PlacesParHeure": grid.places_per_hour,
        "DureeSequence": grid.place_minutes / (24 * 60),
        "PlaceDemiJourneeAbsence": grid.place_of(grid.lunch_end) - 1,
        "activationDemiPension": False,
        "debutDemiPension": grid.place_of(grid.lunch_start),
        "finDemiPension": grid.place_of(grid.lunch_end),
        "AvecHeuresPleinesApresMidi": grid.lunch_end.minute != 0,
        "JourOuvre": day_value(open_day),
        "JoursOuvres": typed(11, set_text([d + 1 for d in school.school_weekdays])),
        "JoursDemiPension": typed(26, set_text(list(school.school_weekdays))),
        "joursOuvresParCycle": len(school.school_weekdays),
        "premierJourSemaine": 2,
        "grillesEDTEnCycle": 0,
        "setOfJoursCycleOuvre": typed(26, set_text(list(range(len(school.school_weekdays))))),
        "DemiJourneesOuvrees": [
            typed(26, set_text(sorted(mornings))),
            typed(26, set_text(sorted(afternoons))),
        ],
        "DomainesFrequences": [typed(8, f"[1..{last_week}]")],
        "LibellesFrequences": ["", "Q1", "Q2", ""],
        "BaremeNotation": typed(10, "20"),
        "BaremeMaxDevoirs": typed(10, "999"),
        "listeAnnotationsAutorisees": typed(26, "[1..8]"),
        "listeJoursFeries": liste(
            [
                {
                    "N": request.ids.mint(TABLE_HOLIDAY, f"holiday:{h.name}:{h.start.isoformat()}"),
                    "L": h.name,
                    "dateDebut": day_value(h.start),
                    "dateFin": day_value(h.end),
                }
                for h in school.holidays
            ]
        ),
        "PremiereHeure": typed(7, f"30/12/1899 {grid.first_time:%H:%M}:00"),
        "ListeHeures": liste(_hours(grid, ends=False)),
        "ListeHeuresFin": liste(_hours(grid, ends=True)),
        "ListePeriodes": [
            {
                "L": period.name,
                "N": period_id(request, period),
                "G": PERIOD_GENRES.get(period.kind, 0),
                "periodeNotation": index,
                "dateDebut": day_value(period.start),
                "dateFin": day_value(period.end),
            }
            for index, period in enumerate(school.periods)
        ],
        "recreations": liste([{"L": b.name, "place": grid.place_of(b.time)} for b in grid.breaks]),
    }


def _hours(grid: Any, ends: bool) -> list[dict[str, Any]]:
    """``ListeHeures`` / ``ListeHeuresFin``: one entry per place and one more, as recorded.

    The last entry repeats the end of the day; clients find a lesson's end at
    ``place % (len - 1) + duree - 1``. ``A: false`` marks the times that are not lesson boundaries.
    """
    starts = set(grid.lesson_starts)
    lesson_ends = {_plus(t, 60) for t in grid.lesson_starts}
    last = grid.places_per_day
    entries = []
    for place in range(last + 1):
        moment = grid.time_of(min(place + 1, last)) if ends else grid.time_of(place)
        entry: dict[str, Any] = {"G": place, "L": hour_label(moment)}
        boundary = (moment in lesson_ends) if ends else (moment in starts or place == last)
        if not boundary or (ends and place == last):
            entry["A"] = False
        entries.append(entry)
    return entries


def _plus(moment: time, minutes: int) -> time:
    total = moment.hour * 60 + moment.minute + minutes
    return time(total // 60 % 24, total % 60)


# -- ParametresUtilisateur -------------------------------------------------------------------------


@page("ParametresUtilisateur")
def parametres_utilisateur(request: PageRequest) -> dict[str, Any]:
    school = request.school
    parent = request.parent
    granted = set(parent.tabs) if parent.tabs is not None else None
    school_element = {"L": school.name, "N": request.ids.mint(TABLE_SCHOOL, "school")}
    last_week = school.week_number(school.year_end)
    tree = _tab_tree(granted, school.extra_tabs)
    shown = {node["G"] for node in tree} | {sub["G"] for node in tree for sub in node.get("Onglet", [])}
    return {
        "ressource": {
            "L": parent.name,
            "N": request.ids.mint(TABLE_PARENT, f"parent:{parent.login}"),
            "G": 5,
            "listeRessources": [
                _child(request, child, position, school_element, granted)
                for position, child in enumerate(parent.children, start=1)
            ],
            "listeClassesDelegue": liste([]),
            "estDelegue": False,
            "estMembreCA": False,
            "avecDiscussionResponsables": False,
            "listeNumerosUtiles": liste([]),
            **(
                {"nbMaxJoursDeclarationAbsence": school.declare_absence_days}
                if school.declare_absence_days is not None
                else {}
            ),
        },
        "listeInformationsEtablissements": liste(
            [
                {
                    **school_element,
                    "Coordonnees": {
                        "Adresse1": school.address,
                        "Adresse2": "",
                        "Adresse3": "",
                        "Adresse4": "",
                        "CodePostal": school.postal_code,
                        "LibellePostal": "",
                        "LibelleVille": school.city,
                        "Province": "",
                        "Pays": "",
                        "SiteInternet": "",
                    },
                    "avecInformations": True,
                }
            ]
        ),
        "listeMotifsAbsences": liste(
            [_reason(request, r, TABLE_ABSENCE_REASON, "absence") for r in school.absence_reasons]
        ),
        "listeMotifsRetards": liste(
            [_reason(request, r, TABLE_DELAY_REASON, "delay") for r in school.delay_reasons]
        ),
        "parametresUtilisateur": {
            "version": 1,
            "EDT": {
                "afficherCoursAnnules": True,
                "axeInverseEDT": False,
                "axeInversePlanningHebdo": True,
                "axeInversePlanningJour": False,
                "axeInversePlanningJour2": False,
                "nbJours": 0,
                "nbRessources": 0,
                "nbJoursEDT": 0,
                "nbSequences": 0,
            },
            "Communication": {"DiscussionNonLues": False},
        },
        "autorisationsSession": {
            "fonctionnalites": {
                "gestionTwitter": False,
                "attestationEtendue": False,
                "gestionARBulletins": True,
            }
        },
        "autorisations": {
            "AvecDiscussion": True,
            "AvecDiscussionPersonnels": True,
            "AvecDiscussionProfesseurs": True,
            "AvecDiscussionParents": False,
            "AvecSaisieObservationsParents": True,
            "accesDecrochage": False,
            "incidents": {},
            "intendance": {},
            "services": {},
            "cours": {
                "domaineConsultationEDT": typed(8, f"[1..{last_week}]"),
                "domaineModificationCours": typed(8, "[]"),
                "masquerPartiesDeClasse": True,
            },
            "tailleMaxDocJointEtablissement": school.uploads.max_bytes,
            **({"AvecDeclarerUneAbsence": True} if parent.declare_absences else {}),
            "tailleTravailAFaire": 1000,
            "tailleCirconstance": 10000,
            "tailleCommentaire": 1000,
            "consulterDonneesAdministrativesAutresEleves": False,
            "compte": {
                "avecSaisieMotDePasse": parent.account.may_change_password,
                "avecSaisieMotDePasseEleve": any(c.account.parents_set_password for c in parent.children),
                "avecInformationsPersonnelles": True,
                "avecSaisieInfosPersoCoordonnees": parent.account.may_edit_contact,
                "avecSaisieInfosPersoAutorisations": parent.account.may_edit_preferences,
            },
            "autoriserImpressionBulletinReleveBrevet": True,
        },
        "reglesSaisieMotDePasse": password_rules(parent),
        "tabEtablissementsModeleGrille": [],
        "listeOnglets": tree,
        "listeOngletsInvisibles": [tab for tab in INVISIBLE_TABS if tab in shown],
        "listeOngletsNotification": [tab for tab in NOTIFICATION_TABS if tab in shown],
    }


def password_rules(parent: Any) -> dict[str, Any]:
    """``reglesSaisieMDP{min, max, regles}`` (pawnote-papillon.md §2.6; ``regles`` as a number set)."""
    rules = parent.account.password_rules
    return {"min": rules.min_length, "max": rules.max_length, "regles": typed(26, set_text(rules.rules))}


def _reason(request: PageRequest, label: str, table: int, prefix: str) -> dict[str, Any]:
    """A reason of ``listeMotifsAbsences`` / ``listeMotifsRetards``; ``justificationObligatoire``
    when the school wants a comment or a document with it (parent-features.md §2.2)."""
    reason: dict[str, Any] = {"L": label, "N": request.ids.mint(table, f"{prefix}:{label}")}
    if label in request.school.reasons_needing_justification:
        reason["justificationObligatoire"] = True
    return reason


def offered_tabs(school: Any, parent: Any) -> set[int]:
    """Every tab the account's tree lists (headings and sub-tabs)."""
    granted = set(parent.tabs) if parent.tabs is not None else None
    tree = _tab_tree(granted, school.extra_tabs)
    return {node["G"] for node in tree} | {sub["G"] for node in tree for sub in node.get("Onglet", [])}


def _tab_tree(granted: set[int] | None, extra: list[int] | tuple[int, ...] = ()) -> list[dict[str, Any]]:
    """The recorded parent tree, plus the school's ``extra_tabs`` under their heading; with
    ``Parent.tabs``, only the granted tabs (navigation, 7, stays).

    A heading tab (3, 55…) stays when one of its sub-tabs is granted, as the place it hangs from.
    """
    tree = []
    for tab, subs in PARENT_TAB_TREE:
        subs = subs + [t for t in extra if EXTRA_TAB_HEADINGS.get(t) == tab and t not in subs]
        kept = [s for s in subs if granted is None or s in granted]
        if granted is not None and tab != NAVIGATION_TAB and tab not in granted and not kept:
            continue
        node: dict[str, Any] = {"G": tab}
        if kept:
            node["Onglet"] = [{"G": s} for s in kept]
        tree.append(node)
    return tree


def _child(
    request: PageRequest, child: Any, position: int, school_element: dict, granted: set[int] | None
) -> dict[str, Any]:
    school = request.school
    class_element = {"L": child.class_name, "N": request.ids.mint(TABLE_CLASS, f"class:{child.class_name}")}
    grading = school.grading_periods()
    current = school.current_period(request.today)
    periods = [
        {"L": p.name, "N": period_id(request, p), "G": 2, "A": True, "GenreNotation": 1} for p in grading
    ]
    default = {"L": current.name, "N": period_id(request, current)}
    tab_periods = []
    for tab in PERIOD_TABS if child.tab_periods is None else []:
        if granted is not None and tab not in granted:
            continue
        listed = periods
        if tab == ATTENDANCE_TAB:
            listed = [{"G": 1, "L": f"Année ({_count_label(len(grading))})"}, *periods]
        tab_periods.append({"G": tab, "listePeriodes": liste(listed), "periodeParDefaut": typed(24, default)})
    if child.tab_periods is not None:
        tab_periods = _shown_tab_periods(request, child.tab_periods)
    return {
        "L": child.name,
        "N": child_id(request.ids, child),
        "G": 4,
        "P": position,
        "Etablissement": typed(24, dict(school_element)),
        "avecPhoto": False,
        "classeDEleve": class_element,
        "estClasseRattachementduJour": False,
        "listeClassesHistoriques": liste(
            [
                {
                    "L": name,
                    "N": request.ids.mint(TABLE_CLASS, key),
                    "courant": key == current_class_key(child),
                    "AvecNote": True,
                    "AvecFiliere": False,
                }
                for key, _year, name in historic_classes(request.school, child)
            ]
        ),
        "listeGroupes": liste(
            [{"L": g, "N": request.ids.mint(TABLE_GROUP, f"group:{g}")} for g in child.groups]
        ),
        "listeOngletsPourPeriodes": liste(tab_periods),
        "listeOngletsPourPiliers": liste([]),
        "listeMatieresDeclarationDispense": liste([]),
    }


def current_class_key(child: Any) -> str:
    return f"class:{child.class_name}"


def historic_classes(school: Any, child: Any) -> list[tuple[str, str, str]]:
    """``(id key, school year, class name)`` of every class the child has been in, oldest first,
    this year's last (``listeClassesHistoriques``: the past years' classes, from the record and the
    livret, then the current class)."""
    past = {y.year: y.class_name for y in child.past_years}
    past.update({y.year: y.class_name for y in child.livret})
    past.pop(school.year_label, None)
    found = [(f"class:{year}:{name}", year, name) for year, name in sorted(past.items())]
    return [*found, (current_class_key(child), school.year_label, child.class_name)]


def _count_label(count: int) -> str:
    words = {2: "Deux semestres", 3: "Trois trimestres"}
    return words.get(count, f"{count} périodes")


def first_school_day(school: Any, day: date) -> date:
    """``day`` if lessons take place then, else the next such day (the last day of the year at most)."""
    while day <= school.year_end and not school.is_school_day(day):
        day += timedelta(days=1)
    return min(day, school.year_end)


def _shown_tab_periods(request: PageRequest, shown: list[Any]) -> list[dict[str, Any]]:
    """Each tab's periods as a support bundle recorded them (every tab the server listed, granted or
    not): a school period by its id, another with its own dates; the default one by name."""
    school, entries = request.school, []
    for tab in shown:
        listed = []
        for item in tab.periods:
            period = school.period_named(item.name)
            entry: dict[str, Any] = {"L": item.name, "A": True, "GenreNotation": 1}
            if item.kind is not None:
                entry["G"] = item.kind
            if period is not None:
                entry["N"] = period_id(request, period)
            elif item.start is not None and item.end is not None:
                entry["dateDebut"], entry["dateFin"] = day_value(item.start), day_value(item.end)
            listed.append(entry)
        node: dict[str, Any] = {"G": tab.tab, "listePeriodes": liste(listed)}
        default = school.period_named(tab.default) if tab.default else None
        if default is not None:
            node["periodeParDefaut"] = typed(24, {"L": default.name, "N": period_id(request, default)})
        entries.append(node)
    return entries
