"""The iCalendar export: read back with icalendar, stable UIDs, cancelled lessons, time zone."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.school import LessonChange
from espace_parents_tui.service import ical
from espace_parents_tui.wiring.demo import demo_portal

TODAY = date(2026, 11, 24)  # a Tuesday; the export starts on Monday 23/11
WEEKS = 3


async def _export(portal, child_name: str = "MARTIN Léa") -> tuple[Calendar, ical.Export]:
    child = portal.child(child_name)
    export, problems = await ical.gather(portal, child, WEEKS)
    assert problems == []
    return Calendar.from_ical(ical.build(export, stamp=portal.clock.now())), export


def _events(calendar: Calendar, category: str) -> list:
    return [e for e in calendar.walk("VEVENT") if category in [str(c) for c in e.get("categories").cats]]


async def test_export_reads_back_with_lessons_homework_holidays_and_time_zone(tmp_path):
    async with demo_portal(clock=DayClock(TODAY), cache_dir=tmp_path) as portal:
        await portal.connect()
        calendar, export = await _export(portal)
        school = portal.demo_server.school
        lea = school.child("lea")
    monday = TODAY - timedelta(days=TODAY.weekday())
    expected = [
        occ
        for d in range(7 * WEEKS)
        for occ in school.lessons_on(lea, monday + timedelta(days=d))
        if occ.kind == "cours"
    ]
    lessons = _events(calendar, "Cours")
    assert len(lessons) == len(export.lessons) >= len(expected) > 0
    tz = [c for c in calendar.walk("VTIMEZONE")]
    assert [str(c["tzid"]) for c in tz] == ["Europe/Paris"]
    first = min(lessons, key=lambda e: e.decoded("dtstart"))
    start = first.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Paris" and start.date() >= monday
    assert first["dtstart"].params["TZID"] == "Europe/Paris"
    assert all(e.get("location") for e in lessons if not str(e["summary"]).startswith("Retenue"))
    assert all("Professeur" in str(e.get("description", "")) for e in lessons)
    homework = _events(calendar, "Devoir")
    assert homework and all(e.decoded("dtstart") == e.decoded("dtend") - timedelta(days=1) for e in homework)
    assert {e.decoded("dtstart") for e in homework} == {hw.due for hw in export.homework}
    holidays = _events(calendar, "Vacances")
    assert [str(e["summary"]) for e in holidays] == [h.name for h in export.holidays]
    assert any("Noël" in h.name for h in export.holidays) or not export.holidays
    assert len({str(e["uid"]) for e in calendar.walk("VEVENT")}) == len(calendar.walk("VEVENT"))


async def test_uids_are_stable_and_a_cancelled_lesson_keeps_its_uid(tmp_path):
    async with demo_portal(clock=DayClock(TODAY), cache_dir=tmp_path / "a") as portal:
        await portal.connect()
        before, _ = await _export(portal, "MARTIN Hugo")
        school = portal.demo_server.school
        hugo = school.child("hugo")
        target = next(
            occ
            for d in range(7, 12)
            for occ in school.lessons_on(hugo, TODAY + timedelta(days=d))
            if not occ.cancelled and occ.kind == "cours"
        )
        hugo.changes.append(LessonChange(date=target.day, start=target.start, kind="annule"))
        await portal.close()  # a new server session: every PRONOTE id changes
        after, _ = await _export(portal, "MARTIN Hugo")
    uids = {str(e["uid"]): e for e in before.walk("VEVENT")}
    again = {str(e["uid"]): e for e in after.walk("VEVENT")}
    assert set(uids) == set(again)  # the same events, updated in place by a calendar app
    changed = [uid for uid in uids if str(uids[uid].get("status")) != str(again[uid].get("status"))]
    assert len(changed) == 1
    lesson = again[changed[0]]
    assert str(lesson["status"]) == "CANCELLED" and str(uids[changed[0]]["status"]) == "CONFIRMED"
    assert lesson.decoded("dtstart").date() == target.day
    assert lesson.decoded("dtstart").time() == target.start


def test_export_command_writes_a_calendar_file(tmp_path, monkeypatch, capsys):
    from espace_parents_tui.cli.main import main

    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    target = tmp_path / "agenda" / "hugo.ics"
    target.parent.mkdir(mode=0o755)
    target.parent.chmod(0o755)
    argv = ["export", "ical", "--demo", "--child", "Hugo", "--weeks", "2", "-o", str(target), "--today", "2026-11-24"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    calendar = Calendar.from_ical(target.read_bytes())
    lessons = _events(calendar, "Cours")
    assert f"{len(lessons)} cours exportés dans {target}" in out
    monday = date(2026, 11, 23)
    assert lessons and all(monday <= e.decoded("dtstart").date() < monday + timedelta(weeks=2) for e in lessons)
    assert "MARTIN Hugo" in str(calendar["x-wr-calname"])
    assert target.parent.stat().st_mode & 0o777 == 0o755  # the user's folder is left as it is
    assert main(["export", "ical", "--demo", "--weeks", "0", "-o", str(target)]) == 2
    assert "--weeks" in capsys.readouterr().err
