"""Orientation and Stages in the app (Pilot, the demo school's second family on loopback): the
wishes entered and ordered in the form and sent, a refused send that keeps the form as the parent
left it with the school's reason, the acknowledgement of the council's answer, the internship
sheet, and no such section for the first family's children (4e, 6e: nothing to show)."""

from __future__ import annotations

import contextlib

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.store import Cache
from espace_parents_tui.tui.screens.orientation import WishesScreen
from espace_parents_tui.tui.widgets.bars import SectionBar
from tui_helpers import TODAY, Served, press, screen_lines, screen_text, settle, wait_for


class FamilyServed(Served):
    """The demo school with its second family, the app logged in as ``durand``."""

    def __init__(self, cache_dir) -> None:
        super().__init__(demo_school(TODAY, second_family=True), cache_dir)

    @contextlib.asynccontextmanager
    async def opener(self):
        parent = self.school.parents[1]
        account = AccountConfig(id="durand", server_url=self.thread.page_url, username=parent.login, storage="ask")
        store = MemoryStore()
        store.set(account.id, "password", parent.password)
        cache = Cache.open(self.cache_dir / "durand.sqlite3", clock=self._cache_clock)
        self.portal = Portal(account, store, cache, clock=self.clock, timeout=3)
        try:
            yield self.portal
        finally:
            await self.portal.close()
            cache.close()


@pytest.fixture
def family(tmp_path):
    served = FamilyServed(tmp_path)
    yield served
    served.stop()


def held(served, key: str) -> list[str]:
    return [w.track for w in served.school.child(key).orientation.steps[0].wishes]


async def test_wishes_are_chosen_ordered_and_sent(family):
    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        assert app.current == "orientation"
        shown = screen_text(app)
        assert "Orientation en fin de 3e" in shown and "ouverte jusqu'au 18/12/2026" in shown
        await press(pilot, "w")
        form = app.screen
        assert isinstance(form, WishesScreen) and form.chosen == ["2nde générale et technologique"]
        await press(pilot, "down", "enter")  # adds the 2nde professionnelle, rank 2
        assert form.chosen == ["2nde générale et technologique", "2nde professionnelle"]
        await press(pilot, "ctrl+up")  # … moved to rank 1
        assert form.chosen == ["2nde professionnelle", "2nde générale et technologique"]
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, WishesScreen))
        await settle(pilot)
        assert held(family, "ines") == ["2pro", "2gt"]
        assert "1. 2nde professionnelle" in screen_text(app)


async def test_a_refused_send_keeps_the_form_and_says_why(family):
    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "w", "down", "enter", "down", "enter", "down", "enter")
        form = app.screen
        assert isinstance(form, WishesScreen) and len(form.chosen) == 4
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: form.problem is not None)
        assert "Au plus 3 vœux" in form.problem
        assert app.screen is form and len(form.chosen) == 4  # what the parent chose is still there
        assert "Non envoyé" in screen_text(app) and "Traceback" not in screen_text(app)
        assert held(family, "ines") == ["2gt"]  # the school kept nothing


async def test_the_councils_answer_is_acknowledged_where_asked(family):
    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "a")
        assert any("Aucun accusé" in n.message for n in app._notifications)  # Inès: nothing asked
        await press(pilot, "ctrl+e")
        assert app.child.name == "DURAND Yanis"
        await press(pilot, "i")
        assert "accusé de réception demandé" in screen_text(app)
        await press(pilot, "w")
        assert not isinstance(app.screen, WishesScreen)  # the intentions step is closed
        await press(pilot, "a")
        await wait_for(pilot, lambda: family.school.child("yanis").orientation.steps[1].acknowledged is not None)
        await settle(pilot)
        assert "accusé de réception fait le 24/11/2026" in screen_text(app)


async def test_the_internship_sheet_and_the_companies(family):
    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "g")
        shown = screen_text(app)
        assert "Stage d'observation de 3e" in shown and "Boulangerie du Marché" in shown
        assert "07/12/2026 → 11/12/2026" in shown and "M. ROUX Pascal" in shown


