"""The school record over the years (Parcours) and the digital textbooks (Manuels), end to end:
the emulated server's pages and refusals, the protocol client, the portal (a child the school has
nothing for is not offered the section), the past report cards' PDF and ``show`` on the command
line (``--json`` with at least two school years of per-subject averages)."""

from __future__ import annotations

import base64
import copy
import dataclasses
import hashlib
import io
import json
from contextlib import asynccontextmanager
from datetime import date

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.clock import DayClock
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread, running_server
from espace_parents_tui.models.records import PastReportCard, SchoolRecord, SchoolYearRecord, YearAverage
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.parse.records import parse_school_record, parse_textbooks
from espace_parents_tui.pronote.tabs import TAB_RECORD, TAB_TEXTBOOKS
from espace_parents_tui.service.actions.records import download_past_report_card
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.store import Cache

TODAY = date(2026, 11, 24)
BASE = demo_school(TODAY)


def fresh():
    return copy.deepcopy(BASE)


@asynccontextmanager
async def logged_in(school=None):
    school = school or fresh()
    app = DemoServer(school, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        from espace_parents_tui.pronote.client import PronoteClient

        async with PronoteClient(f"{root}/parent.html") as client:
            client.today = lambda: TODAY
            await client.login_password("demo", "demo")
            yield school, client


@asynccontextmanager
async def portal_on(school):
    from espace_parents_tui.service.portal import Portal

    app = DemoServer(school, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        account = AccountConfig(id="demo", server_url=f"{root}/parent.html", username="demo", storage="ask")
        store = MemoryStore()
        store.set(account.id, "password", "demo")
        cache = Cache.in_memory()
        portal = Portal(account, store, cache, clock=DayClock(TODAY))
        try:
            yield portal
        finally:
            await portal.close()
            cache.close()


# -- the demo school ---------------------------------------------------------------------------------


def test_the_first_child_has_two_past_years_with_report_cards():
    lea, hugo = BASE.children
    assert [(y.year, y.class_name) for y in lea.past_years] == [("2024-2025", "6e B"), ("2025-2026", "5e B")]
    assert all(len(y.report_cards) == 3 and y.averages for y in lea.past_years)
    assert "ESPAGNOL LV2" not in {a.subject for a in lea.past_years[0].averages}  # LV2 starts in 5e
    assert hugo.past_years == []  # arrived in 6e this year
    assert BASE.extra_tabs == [44, 227, 228, 83]


def test_the_tab_tree_is_the_recordings_plus_tab_44_under_notes(pronote_real):
    from espace_parents_tui.demo.pages import PAGES, IdMinter, PageRequest

    ref = json.loads((pronote_real / "ParametresUtilisateur/parent-two-children.json").read_text())["data"]

    def tree(school):
        request = PageRequest(school, school.parents[0], None, {}, {}, IdMinter(b"k"), TODAY, (2025, 2, 8))
        return PAGES["ParametresUtilisateur"](request)["listeOnglets"]

    ours = tree(BASE)
    assert next(n for n in ours if n["G"] == 3)["Onglet"][-4:] == [{"G": 44}, {"G": 227}, {"G": 228}, {"G": 83}]
    assert tree(dataclasses.replace(BASE, extra_tabs=[])) == ref["listeOnglets"]


# -- the client against the emulated server -------------------------------------------------------


async def test_the_record_holds_every_year_with_each_subjects_average():
    async with logged_in() as (school, client):
        lea = school.child("lea")
        record = await client.school_record("MARTIN Léa")
        assert record.offered
        assert [(y.year, y.classes) for y in record.years] == [
            ("2024-2025", "6e B"),
            ("2025-2026", "5e B"),
            ("2026-2027", "4e B"),
        ]
        for past, year in zip(lea.past_years, record.years, strict=False):
            assert [(a.subject, a.average, a.class_average) for a in past.averages] == [
                (s.subject, s.average, s.class_average) for s in year.subjects
            ]
            assert [c.period for c in year.report_cards] == ["Trimestre 1", "Trimestre 2", "Trimestre 3"]
        # This year's averages are those of this year's grades so far.
        current = record.years[-1]
        assert current.report_cards == () and len(current.subjects) == len({g.subject for g in lea.grades})
        history = record.history("ESPAGNOL LV2")
        assert history[0] == ("2024-2025", None) and all(v is not None for _, v in history[1:])


async def test_a_past_report_card_downloads_as_the_schools_pdf():
    async with logged_in() as (school, client):
        record = await client.school_record("MARTIN Léa")
        card = record.report_cards()[4]
        content = await client.past_report_card_pdf("MARTIN Léa", card)
        wanted = school.child("lea").past_years[1].report_cards[1]
        assert (card.year, card.period) == ("2025-2026", "Trimestre 2")
        assert content == base64.b64decode(school.document(wanted.document).data)


async def test_the_server_refuses_a_report_card_that_is_not_the_childs():
    async with logged_in() as (school, client):
        record = await client.school_record("MARTIN Léa")
        card = record.report_cards()[0]
        with pytest.raises(errors.PageUnavailable):
            await client.past_report_card_pdf("MARTIN Hugo", card)  # Léa's card asked for Hugo
        forged = PastReportCard(None, "Trimestre 1", "2024-2025", "x.pdf", "justificatif-lea-certificat")
        with pytest.raises(errors.PageUnavailable):
            await client.past_report_card_pdf("MARTIN Léa", forged)  # a school file, not a report card


async def test_a_child_with_nothing_gets_the_servers_message_not_an_empty_record():
    school = fresh()
    hugo = school.child("hugo")
    hugo.grades = []
    async with logged_in(school) as (_school, client):
        record = await client.school_record("MARTIN Hugo")
        assert not record.offered and record.years == () and "Aucune donnée" in record.message


async def test_the_server_refuses_the_record_when_the_school_does_not_open_its_tab():
    school = fresh()
    school.extra_tabs = []
    async with logged_in(school) as (_school, client):
        assert TAB_RECORD not in client.account.tabs
        with pytest.raises(errors.PronoteError):
            await client.school_record("MARTIN Léa")


async def test_textbooks_carry_publisher_and_link_for_the_childs_level():
    async with logged_in() as (school, client):
        books = await client.textbooks("MARTIN Léa")
        assert books.offered
        wanted = [b for b in school.textbooks if not b.levels or "4e" in b.levels]
        assert [(b.title, b.publisher, b.url) for b in books.books] == [(b.title, b.publisher, b.url) for b in wanted]
        hugo = await client.textbooks("MARTIN Hugo")
        assert {b.title for b in hugo.books}.isdisjoint({b.title for b in books.books} - {"Physique-Chimie cycle 4"})


async def test_a_child_without_textbooks_is_told_so():
    school = fresh()
    school.textbooks = [b for b in school.textbooks if "6e" in b.levels]
    async with logged_in(school) as (_school, client):
        books = await client.textbooks("MARTIN Léa")
        assert not books.offered and books.books == () and books.message


async def test_the_server_refuses_textbooks_to_an_account_without_the_tab():
    school = fresh()
    school.parents[0].tabs = [16, 198]
    async with logged_in(school) as (_school, client):
        assert TAB_TEXTBOOKS not in client.account.tabs
        with pytest.raises(errors.PronoteError):
            await client.textbooks("MARTIN Léa")


# -- parsers ------------------------------------------------------------------------------------------


def test_parsers_read_a_message_only_answer_as_not_offered():
    assert parse_school_record({"message": "Rien"}) == SchoolRecord(message="Rien", offered=False)
    assert not parse_textbooks({"Message": "Aucun"}).offered
    record = parse_school_record(
        {
            "listeMetas": {"_T": 24, "V": [{"N": "79#a", "L": "MATHS"}]},
            "listeDonnees": {
                "_T": 24,
                "V": [
                    {"strAnnee": "2025-2026", "listeSuivis": [{"meta": {"N": "79#a"}, "moyenne": {"_T": 10, "V": "12,5"}}]},
                    {"strAnnee": "2024-2025", "moyenne": "", "listeSuivis": [{"meta": {"N": "79#a"}, "moyenne": "10"}]},
                ],
            },
        }
    )
    assert [y.year for y in record.years] == ["2024-2025", "2025-2026"]  # oldest first
    assert record.history("MATHS") == [("2024-2025", 10.0), ("2025-2026", 12.5)]
    assert record.trend("MATHS") == "hausse" and record.years[0].average is None


@pytest.mark.parametrize(
    ("values", "trend"),
    [((10.0, 12.0), "hausse"), ((12.0, 10.0), "baisse"), ((12.0, 12.3), "stable"), ((12.0, None), ""), ((None,), "")],
)
def test_trend_compares_the_last_two_years_with_an_average(values, trend):
    years = tuple(
        SchoolYearRecord(f"{2020 + i}-{2021 + i}", subjects=(YearAverage("X", v),)) for i, v in enumerate(values)
    )
    assert SchoolRecord(years=years).trend("X") == trend


# -- the portal ---------------------------------------------------------------------------------------


async def test_the_portal_offers_the_sections_only_to_a_child_the_school_has_something_for(world):
    school = fresh()
    school.child("hugo").grades = []  # no past year, no grade: nothing to follow
    school.textbooks = [b for b in school.textbooks if "4e" in b.levels or not b.levels]
    async with portal_on(school) as portal:
        await portal.sync()
        lea, hugo = portal.children()
        assert portal.offers("record", lea) and portal.offers("textbooks", lea)
        assert not portal.offers("record", hugo) and not portal.offers("textbooks", hugo)


async def test_the_portal_does_not_ask_for_a_tab_the_account_lacks(world):
    school = fresh()
    school.extra_tabs = []
    async with portal_on(school) as portal:
        report = await portal.sync()
        assert report.problems == []  # never asked: no refusal to report
        lea = portal.children()[0]
        assert portal.read("record", lea) is None and not portal.offers("record", lea)
        assert portal.offers("textbooks", lea)


async def test_downloading_a_past_report_card_saves_the_pdf(world):
    school = fresh()
    async with portal_on(school) as portal:
        await portal.sync()
        lea = portal.children()[0]
        path = await download_past_report_card(portal, lea, "2024-2025", "Trimestre 3")
        wanted = school.child("lea").past_years[0].report_cards[2]
        assert path.parent == world / "downloads" and path.name.startswith("Bulletin Trimestre 3 2024-2025")
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(
            base64.b64decode(school.document(wanted.document).data)
        ).digest()
        with pytest.raises(PortalError, match="n'est plus proposé"):
            await download_past_report_card(portal, lea, "2019-2020", "Trimestre 1")


# -- the command line ---------------------------------------------------------------------------------


@pytest.fixture
def run(world, monkeypatch, capsys):
    school = fresh()
    app = DemoServer(school, ServerOptions(today=TODAY))
    thread = ServerThread(app)

    def run(*argv: str):
        monkeypatch.setattr("sys.stdin", io.StringIO("demo\n"))
        code = cli.main(["--today", TODAY.isoformat(), *argv])
        return code, capsys.readouterr()

    code, out = run("login", "--server", thread.page_url, "--username", "demo", "--password-stdin", "--ask")
    assert code == 0, out.err
    yield run
    thread.stop()


def test_show_record_json_has_at_least_two_school_years_of_subject_averages(run):
    code, out = run("show", "record", "--child", "Léa", "--json")
    assert code == 0, out.err
    payload = json.loads(out.out)
    assert payload["section"] == "record" and payload["child"] == "MARTIN Léa"
    years = payload["data"]["years"]
    assert len(years) >= 2
    for year in years:
        assert year["subjects"] and all(isinstance(s["average"], float) for s in year["subjects"] if s["average"])
    assert {s["subject"] for s in years[0]["subjects"]} & {s["subject"] for s in years[1]["subjects"]}


def test_show_record_table_shows_each_subjects_trend(run):
    code, out = run("show", "record", "--child", "Léa")
    assert code == 0, out.err
    assert "2024-2025 (6e B)" in out.out.replace("\n", " ") or "2024-2025" in out.out
    assert "Tendance" in out.out and ("hausse" in out.out or "baisse" in out.out)
    assert "Bulletins des années" in out.out


def test_show_textbooks_json_and_table(run):
    code, out = run("show", "textbooks", "--child", "Hugo", "--json")
    assert code == 0, out.err
    books = json.loads(out.out)["data"]["books"]
    assert books and all(b["url"].startswith("https://manuels.example/") and b["publisher"] for b in books)
    code, out = run("show", "textbooks", "--child", "Hugo")
    assert code == 0 and "Éditeur" in out.out
