"""A second sync does not read again what the home page proves unchanged, and still finds every change.

The home page's summary widgets (latest grades, skills, school-life counters, homework to come,
discussions, news: ``demo/pages/home_widgets.py``, every field guessed) are fingerprinted by the
client; a section read in a sync whose home page carried the same widget is skipped
(``service/home_proofs.py``). These tests count the requests per call and change, one at a time,
something in each skipped section.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.faults import PAYLOAD, AnswerFault
from espace_parents_tui.demo.school import (
    Absence,
    DiscussionMessage,
    Grade,
    Homework,
    LessonChange,
    NewsItem,
    demo_school,
)
from espace_parents_tui.pronote.parse import parse_home
from espace_parents_tui.service.home_proofs import TRUST
from espace_parents_tui.service.sync_records import Recorder
from tui_helpers import TODAY, Served

SKIPPED = ("DernieresNotes", "DernieresEvaluations", "PagePresence", "ListeMessagerie", "PageActualites")
SUMMARIES = ("notes", "competences", "vieScolaire", "travailAFaire", "discussions", "actualites")


async def _sync(served):
    served.server.reset_stats()
    async with served.opener() as portal:
        report = await portal.sync()
    stats = served.server.stats
    assert not report.problems, report.problems
    return report, dict(stats.requests), stats.page_gets + sum(stats.requests.values())


def _found(report, child, section):
    return [c.summary for c in report.changes if c.child == child and c.section == section]


async def test_second_sync_skips_what_the_home_page_vouches_for_and_each_change_is_found(tmp_path):
    school = demo_school(TODAY)
    served = Served(school, tmp_path)
    lea, children = school.child("lea"), len(school.children)
    period = school.current_period(TODAY).name
    try:
        first, asked_first, total_first = await _sync(served)
        second, asked, total_second = await _sync(served)
        assert not second.changes
        # Nothing changed: the home pages (one per child), the timetable (this week and the next)
        # and this week's lesson contents; login is the rest.
        assert asked["PageAccueil"] == children
        assert asked["PageEmploiDuTemps"] == 2 * children
        assert asked["PageCahierDeTexte"] == children  # the contents; the homework is skipped
        assert not any(asked.get(name) for name in SKIPPED), asked
        assert all(asked_first[name] >= 1 for name in SKIPPED)
        assert asked_first["SessionRencontres"] == 1  # asked without a child: once per sync
        assert second.skipped == 11  # grades, skills, school life, homework, news x2; messages x1
        assert total_second <= 0.25 * total_first, (total_second, total_first)

        # Each change, one at a time: found, and only its own section is read again.
        lea.grades.append(Grade("MATHÉMATIQUES", TODAY, period, value=12.0, comment="Rattrapage"))
        report, asked, _ = await _sync(served)
        assert any("MATHÉMATIQUES" in s for s in _found(report, "MARTIN Léa", "grades"))
        assert asked.get("DernieresNotes") == 1 and not asked.get("PagePresence")

        lea.homework.append(Homework("FRANÇAIS", TODAY, TODAY + timedelta(days=2), "Lire le chapitre 4"))
        report, asked, _ = await _sync(served)
        assert any("Lire le chapitre 4" in s for s in _found(report, "MARTIN Léa", "homework"))
        assert asked["PageCahierDeTexte"] == children + 1 and not asked.get("DernieresNotes")

        morning = datetime.combine(TODAY, time(8))
        lea.absences.append(Absence(morning, morning + timedelta(hours=2)))
        report, asked, _ = await _sync(served)
        assert _found(report, "MARTIN Léa", "school_life")
        assert asked.get("PagePresence") == 1

        login = school.parents[0].login
        discussion = next(d for d in served.server.state["messaging"][login] if d.messages)
        author = next(p for p in discussion.participants if p != school.parents[0].name)
        discussion.messages.append(DiscussionMessage(author, morning, "Pensez au cahier.", read=False))
        report, asked, _ = await _sync(served)
        assert _found(report, "*", "messages")
        assert asked.get("ListeMessagerie") == 1 and not asked.get("PageActualites")

        served.server.state["news"][login]["items"].append(
            NewsItem(
                "sortie-musee",
                "Sortie au musée",
                school.news_categories[0],
                "La direction",
                morning,
                TODAY,
                TODAY + timedelta(days=10),
            )
        )
        report, asked, _ = await _sync(served)
        assert any("Sortie au musée" in s for s in _found(report, "MARTIN Léa", "news"))
        assert asked.get("PageActualites") == children and not asked.get("ListeMessagerie")

        # An edited lesson: the timetable is never skipped.
        lesson = next(
            occ
            for d in range(1, 5)
            for occ in school.lessons_on(lea, TODAY + timedelta(days=d))
            if occ.kind == "cours" and not occ.cancelled
        )
        lea.changes.append(LessonChange(date=lesson.day, start=lesson.start, kind="annule"))
        report, asked, _ = await _sync(served)
        assert _found(report, "MARTIN Léa", "timetable")
        assert report.skipped == 11
    finally:
        served.stop()

    # What the widgets do not show (a grade of weeks ago corrected) waits for the next full read,
    # at most TRUST after the last one: later the same day, the sync reads everything again.
    old = min((g for g in lea.grades if g.period == period and g.value is not None), key=lambda g: g.date)
    old.value = old.out_of
    later = DayClock(TODAY, start=(datetime.combine(TODAY, time(7, 30)) + TRUST).time())
    served = Served(school, tmp_path, clock=later)
    try:
        report, asked, _ = await _sync(served)
        assert report.skipped == 0 and asked["DernieresNotes"] >= children
        assert _found(report, "MARTIN Léa", "grades")
    finally:
        served.stop()


def _without_summaries(payload):
    data = payload.get("data") if isinstance(payload, dict) else None
    for key in SUMMARIES:
        if isinstance(data, dict):
            data.pop(key, None)
    return payload


async def test_a_home_page_without_the_widgets_gets_a_complete_sync(tmp_path):
    """A real parent server may fill no widget (parent-features.md §17): every section is read."""
    school = demo_school(TODAY)
    served = Served(school, tmp_path)
    try:
        await _sync(served)
        # A recorded sync (``sync --record``, for support) reads everything, widgets or not.
        served.server.reset_stats()
        async with served.opener() as portal:
            portal.recorder = Recorder()
            report = await portal.sync()
        assert report.skipped == 0 and served.server.stats.requests["DernieresNotes"] == 2
    finally:
        served.stop()
    fault = AnswerFault("PageAccueil", PAYLOAD, times=0, mutate=_without_summaries)
    served = Served(school, tmp_path, faults=[fault])
    try:
        report, asked, _ = await _sync(served)
        children = len(school.children)
        assert report.skipped == 0
        assert asked["DernieresNotes"] == children and asked["PagePresence"] == children
        assert asked["ListeMessagerie"] == 1 and asked["PageActualites"] == children
        assert asked["PageCahierDeTexte"] == 2 * children
    finally:
        served.stop()


def test_widgets_are_fingerprinted_without_ids_and_dropped_when_ambiguous():
    def answer(ident, listed=True, period="Trimestre 2"):
        notes = {"periode": {"_T": 24, "V": {"N": ident, "L": period}}, "nombreDeNotes": 3}
        if listed:
            notes["listeDevoirs"] = {"_T": 24, "V": [{"N": ident, "date": {"_T": 7, "V": "24/11/2026"}}]}
        return {
            "notes": notes,
            "travailAFaire": {"listeTravaux": []},
            "discussions": {"nbNonLus": 2},  # no list: not the widget we know
        }

    one = parse_home(answer("1#a"), {"travailAFaire": "2026-11-23"})
    other = parse_home(answer("2#b"), {"travailAFaire": "2026-11-23"})
    assert {w.kind for w in one.widgets} == {"notes", "travailAFaire"}
    notes = next(w for w in one.widgets if w.kind == "notes")
    assert notes.scope == "Trimestre 2"
    assert next(w for w in one.widgets if w.kind == "travailAFaire").scope == "2026-11-23"
    assert one.widgets == other.widgets  # session ids do not count
    assert parse_home(answer("1#a", period="Trimestre 1")).widgets[0].fingerprint != notes.fingerprint
    assert [w.kind for w in parse_home(answer("1#a", listed=False)).widgets] == ["travailAFaire"]
    assert parse_home({}).widgets == ()
