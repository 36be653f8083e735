"""The school record over the years (``PageSuiviPluriannuel``, tab 44) and the digital textbooks
(``ManuelsNumeriques``, tab 250), parent-features.md §8-§9.

A page the server answers with only a ``Message`` (nothing for this child) is kept as a value with
``offered`` False: the app then shows no section for that child.
"""

from __future__ import annotations

from espace_parents_tui.models.homework import DigitalResource
from espace_parents_tui.models.record import dataclass

# A change of at least this many points between two years is a trend; less is "stable".
TREND_STEP = 0.5


@dataclass(frozen=True)
class PastReportCard:
    """A report card of a past year, offered as a PDF (``listeBulletins`` of a year)."""

    id: str | None
    period: str  # "Trimestre 1"
    year: str  # "2024-2025"
    file_name: str = ""  # nomFichier, sent back to GenerationPDF
    ident: str = ""  # ident, sent back to GenerationPDF
    # The tab that listed it, from which its PDF is asked: 44 (the suivi's listeBulletins), or 227 /
    # 228 (BulletinAnneesPrec_*, listeBulletinsBIA).
    tab: int = 44
    class_name: str = ""  # libelleClasse (listeBulletinsBIA only)


@dataclass(frozen=True)
class YearAverage:
    """One subject's average for one school year."""

    subject: str
    average: float | None = None
    class_average: float | None = None


@dataclass(frozen=True)
class SchoolYearRecord:
    """One school year of the record: the class, the averages, the report cards."""

    year: str  # "2024-2025"
    classes: str = ""  # "5e B"
    average: float | None = None  # the general average
    class_average: float | None = None
    subjects: tuple[YearAverage, ...] = ()
    report_cards: tuple[PastReportCard, ...] = ()

    def subject(self, name: str) -> YearAverage | None:
        return next((s for s in self.subjects if s.subject == name), None)


@dataclass(frozen=True)
class SchoolRecord:
    """The suivi pluriannuel: every school year the school keeps, oldest first."""

    years: tuple[SchoolYearRecord, ...] = ()
    message: str = ""  # what the server says instead, when it has nothing for this child
    offered: bool = True
    # Where the past report cards come from: "suivi" (PageSuiviPluriannuel's listeBulletins) or
    # "bia" (DocumentsATelecharger on tabs 227/228, where the school offers them).
    cards_source: str = "suivi"

    def subjects(self) -> list[str]:
        """Every subject of any year, in the order they first appear."""
        names: list[str] = []
        for year in self.years:
            for item in year.subjects:
                if item.subject not in names:
                    names.append(item.subject)
        return names

    def history(self, subject: str) -> list[tuple[str, float | None]]:
        """``(year, average)`` of one subject, oldest first (None: no average that year)."""
        found = []
        for year in self.years:
            item = year.subject(subject)
            found.append((year.year, item.average if item else None))
        return found

    def trend(self, subject: str) -> str:
        """"hausse", "baisse" or "stable" between the last two years with an average; "" if fewer."""
        values = [v for _, v in self.history(subject) if v is not None]
        if len(values) < 2:
            return ""
        delta = values[-1] - values[-2]
        if delta >= TREND_STEP:
            return "hausse"
        if delta <= -TREND_STEP:
            return "baisse"
        return "stable"

    def report_cards(self) -> list[PastReportCard]:
        return [card for year in self.years for card in year.report_cards]


@dataclass(frozen=True)
class Textbooks:
    """The child's digital textbooks (``kiosque.listeRessources``)."""

    books: tuple[DigitalResource, ...] = ()
    message: str = ""
    offered: bool = True
