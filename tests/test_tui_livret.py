"""The livret scolaire in the app (Pilot, the demo school on loopback): ``o`` in Parcours switches to
the livret, ``,`` and ``.`` choose the class, Entrée shows a subject's competences across the years;
a child whose school does not offer the livret has no ``o`` and no empty livret."""

from __future__ import annotations

from textual.widgets import DataTable

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.tui.screens.dialogs import InfoScreen
from espace_parents_tui.tui.screens.livret import DOMAIN, GENERAL
from espace_parents_tui.tui.screens.record import RecordView
from tui_helpers import TODAY, Served, press, screen_text, settle


def _row(view: RecordView, key: str) -> int:
    return view.rows.index(key)


async def test_the_livret_shows_each_class_and_a_subject_across_the_years(served):
    app = served.app()
    lea = served.school.child("lea")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        view = app.query_one(RecordView)
        assert view.mode == "averages" and "o : livret" in screen_text(app)
        await press(pilot, "o")
        assert view.mode == "livret"
        shown = screen_text(app)
        assert "Livret — MARTIN Léa" in shown
        assert "6e B 24-25" in shown and "5e B 25-26" in shown and "4e B 26-27" in shown
        assert "Livret en cours de saisie" in shown  # this year's first
        table = view.query_one(DataTable)
        assert view.rows == [s.subject for s in lea.livret[-1].subjects]  # no domain yet this year
        await press(pilot, "comma")  # last year: published, with domains and a general appreciation
        assert view.class_index == 1
        assert "Livret publié le 03/07/2026" in screen_text(app)
        past = lea.livret[1]
        assert view.rows == [s.subject for s in past.subjects] + [DOMAIN + d.name for d in past.domains] + [
            GENERAL
        ]
        maths = next(s for s in past.subjects if s.subject == "MATHÉMATIQUES")
        cells = [str(c) for c in table.get_row_at(_row(view, "MATHÉMATIQUES"))]
        marks = {"insuffisante": "▁", "fragile": "▃", "satisfaisante": "▅", "tres_bonne": "█"}
        assert cells[1].split() == [marks[c.level] for c in maths.competences]
        assert maths.appreciation.startswith(cells[2].rstrip("…"))
        # One subject across the years: each competence's level in each class.
        table.move_cursor(row=_row(view, "MATHÉMATIQUES"))
        await press(pilot, "enter")
        assert isinstance(app.screen, InfoScreen)
        detail = screen_text(app)
        assert "MATHÉMATIQUES — sur les années" in detail
        for name in ("Chercher et raisonner", "Calculer", "Modéliser et représenter"):
            assert name in detail
        assert "6e B 24-25" in detail and "4e B 26-27" in detail and maths.appreciation in detail
        await press(pilot, "escape")
        await press(pilot, "full_stop", "full_stop")  # wraps to the first class
        assert view.class_index == 0 and "Livret publié le 03/07/2025" in screen_text(app)
        await press(pilot, "o")
        assert view.mode == "averages" and "Moyenne générale" in screen_text(app)


async def test_hugo_has_this_years_livret_only(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+e")
        await settle(pilot)
        await press(pilot, "u", "o")
        view = app.query_one(RecordView)
        assert view.mode == "livret" and [y.class_name for y in view.livret.years] == ["6e A"]
        await press(pilot, "comma")
        assert view.class_index == 0


async def test_no_livret_tab_no_livret_and_no_request(tmp_path):
    school = demo_school(TODAY)
    school.extra_tabs = [t for t in school.extra_tabs if t != 83]
    served = Served(school, tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "u")
            view = app.query_one(RecordView)
            assert "o : livret" not in screen_text(app)
            await press(pilot, "o")
            assert view.mode == "averages"  # the key does nothing: no empty livret
            assert served.server.stats.requests.get("LivretScolaire", 0) == 0
    finally:
        served.stop()


async def test_a_school_with_the_livret_but_no_record_shows_parcours_as_the_livret(tmp_path):
    school = demo_school(TODAY)
    school.extra_tabs = [83]
    served = Served(school, tmp_path)
    try:
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "u")
            assert app.current == "record"
            view = app.query_one(RecordView)
            assert view.mode == "livret" and "Livret — MARTIN Léa" in screen_text(app)
            await press(pilot, "o")  # no averages to switch to
            assert view.mode == "livret"
            assert served.server.stats.requests.get("PageSuiviPluriannuel", 0) == 0
    finally:
        served.stop()
