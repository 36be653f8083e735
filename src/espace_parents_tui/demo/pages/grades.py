"""``DernieresNotes`` (tab 198): a child's grades of one period, and the averages the school computes.

Shape: ``reference/pronotepy.md`` §2 Grades and ``reference/pawnote-papillon.md`` §1.2 (no real
recording of this answer is available). Averages are computed here from the school's grades:

- each mark counts on 20 (``value / out_of * 20``); its weight is its coefficient, times
  ``out_of / 20`` unless the grade is "ramenée sur 20" (so 8/10 not brought back to 20 weighs half a
  mark out of 20, as in PRONOTE, and 8/10 brought back counts as 16/20 with its full coefficient);
- special grades are left out, except "Absent" and "Non rendu" counting as zero (codes 6 and 7);
- a bonus grade adds only what it has above 10/20, times its coefficient, to the points, with no
  weight; an optional grade counts only if it raises the average (best ones first);
- the class average, lowest and highest average of a subject are the same weighted mean of each
  test's class average, lowest and highest mark (bonus and optional tests left out);
- a subject with sub-subjects (``Subject.parts``): the mean of their averages weighted by their
  coefficients (the class's statistics likewise);
- the overall averages are the plain mean of the subject averages that are shown (unrounded);
- all of it in exact fractions, each average rounded half up to the hundredth as it is written.

Where the school hides a subject's averages (``Child.hidden_averages``), the service carries no
average keys at all, as a real server does when averages are not published.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..school import SPECIAL_GRADES_COUNTING_AS_ZERO, Child, Grade, Period, School
from .contract import PageRequest, page
from .params import period_id
from .values import (
    TABLE_GRADE,
    TABLE_SERVICE,
    day_value,
    liste,
    mark_value,
    plain_number,
    request_child,
    resolve,
    special_value,
    typed,
)

GRADES_TAB = 198


def request_period(request: PageRequest) -> Period:
    """The period named by ``data.Periode`` / ``data.periode``, else the current one."""
    school = request.school
    data = request.data if isinstance(request.data, dict) else {}
    element = data.get("Periode", data.get("periode"))
    name = resolve(request.ids, element, "period:")
    if name is None and isinstance(element, dict) and isinstance(element.get("L"), str):
        name = element["L"]
    found = school.period_named(name) if name is not None else None
    return found or school.current_period(request.today)


def grades_of(request: PageRequest, child: Child, period: Period) -> list[tuple[int, Grade]]:
    """(index in ``child.grades``, grade) of the period, published by ``today``."""
    return [
        (index, grade)
        for index, grade in enumerate(child.grades)
        if grade.date <= request.today and (period.kind == "annee" or grade.period == period.name)
    ]


def _q(number: float) -> Fraction:
    """The school's number exactly as written in its file (12.35 is 1235/100, not a binary float)."""
    return Fraction(str(number))


def _on_20(grade: Grade, mark: float) -> tuple[Fraction, Fraction]:
    out_of = _q(grade.out_of)
    weight = _q(grade.coefficient) * (1 if grade.scale_to_20 else out_of / 20)
    return _q(mark) / out_of * 20, weight


def student_average(grades: list[Grade]) -> Fraction | None:
    """The child's average out of 20 over ``grades`` (one subject), exact; None when nothing counts."""
    base: list[tuple[Fraction, Fraction]] = []
    optional: list[tuple[Fraction, Fraction]] = []
    bonus: list[tuple[Fraction, Fraction]] = []
    for grade in grades:
        if grade.special is not None:
            if grade.special not in SPECIAL_GRADES_COUNTING_AS_ZERO:
                continue
            mark = 0.0
        else:
            mark = float(grade.value)
        pair = _on_20(grade, mark)
        (bonus if grade.bonus else optional if grade.optional else base).append(pair)
    points = sum(v * w for v, w in base)
    weight = sum(w for _v, w in base)
    for value, w in sorted(optional, reverse=True):
        if w > 0 and (weight == 0 or value > points / weight):
            points, weight = points + value * w, weight + w
    if weight == 0:
        return None
    extra = sum(max(Fraction(0), value - 10) * w for value, w in bonus)
    return min(Fraction(20), (points + extra) / weight)