async def test_the_first_family_has_no_orientation_nor_stages(served):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = str(app.query_one(SectionBar).render())
        assert "Orient" not in bar and " i " not in f" {bar} " and " g " not in f" {bar} "
        await press(pilot, "i")
        assert app.current == "home"
        await press(pilot, "g")
        assert app.current == "home"
        assert any("ne propose pas la rubrique" in n.message for n in app._notifications)


async def test_a_refused_draft_comes_back_after_a_restart_and_goes_once_sent(family):
    from espace_parents_tui.store.drafts import Drafts

    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "w", "down", "enter", "down", "enter", "down", "enter", "ctrl+up")
        form = app.screen
        assert isinstance(form, WishesScreen)
        chosen = list(form.chosen)
        assert len(chosen) == 4 and chosen[2] != "2nde professionnelle"  # moved: an order of its own
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: form.problem is not None)
        assert "Au plus 3 vœux" in form.problem
    # A new app on the same cache: the form opens as the parent left it, with the school's reason.
    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "w")
        form = app.screen
        assert isinstance(form, WishesScreen) and form.chosen == chosen
        assert form.problem and "Au plus 3 vœux" in form.problem
        shown = " ".join(screen_lines(app))
        assert "Non envoyé" in shown and "Au plus 3" in shown  # the reason, shown again
        await press(pilot, "enter")  # the first one removed: three wishes, the school takes them
        assert form.chosen == chosen[1:]
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, WishesScreen))
        await settle(pilot)
        assert len(held(family, "ines")) == 3
        assert Drafts(family.portal.cache).list(kind="orientation") == []  # the school has them


async def test_a_wish_gets_a_comment_in_the_form_and_the_school_keeps_it(family):
    from espace_parents_tui.tui.screens.orientation_forms import CommentScreen

    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i", "w", "down", "e")  # not chosen yet: nothing to comment
        assert isinstance(app.screen, WishesScreen)
        assert any("Choisissez d'abord" in n.message for n in app._notifications)
        await press(pilot, "up", "e")
        assert isinstance(app.screen, CommentScreen)
        await pilot.press(*"quartier du lycée")  # "q" is a letter here, not "quit"
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, WishesScreen) and app.is_running
        assert form.comments["2nde générale et technologique"] == "quartier du lycée"
        assert "quartier du lycée" in screen_text(app)
        await press(pilot, "e", "escape")  # Échap keeps the comment as it was
        assert form.comments["2nde générale et technologique"] == "quartier du lycée"
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, WishesScreen))
        await settle(pilot)
        wish = family.school.child("ines").orientation.steps[0].wishes[0]
        assert (wish.track, wish.comment) == ("2gt", "quartier du lycée")


async def test_the_section_says_a_draft_is_waiting_and_x_drops_it_after_asking(family):
    from espace_parents_tui.store.drafts import Drafts
    from espace_parents_tui.tui.screens.orientation_forms import DropDraftScreen

    app = family.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        assert "Brouillon non envoyé" not in screen_text(app)
        await press(pilot, "x")  # no draft: the key does nothing
        assert not isinstance(app.screen, DropDraftScreen)
        await press(pilot, "w", "down", "enter", "escape")  # a second wish chosen, not sent
        await settle(pilot)
        shown = " ".join(screen_lines(app))
        assert "Brouillon non envoyé" in shown and "2. 2nde professionnelle" in shown
        await press(pilot, "x")
        assert isinstance(app.screen, DropDraftScreen)
        await press(pilot, "escape")  # kept
        assert len(Drafts(family.portal.cache).list(kind="orientation")) == 1
        await press(pilot, "x", "enter")
        await settle(pilot)
        assert Drafts(family.portal.cache).list(kind="orientation") == []
        assert "Brouillon non envoyé" not in " ".join(screen_lines(app))
        assert held(family, "ines") == ["2gt"]  # nothing was sent
        await press(pilot, "w")
        assert app.screen.chosen == ["2nde générale et technologique"]  # the school's wishes again
