"""Every fault the emulated server can inject reaches the client as its typed error."""

from __future__ import annotations

import asyncio
import copy
from contextlib import asynccontextmanager
from datetime import date

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.client import TAB_GRADES, TAB_TIMETABLE, PronoteClient

TODAY = date(2026, 11, 24)
SCHOOL = demo_school(TODAY)


@asynccontextmanager
async def serve(school=SCHOOL, **options):
    options.setdefault("today", TODAY)
    app = DemoServer(school, ServerOptions(**options))
    async with running_server(app) as root:
        yield app, f"{root}/parent.html"


async def test_expired_session_costs_exactly_one_relogin():
    # A session answers 5 calls: the login's 4 and one more.
    async with serve(expire_after_calls=5) as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")  # FonctionParametres, Identification, Auth, Params
            assert await client.timetable("MARTIN Léa", TODAY)
            sessions, logins = app.stats.sessions_created, app.stats.login_attempts
            report = await client.grades("MARTIN Léa")  # 6th call: expired -> re-login -> retry
            assert report.grades
            assert app.stats.sessions_created == sessions + 1
            assert app.stats.login_attempts == logins + 1
            assert app.stats.errors[10] + app.stats.errors[13] == 1


async def test_expired_session_after_relogin_fails_clearly():
    # Every session dies at its 4th call: the re-login itself uses 4 calls, so the retry dies too.
    async with serve(expire_after_calls=4) as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            logins = app.stats.login_attempts
            with pytest.raises(errors.SessionExpired):
                await client.grades("MARTIN Léa")
            assert app.stats.login_attempts == logins + 1


async def test_refused_tab_is_access_denied():
    async with serve(refuse_tabs={TAB_GRADES}) as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            with pytest.raises(errors.AccessDenied) as info:
                await client.grades("MARTIN Léa")
            assert info.value.function == "DernieresNotes"
            assert await client.timetable("MARTIN Léa", TODAY)


async def test_tab_not_granted_is_refused_before_sending():
    school = copy.deepcopy(SCHOOL)
    school.parents[0].tabs = [7, 16]  # no grades tab for this account
    async with serve(school) as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            assert TAB_GRADES not in client.account.tabs and TAB_TIMETABLE in client.account.tabs
            before = sum(app.stats.requests.values())
            with pytest.raises(errors.AccessDenied) as info:
                await client.grades("MARTIN Léa")
            assert info.value.tab == TAB_GRADES
            assert sum(app.stats.requests.values()) == before


@pytest.mark.parametrize("function", ["DernieresNotes", "ParametresUtilisateur"])
async def test_malformed_body_is_a_protocol_error_naming_the_call(function):
    async with serve(malformed={function}) as (app, url):
        async with PronoteClient(url) as client:
            if function == "ParametresUtilisateur":
                with pytest.raises(errors.ProtocolError) as info:
                    await client.login_password("demo", "demo")
            else:
                await client.login_password("demo", "demo")
                with pytest.raises(errors.ProtocolError) as info:
                    await client.grades("MARTIN Léa")
            assert info.value.function == function


async def test_http_500_is_typed():
    async with serve(http500={"PageEmploiDuTemps"}) as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            with pytest.raises(errors.HttpError) as info:
                await client.timetable("MARTIN Léa", TODAY)
            assert info.value.status == 500


async def test_lockout_stops_every_further_login():
    async with serve(lockout_after=2, challenge="2026") as (app, url):
        for _ in range(2):
            async with PronoteClient(url) as client:
                with pytest.raises(errors.BadCredentials):
                    await client.login_password("demo", "wrong")
        async with PronoteClient(url) as client:
            with pytest.raises(errors.TooManyAttempts):
                await client.login_password("demo", "demo")
            assert client.locked_out
            seen = (app.stats.page_gets, sum(app.stats.requests.values()), app.stats.locked_out)
            # The same client refuses to try again: the server hears nothing more.
            with pytest.raises(errors.TooManyAttempts):
                await client.login_password("demo", "demo")
            assert (app.stats.page_gets, sum(app.stats.requests.values()), app.stats.locked_out) == seen


async def test_ip_suspended_page():
    async with serve(ip_suspended=True) as (app, url):
        async with PronoteClient(url) as client:
            with pytest.raises(errors.IpSuspended):
                await client.login_password("demo", "demo")


async def test_site_unavailable_page():
    async with serve(site_unavailable=True) as (app, url):
        async with PronoteClient(url) as client:
            with pytest.raises(errors.SiteUnavailable):
                await client.login_password("demo", "demo")


@pytest.mark.parametrize("mode", ["pin", "device"])
async def test_two_factor_is_typed_and_can_be_completed(mode):
    async with serve(two_factor=mode) as (app, url):
        async with PronoteClient(url) as client:
            with pytest.raises(errors.TwoFactorRequired) as info:
                await client.login_password("demo", "demo", mobile=True, device_uuid="dev-2fa")
            assert info.value.needs_pin is (mode == "pin")
            assert info.value.needs_device_name
            assert not client.logged_in
            if mode == "pin":
                with pytest.raises(errors.BadCredentials):
                    await client.complete_two_factor(pin="0000", device_name="Terminal de Claire")
                return
            await client.complete_two_factor(device_name="Terminal de Claire")
            assert client.logged_in and client.account.children


async def test_two_factor_with_pin_given_up_front():
    async with serve(two_factor="pin") as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password(
                "demo", "demo", mobile=True, device_uuid="dev-2fa", pin="1234", device_name="Terminal"
            )
            assert await client.timetable("MARTIN Hugo", TODAY)


async def test_server_gone_and_timeout_are_typed():
    async with serve(latency_ms=400) as (app, url):
        async with PronoteClient(url, timeout=0.1) as client:
            with pytest.raises(errors.ServerTimeout):
                await client.login_password("demo", "demo")
    async with PronoteClient(url) as client:  # the server is stopped now
        with pytest.raises(errors.ServerUnreachable):
            await client.login_password("demo", "demo")


async def test_wrong_child_is_refused_before_sending():
    async with serve() as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            with pytest.raises(errors.AccessDenied):
                await client.grades("DUPONT Nobody")


async def test_keep_alive_navigation_when_idle():
    async with serve() as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            client.start_keep_alive(idle_seconds=0.05)
            for _ in range(100):
                if app.stats.requests["Navigation"] >= 2:
                    break
                await asyncio.sleep(0.02)
            client.stop_keep_alive()
            assert app.stats.requests["Navigation"] >= 2


async def test_concurrent_calls_keep_the_order_counter_exact():
    async with serve() as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            results = await asyncio.gather(
                *(client.timetable(child, TODAY) for child in ["MARTIN Léa", "MARTIN Hugo"] * 5),
                *(client.grades(child) for child in ["MARTIN Léa", "MARTIN Hugo"] * 5),
            )
            assert all(results[:10])
            assert not app.stats.errors
