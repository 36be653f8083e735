"""The demo school's livret scolaire (tab 83, parent-features.md §9): for each class the child has
been in, the competence levels per subject, the subject's yearly appreciation, the levels of the
socle commun's domains and the year's general appreciation. Re-exported by :mod:`.school`.

The levels are the livret scolaire unique's four (``LIVRET_LEVELS``; the index + 1 is the level
number the page sends, a guess, reference §17).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Levels of mastery, in school-file terms; the page sends index + 1 (1: insufficient … 4: very good).
LIVRET_LEVELS = ("insuffisante", "fragile", "satisfaisante", "tres_bonne")


@dataclass
class LivretCompetence:
    name: str  # "Chercher et raisonner"
    level: str  # one of LIVRET_LEVELS


@dataclass
class LivretSubject:
    subject: str  # "MATHÉMATIQUES"
    competences: list[LivretCompetence] = field(default_factory=list)
    appreciation: str = ""  # the teacher's yearly appreciation


@dataclass
class LivretDomain:
    name: str  # a domain of the socle commun
    level: str  # one of LIVRET_LEVELS


@dataclass
class LivretYear:
    """The livret of one class (one school year) of the child."""

    year: str  # "2025-2026"
    class_name: str  # "5e B"
    published: date | None = None  # None: still being written (this year's)
    subjects: list[LivretSubject] = field(default_factory=list)
    domains: list[LivretDomain] = field(default_factory=list)
    appreciation: str = ""  # the year's general appreciation
