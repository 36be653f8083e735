"""The parsers against real answers recorded from PRONOTE's public demo server (2025.2.6).

The expected values below were read from the recordings themselves (see their README.md).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest

from espace_parents_tui.cli.debugtools import extract_data
from espace_parents_tui.models import Lesson, SchoolSettings, UserAccount
from espace_parents_tui.pronote.parse import parse_school_settings, parse_timetable, parse_user_account

STUDENT_DAY_FILES = [
    "student-day.json",
    "student-day-devoir-sur-table.json",
    "student-day-visio-url-only.json",
    "student-day-visio-full.json",
]


def load(folder: Path, name: str) -> dict:
    data, _ = extract_data(json.loads((folder / name).read_text(encoding="utf-8")))
    return data


def only(items, **wanted):
    found = [item for item in items if all(getattr(item, key) == value for key, value in wanted.items())]
    assert len(found) == 1, (wanted, found)
    return found[0]


@pytest.fixture
def parent_settings(pronote_real: Path) -> SchoolSettings:
    return parse_school_settings(load(pronote_real, "FonctionParametres/parent-space.json"))


@pytest.fixture
def student_settings(pronote_real: Path) -> SchoolSettings:
    return parse_school_settings(load(pronote_real, "FonctionParametres/student-space.json"))


# -- FonctionParametres ---------------------------------------------------------------------------


def test_parent_space_settings(parent_settings: SchoolSettings) -> None:
    s = parent_settings
    assert s.school_name == "SITE DE DEMONSTRATION"
    assert s.server_version == (2025, 2, 6)
    assert s.school_year == "2025-2026"
    assert (s.first_monday, s.first_date, s.last_date) == (
        date(2025, 9, 1),
        date(2025, 9, 1),
        date(2026, 8, 30),
    )
    assert [p.name for p in s.periods] == [
        "Trimestre 1",
        "Trimestre 2",
        "Trimestre 3",
        "Semestre 1",
        "Semestre 2",
        "Année continue",
        "Hors période",
        "Contrôle en cours de formation",
    ]
    t1 = s.periods[0]
    assert t1.id == "105#3PV0eosGlHWV-jr9s3vetLPE3GkJQ2TDyhXK3pj_czU"
    assert (t1.start, t1.end, t1.kind) == (date(2025, 9, 1), date(2025, 11, 23), 1)
    s2 = only(s.periods, name="Semestre 2")
    assert (s2.start, s2.end, s2.kind) == (date(2026, 1, 19), date(2026, 8, 30), 2)
    assert only(s.periods, name="Année continue").kind == 3
    assert (s.places_per_day, s.places_per_hour) == (20, 2)
    assert s.holidays == ()
    assert s.device_id is not None and s.device_id.startswith("B73E09CB1F72B807")
    assert s.week_number(date(2025, 9, 15)) == 3  # the recorded timetable's week


def test_hour_grid(parent_settings: SchoolSettings) -> None:
    s = parent_settings
    assert len(s.hour_starts) == len(s.hour_ends) == 21
    assert s.hour_starts[0] == time(8, 0)
    assert s.hour_starts[6] == time(11, 0)
    assert s.hour_starts[20] == time(18, 0)
    assert s.hour_ends[0] == time(8, 30)
    assert s.hour_ends[7] == time(12, 0)
    # The recording's last two end labels are both "18h00".
    assert s.hour_ends[19] == s.hour_ends[20] == time(18, 0)


def test_student_space_settings(student_settings: SchoolSettings) -> None:
    s = student_settings
    assert s.server_version == (2025, 2, 6)
    assert (s.first_monday, s.first_date, s.last_date) == (
        date(2025, 6, 30),
        date(2025, 7, 1),
        date(2026, 6, 29),
    )
    assert len(s.periods) == 8
    t1 = s.periods[0]
    assert (t1.name, t1.start, t1.end) == ("Trimestre 1", date(2025, 7, 1), date(2025, 9, 22))
    assert s.device_id is not None and s.device_id.startswith("66A98BEB12FDC066")


def test_envelope_file_gives_the_same_settings(pronote_real: Path, student_settings: SchoolSettings) -> None:
    raw = json.loads(
        (pronote_real / "FonctionParametres/student-space-with-envelope.json").read_text("utf-8")
    )
    assert raw["id"] == "FonctionParametres" and "dataSec" in raw
    data, stated = extract_data(raw)
    assert stated == "FonctionParametres"
    assert parse_school_settings(data) == student_settings


# -- ParametresUtilisateur ------------------------------------------------------------------------


def test_parent_with_one_child(pronote_real: Path, parent_settings: SchoolSettings) -> None:
    account = parse_user_account(
        load(pronote_real, "ParametresUtilisateur/parent-one-child.json"), parent_settings
    )
    assert account.name == "Mme ABADIE Christine"
    assert [c.name for c in account.children] == ["ARNAL Jean-Baptiste"]
    child = account.children[0]
    assert child.id == "46#ww-ahLgg-GALoacdwylM7hyQ9ti2G4BQnsaBd3iI4NU"
    assert (child.class_name, child.school, child.groups) == ("5B", "SITE DE DEMONSTRATION", ("5ITAGR.1",))
    assert len(child.tab_periods) == 14
    assert [entry.tab for entry in child.tab_periods][:4] == [12, 198, 13, 19]

    grades = child.periods_for(198)
    assert grades is not None
    assert [p.name for p in grades.periods] == ["Trimestre 1", "Trimestre 2", "Trimestre 3", "Hors période"]
    assert grades.default_period_id == "105#Mq1LJMbWM6aU0sU1ukQOBfB6Muv2tbu5Xd0XLeOJB9Y"
    t1 = grades.periods[0]
    assert t1.id == grades.default_period_id
    assert t1.kind == 2
    # Dates come from FonctionParametres (the ids differ between the two recordings; the name matches).
    assert (t1.start, t1.end) == (date(2025, 9, 1), date(2025, 11, 23))
    assert (grades.periods[2].start, grades.periods[2].end) == (date(2026, 3, 2), date(2026, 8, 30))

    # Tab 19 offers a period without N that FonctionParametres does not know: the school year.
    year = child.periods_for(19).periods[0]
    assert (year.id, year.name, year.kind) == ("", "Année (Trois trimestres)", 1)
    assert (year.start, year.end) == (parent_settings.first_date, parent_settings.last_date)


def assert_parent_lists(account: UserAccount) -> None:
    """What the two parent recordings share: tabs, reasons and permissions."""
    assert {7, 16, 198, 19, 88, 89, 131, 201, 90, 15, 22, 49, 148}.issubset(account.tabs)
    # Group headers count as tabs too; nothing outside the tree does.
    assert account.tabs == {
        *(7, 16, 61, 89, 88, 275, 250, 5, 37, 19, 3, 198, 12, 13, 41, 55, 201, 100, 90),
        *(52, 288, 42, 101, 40, 15, 2, 131, 8, 284, 9, 10, 6, 49, 22, 148),
    }
    assert account.hidden_tabs == frozenset({90, 250, 288})
    assert [r.label for r in account.absence_reasons] == [
        "DIVERS",
        "MALADIE AVEC CERTIFICAT",
        "MALADIE SANS CERTIFICAT",
        "PROBLEME DE TRANSPORT",
        "RAISON FAMILIALE",
    ]
    assert all(r.id.startswith("89#") for r in account.absence_reasons)
    assert all(r.id.startswith("90#") for r in account.delay_reasons)
    assert [r.label for r in account.delay_reasons] == [
        "DIVERS",
        "PROBLEME DE TRANSPORT",
        "RAISONS FAMILIALES",
    ]
    perms = account.permissions
    for key in (
        "compte.avecSaisieMotDePasse",
        "compte.avecSaisieMotDePasseEleve",
        "compte.avecInformationsPersonnelles",
        "compte.avecSaisieInfosPersoCoordonnees",
        "compte.avecSaisieInfosPersoAutorisations",
        "AvecDiscussionParents",
        "AvecSaisieObservationsParents",
    ):
        assert perms[key] is True, key
    assert perms["tailleMaxDocJointEtablissement"] == 5242880
    assert perms["cours.domaineConsultationEDT"] == "[1..62]"
    assert not any(key.startswith(("incidents", "intendance", "services")) for key in perms)


def test_parent_one_child_lists(pronote_real: Path) -> None:
    account = parse_user_account(load(pronote_real, "ParametresUtilisateur/parent-one-child.json"))
    assert_parent_lists(account)
    assert account.absence_reasons[1].id == "89#ltV5428aIZuP6oy8lCVaa6hb_vLfuOcgMjJ1fRE2l_s"
    # Without settings, the period dates are unknown rather than invented.
    t1 = account.children[0].periods_for(198).periods[0]
    assert (t1.start, t1.end) == (date.min, date.max)


def test_parent_with_two_children(pronote_real: Path, parent_settings: SchoolSettings) -> None:
    account = parse_user_account(
        load(pronote_real, "ParametresUtilisateur/parent-two-children.json"), parent_settings
    )
    assert account.name == "M. BERNARD Pierre"
    assert [(c.name, c.class_name) for c in account.children] == [
        ("BERNARD Fanny", "3A"),
        ("BERNARD Manon", "6D"),
    ]
    fanny, manon = account.children
    assert fanny.groups == ("3ESPGR.2", "3ACC SCGR.1", "3ACC SCGR.2")
    assert manon.groups == ("6DP.1", "6ACC SCGR.1")
    assert fanny.id != manon.id
    assert account.child("manon") is manon
    assert all(c.periods_for(198) is not None for c in account.children)
    assert_parent_lists(account)


def test_student_account(pronote_real: Path, student_settings: SchoolSettings) -> None:
    account = parse_user_account(load(pronote_real, "ParametresUtilisateur/student.json"), student_settings)
    assert account.name == "ABOURBIA Samuel"
    assert len(account.children) == 1
    me = account.children[0]
    assert (me.name, me.class_name, me.school) == ("ABOURBIA Samuel", "4D", "SITE DE DEMONSTRATION")
    assert me.groups == ("4ITAGR.1", "4D (1)", "4D (2)")
    assert me.id == "46#gpaNf9uimW-TC6HCfjTUBAnNpw8ac8e2PNLweusxOp0"
    assert {198, 16, 88, 89}.issubset(account.tabs)
    assert not {90, 40, 15, 22} & account.tabs  # only in the parent tree
    assert account.hidden_tabs == frozenset({250, 288})
    assert account.absence_reasons == () and account.delay_reasons == ()
    assert account.permissions["tailleMaxRenduTafEleve"] == 5242880
    assert "compte.avecSaisieMotDePasseEleve" not in account.permissions
    t1 = me.periods_for(198).periods[0]
    assert (t1.name, t1.start, t1.end) == ("Trimestre 1", date(2025, 7, 1), date(2025, 9, 22))


# -- PageEmploiDuTemps ----------------------------------------------------------------------------


def test_parent_week_with_cancelled_lessons(pronote_real: Path, parent_settings: SchoolSettings) -> None:
    lessons = parse_timetable(
        load(pronote_real, "PageEmploiDuTemps/parent-week-cancelled-lessons.json"), parent_settings
    )
    assert len(lessons) == 20
    assert [lesson.start for lesson in lessons] == sorted(lesson.start for lesson in lessons)
    assert lessons[0].start == datetime(2025, 9, 15, 9, 0)
    assert lessons[-1].start == datetime(2025, 9, 19, 13, 30)
    assert all(date(2025, 9, 15) <= lesson.start.date() <= date(2025, 9, 19) for lesson in lessons)

    cancelled = [lesson for lesson in lessons if lesson.cancelled]
    assert len(cancelled) == 2
    maths, english = cancelled
    assert maths.start == datetime(2025, 9, 15, 11, 0)
    assert (maths.subject, maths.teachers, maths.rooms, maths.status) == (
        "MATHÉMATIQUES",
        ("PROFESSEUR M.",),
        ("207",),
        "Prof. absent",
    )
    assert maths.end == datetime(2025, 9, 15, 12, 0)
    assert english.start == datetime(2025, 9, 16, 14, 30)
    assert (english.subject, english.teachers, english.rooms, english.status) == (
        "ANGLAIS LV1",
        ("BROWN J.",),
        ("103",),
        "Prof./pers. absent",
    )
    assert all(lesson.status == "" for lesson in lessons if not lesson.cancelled)

    # 19 lessons carry a cahierDeTextes; "EPI (danse)" does not (its brackets are kept as sent).
    assert sum(lesson.has_content for lesson in lessons) == 19
    assert only(lessons, has_content=False).subject == "EPI (danse)"
    assert sum(bool(lesson.rooms) for lesson in lessons) == 19
    assert all(not lesson.has_homework and not lesson.is_test for lesson in lessons)
    assert maths.color == "#FF8040"


def test_end_times_come_from_the_hour_grid(pronote_real: Path, parent_settings: SchoolSettings) -> None:
    lessons = parse_timetable(
        load(pronote_real, "PageEmploiDuTemps/parent-week-cancelled-lessons.json"), parent_settings
    )
    # place 35 (slot 15 of Tuesday, 15h30), duree 4 → ends at the end of slot 18: 17h30.
    history = only(lessons, start=datetime(2025, 9, 16, 15, 30))
    assert history.subject == "HISTOIRE-GÉOGRAPHIE"
    assert history.end == datetime(2025, 9, 16, 17, 30)
    # place 13 + 20·k, duree 2 → slot 14 ends at 15h30 (wrapped from the weekly place number).
    assert only(lessons, start=datetime(2025, 9, 16, 14, 30)).end == datetime(2025, 9, 16, 15, 30)
    assert only(lessons, start=datetime(2025, 9, 18, 8, 0)).end == datetime(2025, 9, 18, 10, 0)


@pytest.mark.parametrize("name", STUDENT_DAY_FILES)
def test_student_day(pronote_real: Path, student_settings: SchoolSettings, name: str) -> None:
    lessons = parse_timetable(load(pronote_real, f"PageEmploiDuTemps/{name}"), student_settings)
    assert [lesson.subject for lesson in lessons] == [
        "ANGLAIS LV1",
        "MATHÉMATIQUES",
        "FRANCAIS",
        "HISTOIRE-GÉOGRAPHIE",
        "ARTS PLASTIQUES",
    ]
    assert all(lesson.start.date() == date(2025, 11, 17) for lesson in lessons)
    maths = only(lessons, subject="MATHÉMATIQUES")
    # duree 4 from place 4 (10h00): four half-hour places, ending at the end of slot 7.
    assert (maths.start, maths.end) == (datetime(2025, 11, 17, 10, 0), datetime(2025, 11, 17, 12, 0))
    assert maths.teachers == ("DALIAOUI K.",) and maths.rooms == ()
    english = lessons[0]
    assert (english.start, english.end) == (datetime(2025, 11, 17, 9, 0), datetime(2025, 11, 17, 10, 0))
    assert english.teachers == ("DOUCET L.",) and english.rooms == ("104",)
    assert english.has_content and not any(lesson.has_content for lesson in lessons[1:])
    assert not any(lesson.cancelled for lesson in lessons)
    assert not any(lesson.is_test for lesson in lessons[1:])
    assert not any(lesson.videos for lesson in lessons[1:])


def english_lesson(folder: Path, name: str) -> Lesson:
    lessons = parse_timetable(load(folder, f"PageEmploiDuTemps/{name}"))
    return only(lessons, subject="ANGLAIS LV1")


def test_devoir_sur_table_marks_the_lesson_as_a_test(pronote_real: Path) -> None:
    assert english_lesson(pronote_real, "student-day.json").is_test is False
    assert english_lesson(pronote_real, "student-day-devoir-sur-table.json").is_test is True
    assert english_lesson(pronote_real, "student-day-visio-url-only.json").is_test is True


def test_video_links(pronote_real: Path) -> None:
    assert english_lesson(pronote_real, "student-day.json").videos == ()
    (url_only,) = english_lesson(pronote_real, "student-day-visio-url-only.json").videos
    assert (url_only.url, url_only.label, url_only.comment) == ("https://github.com/Vexcited", "", "")
    (full,) = english_lesson(pronote_real, "student-day-visio-full.json").videos
    assert (full.url, full.label, full.comment) == (
        "https://github.com/Vexcited",
        "My GitHub!",
        "Hello, World!",
    )


def test_timetable_without_settings_uses_half_hour_places(pronote_real: Path) -> None:
    lessons = parse_timetable(load(pronote_real, "PageEmploiDuTemps/student-day.json"))
    assert only(lessons, subject="MATHÉMATIQUES").end == datetime(2025, 11, 17, 12, 0)
    assert only(lessons, subject="FRANCAIS").end == datetime(2025, 11, 17, 14, 30)
