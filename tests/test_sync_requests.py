"""What a second sync asks for: less than the first, and still everything that changed at the school.

A week that had ended when it was fetched is final and not asked for again (``Section.weekly``); a
week fetched while it was running is asked for once more after it ends. A past class's published
livret is read once; the current class's is read again once its max age has passed.
"""

from __future__ import annotations

from datetime import date, timedelta

from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.school import Grade, LessonChange, demo_school
from espace_parents_tui.models import ChildClass
from espace_parents_tui.models.livret import Livret, LivretYear
from espace_parents_tui.pronote.calls.livret import final_years
from espace_parents_tui.service.sync_records import Recorder
from tui_helpers import Served

TODAY = date(2026, 11, 24)  # a Tuesday
MONDAY = TODAY - timedelta(days=TODAY.weekday())


async def _sync(served):
    served.server.reset_stats()
    async with served.opener() as portal:
        report = await portal.sync()
    return report, dict(served.server.stats.requests)


async def test_a_second_sync_skips_past_weeks_and_still_sees_the_school_s_changes(tmp_path):
    school = demo_school(TODAY)
    served = Served(school, tmp_path)
    try:
        first, asked_first = await _sync(served)
        assert not first.problems
        # Nothing changed: the previous week (ended before the first sync) is not asked again,
        # this week and next week are.
        second, asked_second = await _sync(served)
        assert not second.problems and not second.changes
        children = len(school.children)
        assert asked_first["PageEmploiDuTemps"] == 3 * children
        assert asked_second["PageEmploiDuTemps"] == 2 * children
        assert asked_second["PageCahierDeTexte"] < asked_first["PageCahierDeTexte"]
        assert second.requests < first.requests

        # The school changes a lesson this week and gives a grade: the next sync finds both.
        lea = school.child("lea")
        lesson = next(
            occ
            for d in range(5)
            for occ in school.lessons_on(lea, MONDAY + timedelta(days=d))
            if occ.kind == "cours" and not occ.cancelled and occ.day >= TODAY
        )
        lea.changes.append(LessonChange(date=lesson.day, start=lesson.start, kind="annule"))
        period = school.current_period(TODAY).name
        lea.grades.append(Grade("MATHÉMATIQUES", TODAY, period, out_of=20, value=12.0, comment="Rattrapage"))
        third, _asked = await _sync(served)
        sections = {(c.child, c.section) for c in third.changes}
        assert ("MARTIN Léa", "timetable") in sections
        assert ("MARTIN Léa", "grades") in sections
        assert any("Rattrapage" in c.summary or "MATHÉMATIQUES" in c.summary for c in third.changes)
    finally:
        served.stop()


async def test_a_week_fetched_while_it_ran_is_fetched_once_more_after_it_ends(tmp_path):
    """Synced on a Friday, then on the Tuesday after: last week is asked again (the teacher may have
    written in it since Friday); on the Wednesday, no more."""
    friday = MONDAY - timedelta(days=3)
    school = demo_school(friday)
    cache_dir = tmp_path
    asked = []
    for day in (friday, TODAY, TODAY + timedelta(days=1)):
        served = Served(school, cache_dir, clock=DayClock(day))
        try:
            served.server.reset_stats()
            async with served.opener() as portal:
                report = await portal.sync()
                assert not report.problems
                weeks = [scope for scope, _at in portal.cache.scopes("MARTIN Léa", "timetable")]
            asked.append(served.server.stats.requests["PageEmploiDuTemps"])
        finally:
            served.stop()
    children = len(school.children)
    # Friday: last, this and next week. Tuesday: last week (fetched while running), this, next.
    # Wednesday: last week is final now; this week and next.
    assert asked == [3 * children, 3 * children, 2 * children], (asked, weeks)


async def _livret_syncs(school, cache_dir, days, recorded=()) -> tuple[list[int], list]:
    """Sync on each day (one cache; ``recorded``: days of a ``sync --record``): the LivretScolaire
    requests each sync made, and Léa's livret as the cache holds it after each."""
    asked, kept = [], []
    for day in days:
        served = Served(school, cache_dir, clock=DayClock(day))
        try:
            served.server.reset_stats()
            async with served.opener() as portal:
                if day in recorded:
                    portal.recorder = Recorder()
                report = await portal.sync()
                assert not report.problems
                kept.append(portal.cache.get("MARTIN Léa", "livret", "all", Livret).value)
            asked.append(served.server.stats.requests["LivretScolaire"])
        finally:
            served.stop()
    return asked, kept


async def test_a_past_class_s_published_livret_is_read_once(tmp_path):
    """Léa has been in 6e B, 5e B (both livrets published) and 4e B (this year's, being written);
    Hugo in 6e A only. After the livret's 3-day max age, a sync asks for this year's classes only."""
    school = demo_school(TODAY)
    days = [TODAY + timedelta(days=4 * n) for n in range(3)]
    asked, kept = await _livret_syncs(school, tmp_path, days, recorded=days[2:])
    # Léa's three classes and Hugo's; then 4e B and 6e A; a recorded sync (support) asks for all.
    assert asked == [4, 2, 4]
    assert kept[2] == kept[1] == kept[0]  # the past years kept as read, the current one read again
    assert [y.class_name for y in kept[1].years] == ["6e B", "5e B", "4e B"]


async def test_a_past_class_read_before_its_livret_was_published_is_read_again(tmp_path):
    school = demo_school(TODAY)
    fifth = next(y for y in school.child("lea").livret if y.class_name == "5e B")
    published, fifth.published = fifth.published, None  # the school had not published it yet
    days = [TODAY + timedelta(days=4 * n) for n in range(3)]
    asked, kept = await _livret_syncs(school, tmp_path, days[:2])
    fifth.published = published  # published now: the next sync reads it, the one after keeps it
    more, kept_more = await _livret_syncs(school, tmp_path, days[2:] + [days[2] + timedelta(days=4)])
    # 1st: every class; 2nd: 5e B (unpublished), 4e B, 6e A; 3rd: the same (5e B now published);
    # 4th: this year's classes only.
    assert asked + more == [4, 3, 3, 2]
    assert kept[1].years[1].publication == "Livret en cours de saisie"
    assert kept_more[0].years[1].publication == f"Livret publié le {published:%d/%m/%Y}"
    assert kept_more[1] == kept_more[0]


def test_only_a_past_class_s_published_livret_is_final():
    classes = (ChildClass("1", "6e B"), ChildClass("2", "5e B"), ChildClass("3", "4e B", current=True))
    years = (
        LivretYear("2024-2025", "6e B", "Livret publié le 03/07/2025"),
        LivretYear("2025-2026", "5e B", "Livret en cours de saisie"),
        LivretYear("2026-2027", "4e B", "Livret publié le 24/11/2026"),
    )
    assert list(final_years(classes, years)) == ["6e B"]
    # No class marked current: none is known to be past.
    assert final_years([ChildClass(c.id, c.name) for c in classes], years) == {}
    # A class name the history lists twice (a year repeated): asked again, not matched by guess.
    twice = (ChildClass("1", "6e B"), ChildClass("2", "6e B"), ChildClass("3", "5e B", current=True))
    assert final_years(twice, years) == {}