def class_average(grades: list[Grade], stat: str) -> Fraction | None:
    """The weighted mean of each test's ``class_average`` / ``class_min`` / ``class_max``, on 20."""
    points = weight = Fraction(0)
    for grade in grades:
        value = getattr(grade, stat)
        if value is None or grade.bonus or grade.optional:
            continue
        on_20, w = _on_20(grade, value)
        points, weight = points + on_20 * w, weight + w
    return points / weight if weight else None


def hundredths(value: Fraction) -> str:
    """An average as PRONOTE writes it: rounded half up to the hundredth, "12,35"."""
    cents = (value * 100 + Fraction(1, 2)).__floor__()
    return f"{cents // 100},{cents % 100:02d}"


def grade_mark(grade: Grade) -> dict[str, Any]:
    if grade.special is not None:
        return special_value(grade.special)
    return mark_value(float(grade.value))


def parts_of(school: School, subject: str, grades: list[Grade]) -> list[tuple[str | None, Fraction]]:
    """The sub-subjects of ``subject`` that have grades among ``grades``, with their weights; grades
    of such a subject given no part make one more, weighing 1 (``None``). Empty: no sub-subjects."""
    known = school.subject(subject)
    if known is None or not known.parts:
        return []
    used = {g.part for g in grades if g.subject == subject}
    out: list[tuple[str | None, Fraction]] = [
        (p.name, _q(p.coefficient)) for p in known.parts if p.name in used
    ]
    if None in used:
        out.append((None, Fraction(1)))
    return out


def subject_stat(school: School, subject: str, grades: list[Grade], stat: str) -> Fraction | None:
    """A subject's average (``stat`` "student", or a class statistic) over ``grades``: with
    sub-subjects, the mean of theirs weighted by their coefficients."""

    def of(selection: list[Grade]) -> Fraction | None:
        return student_average(selection) if stat == "student" else class_average(selection, stat)

    mine = [g for g in grades if g.subject == subject]
    parts = parts_of(school, subject, mine)
    if not parts:
        return of(mine)
    points = weight = Fraction(0)
    for part, coefficient in parts:
        value = of([g for g in mine if g.part == part])
        if value is not None:
            points, weight = points + value * coefficient, weight + coefficient
    return points / weight if weight else None


def averages_hidden(school: School, child: Child, subject: str) -> bool:
    """No average of ``subject`` is sent: the school publishes none, or hides this subject's."""
    return not school.averages_published or subject in child.hidden_averages


def _averages(service: dict[str, Any], values: dict[str, Fraction | None]) -> None:
    service["moyEleve"] = typed(10, hundredths(values["student"]) if values["student"] is not None else "")
    service["baremeMoyEleve"] = typed(10, "20")
    service["baremeMoyEleveParDefaut"] = typed(10, "20")
    for key, stat in (("moyClasse", "class_average"), ("moyMin", "class_min"), ("moyMax", "class_max")):
        value = values[stat]
        service[key] = typed(10, hundredths(value) if value is not None else "")


STATS = ("student", "class_average", "class_min", "class_max")


