"""What a second sync asks for: less than the first, and still everything that changed at the school.

A week that had ended when it was fetched is final and not asked for again (``Section.weekly``); a
week fetched while it was running is asked for once more after it ends.
"""

from __future__ import annotations

from datetime import date, timedelta

from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.school import Grade, LessonChange, demo_school
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
