"""Averages computed from the grades, the way PRONOTE computes them: they fill the averages a school
does not publish (marked as computed), draw a subject's average over time, and answer "what if".

The school's own averages always win where it gives one. The rules (the same ones the demo school's
server applies, written there on its own, so that a test comparing both can fail):

- a mark counts on 20 (``value / out_of * 20``); its weight is its coefficient, times ``out_of / 20``
  unless the grade is "ramenée sur 20" (then it counts as a mark out of 20 with its full coefficient);
- special codes are left out (absent, exempt, not graded, unfit, not handed in), except "Absent" and
  "Non rendu" counting as zero;
- a bonus grade adds to the points only what it has above 10/20, times its weight, and adds no
  weight; an optional grade counts only if it raises the average (the best ones first);
- a subject with sub-subjects averages its sub-subjects' averages, weighted by their coefficients;
- the overall average is the plain mean of the subject averages (sub-subjects counted in theirs);
- arithmetic is exact (fractions) and the result is rounded half up to the hundredth, at most 20.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from espace_parents_tui.models import Grade, GradeReport, Mark, Subject, SubjectAverage

TWENTY = Fraction(20)


@lru_cache(maxsize=4096)
def exact(value: float) -> Fraction:
    """A number as the server wrote it ("14,25" → 14.25 → exactly 57/4)."""
    return Fraction(repr(float(value)))


def rounded(value: Fraction) -> float:
    """PRONOTE's rounding of an average: half up, to the hundredth."""
    quotient = Decimal(value.numerator) / Decimal(value.denominator)
    return float(quotient.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _counted(grade: Grade) -> tuple[Fraction, Fraction] | None:
    """(mark on 20, weight) of a grade that counts, None for one left out."""
    mark = grade.mark
    if mark.special is not None:
        if not mark.special.counts_as_zero:
            return None
        value = Fraction(0)
    elif mark.value is None:
        return None
    else:
        value = exact(mark.value)
    out_of = exact(grade.out_of) if grade.out_of else TWENTY
    weight = exact(grade.coefficient) * (1 if grade.scaled_to_20 else out_of / TWENTY)
    return value / out_of * TWENTY, weight


def subject_average(grades: Iterable[Grade]) -> Fraction | None:
    """The exact average out of 20 of one subject's grades; None when no grade counts."""
    regular: list[tuple[Fraction, Fraction]] = []
    optional: list[tuple[Fraction, Fraction]] = []
    bonus: list[tuple[Fraction, Fraction]] = []
    for grade in grades:
        pair = _counted(grade)
        if pair is None:
            continue
        (bonus if grade.is_bonus else optional if grade.is_optional else regular).append(pair)
    points = sum((v * w for v, w in regular), Fraction(0))
    weight = sum((w for _v, w in regular), Fraction(0))
    for value, w in sorted(optional, key=lambda pair: pair[0], reverse=True):
        if w and (not weight or value > points / weight):
            points, weight = points + value * w, weight + w
    if not weight:
        return None
    points += sum((max(Fraction(0), v - 10) * w for v, w in bonus), Fraction(0))
    return min(TWENTY, points / weight)


def overall_average(subject_averages: Iterable[Fraction | None]) -> Fraction | None:
    values = [v for v in subject_averages if v is not None]
    return sum(values, Fraction(0)) / len(values) if values else None


@dataclass(frozen=True)
class ShownAverage:
    """A subject's average as shown: the school's, or (``computed``) ours where it gives none."""

    subject: Subject
    student: Mark
    computed: bool = False
    class_average: Mark = field(default_factory=Mark)
    class_min: Mark = field(default_factory=Mark)
    class_max: Mark = field(default_factory=Mark)


@dataclass(frozen=True)
class ShownAverages:
    subjects: tuple[ShownAverage, ...]
    overall: Mark
    overall_computed: bool
    class_overall: Mark

    def subject(self, name: str) -> ShownAverage | None:
        return next((s for s in self.subjects if s.subject.name == name), None)


def subject_value(name: str, grades: Sequence[Grade]) -> Fraction | None:
    """The exact average of subject ``name`` over ``grades`` (any subjects): a sub-subject's own, or a
    subject's; one with sub-subjects weighs their averages by their coefficients (its grades given no
    sub-subject count as one more, weighing 1)."""
    direct = [g for g in grades if g.subject.name == name]
    in_parts = [g for g in grades if g.subject.parent == name]
    if not in_parts:
        return subject_average(direct)
    groups: dict[str, tuple[Fraction, list[Grade]]] = {}
    for grade in in_parts:
        groups.setdefault(grade.subject.name, (exact(grade.subject.coefficient), []))[1].append(grade)
    if direct:
        groups[name] = (Fraction(1), direct)
    points = weight = Fraction(0)
    for coefficient, selection in groups.values():
        value = subject_average(selection)
        if value is not None:
            points, weight = points + value * coefficient, weight + coefficient
    return points / weight if weight else None


def _names(report: GradeReport) -> tuple[list[str], set[str]]:
    """Every subject of the report (served averages first, then those seen only in grades, then
    parents seen only through their sub-subjects), and which of them are sub-subjects."""
    subjects = [a.subject for a in report.averages] + [g.subject for g in report.grades]
    names = list(dict.fromkeys([s.name for s in subjects] + [s.parent for s in subjects if s.parent]))
    return names, {s.name for s in subjects if s.parent}


def computed_averages(report: GradeReport) -> tuple[dict[str, Fraction | None], Fraction | None]:
    """Every subject's computed average (exact, sub-subjects included) and the overall one (the
    mean of the subjects', sub-subjects left out)."""
    names, parts = _names(report)
    subjects = {name: subject_value(name, report.grades) for name in names}
    return subjects, overall_average(v for name, v in subjects.items() if name not in parts)


def _mark(value: Fraction | None) -> Mark:
    return Mark(rounded(value)) if value is not None else Mark()


def shown_averages(report: GradeReport) -> ShownAverages:
    """The report's averages, with the computed ones where the school gives none; each subject
    followed by its sub-subjects."""
    computed, overall = computed_averages(report)
    served = {a.subject.name: a for a in report.averages}
    known = {g.subject.name: g.subject for g in report.grades} | {
        a.subject.name: a.subject for a in report.averages
    }
    subjects = []
    for name, value in computed.items():
        average = served.get(name)
        subject = known.get(name) or Subject(name)
        if average is not None and average.student.published:
            subjects.append(_served(average))
        elif value is not None:
            base = _served(average) if average else ShownAverage(subject, Mark())
            subjects.append(replace(base, student=_mark(value), computed=True))
        else:
            subjects.append(_served(average) if average else ShownAverage(subject, Mark()))
    subjects.sort(
        key=lambda s: (s.subject.parent or s.subject.name, s.subject.parent is not None, s.subject.name)
    )
    if report.overall.published:
        return ShownAverages(tuple(subjects), report.overall, False, report.class_overall)
    return ShownAverages(tuple(subjects), _mark(overall), overall is not None, report.class_overall)


def _served(average: SubjectAverage) -> ShownAverage:
    return ShownAverage(
        average.subject,
        average.student,
        False,
        average.class_average,
        average.class_min,
        average.class_max,
    )


# --- what if ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIf:
    subject: str
    subject_before: Mark
    subject_after: Mark
    parent: str | None  # the subject of a sub-subject, whose average moves too
    parent_before: Mark
    parent_after: Mark
    overall_before: Mark
    overall_after: Mark
    # False: the school's averages before the grade are not the ones the app computes from the same
    # grades (other rules, grades not shown…): the change is then only an estimate.
    agrees: bool = True


def _shown_student(shown: ShownAverages, name: str | None) -> Mark:
    found = shown.subject(name) if name else None
    return found.student if found else Mark()


def hypothetical_grade(subject: Subject, value: float, out_of: float, coefficient: float, day: date) -> Grade:
    """A grade that exists only on the parent's screen (never sent, never cached)."""
    return Grade(
        id="hypothetical",
        subject=subject,
        day=day,
        mark=Mark(value),
        out_of=out_of,
        coefficient=coefficient,
    )


def what_if(report: GradeReport, grade: Grade) -> WhatIf:
    """The subject's and overall averages before and after adding ``grade``, on a copy of the report.

    Where the school gives an overall average, it counts only the subjects whose averages it
    publishes: the one after the grade is computed over the same subjects."""
    before = shown_averages(report)
    after_subjects, after_overall = computed_averages(replace(report, grades=report.grades + (grade,)))
    ours, our_overall = computed_averages(report)
    if not before.overall_computed and before.overall.published:
        counted = {a.subject.name for a in report.averages if a.student.published and not a.subject.parent}
        our_overall = overall_average(v for n, v in ours.items() if n in counted)
        after_overall = overall_average(v for n, v in after_subjects.items() if n in counted)
    name = grade.subject.name
    top = grade.subject.parent
    pairs = [(before.overall, our_overall)] + [
        (_shown_student(before, n), ours.get(n)) for n in (name, top) if n
    ]
    return WhatIf(
        subject=name,
        subject_before=_shown_student(before, name),
        subject_after=_mark(after_subjects.get(name)),
        parent=top,
        parent_before=_shown_student(before, top),
        parent_after=_mark(after_subjects.get(top)) if top else Mark(),
        overall_before=before.overall,
        overall_after=_mark(after_overall),
        agrees=all(not mark.published or _mark(value) == mark for mark, value in pairs),
    )


# --- trend -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """A subject's average after the grades of ``day``, beside the class's (the same rules applied
    to each test's class average, lowest and highest mark)."""

    day: date
    student: float | None
    class_average: float | None
    class_min: float | None
    class_max: float | None


def _with_mark(grades: Sequence[Grade], attribute: str) -> list[Grade]:
    out = []
    for grade in grades:
        mark: Mark = getattr(grade, attribute)
        if mark.value is not None and not grade.is_bonus and not grade.is_optional:
            out.append(replace(grade, mark=mark))
    return out


def subject_trend(
    report: GradeReport, subject: str, *, last: int | None = None, with_class: bool = True
) -> list[TrendPoint]:
    """The subject's average after each day of grades, oldest first; ``last``: only the last days
    (each point is computed from every grade before it: a year's subject costs ~0.1 s whole);
    ``with_class``: the class's beside it."""
    grades = sorted(
        (g for g in report.grades if subject in (g.subject.name, g.subject.parent)), key=lambda g: g.day
    )
    days = sorted({g.day for g in grades})
    points: list[TrendPoint] = []
    for day in days[-last:] if last else days:
        so_far = [g for g in grades if g.day <= day]
        values = [subject_value(subject, so_far)]
        if with_class:
            values += [
                subject_value(subject, _with_mark(so_far, attribute))
                for attribute in ("class_average", "class_min", "class_max")
            ]
        values += [None] * (4 - len(values))
        points.append(TrendPoint(day, *(rounded(v) if v is not None else None for v in values)))
    return points
