"""A second demo family for orientation and internships: ``add_second_family(school, today, seed)``
adds « M. DURAND Karim » (``durand`` / ``durand``) and his two children, asked for with
``demo_school(today, second_family=True)`` (``--demo --famille durand``); the built-in school's
first family (Léa in 4e, Hugo in 6e) has neither, as a collège's 4e and 6e have none.

- **DURAND Inès, 3e A** (collège): orientation towards the lycée — the « intentions provisoires »
  step is open (three wishes at most, one entered: 2nde générale et technologique), the council's
  recommendation is not published yet, the final wishes open in the spring; an observation
  internship (« stage d'observation de 3e ») in a bakery, the week after next.
- **DURAND Yanis, 2nde 4** (lycée): orientation towards the première — the intentions step closed
  on 20 November with two wishes, the council's recommendation is published and the family is asked
  to acknowledge it; the « stage de seconde » in June at the town hall.
- The company list the school shares (``ListeOffresStages``), three companies with their offers.

Dates are fixed in the school year (never ``today``), so the demo is the same from day to day.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from .model import Child, Parent, School, SchoolClass
from .school_records import (
    Company,
    Internship,
    Orientation,
    OrientationStep,
    OrientationTrack,
    Wish,
)

COLLEGE_TRACKS = [
    OrientationTrack("2gt", "2nde générale et technologique"),
    OrientationTrack("2pro", "2nde professionnelle", with_internship=True),
    OrientationTrack("cap", "1re année de CAP", with_internship=True),
    OrientationTrack("2sthr", "2nde STHR"),
]
LYCEE_TRACKS = [
    OrientationTrack("1g", "1re générale"),
    OrientationTrack("1stmg", "1re STMG"),
    OrientationTrack("1sti2d", "1re STI2D"),
    OrientationTrack("1st2s", "1re ST2S"),
]
COMPANIES = [
    Company(
        "boulangerie",
        "Boulangerie du Marché",
        "Boulangerie, pâtisserie",
        "3 place du Marché",
        "69100",
        "Villeurbanne",
        "contact@boulangerie-marche.example",
        "04 78 00 00 01",
        "",
        ["Découverte des métiers de bouche"],
    ),
    Company(
        "mairie",
        "Mairie de Villeurbanne",
        "Administration publique",
        "Place Lazare-Goujon",
        "69100",
        "Villeurbanne",
        "stages@mairie.example",
        "04 78 00 00 02",
        "https://mairie.example",
        ["Service communication", "Service jeunesse"],
    ),
    Company(
        "labo",
        "Laboratoire Rhône Analyses",
        "Analyses médicales",
        "12 rue des Sciences",
        "69003",
        "Lyon",
        "",
        "04 78 00 00 03",
        "",
        [],
    ),
]


def _copy_week(child: Child, source: Child) -> None:
    child.timetable = [dataclasses.replace(lesson, group=None) for lesson in source.timetable]


def add_second_family(school: School, today: date, seed: int) -> None:
    year = school.year_start.year
    school.classes += [SchoolClass("3e A", "3e"), SchoolClass("2nde 4", "2nde")]
    ines = Child("ines", "DURAND Inès", "3e A")
    yanis = Child("yanis", "DURAND Yanis", "2nde 4")
    lea = school.children[0]
    _copy_week(ines, lea)
    _copy_week(yanis, lea)
    ines.orientation = Orientation(
        "Orientation en fin de 3e",
        list(COLLEGE_TRACKS),
        [
            OrientationStep(
                "intentions",
                "Intentions provisoires (2e trimestre)",
                opens=date(year, 11, 16),
                closes=date(year, 12, 18),
                max_wishes=3,
                wishes=[Wish("2gt", "Intéressée par les sciences.")],
            ),
            OrientationStep("recommandations", "Avis provisoire du conseil de classe", published=False),
            OrientationStep(
                "voeux", "Vœux définitifs (3e trimestre)", opens=date(year + 1, 4, 6), closes=date(year + 1, 5, 22)
            ),
        ],
    )
    yanis.orientation = Orientation(
        "Orientation en fin de 2nde",
        list(LYCEE_TRACKS),
        [
            OrientationStep(
                "intentions",
                "Intentions provisoires",
                opens=date(year, 11, 2),
                closes=date(year, 11, 20),
                max_wishes=3,
                wishes=[Wish("1g", "Spécialités envisagées : SES, HGGSP, LLCER."), Wish("1stmg")],
            ),
            OrientationStep(
                "recommandations",
                "Avis provisoire du conseil de classe",
                answers=["1g"],
                comment="Avis favorable pour la 1re générale ; la 1re STMG est aussi envisageable.",
                acknowledge=True,
            ),
            OrientationStep(
                "voeux", "Vœux définitifs", opens=date(year + 1, 4, 6), closes=date(year + 1, 5, 22), max_wishes=4
            ),
        ],
    )
    ines.internships = [
        Internship(
            "observation",
            "Stage d'observation de 3e",
            "boulangerie",
            date(year, 12, 7),
            date(year, 12, 11),
            tutor="M. ROUX Pascal",
            referent="Mme LEROY S.",
            schedule="8h-12h, 14h-17h (mercredi : 8h-12h)",
            details="Découvrir l'organisation d'un commerce de bouche : fabrication, vente, hygiène.",
        )
    ]
    yanis.internships = [
        Internship(
            "seconde",
            "Stage de seconde",
            "mairie",
            date(year + 1, 6, 14),
            date(year + 1, 6, 25),
            tutor="Mme BENOÎT Agnès",
            referent="M. GARNIER P.",
            schedule="9h-12h, 13h30-17h",
            details="Service communication : préparer la lettre d'information de l'été.",
        )
    ]
    school.companies = list(COMPANIES)
    school.children += [ines, yanis]
    school.parents.append(Parent("durand", "durand", "M. DURAND Karim", [ines, yanis]))
