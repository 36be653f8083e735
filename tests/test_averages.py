"""Averages computed the way PRONOTE computes them (service/averages.py): worked examples by hand,
then the demo school's own served averages, read over HTTP, against what the client computes."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models import Grade, GradeReport, Mark, SpecialGrade, Subject, SubjectAverage
from espace_parents_tui.pronote.client import PronoteClient
from espace_parents_tui.service.averages import (
    computed_averages,
    hypothetical_grade,
    rounded,
    shown_averages,
    subject_average,
    subject_trend,
    what_if,
)

MATHS = Subject("MATHÉMATIQUES")
FRENCH = Subject("FRANÇAIS")
DAY = date(2026, 11, 2)


def grade(value, out_of=20.0, coef=1.0, *, subject=MATHS, special=None, day=DAY, **flags) -> Grade:
    mark = Mark(special=special) if special is not None else Mark(value)
    return Grade("g", subject, day, mark, out_of, coefficient=coef, **flags)


# --- worked examples, computed by hand ------------------------------------------------------------


def test_coefficients_weight_the_marks():
    # (12×1 + 16×2 + 8×0.5) / 3.5 = 48 / 3.5 = 13.714… → 13.71
    value = subject_average([grade(12), grade(16, coef=2), grade(8, coef=0.5)])
    assert value == Fraction(48, 1) / Fraction(7, 2)
    assert rounded(value) == 13.71


def test_a_mark_out_of_40_weighs_double_unless_brought_back_to_20():
    # 30/40 = 15/20 weighing 2, 10/20 weighing 1 → (30 + 10) / 3 = 13.33
    assert rounded(subject_average([grade(30, out_of=40), grade(10)])) == 13.33
    # "ramenée sur 20": 15/20 with its coefficient 1 → (15 + 10) / 2 = 12.5
    assert subject_average([grade(30, out_of=40, scaled_to_20=True), grade(10)]) == Fraction(25, 2)
    # 8/10 not brought back weighs half: (16×0.5 + 10×1) / 1.5 = 12
    assert subject_average([grade(8, out_of=10), grade(10)]) == 12


def test_bonus_adds_only_what_is_above_ten_and_no_weight():
    base = [grade(12), grade(14)]  # 13
    assert subject_average(base + [grade(16, is_bonus=True)]) == 16  # 13 + (16 − 10) × 1 / 2
    assert subject_average(base + [grade(6, is_bonus=True)]) == 13  # below 10: nothing
    assert subject_average([grade(19), grade(19), grade(20, is_bonus=True, coef=3)]) == 20  # at most 20


def test_optional_counts_only_when_it_raises_the_average():
    base = [grade(10), grade(14)]  # 12
    assert subject_average(base + [grade(8, is_optional=True)]) == 12
    assert subject_average(base + [grade(18, is_optional=True)]) == 14  # (10 + 14 + 18) / 3
    # the best first: 18 raises 12 to 14, then 13 no longer raises it
    assert subject_average(base + [grade(13, is_optional=True), grade(18, is_optional=True)]) == 14


@pytest.mark.parametrize(
    "code, counts",
    [
        (SpecialGrade.ABSENT, False),
        (SpecialGrade.DISPENSE, False),
        (SpecialGrade.NON_NOTE, False),
        (SpecialGrade.INAPTE, False),
        (SpecialGrade.NON_RENDU, False),
        (SpecialGrade.ABSENT_ZERO, True),
        (SpecialGrade.NON_RENDU_ZERO, True),
    ],
)
def test_special_codes_are_left_out_unless_they_count_as_zero(code, counts):
    value = subject_average([grade(16), grade(None, special=code)])
    assert value == (8 if counts else 16)


def test_rounding_is_half_up_to_the_hundredth():
    # 12.125 exactly (a binary float would say 12.12 with round-half-even)
    assert rounded(subject_average([grade(12.25), grade(12)])) == 12.13
    assert rounded(Fraction(12345, 1000)) == 12.35
    assert rounded(Fraction(2, 3)) == 0.67
    assert subject_average([grade(None, special=SpecialGrade.ABSENT)]) is None


def test_sub_subjects_weigh_their_averages_by_their_coefficients():
    written = Subject("ANGLAIS ÉCRIT", parent="ANGLAIS", coefficient=2)
    oral = Subject("ANGLAIS ORAL", parent="ANGLAIS", coefficient=1)
    grades = (grade(12, subject=written), grade(16, subject=oral), grade(18, subject=oral))
    # written 12 (×2), oral 17 (×1): (24 + 17) / 3 = 13.67, not the 15.33 of the three marks together
    report = GradeReport(None, grades + (grade(10),), ())
    subjects, overall = computed_averages(report)
    assert subjects["ANGLAIS ORAL"] == 17 and subjects["ANGLAIS ÉCRIT"] == 12
    assert rounded(subjects["ANGLAIS"]) == 13.67
    # the overall is the mean of the subjects (ANGLAIS and MATHÉMATIQUES), sub-subjects left out
    assert overall == (Fraction(41, 3) + 10) / 2
    shown = [s.subject.name for s in shown_averages(report).subjects]
    assert shown == ["ANGLAIS", "ANGLAIS ORAL", "ANGLAIS ÉCRIT", "MATHÉMATIQUES"]
    # "what if" in a sub-subject moves it, its subject and the overall average
    result = what_if(report, hypothetical_grade(written, 20, 20, 1, DAY))
    assert (result.subject_after, result.parent, result.parent_after) == (Mark(16.0), "ANGLAIS", Mark(16.33))


def test_a_hidden_average_is_computed_and_marked_a_served_one_is_kept():
    report = GradeReport(
        None,
        (grade(12), grade(15), grade(9, subject=FRENCH)),
        (
            SubjectAverage(MATHS, Mark(13.75)),  # the school's, even if ours says 13.5
            SubjectAverage(FRENCH, Mark()),  # hidden
        ),
    )
    shown = shown_averages(report)
    assert (shown.subject("MATHÉMATIQUES").student, shown.subject("MATHÉMATIQUES").computed) == (
        Mark(13.75),
        False,
    )
    assert (shown.subject("FRANÇAIS").student, shown.subject("FRANÇAIS").computed) == (Mark(9.0), True)
    # no overall served: the plain mean of the subject averages, computed
    assert (shown.overall, shown.overall_computed) == (Mark(11.25), True)


def test_what_if_adds_a_grade_to_a_copy_only():
    report = GradeReport(None, (grade(10), grade(12, subject=FRENCH)), ())
    result = what_if(report, hypothetical_grade(MATHS, 16, 20, 2, DAY))
    assert result.subject_before == Mark(10.0)
    assert result.subject_after == Mark(14.0)  # (10 + 32) / 3
    assert (result.overall_before, result.overall_after) == (Mark(11.0), Mark(13.0))
    assert len(report.grades) == 2


def test_trend_follows_the_average_with_the_class_beside_it():
    def g(value, days, avg, low, high):
        return Grade(
            "g",
            MATHS,
            DAY + timedelta(days=days),
            Mark(value),
            20,
            class_average=Mark(avg),
            class_min=Mark(low),
            class_max=Mark(high),
        )

    report = GradeReport(None, (g(10, 0, 11, 4, 17), g(16, 7, 13, 6, 19)), ())
    points = subject_trend(report, "MATHÉMATIQUES")
    assert [(p.day, p.student, p.class_average, p.class_min, p.class_max) for p in points] == [
        (DAY, 10.0, 11.0, 4.0, 17.0),
        (DAY + timedelta(days=7), 13.0, 12.0, 5.0, 18.0),
    ]


# --- the demo school: what the client computes equals what the server serves -----------------------


@pytest.mark.parametrize("today", [date(2026, 11, 24), date(2027, 6, 25)])
async def test_computed_equals_served_for_every_subject_and_period_of_the_demo_school(today):
    school = demo_school(today)
    app = DemoServer(school, ServerOptions(today=today))
    compared = hidden = parts = 0
    async with running_server(app) as root:
        parent = school.parents[0]
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password(parent.login, parent.password)
            for child in client.account.children:
                for period in child.periods_for(198).periods:
                    report = await client.grades(child, period.name)
                    subjects, overall = computed_averages(report)
                    for average in report.averages:
                        value = subjects[average.subject.name]
                        if not average.student.published:
                            hidden += 1
                            continue
                        assert value is not None, (child.name, period.name, average.subject.name)
                        assert rounded(value) == average.student.value, (
                            child.name,
                            period.name,
                            average.subject.name,
                        )
                        compared += 1
                    parts += sum(1 for a in report.averages if a.subject.parent and a.student.published)
                    served = [
                        subjects[a.subject.name]
                        for a in report.averages
                        if a.student.published and not a.subject.parent
                    ]
                    if report.overall.published:
                        assert rounded(sum(served) / len(served)) == report.overall.value
                        compared += 1
    assert compared > 25 and hidden > 0 and parts > 0


# --- the protocol: sub-subjects follow their subject in listeServices --------------------------------


def _service(n, label, **flags):
    return {"N": n, "G": 12, "L": label, "couleur": "#123456", **flags}


def _devoir(service, value):
    return {
        "N": f"d{value}",
        "note": {"_T": 10, "V": value},
        "bareme": {"_T": 10, "V": "20"},
        "date": {"_T": 7, "V": "02/11/2026"},
        "service": {"_T": 24, "V": service},
        "coefficient": 1,
    }


def test_the_parser_ties_each_sub_subject_to_the_subject_before_it():
    from espace_parents_tui.pronote.errors import ProtocolError
    from espace_parents_tui.pronote.parse.grades import parse_grades

    english = _service("1#a", "ANGLAIS", estServicePereAvecSousService=True)
    oral = _service("1#b", "ANGLAIS ORAL", estSousService=True, coefficient=0.5)
    maths = _service("1#c", "MATHÉMATIQUES")
    data = {
        "listeDevoirs": {"_T": 24, "V": [_devoir(oral, "14"), _devoir(maths, "9")]},
        "listeServices": {"_T": 24, "V": [english, oral, maths]},
    }
    report = parse_grades(data)
    by_name = {g.subject.name: g.subject for g in report.grades}
    assert (by_name["ANGLAIS ORAL"].parent, by_name["ANGLAIS ORAL"].coefficient) == ("ANGLAIS", 0.5)
    assert by_name["MATHÉMATIQUES"].parent is None
    assert [a.subject.parent for a in report.averages] == [None, "ANGLAIS", None]
    data["listeServices"]["V"] = [oral, maths]  # a sub-subject with no subject before it
    with pytest.raises(ProtocolError, match="sous-matière sans matière"):
        parse_grades(data)


async def test_a_school_that_publishes_no_average_gets_them_computed_equal_to_what_it_would_serve():
    today = date(2026, 11, 24)
    published, hidden = demo_school(today), demo_school(today)
    hidden.averages_published = False
    reports = {}
    for name, school in (("published", published), ("hidden", hidden)):
        async with running_server(DemoServer(school, ServerOptions(today=today))) as root:
            async with PronoteClient(f"{root}/parent.html") as client:
                parent = school.parents[0]
                await client.login_password(parent.login, parent.password)
                reports[name] = await client.grades("MARTIN Hugo", "Trimestre 1")
    bare = reports["hidden"]
    assert bare.grades and not bare.overall.published
    assert not any(a.student.published or a.class_average.published for a in bare.averages)
    shown = shown_averages(bare)
    assert shown.overall_computed and all(s.computed for s in shown.subjects if s.student.published)
    # what the app computes is what the same school serves when it publishes its averages
    # (but for the subject this child's averages are hidden in, which the school never serves)
    served = {a.subject.name: a.student for a in reports["published"].averages if a.student.published}
    assert len(served) > 5
    for name, mark in served.items():
        assert shown.subject(name).student == mark, name


def test_what_if_says_when_the_schools_averages_are_not_the_apps():
    grades = (grade(10), grade(14))  # ours: 12
    agreeing = GradeReport(None, grades, (SubjectAverage(MATHS, Mark(12.0)),), overall=Mark(12.0))
    differing = GradeReport(None, grades, (SubjectAverage(MATHS, Mark(12.5)),), overall=Mark(12.5))
    extra = hypothetical_grade(MATHS, 18, 20, 1, DAY)
    assert what_if(agreeing, extra).agrees
    result = what_if(differing, extra)
    assert not result.agrees and result.subject_before == Mark(12.5) and result.subject_after == Mark(14.0)


def test_what_if_counts_in_the_overall_only_the_subjects_the_school_counts():
    # The school publishes MATHÉMATIQUES (12) and its overall (12), hides FRANÇAIS: its overall is
    # MATHÉMATIQUES alone, so +2 in maths is +2 overall, and a grade in FRANÇAIS moves nothing.
    report = GradeReport(
        None,
        (grade(10), grade(14), grade(4, subject=FRENCH)),
        (SubjectAverage(MATHS, Mark(12.0)), SubjectAverage(FRENCH, Mark())),
        overall=Mark(12.0),
    )
    maths = what_if(report, hypothetical_grade(MATHS, 18, 20, 1, DAY))
    assert maths.agrees and (maths.overall_before, maths.overall_after) == (Mark(12.0), Mark(14.0))
    french = what_if(report, hypothetical_grade(FRENCH, 20, 20, 1, DAY))
    assert french.subject_after == Mark(12.0) and french.overall_after == Mark(12.0)
