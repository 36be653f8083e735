"""Équipe pédagogique, Accueil (absent teachers, lessons not held) and Compte (the parent's contact
details): our client against the emulated server, values checked against the demo school. Also
``espace-parents debug parse`` on every answer of the vie scolaire and notes areas.
"""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from datetime import date, timedelta

import pytest

from espace_parents_tui.cli.main import main
from espace_parents_tui.demo.pages import PAGES, IdMinter, PageFault, PageRequest
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.pronote.client import PronoteClient

TODAY = date(2026, 11, 24)
SCHOOL = demo_school(TODAY)
LEA, HUGO = SCHOOL.child("lea"), SCHOOL.child("hugo")


@asynccontextmanager
async def logged_in(app: DemoServer | None = None):
    app = app or DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password("demo", "demo")
            yield client


def week_occurrences(child, day: date):
    monday = day - timedelta(days=day.weekday())
    return [occ for i in range(7) for occ in SCHOOL.lessons_on(child, monday + timedelta(days=i))]


# -- PageEquipePedagogique ------------------------------------------------------------------------


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_the_teaching_team_is_the_schools(child):
    async with logged_in() as client:
        team = await client.teaching_team(child.name)
    teachers = [m for m in team if m.is_teacher]
    staff = [m for m in team if not m.is_teacher]
    minutes: dict[str, dict[str, int]] = {}
    for lesson in child.timetable:
        subjects = minutes.setdefault(lesson.teacher, {})
        subjects[lesson.subject] = subjects.get(lesson.subject, 0) + lesson.minutes
    assert {m.name: {s.name: s.weekly_hours for s in m.subjects} for m in teachers} == {
        name: {s: f"{v // 60}h{v % 60:02d}" for s, v in subjects.items()}
        for name, subjects in minutes.items()
    }
    emails = {t.name: t.email for t in SCHOOL.teachers}
    assert {m.name: m.email for m in teachers} == {name: emails[name] for name in minutes}
    assert any(m.email for m in teachers) and any(m.email is None for m in teachers)
    main_teacher = next(c.main_teacher for c in SCHOOL.classes if c.name == child.class_name)
    assert [m.name for m in teachers if m.is_main_teacher] == [main_teacher]
    assert [(m.name, m.function, m.email) for m in staff] == [
        (s.name, s.function, s.email) for s in SCHOOL.staff
    ]
    assert {"Principal", "Conseillère principale d'éducation", "Infirmière"} <= {m.function for m in staff}


# -- PageAccueil ----------------------------------------------------------------------------------


@pytest.mark.parametrize("child", [LEA, HUGO], ids=lambda c: c.key)
async def test_home_page_lists_the_weeks_absent_teachers_and_changes(child):
    async with logged_in() as client:
        home = await client.home(child.name, TODAY)
    week = [occ for occ in week_occurrences(child, TODAY) if occ.kind == "cours" and occ.status]
    cancelled = [occ for occ in week if occ.cancelled]
    assert week and cancelled  # the demo puts changes in this week
    assert [
        (c.label, c.when.date(), c.when.time(), c.cancelled, c.arrangement.split(" : ")[0])
        for c in home.timetable_changes
    ] == [(occ.subject, occ.day, occ.start, occ.cancelled, occ.status) for occ in week]
    assert [
        (lesson.teacher, lesson.when.date(), lesson.when.time(), lesson.room)
        for lesson in home.lessons_not_held
    ] == [(occ.teachers[0], occ.day, occ.start, occ.room) for occ in cancelled]
    assert [staff.name for staff in home.absent_staff] == list(
        dict.fromkeys(occ.teachers[0] for occ in cancelled)
    )
    assert all(
        staff.absences and staff.absences[0].detail.startswith("Absent le ") for staff in home.absent_staff
    )


