"""Notes (compétences, bulletin and its PDF) and Accueil driven with Pilot against the emulated server.

Values are checked against the demo school; the PDF against the school's document bytes; what is
new against what the test adds to the school between two syncs.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from rich.console import Console
from textual.widgets import DataTable, Static

from espace_parents_tui.demo.school import COMPETENCE_LEVELS, Grade, LessonChange
from espace_parents_tui.service.wording import mark_text
from espace_parents_tui.tui.screens.grades import GradesView
from espace_parents_tui.tui.screens.novelty import NEW_LABEL
from tui_helpers import TODAY, press, settle
from tui_helpers import screen_text as _screen_text


def _plain(renderable, width: int = 200) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def _static(app, widget_id: str) -> str:
    widget = app.query_one(f"#{widget_id}", Static)
    return _plain(widget.content) if widget.display else ""


def _cells(table: DataTable, row: int) -> list[str]:
    return [getattr(cell, "plain", str(cell)) for cell in table.get_row_at(row)]


async def test_competences_and_report_card_show_the_schools_values(served):
    lea = served.school.child("lea")
    # One evaluation in the current trimester too: the sync then knows the section, and the cache
    # would report every evaluation of a trimester fetched later as new.
    model = next(e for e in lea.evaluations if e.period == "Trimestre 1")
    lea.evaluations.append(replace(model, date=TODAY - timedelta(days=1), period="Trimestre 2"))
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "o", "o")
        view = app.query_one(GradesView)
        assert view.mode == "competences"
        assert [e.name for e in view.row_objects][:1] == [model.name]
        await press(pilot, "comma")  # the first trimester: fetched on demand
        assert view.current_period() == "Trimestre 1"
        table = view.query_one(DataTable)
        shown = Counter()
        for row, evaluation in enumerate(view.row_objects):
            cells = _cells(table, row)
            shown[(evaluation.subject.name, evaluation.day, cells[3], cells[4])] += 1
        want = Counter(
            (e.subject, e.date, r.level, r.item)
            for e in lea.evaluations
            if e.period == "Trimestre 1"
            for r in e.results
        )
        assert shown == want and want
        # Fetched on demand for the first time: nothing in it is "new since the last visit".
        assert not any(NEW_LABEL in _cells(table, row)[2] for row in range(table.row_count))
        assert "compétence" not in _static(app, "home-new")
        # The levels are named as the school names them, in the summary line.
        summary = _static(app, "grades-summary")
        for level in {r.level for e in lea.evaluations if e.period == "Trimestre 1" for r in e.results}:
            assert f"{level} {COMPETENCE_LEVELS[level]}" in summary
        # Enter: the evaluation with its teacher and items.
        await press(pilot, "enter")
        first = view.row_objects[0]
        text = _screen_text(app)
        assert first.teacher in text and first.name in text
        await press(pilot, "escape")

        await press(pilot, "o")
        assert view.mode == "report" and view.current_period() == "Trimestre 1"
        shown = _static(app, "report-card")
        (card,) = lea.report_cards
        for line in card.subjects:
            assert line.subject in shown and " ".join(line.appraisal.split()[:3]) in shown
        for appraisal in card.appraisals:
            assert appraisal.title in shown and appraisal.text in shown
        report = view.read("report", "Trimestre 1").value
        for line in report.subjects:
            if line.subject.name in lea.hidden_averages:
                assert not line.student_average.published
            assert mark_text(line.student_average) in shown  # "non publiée" when hidden
        assert "Bulletin — Trimestre 1" in _screen_text(app)

        await press(pilot, "full_stop")  # the current trimester: not released yet
        assert view.current_period() == "Trimestre 2"
        assert "pas encore publié" in _static(app, "report-card")
        # A period never fetched (loaded on demand) keeps the keys working: , then o.
        await press(pilot, "comma", "comma")
        assert view.current_period() == "Trimestre 3"
        await press(pilot, "comma")
        assert view.current_period() == "Trimestre 2"
        await press(pilot, "o")
        assert view.mode == "grades" and app.focused is view.query_one(DataTable)


async def test_report_card_pdf_is_the_schools_document(served, tmp_path, monkeypatch):
    folder = tmp_path / "downloads"
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(folder))
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "o", "o", "o")
        view = app.query_one(GradesView)
        assert view.mode == "report"
        before = served.server.stats.file_gets
        await press(pilot, "t")
        (card,) = served.school.child("lea").report_cards
        files = list(folder.iterdir())
        assert len(files) == 1 and files[0] == view.last_download
        assert files[0].read_bytes() == base64.b64decode(served.school.document(card.document).data)
        assert served.server.stats.file_gets == before + 1
        assert any(str(files[0]) in n.message for n in app._notifications)

        # The current trimester's card is not published: no request for a PDF, a clear message.
        await press(pilot, "full_stop", "t")
        assert served.server.stats.file_gets == before + 1
        assert len(list(folder.iterdir())) == 1
        assert any("pas encore publié" in n.message for n in app._notifications)


async def test_report_card_pdf_with_the_server_gone_says_so_and_stays_usable(served, tmp_path, monkeypatch):
    folder = tmp_path / "downloads"
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(folder))
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "o", "o", "o")
        served.stop()
        await served.portal.close()  # the download must reach the (stopped) server
        await press(pilot, "t")
        assert app.last_problem and "Traceback" not in _screen_text(app)
        assert not folder.exists() or not list(folder.iterdir())
        # Still usable from the cache.
        await press(pilot, "o")
        assert app.query_one(GradesView).mode == "grades" and "Notes — Trimestre 2" in _screen_text(app)


async def test_pdf_key_only_in_report_card_mode(served, tmp_path, monkeypatch):
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(tmp_path / "dl"))
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        before = served.server.stats.file_gets
        view = app.query_one(GradesView)
        assert view.check_action("download", ()) is False  # hidden from the footer
        await press(pilot, "t")
        assert served.server.stats.file_gets == before
        assert not (tmp_path / "dl").exists() or not list((tmp_path / "dl").iterdir())


async def test_home_lists_cancelled_lesson_homework_due_and_unread_messages(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lea = served.school.child("lea")
        day_text = _static(app, "home-day")
        cancelled = [o for o in served.school.lessons_on(lea, TODAY) if o.cancelled]
        assert cancelled
        for lesson in cancelled:
            assert f"{lesson.start:%H:%M}" in day_text and lesson.subject in day_text
        # Absences to justify: every one the school flags, whatever the period.
        justify_text = _static(app, "home-school-life")
        flagged = [
            a
            for a in lea.absences
            if a.to_justify_by_parents and not a.justified and not a.pending and a.start.date() <= TODAY
        ]
        assert flagged
        for absence in sorted(flagged, key=lambda a: a.start, reverse=True)[:5]:
            assert f"{absence.start:%d/%m}" in justify_text and f"{absence.start:%Hh%M}" in justify_text
        for absence in lea.absences:
            if absence not in flagged:  # justified, answered, or not asked of the parents: not listed
                assert f"{absence.start:%d/%m}" not in justify_text
        homework_text = _static(app, "home-homework")
        next_day = TODAY + timedelta(days=1)
        due = [h for h in lea.homework if h.due in (TODAY, next_day)]
        assert due
        for homework in due:
            assert homework.subject in homework_text
        messages_text = _static(app, "home-messages")
        unread = [
            d
            for d in served.school.parents[0].discussions
            if any(not m.read for m in d.messages) and d.folder is None
        ]
        assert unread and f"Messages non lus ({len(unread)})" in messages_text
        newest = max(unread, key=lambda d: max(m.sent for m in d.messages))
        assert newest.subject in messages_text
        staff_text = _static(app, "home-staff")
        assert "ROMERO" in staff_text or not staff_text
        assert "Accueil — MARTIN Léa" in _screen_text(app)


async def test_new_grade_is_marked_on_home_until_notes_is_opened(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert NEW_LABEL not in _static(app, "home-grades")

        # Between two syncs the school adds a grade for Léa and cancels her French lesson of today.
        school = served.school
        lea = school.child("lea")
        period = school.current_period(TODAY).name
        lea.grades.append(
            Grade("MATHÉMATIQUES", TODAY, period, out_of=20, value=16.5, comment="Interrogation surprise")
        )
        french = next(
            o
            for o in school.lessons_on(lea, TODAY)
            if not o.cancelled and o.kind == "cours" and o.subject == "FRANÇAIS"
        )
        lea.changes.append(LessonChange(date=TODAY, start=french.start, kind="annule"))
        await press(pilot, "s")

        grades_text = _static(app, "home-grades")
        line = next(x for x in grades_text.splitlines() if "16,5" in x)
        assert NEW_LABEL in line and "MATHÉMATIQUES" in line
        assert sum(NEW_LABEL in x for x in grades_text.splitlines()) == 1
        day_line = next(x for x in _static(app, "home-day").splitlines() if "FRANÇAIS" in x)
        assert NEW_LABEL in day_line
        assert "1 note" in _static(app, "home-new")

        # Accueil again (a refresh): still new.
        await press(pilot, "e", "a")
        assert NEW_LABEL in next(x for x in _static(app, "home-grades").splitlines() if "16,5" in x)
        # The timetable was opened: the cancelled lesson has been seen.
        day_line = next(x for x in _static(app, "home-day").splitlines() if "FRANÇAIS" in x)
        assert NEW_LABEL not in day_line

        # Notes shows the grade marked, and from then on it has been seen.
        await press(pilot, "n")
        view = app.query_one(GradesView)
        table = view.query_one(DataTable)
        marked = [row for row in range(table.row_count) if NEW_LABEL in _cells(table, row)[0]]
        assert len(marked) == 1
        assert view.row_objects[marked[0]].mark.value == 16.5
        child = app.child.name
        assert not [
            c for c in app.portal.cache.changes(unseen_only=True, child=child) if c.section == "grades"
        ]
        await press(pilot, "a")
        assert NEW_LABEL not in _static(app, "home-grades")
        assert "16,5" in _static(app, "home-grades")
        await press(pilot, "n")
        assert not [row for row in range(table.row_count) if NEW_LABEL in _cells(table, row)[0]]


async def test_home_at_80x24_shows_the_day_first(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = _screen_text(app)
        assert "Cours" in text and "Travail à faire" in text
        assert "Traceback" not in text