@page("DernieresNotes", GRADES_TAB)
def dernieres_notes(request: PageRequest) -> dict[str, Any]:
    """A subject with sub-subjects is an entry flagged ``estServicePereAvecSousService``, followed by
    one entry per sub-subject flagged ``estSousService`` with its ``coefficient``; a grade of a
    sub-subject names the sub-subject's service."""
    school = request.school
    child = request_child(request)
    period = request_period(request)
    selected = grades_of(request, child, period)
    grades = [g for _i, g in selected]
    order = {s.name: i for i, s in enumerate(school.subjects)}
    subjects = sorted({g.subject for g in grades}, key=lambda name: order.get(name, len(order)))
    in_group = {les.subject for les in [*child.timetable, *child.dated_lessons] if les.group}
    services: dict[str, dict[str, Any]] = {}
    parts: dict[tuple[str, str], dict[str, Any]] = {}
    rank = 0
    for name in subjects:
        subject = school.subject(name)
        rank += 1
        entry = {
            "N": request.ids.mint(TABLE_SERVICE, f"service:{child.class_name}:{name}"),
            "G": 12,
            "L": name,
            "ordre": rank,
            "couleur": subject.color if subject else "#FFFFFF",
            "estServiceGroupe": name in in_group,
        }
        services[name] = entry
        named = [(part, c) for part, c in parts_of(school, name, grades) if part is not None]
        if named:
            entry["estServicePereAvecSousService"] = True
        for part, coefficient in named:
            rank += 1
            parts[(name, part)] = {
                **entry,
                "N": request.ids.mint(TABLE_SERVICE, f"service:{child.class_name}:{name}:{part}"),
                "L": part,
                "ordre": rank,
                "estSousService": True,
                "estServicePereAvecSousService": False,
                "coefficient": plain_number(coefficient),
            }
    devoirs = []
    for index, grade in selected:
        service = parts.get((grade.subject, grade.part or ""), services[grade.subject])
        entry: dict[str, Any] = {
            "N": request.ids.mint(TABLE_GRADE, f"grade:{child.key}:{index}"),
            "G": 60,
            "note": grade_mark(grade),
            "bareme": mark_value(grade.out_of),
            "baremeParDefaut": typed(10, "20"),
            "date": day_value(grade.date),
            "service": typed(24, {k: service[k] for k in ("N", "G", "L", "couleur", "estServiceGroupe")}),
            "periode": typed(24, {"N": _grade_period_id(request, grade), "L": grade.period}),
            "coefficient": plain_number(grade.coefficient),
            "commentaire": grade.comment,
            "estBonus": grade.bonus,
            "estFacultatif": grade.optional,
            "estRamenerSur20": grade.scale_to_20,
        }
        for key, value in (
            ("moyenne", grade.class_average),
            ("noteMax", grade.class_max),
            ("noteMin", grade.class_min),
        ):
            if value is not None:
                entry[key] = mark_value(value, 2 if key == "moyenne" else None)
        devoirs.append(entry)
    student_means: list[Fraction] = []
    class_means: list[Fraction] = []
    for name, service in services.items():
        if averages_hidden(school, child, name):
            continue
        values = {stat: subject_stat(school, name, grades, stat) for stat in STATS}
        _averages(service, values)
        for (parent, part), sub in parts.items():
            if parent == name:
                of_part = [g for g in grades if g.subject == name and g.part == part]
                _averages(
                    sub,
                    {"student": student_average(of_part)}
                    | {stat: class_average(of_part, stat) for stat in STATS[1:]},
                )
        if values["student"] is not None:
            student_means.append(values["student"])
        if values["class_average"] is not None:
            class_means.append(values["class_average"])
    listed: list[dict[str, Any]] = []
    for name, service in services.items():
        listed.append(service)
        listed += [sub for (parent, _part), sub in parts.items() if parent == name]
    answer: dict[str, Any] = {
        "avecDetailDevoir": True,
        "avecDetailService": True,
        "listeDevoirs": liste(devoirs),
        "listeServices": liste(listed),
    }
    if student_means:
        answer["moyGenerale"] = typed(10, hundredths(sum(student_means) / len(student_means)))
        answer["baremeMoyGenerale"] = typed(10, "20")
    if class_means:
        answer["moyGeneraleClasse"] = typed(10, hundredths(sum(class_means) / len(class_means)))
    return answer


def _grade_period_id(request: PageRequest, grade: Grade) -> str:
    period = request.school.period_named(grade.period)
    return period_id(request, period) if period is not None else ""
