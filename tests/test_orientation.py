"""Orientation and internships end to end: the emulated server's pages and its rules (the maximum
number of wishes, a step not open yet or already closed, tracks it offers, an acknowledgement only
where it is asked), the protocol client, the portal (no section for a child the school has nothing
for) and the command line (``show orientation|internships --json``, ``orientation wish``,
``orientation acknowledge``, exit codes)."""

from __future__ import annotations

import copy
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
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.orientation import UnknownTrack
from espace_parents_tui.pronote.parse.orientation import parse_orientation
from espace_parents_tui.service.actions import orientation as actions
from espace_parents_tui.service.portal import Portal, PortalError
from espace_parents_tui.settings.config import AccountConfig
from espace_parents_tui.settings.credentials import MemoryStore
from espace_parents_tui.store import Cache

TODAY = date(2026, 11, 24)
BASE = demo_school(TODAY, second_family=True)
INES, YANIS = "DURAND Inès", "DURAND Yanis"
GT, PRO, CAP, STHR = (
    "2nde générale et technologique",
    "2nde professionnelle",
    "1re année de CAP",
    "2nde STHR",
)


def fresh():
    return copy.deepcopy(BASE)


@asynccontextmanager
async def logged_in(school=None, login="durand"):
    school = school or fresh()
    app = DemoServer(school, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        from espace_parents_tui.pronote.client import PronoteClient

        async with PronoteClient(f"{root}/parent.html") as client:
            client.today = lambda: TODAY
            await client.login_password(login, login)
            yield school, client


@asynccontextmanager
async def portal_on(school, login="durand"):
    app = DemoServer(school, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        account = AccountConfig(id=login, server_url=f"{root}/parent.html", username=login, storage="ask")
        store = MemoryStore()
        store.set(account.id, "password", login)
        cache = Cache.in_memory()
        portal = Portal(account, store, cache, clock=DayClock(TODAY))
        try:
            yield portal
        finally:
            await portal.close()
            cache.close()


def test_the_second_family_is_only_there_when_asked():
    assert [p.login for p in demo_school(TODAY).parents] == ["demo"]
    assert [p.login for p in BASE.parents] == ["demo", "durand"]
    ines, yanis = BASE.parents[1].children
    assert (ines.class_name, yanis.class_name) == ("3e A", "2nde 4")
    assert ines.orientation.level.endswith("3e") and yanis.orientation.level.endswith("2nde")
    assert ines.internships[0].subject == "Stage d'observation de 3e"


# -- reads --------------------------------------------------------------------------------------------


async def test_orientation_steps_tracks_and_wishes_as_the_school_holds_them():
    async with logged_in() as (school, client):
        page = await client.orientation(INES)
        assert page.offered and page.level == "Orientation en fin de 3e"
        assert [t.name for t in page.tracks] == [t.name for t in school.child("ines").orientation.tracks]
        intentions = page.step("intentions")
        assert intentions.editable and intentions.max_wishes == 3
        assert (intentions.opens, intentions.closes) == (date(2026, 11, 16), date(2026, 12, 18))
        assert [(w.rank, w.track, w.comment) for w in intentions.wishes] == [
            (1, GT, "Intéressée par les sciences.")
        ]
        council = page.step("recommandation")
        assert not council.published and council.wishes == () and not council.acknowledgement_asked
        assert not page.step("voeux").editable
        yanis = await client.orientation(YANIS)
        answer = yanis.step("recommandation")
        assert [w.track for w in answer.wishes] == ["1re générale"] and answer.council_comment
        assert answer.acknowledgement_asked and not answer.acknowledged


async def test_a_child_without_orientation_gets_the_servers_message():
    async with logged_in(login="demo") as (_school, client):
        page = await client.orientation("MARTIN Léa")
        assert not page.offered and page.steps == () and "Aucune orientation" in page.message
        stages = await client.internships("MARTIN Léa")
        assert not stages.offered and stages.internships == () and stages.message
        assert len(stages.companies) == len(BASE.companies)  # the school's list is still shared


async def test_internship_sheets_and_the_company_list():
    async with logged_in() as (school, client):
        page = await client.internships(INES)
        (sheet,) = page.internships
        wanted = school.child("ines").internships[0]
        assert (sheet.subject, sheet.start, sheet.end, sheet.days) == (
            wanted.subject,
            wanted.start,
            wanted.end,
            5,
        )
        assert (sheet.company, sheet.tutor, sheet.referents) == (
            "Boulangerie du Marché",
            wanted.tutor,
            (wanted.referent,),
        )
        assert sheet.schedule == wanted.schedule and sheet.details == wanted.details
        assert "Villeurbanne" in sheet.company_address
        assert [c.name for c in page.companies] == [c.name for c in school.companies]
        assert page.companies[1].offers == ("Service communication", "Service jeunesse")


async def test_the_server_refuses_another_childs_internship_sheet():
    async with logged_in() as (_school, client):
        page = await client.internships(YANIS)
        body = {"eleve": {"N": client.current_child(INES).id}, "stage": {"N": page.internships[0].id}}
        with pytest.raises(errors.PageUnavailable):
            await client.call("PageAppreciationFinDeStage", body, tab=42, child=INES)


# -- writes and refusals ------------------------------------------------------------------------------


async def test_wishes_are_entered_and_ordered_the_first_is_rank_one():
    async with logged_in() as (school, client):
        page = await client.save_orientation_wishes(INES, "intentions", [(PRO, "Cuisine"), (GT, "")])
        assert [(w.rank, w.track, w.comment) for w in page.step("intentions").wishes] == [
            (1, PRO, "Cuisine"),
            (2, GT, ""),
        ]
        held = school.child("ines").orientation.steps[0].wishes
        assert [(w.track, w.comment) for w in held] == [("2pro", "Cuisine"), ("2gt", "")]
        # Reordering and removing in one write (kept E 2, removed E 3).
        page = await client.save_orientation_wishes(INES, "intentions", [(GT, "")])
        assert [w.track for w in page.step("intentions").wishes] == [GT]
        assert [w.track for w in school.child("ines").orientation.steps[0].wishes] == ["2gt"]


@pytest.mark.parametrize(
    ("child", "kind", "wishes", "said"),
    [
        (INES, "intentions", [GT, PRO, CAP, STHR], "Au plus 3 vœux"),
        (YANIS, "intentions", ["1re STMG"], "close depuis le 20/11/2026"),
        (INES, "voeux", [STHR], "ouvre le 06/04/2027"),
    ],
    ids=["too-many", "closed", "not-open-yet"],
)
async def test_the_server_refuses_what_the_step_does_not_allow(child, kind, wishes, said):
    async with logged_in() as (school, client):
        before = copy.deepcopy([c.orientation for c in school.children if c.orientation])
        with pytest.raises(errors.WriteRefused, match=said):
            await client.save_orientation_wishes(child, kind, [(w, "") for w in wishes])
        assert [c.orientation for c in school.children if c.orientation] == before  # nothing kept


async def test_the_server_refuses_a_track_twice_and_a_track_it_does_not_offer():
    async with logged_in() as (_school, client):
        page = await client.orientation(INES)
        gt = page.track(GT)
        twice = [
            {"N": -1001, "G": 0, "L": GT, "E": 1, "Orientation": {"N": gt.id}},
            {"N": -1002, "G": 0, "L": GT, "E": 1, "Orientation": {"N": gt.id}},
        ]
        with pytest.raises(errors.WriteRefused, match="qu'une fois"):
            await client._write_orientation(INES, {"Voeux": twice, "eleve": client.child_ref(INES)})
        yanis_track = (await client.orientation(YANIS)).track("1re STMG")
        other = [{"N": -1001, "G": 0, "L": "x", "E": 1, "Orientation": {"N": yanis_track.id}}]
        with pytest.raises(errors.WriteRefused, match="ne fait pas partie"):
            await client._write_orientation(INES, {"Voeux": other, "eleve": client.child_ref(INES)})
        with pytest.raises(UnknownTrack):
            await client.save_orientation_wishes(INES, "intentions", [("Bac+12", "")])


async def test_acknowledgement_only_where_the_school_asks_for_it():
    async with logged_in() as (school, client):
        with pytest.raises(errors.WriteRefused, match="Aucun accusé de réception"):
            await client.acknowledge_orientation(INES, "recommandation")
        page = await client.acknowledge_orientation(YANIS, "recommandation")
        step = page.step("recommandation")
        assert step.acknowledged and step.acknowledged_on == TODAY
        assert school.child("yanis").orientation.steps[1].acknowledged == TODAY


def test_a_message_only_answer_is_not_offered():
    assert not parse_orientation({"Message": "Rien"}).offered


# -- the portal and its actions -----------------------------------------------------------------------


async def test_the_portal_offers_orientation_and_stages_only_where_there_is_something(world):
    async with portal_on(fresh(), "demo") as portal:
        await portal.sync()
        for child in portal.children():
            assert not portal.offers("orientation", child) and not portal.offers("internships", child)
    async with portal_on(fresh()) as portal:
        await portal.sync()
        for child in portal.children():
            assert portal.offers("orientation", child) and portal.offers("internships", child)


async def test_the_wish_action_keeps_what_the_school_holds_and_says_refusals(world):
    async with portal_on(fresh()) as portal:
        await portal.sync()
        ines, yanis = portal.children()
        await actions.set_wishes(portal, ines, "intentions", [(CAP, ""), (GT, "")])
        cached = portal.read("orientation", ines).value
        assert [w.track for w in cached.step("intentions").wishes] == [CAP, GT]
        with pytest.raises(PortalError, match="close depuis"):
            await actions.set_wishes(portal, yanis, "intentions", [("1re STMG", "")])
        with pytest.raises(PortalError) as unusable:
            await actions.set_wishes(portal, ines, "intentions", [("Bac+12", "")])
        assert unusable.value.exit_code == 2
        await actions.acknowledge(portal, yanis)
        assert portal.read("orientation", yanis).value.step("recommandation").acknowledged


# -- the command line ---------------------------------------------------------------------------------


@pytest.fixture
def run(world, monkeypatch, capsys):
    school = fresh()
    app = DemoServer(school, ServerOptions(today=TODAY))
    thread = ServerThread(app)

    def run(*argv: str):
        monkeypatch.setattr("sys.stdin", io.StringIO("durand\n"))
        code = cli.main(["--today", TODAY.isoformat(), *argv])
        return code, capsys.readouterr()

    code, out = run("login", "--server", thread.page_url, "--username", "durand", "--password-stdin", "--ask")
    assert code == 0, out.err
    run.school = school
    yield run
    thread.stop()


def test_show_orientation_and_internships_json(run):
    code, out = run("show", "orientation", "--child", "Inès", "--json")
    assert code == 0, out.err
    data = json.loads(out.out)["data"]
    assert data["offered"] and data["level"] == "Orientation en fin de 3e"
    assert [s["kind"] for s in data["steps"]] == ["intentions", "recommandation", "voeux"]
    code, out = run("show", "internships", "--child", "Yanis", "--json")
    assert code == 0, out.err
    data = json.loads(out.out)["data"]
    assert data["internships"][0]["subject"] == "Stage de seconde" and len(data["companies"]) == 3
    code, out = run("show", "orientation", "--child", "Yanis")
    shown = " ".join(out.out.split())
    assert code == 0 and "close depuis" in shown and "20/11/2026" in shown


def test_orientation_wish_on_the_command_line(run):
    code, out = run("orientation", "wish", "--child", "Inès", f"{PRO}:Cuisine", GT, "--json")
    assert code == 0, out.err
    wishes = json.loads(out.out)["orientation"]["steps"][0]["wishes"]
    assert [(w["rank"], w["track"], w["comment"]) for w in wishes] == [(1, PRO, "Cuisine"), (2, GT, "")]
    assert [w.track for w in run.school.child("ines").orientation.steps[0].wishes] == ["2pro", "2gt"]
    code, out = run("orientation", "wish", "--child", "Inès", GT, PRO, CAP, STHR)
    assert code == 1 and "Au plus 3 vœux" in out.err and "Traceback" not in out.err
    code, out = run("orientation", "wish", "--child", "Yanis", "1re STMG")
    assert code == 1 and "close depuis le 20/11/2026" in out.err
    code, out = run("orientation", "wish", "--child", "Inès", "--etape", "voeux", STHR)
    assert code == 1 and "ouvre le 06/04/2027" in out.err
    code, out = run("orientation", "wish", "--child", "Inès", "Bac+12")
    assert code == 2 and "Voie inconnue" in out.err and "Rien n'a été envoyé" in out.err
    assert [w.track for w in run.school.child("ines").orientation.steps[0].wishes] == ["2pro", "2gt"]


def test_a_refused_wish_is_a_draft_that_drafts_lists_until_sent(run):
    code, out = run("orientation", "wish", "--child", "Inès", STHR, GT, PRO, CAP)
    assert code == 1 and "Au plus 3 vœux" in out.err and "brouillon" in out.err.lower()
    code, out = run("drafts")
    shown = " ".join(out.out.split())
    assert (
        code == 0
        and "Brouillon : les vœux d'orientation « intentions » (DURAND Inès)" in shown
        and "non envoyé : " in shown
        and "Au plus 3 vœux" in shown
    )
    code, out = run("drafts", "--json")
    (draft,) = json.loads(out.out)["drafts"]
    assert draft["kind"] == "orientation" and draft["key"] == "intentions"
    assert [name for name, _ in json.loads(draft["fields"]["wishes"])] == [STHR, GT, PRO, CAP]
    code, out = run("orientation", "wish", "--child", "Inès", STHR, GT)
    assert code == 0, out.err
    code, out = run("drafts", "--json")
    assert json.loads(out.out)["drafts"] == []


async def test_wishes_cut_short_are_checked_against_what_the_school_holds(world):
    from espace_parents_tui.service.actions import in_doubt
    from espace_parents_tui.store.drafts import Drafts

    async with portal_on(fresh()) as portal:
        await portal.sync()
        ines, yanis = portal.children()
        drafts = Drafts(portal.cache)
        held = [(GT, "Intéressée par les sciences.")]  # what the school holds for Inès
        actions.keep_draft(portal, ines, "intentions", held)
        drafts.mark_sending(ines.name, actions.DRAFT, "intentions")
        actions.keep_draft(portal, yanis, "intentions", held)  # Yanis holds something else
        drafts.mark_sending(yanis.name, actions.DRAFT, "intentions")
        verdicts = {v.draft.child: v for v in await in_doubt.check_in_doubt(portal)}
        assert verdicts[INES].received and "vœux d'orientation" in verdicts[INES].message
        assert not verdicts[YANIS].received
        assert drafts.get(INES, actions.DRAFT, "intentions") is None
        kept = drafts.get(YANIS, actions.DRAFT, "intentions")
        assert kept is not None and not kept.in_doubt and actions.draft_wishes(kept.fields) == held


def test_orientation_acknowledge_on_the_command_line(run):
    code, out = run("orientation", "acknowledge", "--child", "Inès")
    assert code == 1 and "Aucun accusé de réception" in out.err
    code, out = run("orientation", "acknowledge", "--child", "Yanis")
    assert code == 0, out.err
    assert run.school.child("yanis").orientation.steps[1].acknowledged == TODAY


def test_demo_family_option(world, capsys):
    code = cli.main(
        [
            "--today",
            TODAY.isoformat(),
            "show",
            "orientation",
            "--demo",
            "--famille",
            "durand",
            "--child",
            "Inès",
            "--json",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err and json.loads(out.out)["data"]["offered"]
    code = cli.main(["--today", TODAY.isoformat(), "show", "orientation", "--demo", "--famille", "personne"])
    out = capsys.readouterr()
    assert code == 1 and "Aucune famille « personne »" in out.err
