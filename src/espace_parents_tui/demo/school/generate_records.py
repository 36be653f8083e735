"""The demo school's past school years: ``add_records(school, today, seed)`` runs last and gives each
child who was in this collège before (the first child, in 4e: 6e and 5e) two past years of
per-subject averages with the class's, and the three report cards of each year as PDF.

The averages are drawn around the child's level in each subject (the one this year's grades are
drawn around, :func:`.generate_reports.subject_level`), a little lower the further back, so the
Parcours shows trends. A child who arrived this year (the second, in 6e) has no past year.
Deterministic: seeded from the seed and the child, never the clock.
"""

from __future__ import annotations

import random
from datetime import date

from .documents import b64, make_pdf
from .generate_reports import subject_level
from .model import School
from .records import Document
from .school_records import PastAverage, PastReportCard, PastYear

# Subjects not taught in a level (LV2 and physique-chimie start in 5e).
NOT_TAUGHT = {"6e": {"ESPAGNOL LV2", "PHYSIQUE-CHIMIE"}}
LEVELS = ("6e", "5e", "4e", "3e", "2nde")
PERIODS = ("Trimestre 1", "Trimestre 2", "Trimestre 3")


def add_records(school: School, today: date, seed: int) -> None:
    school.extra_tabs = [44, 227, 228]
    start = school.year_start.year
    for child in school.children:
        level = next((c.level for c in school.classes if c.name == child.class_name), "")
        if level not in LEVELS:
            continue
        before = LEVELS[: LEVELS.index(level)]
        subjects = [s.name for s in school.subjects if any(les.subject == s.name for les in child.timetable)]
        last = child.class_name.split()[-1]
        letter = last if len(last) == 1 and last.isalpha() else "C"
        for back, past_level in enumerate(reversed(before), start=1):
            year = f"{start - back}-{start - back + 1}"
            class_name = f"{past_level} {letter}".strip()
            rng = random.Random(f"{seed}:{child.key}:{year}:record")
            averages = []
            for subject in subjects:
                if subject in NOT_TAUGHT.get(past_level, set()):
                    continue
                value = subject_level(seed, child, subject) - 0.6 * back + rng.uniform(-1.5, 1.5)
                value = round(min(19.5, max(4.0, value)), 2)
                averages.append(PastAverage(subject, value, round(rng.uniform(10.5, 13.5), 2)))
            cards = []
            for period in PERIODS:
                key = f"bulletin-{child.key}-{year}-{period.split()[-1]}"
                school.documents.append(
                    Document(
                        key,
                        f"Bulletin {period} {year}.pdf",
                        data=b64(
                            make_pdf(
                                f"Bulletin {period} {year}",
                                [f"Eleve : {child.name}", f"Classe : {class_name}", school.name],
                            )
                        ),
                    )
                )
                cards.append(PastReportCard(period, key))
            child.past_years.insert(0, PastYear(year, class_name, averages, cards))