async def test_home_page_of_a_holiday_week_is_empty_and_missing_widgets_give_empty_lists():
    christmas = next(h for h in SCHOOL.holidays if h.name == "Vacances de Noël")
    async with logged_in() as client:
        home = await client.home(LEA.name, christmas.start + timedelta(days=2))
    assert home.timetable_changes == () and home.lessons_not_held == () and home.absent_staff == ()

    # A server that fills none of these widgets, as a real parent server may (reference §17).
    pages = dict(PAGES)
    pages["PageAccueil"] = lambda request: {"lienUtile": {"listeLiens": {"_T": 24, "V": []}}}
    async with logged_in(DemoServer(SCHOOL, ServerOptions(today=TODAY), pages=pages)) as client:
        home = await client.home(LEA.name, TODAY)
    assert home.timetable_changes == () and home.lessons_not_held == () and home.absent_staff == ()


# -- PageInfosPerso -------------------------------------------------------------------------------


async def test_account_info_is_the_parents():
    parent = SCHOOL.parents[0]
    async with logged_in() as client:
        info = await client.account_info()
    assert info.address == tuple(parent.address)
    assert (info.postal_code, info.city, info.country, info.email, info.phone_prefix, info.mobile_phone) == (
        parent.postal_code,
        parent.city,
        parent.country,
        parent.email,
        parent.phone_prefix,
        parent.phone,
    )
    assert info.security_mode == 0 and parent.address and parent.phone


def test_a_childs_contact_details_are_refused_as_on_real_servers():
    ids = IdMinter(b"k" * 32)
    request = PageRequest(
        SCHOOL,
        SCHOOL.parents[0],
        None,
        {},
        {"onglet": 49, "ressource": {"N": "4#x", "G": 4}},
        ids,
        TODAY,
        (2026, 2, 5),
    )
    with pytest.raises(PageFault) as caught:
        PAGES["PageInfosPerso"](request)
    assert caught.value.code == 3


# -- debug parse ----------------------------------------------------------------------------------


def _first_trimester_absences() -> list:
    first = SCHOOL.period_named("Trimestre 1")
    return [a for a in LEA.absences if a.start.date() <= first.end and a.end.date() >= first.start]


def _answer(function: str, data: dict) -> dict:
    ids = IdMinter(b"d" * 32)
    trimester = {"N": ids.mint(105, "period:Trimestre 1"), "L": "Trimestre 1", "G": 2}
    request = PageRequest(
        SCHOOL,
        SCHOOL.parents[0],
        LEA,
        {"periode": trimester, **data},
        {},
        ids,
        TODAY,
        (2026, 2, 5),
        file_url=lambda key, name: f"FichiersExternes/00/{name}?Session=1",
    )
    return PAGES[function](request)


@pytest.mark.parametrize(
    ("function", "data", "check"),
    [
        (
            "PagePresence",
            {},
            lambda out: len(out["absences"]) == len(_first_trimester_absences()) and out["punishments"] == [],
        ),
        ("DernieresEvaluations", {}, lambda out: out[0]["acquisitions"][0]["level"]),
        ("PageBulletins", {}, lambda out: out["published"] and out["subjects"][0]["appraisals"]),
        ("GenerationPDF", {"genreGenerationPDF": 2}, lambda out: out.startswith("FichiersExternes/")),
        ("PageReleve", {}, lambda out: out["published"] and out["subjects"][0]["grades"]),
        ("PageEquipePedagogique", {}, lambda out: out[0]["is_main_teacher"]),
        (
            "PageAccueil",
            {"coursNonAssures": {}, "modificationsEDT": {}},
            lambda out: out["timetable_changes"],
        ),
        ("PageInfosPerso", {}, lambda out: out["city"] == "Angers"),
        ("SaisieVieScolaire", None, lambda out: out == []),
    ],
)
def test_debug_parse_reads_every_answer(tmp_path, capsys, function, data, check):
    answer = {} if data is None else _answer(function, data)
    path = tmp_path / f"{function}.json"
    path.write_text(json.dumps({"nom": function, "data": answer}, ensure_ascii=False), encoding="utf-8")
    code = main(["debug", "parse", function, str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert check(json.loads(out))


def test_debug_parse_names_the_function_of_a_malformed_answer(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps({"listeAbsences": [{"G": 13, "N": "1", "dateDebut": "hier"}]}), encoding="utf-8"
    )
    code = main(["debug", "parse", "PagePresence", str(path)])
    _out, err = capsys.readouterr()
    assert code == 1 and "PagePresence" in err and "dateDebut" in err
