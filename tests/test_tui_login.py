"""Logging in from the app: by password and by QR code, with no keyring (the dialog offers choices)."""

from __future__ import annotations

import json

import pytest

from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.settings.config import ConfigStore
from espace_parents_tui.settings.credentials import FileStore
from espace_parents_tui.tui.app import EspaceParentsApp
from espace_parents_tui.tui.screens.login import LoginScreen, NoKeyringScreen
from tui_helpers import TODAY, Served, press, screen_text, settle, wait_for


@pytest.fixture
def served(world):
    served = Served(demo_school(TODAY), world)
    yield served
    served.stop()


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus an input and type; long texts (a pasted QR code) arrive at once, as a paste would."""
    field = pilot.app.screen.query_one(selector)
    field.focus()
    await pilot.pause()
    if len(text) > 40:
        field.value = text
    else:
        await pilot.press(*text)


async def test_login_by_password_without_keyring(served):
    app = EspaceParentsApp(None, clock=DayClock(TODAY), watch_terminal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await type_into(pilot, "#login-url", served.thread.page_url)
        await pilot.press("enter")
        await settle(pilot)
        assert served.school.name in screen_text(app)  # the school's name, before anything secret is sent
        assert served.server.stats.login_attempts == 0
        await type_into(pilot, "#login-username", "demo")
        await type_into(pilot, "#login-password", "demo")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NoKeyringScreen))
        assert "ask" in {b.id.removeprefix("choice-") for b in app.screen.query("Button")}
        await pilot.click("#choice-ask")
        await settle(pilot)
        assert not isinstance(app.screen, LoginScreen)
        assert [c.name for c in app.kids] == ["MARTIN Léa", "MARTIN Hugo"]
        assert served.server.stats.failed_logins == 0
        assert served.server.stats.requests["DernieresNotes"] > 0  # the first sync ran
        account = ConfigStore().default_account()
        assert account.username == "demo" and account.storage == "ask"
        assert not FileStore().path.exists()  # "ask": nothing written


async def test_login_by_qr_code_stores_the_rotating_token(served):
    qr = served.server.issue_qr("demo", "5678", served.thread.page_url)
    app = EspaceParentsApp(None, clock=DayClock(TODAY), watch_terminal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#login-qr", json.dumps(qr))
        await type_into(pilot, "#login-qr-pin", "5678")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NoKeyringScreen))
        # A token rotates at each login: "ask each time" cannot keep it, so it is not offered.
        assert {b.id for b in app.screen.query("Button")} == {"choice-file", "choice-cancel"}
        await pilot.click("#choice-file")
        await settle(pilot)
        assert [c.name for c in app.kids] == ["MARTIN Léa", "MARTIN Hugo"]
        account = ConfigStore().default_account()
        assert account.login_mode == "token"
        token = FileStore().get(account.id, "token")
        # Two logins happened (the QR code, then the app's own session): the stored token is the
        # newest, and it still works.
        assert served.server.stats.login_attempts == 2
    from espace_parents_tui.pronote.client import PronoteClient

    async with PronoteClient(account.server_url) as client:
        result = await client.login_token(account.username, token, account.device_uuid)
        assert result.parent_name == "Mme MARTIN Claire"


async def test_wrong_password_is_explained_and_the_screen_stays(served):
    app = EspaceParentsApp(None, clock=DayClock(TODAY), watch_terminal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#login-url", served.thread.page_url)
        await type_into(pilot, "#login-username", "demo")
        await type_into(pilot, "#login-password", "faux")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NoKeyringScreen))
        await pilot.click("#choice-ask")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "incorrect" in screen_text(app)
        assert ConfigStore().default_account() is None


async def test_unreachable_server_is_explained(world):
    app = EspaceParentsApp(None, clock=DayClock(TODAY), watch_terminal=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#login-url", "http://127.0.0.1:9/pronote/parent.html")
        await press(pilot, "enter")
        assert "ne répond pas" in screen_text(app)
        assert "Traceback" not in screen_text(app)


async def test_an_ask_each_time_account_asks_its_password_in_a_dialog(served):
    from espace_parents_tui.settings.config import AccountConfig
    from espace_parents_tui.tui.screens.login import PasswordScreen

    account = AccountConfig(id="famille", server_url=served.thread.page_url, username="demo", storage="ask")
    ConfigStore().add(account, make_default=True)
    app = EspaceParentsApp(None, clock=DayClock(TODAY), watch_terminal=False, ask_password_for=account)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PasswordScreen)
        await pilot.press(*"demo", "enter")
        await settle(pilot)
        assert [c.name for c in app.kids] == ["MARTIN Léa", "MARTIN Hugo"]
        assert served.server.stats.failed_logins == 0 and served.server.stats.login_attempts == 1
    assert not FileStore().path.exists()


async def test_ctrl_a_switches_to_the_other_account(world, tmp_path):
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.settings.config import AccountConfig
    from espace_parents_tui.wiring.portals import open_account_portal

    # Two parents, two schools: the second school's family is renamed.
    other = demo_school(TODAY)
    other.parents[0].name = "M. DURAND Paul"
    for child, name in zip(other.parents[0].children, ["DURAND Zoé", "DURAND Tom"], strict=True):
        child.name = name
    first = Served(demo_school(TODAY), tmp_path / "a")
    second = Served(other, tmp_path / "b")
    try:
        store, config = FileStore(), ConfigStore()
        for ident, served_school in (("maman", first), ("papa", second)):
            config.add(
                AccountConfig(
                    id=ident, server_url=served_school.thread.page_url, username="demo", storage="file"
                ),
                make_default=ident == "maman",
            )
            store.set(ident, "password", "demo")
        app = EspaceParentsApp(open_account_portal("maman", clock=DayClock(TODAY)), clock=DayClock(TODAY), watch_terminal=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert [c.name for c in app.kids] == ["MARTIN Léa", "MARTIN Hugo"]
            await press(pilot, "ctrl+a")
            assert app.portal.account.id == "papa"
            assert [c.name for c in app.kids] == ["DURAND Zoé", "DURAND Tom"]
            assert "DURAND Zoé" in screen_text(app)
            assert second.server.stats.login_attempts == 1
            await press(pilot, "ctrl+a")
            assert app.portal.account.id == "maman" and app.kids[0].name == "MARTIN Léa"
    finally:
        first.stop()
        second.stop()
