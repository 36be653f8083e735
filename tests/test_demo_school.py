"""The demo school: what the generator promises, and the school file format."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from espace_parents_tui.demo.school import (
    School,
    SchoolFileError,
    demo_school,
    dump_school,
    load_school,
)
from espace_parents_tui.demo.school.fileformat import school_from_json, school_to_json, school_to_text
from espace_parents_tui.demo.school.generate_calendar import easter

TODAY = date(2026, 1, 15)  # a Thursday of the second trimester
DOC = Path(__file__).resolve().parents[1] / "docs" / "school-format.md"


@pytest.fixture(scope="module")
def school() -> School:
    return demo_school(TODAY)


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=i) for i in range(7)]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# -- determinism and identity ----------------------------------------------------------------------


def test_same_seed_and_date_give_byte_identical_files(tmp_path):
    dump_school(demo_school(TODAY), tmp_path / "a.json")
    dump_school(demo_school(TODAY), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert school_to_text(demo_school(TODAY, seed=7)) != school_to_text(demo_school(TODAY))


def test_past_grades_do_not_change_from_one_day_to_the_next():
    yesterday = demo_school(TODAY - timedelta(days=1))
    for child, later in zip(yesterday.children, demo_school(TODAY).children, strict=True):
        kept = [g for g in later.grades if g.date <= TODAY - timedelta(days=1)]
        assert kept == child.grades


def test_demo_account_and_children(school):
    assert school.name == "Collège Les Tilleuls (démo)"
    (parent,) = school.parents
    assert (parent.login, parent.password, parent.name, parent.tabs) == (
        "demo",
        "demo",
        "Mme MARTIN Claire",
        None,
    )
    assert [(c.key, c.name, c.class_name) for c in parent.children] == [
        ("lea", "MARTIN Léa", "4e B"),
        ("hugo", "MARTIN Hugo", "6e A"),
    ]
    assert parent.children[0] is school.children[0]
    lea, hugo = parent.children
    assert {les.teacher for les in lea.timetable}.isdisjoint({les.teacher for les in hugo.timetable})


# -- calendar --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
    ],
)
def test_easter(year, expected):
    assert easter(year) == expected


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2026, 1, 15), date(2025, 9, 1), date(2026, 7, 3)),
        (date(2026, 7, 20), date(2025, 9, 1), date(2026, 7, 3)),  # summer: the year that just ended
        (date(2026, 9, 1), date(2026, 9, 1), date(2027, 7, 2)),
        (date(2027, 10, 4), date(2027, 9, 1), date(2028, 6, 30)),
    ],
)
def test_school_year_around_today(today, start, end):
    school = demo_school(today)
    assert (school.year_start, school.year_end) == (start, end)
    trimesters = school.grading_periods()
    assert [p.name for p in trimesters] == ["Trimestre 1", "Trimestre 2", "Trimestre 3"]
    assert trimesters[0].start == start and trimesters[-1].end == end
    for before, after in zip(trimesters, trimesters[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert any(p.kind == "annee" for p in school.periods)


def test_french_holidays_have_no_lessons(school):
    names = {h.name: h for h in school.holidays}
    for name in ("Vacances de la Toussaint", "Vacances de Noël", "Vacances d'hiver", "Vacances de printemps"):
        assert (names[name].end - names[name].start).days == 15
    assert names["Lundi de Pâques"].start == easter(2026) + timedelta(days=1)
    assert names["Ascension"].start == easter(2026) + timedelta(days=39)
    assert names["Lundi de Pentecôte"].start == easter(2026) + timedelta(days=50)
    assert names["Armistice 1918"].start == date(2025, 11, 11)
    assert names["Vacances de Noël"].start <= date(2025, 12, 25) <= names["Vacances de Noël"].end
    for child in school.children:
        for day in (date(2025, 11, 11), date(2025, 12, 24), date(2026, 5, 1), date(2026, 5, 25)):
            assert school.lessons_on(child, day) == []
        assert school.lessons_on(child, date(2025, 11, 12))  # a Wednesday with lessons


def test_weekly_timetables(school):
    for child in school.children:
        hours = sum(les.minutes for les in child.timetable) / 60
        assert 25 <= hours <= 28
        assert {les.weekday for les in child.timetable} == {0, 1, 2, 3, 4}
        wednesday = [les for les in child.timetable if les.weekday == 2]
        assert all(les.start < school.grid.lunch_start for les in wednesday)  # Wednesday afternoon off
        durations = Counter(les.minutes for les in child.timetable)
        assert durations[60] > len(child.timetable) / 2 and durations[120] >= 1
    subjects = [{les.subject for les in child.timetable} for child in school.children]
    assert all(len(names) >= 10 for names in subjects)
    assert "ESPAGNOL LV2" in subjects[0] and "ESPAGNOL LV2" not in subjects[1]
    irregular = [
        les for c in school.children for les in c.timetable if les.minutes % school.grid.place_minutes
    ]
    assert irregular  # clients get DateDuCoursFin for these


@pytest.mark.parametrize(
    "today", [date(2025, 9, 3), date(2025, 11, 21), TODAY, date(2026, 3, 30), date(2026, 6, 26)]
)
def test_changes_in_this_school_week_and_the_next(today):
    school = demo_school(today)
    this_monday = monday_of(today)
    for child in school.children:
        by_week = Counter(monday_of(c.date) for c in child.changes)
        assert by_week[this_monday] >= 2 and by_week[this_monday + timedelta(weeks=1)] >= 2
        shown = [occ for day in week_days(this_monday) for occ in school.lessons_on(child, day)]
        assert any(occ.cancelled for occ in shown) and any(occ.status and not occ.cancelled for occ in shown)
        kinds = Counter(c.kind for c in child.changes)
        assert all(kinds[k] >= 3 for k in ("annule", "absent", "salle", "modifie"))
        assert sorted(e.kind for e in child.extra_lessons) == ["retenue", "sortie"]


def test_changes_during_holidays_go_to_the_next_school_week():
    school = demo_school(date(2025, 12, 23))  # Christmas holidays
    back = date(2026, 1, 5)
    for child in school.children:
        assert any(monday_of(c.date) == back for c in child.changes)


def test_changes_apply_to_the_lessons_of_the_day(school):
    lea = school.child("lea")
    for change in lea.changes:
        (occ,) = [
            o for o in school.lessons_on(lea, change.date) if o.start == change.start and o.kind == "cours"
        ]
        assert occ.cancelled == (change.kind in ("annule", "absent"))
        assert occ.status == {"annule": "Prof. absent", "absent": "Prof./pers. absent"}.get(
            change.kind, {"salle": "Changement de salle", "modifie": "Cours modifié"}.get(change.kind)
        )
        if change.kind == "salle":
            assert occ.room == change.room
    detention = next(e for e in lea.extra_lessons if e.kind == "retenue")
    assert detention.minutes % school.grid.place_minutes  # an irregular end, sent as DateDuCoursFin


# -- grades ----------------------------------------------------------------------------------------


def grades_by(school: School, child_key: str, period: str) -> Counter:
    child = school.child(child_key)
    return Counter(g.subject for g in child.grades if g.period == period)


@pytest.mark.parametrize("today", [TODAY, date(2026, 6, 26)])
def test_eight_to_fifteen_grades_per_subject_per_elapsed_trimester(today):
    school = demo_school(today)
    elapsed = [p for p in school.grading_periods() if p.end < today]
    assert elapsed
    for child in school.children:
        subjects = {les.subject for les in child.timetable}
        for period in elapsed:
            counts = grades_by(school, child.key, period.name)
            assert set(counts) == subjects
            assert all(8 <= n <= 15 for n in counts.values()), (child.key, period.name, counts)
        assert all(g.date <= today for g in child.grades)
        future = [p for p in school.grading_periods() if p.start > today]
        assert not any(g.period in {p.name for p in future} for g in child.grades)


def test_current_trimester_has_grades_up_to_today_only():
    mid = demo_school(TODAY)
    later = demo_school(date(2026, 3, 1))  # the last day of the second trimester
    for child, full in zip(mid.children, later.children, strict=True):
        now = [g for g in child.grades if g.period == "Trimestre 2"]
        whole = [g for g in full.grades if g.period == "Trimestre 2"]
        assert 0 < len(now) < len(whole)
        assert now == [g for g in whole if g.date <= TODAY]


def test_grade_variety(school):
    for child in school.children:
        grades = child.grades
        assert {g.special for g in grades if g.special is not None} == set(range(1, 9))
        assert any(g.bonus for g in grades) and any(g.optional for g in grades)
        assert {10, 20, 40} <= {g.out_of for g in grades}
        assert any(g.scale_to_20 for g in grades) and any(g.comment for g in grades)
        assert {0.5, 1, 2} <= {g.coefficient for g in grades}
        for g in grades:
            assert (g.value is None) != (g.special is None)
            assert g.class_min <= g.class_average <= g.class_max <= g.out_of
            if g.value is not None:
                assert g.class_min <= g.value <= g.class_max
        assert len(child.hidden_averages) == 1
    assert school.child("lea").hidden_averages != school.child("hugo").hidden_averages


# -- file format -----------------------------------------------------------------------------------


def test_round_trip(tmp_path, school):
    path = tmp_path / "ecole.json"
    dump_school(school, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "schema_version": 1,')
    assert "Léa" in text  # UTF-8, not \u escapes
    loaded = load_school(path)
    assert loaded == school
    assert loaded.parents[0].children[0] is loaded.children[0]
    dump_school(loaded, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_the_documented_example_is_a_valid_school():
    block = re.search(r"## Exemple minimal.*?```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    example = school_from_json(json.loads(block.group(1)))
    zoe = example.child("zoe")
    (cancelled,) = example.lessons_on(zoe, date(2025, 9, 8))
    assert (cancelled.cancelled, cancelled.status) == (True, "Prof. absent")
    assert example.grid.places_per_day == 20 and example.parents[0].children == [zoe]


def broken(school: School, change) -> dict:
    raw = school_to_json(school)
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.pop("schema_version"), "schema_version"),
        (lambda r: r.update(schema_version=2), "schema_version 2 non pris en charge"),
        (lambda r: r.update(colour="vert"), "clé inconnue « colour »"),
        (lambda r: r.pop("name"), "« name » manquant"),
        (lambda r: r["children"][0]["grades"][3].update(date="2025-13-01"), "« children[0].grades[3].date »"),
        (lambda r: r["children"][0]["grades"][3].update(date="01/09/2025"), "attendu AAAA-MM-JJ"),
        (lambda r: r["children"][1]["timetable"][4].update(teacher="M. DURAND P."), "professeur inconnu"),
        (lambda r: r["children"][1]["timetable"][4].update(start="08:10"), "n'est pas sur la grille"),
        (lambda r: r["children"][0]["grades"][0].update(special=3), "soit « value », soit « special »"),
        (lambda r: r["children"][0]["grades"][0].update(value=25), "note hors du barème"),
        (lambda r: r["children"][0]["changes"][0].update(start="07:00"), "aucun cours le"),
        (lambda r: r["parents"][0]["children"].append("zoe"), "aucun enfant n'a la clé « zoe »"),
        (lambda r: r["periods"][0].update(start=5), "« periods[0].start » : date invalide"),
        (lambda r: r["children"][0].update(timetable={}), "« children[0].timetable » doit être une liste"),
        (lambda r: r["children"][0]["grades"][0].update(part="ORAL"), "sous-matière inconnue « ORAL »"),
        (
            lambda r: r["subjects"][0].update(parts=[{"name": "SVT", "coefficient": 1}]),
            "« SVT » est déjà le nom d'une matière",
        ),
        (
            lambda r: r["subjects"][0].update(parts=[{"name": "ORAL", "coefficient": 0}]),
            "« subjects[0].parts[0].coefficient » : le coefficient doit être positif",
        ),
    ],
)
def test_broken_school_is_refused_with_a_useful_message(school, change, expected):
    with pytest.raises(SchoolFileError) as caught:
        school_from_json(broken(school, change))
    assert expected in str(caught.value)


def test_broken_files(tmp_path):
    with pytest.raises(SchoolFileError, match="introuvable"):
        load_school(tmp_path / "absent.json")
    path = tmp_path / "ecole.json"
    path.write_text('{"schema_version": 1,\n  "name": }', encoding="utf-8")
    with pytest.raises(SchoolFileError, match=r"ecole\.json : JSON invalide ligne 2, colonne 11"):
        load_school(path)
    path.write_text('{"schema_version": 1, "name": "X"}', encoding="utf-8")
    with pytest.raises(SchoolFileError, match=r"ecole\.json : « city » manquant"):
        load_school(path)
