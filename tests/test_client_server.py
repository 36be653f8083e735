"""Our client against the emulated server over loopback HTTP, in every valid protocol combination.

Values are checked against the school the server serves (the school file), never against the
client's own output.
"""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta

import pytest

from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models import SpecialGrade
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.client import PronoteClient

TODAY = date(2026, 11, 24)  # a Tuesday in the first trimester
SCHOOL = demo_school(TODAY)

ERAS_AND_CHALLENGES = [(1, "legacy"), (2, "legacy"), (3, "legacy"), (3, "2026")]
COMBINATIONS = [
    (era, challenge, encrypt, compress)
    for era, challenge in ERAS_AND_CHALLENGES
    for encrypt in (False, True)
    for compress in (False, True)
]


@asynccontextmanager
async def serve(**options):
    options.setdefault("today", TODAY)
    app = DemoServer(SCHOOL, ServerOptions(**options))
    async with running_server(app) as root:
        yield app, f"{root}/parent.html"


def _expected_grades(child_key: str, period_name: str):
    child = SCHOOL.child(child_key)
    return [g for g in child.grades if g.period == period_name]


async def _check_reads(client: PronoteClient) -> None:
    account = client.account
    parent = SCHOOL.parents[0]
    assert account.name == parent.name
    assert [(c.name, c.class_name) for c in account.children] == [
        (c.name, c.class_name) for c in parent.children
    ]

    lea = SCHOOL.child("lea")
    period = SCHOOL.current_period(TODAY)
    report = await client.grades("MARTIN Léa")
    expected = _expected_grades("lea", period.name)
    assert len(report.grades) == len(expected) > 0
    got = sorted((g.subject.name, g.day, g.mark.value, g.mark.special, g.out_of) for g in report.grades)
    want = sorted(
        (g.subject, g.date, g.value, SpecialGrade(g.special) if g.special else None, float(g.out_of))
        for g in expected
    )
    assert got == want
    hidden = {a.subject.name for a in report.averages if not a.student.published}
    assert hidden == set(lea.hidden_averages) & {g.subject for g in expected}

    lessons = await client.timetable("MARTIN Léa", TODAY)
    monday = TODAY - timedelta(days=TODAY.weekday())
    week = [occ for d in range(7) for occ in SCHOOL.lessons_on(lea, monday + timedelta(days=d))]
    assert len(lessons) == len(week) > 0
    assert sorted(lesson.start for lesson in lessons) == sorted(
        datetime.combine(occ.day, occ.start) for occ in week
    )
    assert {(lsn.start, lsn.cancelled) for lsn in lessons} == {
        (datetime.combine(o.day, o.start), o.cancelled) for o in week
    }


@pytest.mark.parametrize(("era", "challenge", "encrypt", "compress"), COMBINATIONS)
async def test_password_login_and_reads(era, challenge, encrypt, compress):
    async with serve(era=era, challenge=challenge, encrypt=encrypt, compress=compress) as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            assert int(client.era) == era
            await _check_reads(client)
            assert client.server_version == app.options.version


@pytest.mark.parametrize(("era", "challenge", "encrypt", "compress"), COMBINATIONS)
async def test_token_rotation_and_qr(era, challenge, encrypt, compress):
    async with serve(era=era, challenge=challenge, encrypt=encrypt, compress=compress) as (app, url):
        device = str(uuid.uuid4())
        qr = app.issue_qr("demo", "4321", url)
        saved: list[str] = []
        async with PronoteClient(url, on_token=saved.append) as client:
            first = await client.login_qr(qr, "4321", device)
            assert first.token and saved == [first.token]
            await _check_reads(client)

        # The rotated token works once, returns the next one, and the old one is refused.
        async with PronoteClient(url, on_token=saved.append) as client:
            second = await client.login_token(first.username, first.token, device)
            assert second.token and second.token != first.token and saved[-1] == second.token
        async with PronoteClient(url) as client:
            with pytest.raises(errors.TokenRefused):
                await client.login_token(first.username, first.token, device)
        async with PronoteClient(url) as client:
            third = await client.login_token(second.username, second.token, device)
            await _check_reads(client)
            assert third.token != second.token


async def test_password_login_in_mobile_mode_hands_out_a_token():
    async with serve() as (app, url):
        device = str(uuid.uuid4())
        async with PronoteClient(url) as client:
            result = await client.login_password("demo", "demo", mobile=True, device_uuid=device)
            assert result.token
        async with PronoteClient(url) as client:
            await client.login_token("demo", result.token, device)
            assert client.account.name == SCHOOL.parents[0].name


async def test_token_is_bound_to_its_device():
    async with serve() as (app, url):
        async with PronoteClient(url) as client:
            result = await client.login_password("demo", "demo", mobile=True, device_uuid=str(uuid.uuid4()))
        async with PronoteClient(url) as client:
            with pytest.raises(errors.TokenRefused):
                await client.login_token("demo", result.token, str(uuid.uuid4()))


async def test_qr_code_is_single_use():
    async with serve() as (app, url):
        qr = app.issue_qr("demo", "1111", url)
        async with PronoteClient(url) as client:
            await client.login_qr(qr, "1111", "dev-1")
        async with PronoteClient(url) as client:
            with pytest.raises(errors.QrCodeError):
                await client.login_qr(qr, "1111", "dev-1")


async def test_each_child_gets_its_own_data():
    async with serve() as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            lea = await client.timetable("MARTIN Léa", TODAY)
            hugo = await client.timetable("MARTIN Hugo", TODAY)
            assert {lsn.teachers for lsn in lea} != {lsn.teachers for lsn in hugo}
            lea_grades = await client.grades("MARTIN Léa")
            hugo_grades = await client.grades("MARTIN Hugo")
            period = SCHOOL.current_period(TODAY).name
            assert len(hugo_grades.grades) == len(_expected_grades("hugo", period))
            assert [g.day for g in lea_grades.grades] != [g.day for g in hugo_grades.grades]


async def test_a_previous_period_by_name():
    async with serve(today=date(2027, 3, 2)) as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            report = await client.grades("MARTIN Hugo", "Trimestre 1")
            assert len(report.grades) == len(_expected_grades("hugo", "Trimestre 1")) >= 80
            # The school hides one subject's averages: "not published", never zero.
            hidden = [a for a in report.averages if a.subject.name in SCHOOL.child("hugo").hidden_averages]
            assert hidden and all(not a.student.published for a in hidden)
            assert report.overall.published


async def test_wrong_password_is_one_attempt():
    async with serve(challenge="2026") as (app, url):
        async with PronoteClient(url) as client:
            with pytest.raises(errors.BadCredentials):
                await client.login_password("demo", "not-the-password")
        assert app.stats.login_attempts == 1
        assert app.stats.failed_logins == 1


async def test_legacy_wrong_password_is_caught_before_sending():
    async with serve(era=3, challenge="legacy") as (app, url):
        async with PronoteClient(url) as client:
            with pytest.raises(errors.BadCredentials):
                await client.login_password("demo", "wrong")
        assert app.stats.requests["Authentification"] == 0


async def test_plain_http_rsa_iv():
    async with serve(rsa_iv=True) as (app, url):
        async with PronoteClient(url) as client:
            await client.login_password("demo", "demo")
            await _check_reads(client)
