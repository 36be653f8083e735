"""What keeps a section switch cheap (benchmarks/bigschool.py measures it) must not change what the
parent sees: the key bar shows the keys Textual's Footer showed and presses them when clicked, a
table shown again is not redrawn but shows any change, and the account snapshot is decoded again
after any write in the cache."""

from __future__ import annotations

from textual.widgets import DataTable

from espace_parents_tui.tui.widgets.bars import KeyBar, KeyLine
from espace_parents_tui.tui.widgets.table import ListTable
from tui_helpers import press, screen_lines, settle


def footer_keys(app) -> list[tuple[str, str]]:
    """What Textual's Footer lists: the shown bindings, one per action, in order."""
    seen, keys = set(), []
    for _node, binding, _enabled, _tooltip in app.screen.active_bindings.values():
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            keys.append((app.get_key_display(binding), binding.description))
    return keys


async def test_the_key_bar_follows_the_focus_and_a_click_presses_the_key(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        line = app.query_one(KeyBar).query_one("KeyLine.-keys", KeyLine)
        shown = [(k.display, k.description) for k in line.keys]
        assert shown == footer_keys(app) and ("o", "Mode") in shown
        assert screen_lines(app)[-1].startswith(" . Période suiv.  , Période préc.  o Mode ")
        palette = app.query_one(KeyBar).query_one("KeyLine.-palette", KeyLine)
        assert [(k.display, k.description) for k in palette.keys] == [("^p", "palette")]
        # A click on "o Mode" presses o: the grades view shows its next mode.
        view = app.view("grades")
        before = view.mode
        start = next(start for start, _end, key in line._spans if key.display == "o")
        await pilot.click(line, offset=(start + 1, 0))
        await settle(pilot)
        assert view.mode != before
        await press(pilot, "a")  # the home view: its own keys
        assert [(k.display, k.description) for k in line.keys] == footer_keys(app)
        assert ("o", "Mode") not in [(k.display, k.description) for k in line.keys]

        # The account snapshot is decoded once per cache version, again after any write.
        portal = app.portal
        first = portal.snapshot()
        assert portal.snapshot() is first
        portal.cache.set_meta("test_switch", "written")
        again = portal.snapshot()
        assert again == first and again is not first


async def test_a_table_shown_again_is_not_redrawn_but_shows_what_changed(served, monkeypatch):
    cells = []
    original = ListTable._render_cell  # every cell drawn (ListTable's own or DataTable's)
    monkeypatch.setattr(
        ListTable, "_render_cell", lambda self, *a, **k: (cells.append(1), original(self, *a, **k))[1]
    )
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(2):  # the first showings settle the table's size
            await press(pilot, "n")
            await press(pilot, "a")
        cells.clear()
        await press(pilot, "n")  # shown again, focused again, nothing changed
        assert cells == []
        table = app.view("grades").query_one(DataTable)
        assert table.has_focus
        table.update_cell_at((0, 0), "ZZZ-CHANGÉ")
        await settle(pilot)
        assert cells and any("ZZZ-CHANGÉ" in row for row in screen_lines(app))
        # Leaving and coming back shows the changed cell, not the line drawn before the change.
        await press(pilot, "a")
        await press(pilot, "n")
        assert any("ZZZ-CHANGÉ" in row for row in screen_lines(app))


async def test_the_week_grid_drawn_again_from_its_kept_drawing_follows_the_keys(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        shown = screen_lines(app)
        await press(pilot, "a", "e")  # left and back: the kept drawing, the same screen
        assert screen_lines(app) == shown
        await press(pilot, "right")  # another day selected: drawn anew
        moved = screen_lines(app)
        assert moved != shown
        await press(pilot, "a", "e")
        assert screen_lines(app) == moved
        await press(pilot, "left")
        assert screen_lines(app) == shown


async def test_the_messagerie_list_is_filled_again_only_when_the_mailbox_or_the_width_changed(
    served, monkeypatch
):
    from espace_parents_tui.tui.screens.messages import MessagesView

    fills = []
    original = MessagesView._fill_discussions
    monkeypatch.setattr(
        MessagesView, "_fill_discussions", lambda self, *a: (fills.append(1), original(self, *a))[1]
    )
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        view = app.view("messages")
        filled = len(fills)
        view.forget_drawing()
        await press(pilot, "a", "m")  # drawn again, the same mailbox: the list stays
        assert len(fills) == filled
        await pilot.resize_terminal(100, 24)  # another width: the list is filled again to fit it
        await settle(pilot)
        assert len(fills) > filled


async def test_a_messagerie_hidden_before_its_first_frame_is_filled_once_at_its_width(served, monkeypatch):
    from espace_parents_tui.tui.screens.messages import MessagesView

    fills = []
    original = MessagesView._fill_discussions
    monkeypatch.setattr(
        MessagesView, "_fill_discussions", lambda self, *a: (fills.append(1), original(self, *a))[1]
    )
    app = served.app()
    async with app.run_test(size=(100, 24)) as pilot:  # wider than the 80 columns guessed before
        await settle(pilot)
        app.action_section("messages")  # built, then another section before its first frame
        app.action_section("home")
        await settle(pilot)
        await press(pilot, "m")
        assert len(fills) == 1
        assert app.view("messages")._discussions_drawn[1] == app.view("messages").size.width - 2


async def test_a_switch_repaints_neither_the_screen_nor_the_switcher(served):
    from textual.widgets import ContentSwitcher

    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n", "a")  # both views built and drawn
        repaints = []

        def recorded(widget):
            original = widget.refresh

            def refresh(*regions, **options):
                repaints.append((widget, options))
                return original(*regions, **options)

            widget.refresh = refresh

        recorded(app.screen)
        recorded(app.query_one(ContentSwitcher))
        await press(pilot, "n")  # the focus moves to the grades' table, the view shown changes
        assert app.view("grades").query_one(DataTable).has_focus
        assert app.view("grades").display and not app.view("home").display
        assert repaints == []
        assert "Notes" in "\n".join(screen_lines(app))


async def test_once_the_app_has_read_its_data_the_collector_runs_less_often(served):
    import gc

    from espace_parents_tui.tui import switching

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)  # Python's own (another test's app may have started already)
        app = served.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.portal is not None
            assert gc.get_threshold() == switching.SETTLED_THRESHOLDS != (700, 10, 10)
    finally:
        gc.set_threshold(*before)


async def test_once_settled_the_views_modules_are_imported_ahead_one_per_turn_and_none_built(
    served, monkeypatch
):
    from espace_parents_tui.tui import views
    from espace_parents_tui.tui.app import EspaceParentsApp

    loaded: list[str] = []  # the modules as this app sees them (the test process imported some already)
    original_load = views.ViewEntry.load

    def load(entry):
        loaded.append(entry.key)
        return original_load(entry)

    monkeypatch.setattr(views.ViewEntry, "imported", property(lambda entry: entry.key in loaded))
    monkeypatch.setattr(views.ViewEntry, "load", load)
    per_call: list[int] = []
    original_ahead = EspaceParentsApp._import_views_ahead

    def ahead(app):
        before = len(loaded)
        original_ahead(app)
        per_call.append(len(loaded) - before)

    monkeypatch.setattr(EspaceParentsApp, "_import_views_ahead", ahead)
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(100):  # the freeze delay (0.5 s of real time), then one module per turn
            if set(loaded) >= {entry.key for entry in views.ALL_VIEWS}:
                break
            await pilot.pause(0.05)
        assert set(loaded) == {entry.key for entry in views.ALL_VIEWS}
        assert per_call and max(per_call) == 1  # never two imports in one turn of the event loop
        assert {view.key for view in app.views()} == {"home"}  # imported, not built
        await press(pilot, "m")  # a view imported ahead is built and shown as before
        assert "Messagerie" in "\n".join(screen_lines(app))
