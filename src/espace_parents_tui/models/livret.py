"""The livret scolaire (``LivretScolaire``, tab 83, parent-features.md §9): for each class the child
has been in, the competence levels per subject, the subjects' appreciations, the levels of the socle
commun's domains and the year's general appreciation.

A livret the server answers with only a ``Message`` (nothing for this child) is kept with
``offered`` False: the app then offers no livret for that child.
"""

from __future__ import annotations

from espace_parents_tui.models.record import dataclass
from espace_parents_tui.models.text import N_

# Levels of mastery (the livret scolaire unique's four), by the number the server sends.
LEVELS = {
    1: N_("Maîtrise insuffisante"),
    2: N_("Maîtrise fragile"),
    3: N_("Maîtrise satisfaisante"),
    4: N_("Très bonne maîtrise"),
}
# Short marks for tables: one character per competence, from 1 (insufficient) to 4 (very good).
LEVEL_MARKS = {1: "▁", 2: "▃", 3: "▅", 4: "█"}


@dataclass(frozen=True)
class LivretCompetence:
    name: str
    level: int | None = None  # 1…4 (LEVELS); None: not assessed
    level_label: str = ""  # as the server names the level, when it does


@dataclass(frozen=True)
class LivretSubject:
    subject: str
    competences: tuple[LivretCompetence, ...] = ()
    appreciation: str = ""


@dataclass(frozen=True)
class LivretDomain:
    name: str
    level: int | None = None
    level_label: str = ""


@dataclass(frozen=True)
class LivretYear:
    """The livret of one class."""

    year: str  # "2025-2026" ("" when the server does not say)
    class_name: str  # "5e B"
    publication: str = ""  # strInfoDatePublication, as sent
    subjects: tuple[LivretSubject, ...] = ()
    domains: tuple[LivretDomain, ...] = ()
    appreciation: str = ""  # the year's general appreciation

    def subject(self, name: str) -> LivretSubject | None:
        return next((s for s in self.subjects if s.subject == name), None)

    def domain(self, name: str) -> LivretDomain | None:
        return next((d for d in self.domains if d.name == name), None)


@dataclass(frozen=True)
class Livret:
    """The child's livret scolaire, one entry per class, oldest first."""

    years: tuple[LivretYear, ...] = ()
    message: str = ""
    offered: bool = True

    def subjects(self) -> list[str]:
        """Every subject of any year, in the order they first appear."""
        names: list[str] = []
        for year in self.years:
            names.extend(s.subject for s in year.subjects if s.subject not in names)
        return names

    def domains(self) -> list[str]:
        names: list[str] = []
        for year in self.years:
            names.extend(d.name for d in year.domains if d.name not in names)
        return names

    def history(self, subject: str) -> list[tuple[LivretYear, LivretSubject | None]]:
        """One subject across the years, oldest first (None: not in that year's livret)."""
        return [(year, year.subject(subject)) for year in self.years]

    def domain_history(self, name: str) -> list[tuple[LivretYear, LivretDomain | None]]:
        return [(year, year.domain(name)) for year in self.years]


def level_words(level: int | None, label: str = "") -> str:
    """The level's French words (translate them with ``_()`` where shown); the server's own label
    when the number is not one of the four."""
    return LEVELS.get(level, label) if level is not None else label
