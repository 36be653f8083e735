"""Support bundles of the second demo family (``--famille durand``): Orientation and Stages come back
in ``--replay`` as the parent saw them (``show --json`` and the app's screens at 80×24), pseudonyms
reach the tutors, referents and company contacts, and what the school file cannot say is refused
with words, never shown otherwise. One synced cache (and its bundles) for the whole module."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import shutil
import zipfile
from dataclasses import replace
from datetime import date

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from tui_helpers import screens_after

TODAY = date(2026, 11, 24)
CHILDREN = ("Inès", "Yanis")
ENV = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "HOME")


def call(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["--today", TODAY.isoformat(), *argv])
    return code, out.getvalue(), err.getvalue()


def isolate(patch: pytest.MonkeyPatch, folder) -> None:
    for var in ENV:
        patch.setenv(var, str(folder / var.lower()))
    patch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    patch.setenv("ESPACE_PARENTS_DOWNLOADS", str(folder / "downloads"))
    patch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)


@pytest.fixture(scope="module")
def family(tmp_path_factory):
    """The DURAND parent synced against the demo school, a bundle and an anonymised bundle of that
    cache; the school is stopped before any replay (a replay needs nothing but its bundle)."""
    folder = tmp_path_factory.mktemp("durand")
    school = demo_school(TODAY, second_family=True)
    with pytest.MonkeyPatch.context() as patch:
        isolate(patch, folder)
        thread = ServerThread(DemoServer(school, ServerOptions(today=TODAY)))
        try:
            login = ["login", "--server", thread.page_url, "--username", "durand", "--password-stdin"]
            code, _out, err = call([*login, "--ask", "--account", "famille"], "durand\n")
            assert code == 0, err
            code, _out, err = call(["sync", "--record"], "durand\n")
            assert code == 0, err
        finally:
            thread.stop()
        paths = {}
        for name, options in (("plain", []), ("anonymous", ["--anonymise"])):
            paths[name] = folder / f"{name}.zip"
            code, _out, err = call(["support", "bundle", "-o", str(paths[name]), "--json", *options])
            assert code == 0, err
    return folder, school, paths


@pytest.fixture
def parent(family, monkeypatch):
    folder, school, paths = family
    isolate(monkeypatch, folder)
    return school, paths


def shown(*argv: str):
    code, out, err = call(["show", *argv, "--json"])
    return code, (json.loads(out) if code == 0 else None), err


def without_ids(value):
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def school_json(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("school.json"))


@pytest.mark.parametrize("section", ["orientation", "internships"])
def test_orientation_and_internships_replay_as_the_parent_saw_them(parent, section):
    _school, paths = parent
    for child in CHILDREN:
        code, original, err = shown(section, "--child", child, "--offline")
        assert code == 0, err
        assert original["data"]["offered"] is True
        code, replayed, err = shown(section, "--child", child, "--replay", str(paths["plain"]))
        assert code == 0, (child, err)
        assert without_ids(replayed["data"]) == without_ids(original["data"]), child
    data = original["data"]  # Yanis's: the things that must not come back empty
    if section == "orientation":
        council = next(s for s in data["steps"] if s["kind"] == "recommandation")
        assert council["wishes"] and council["council_comment"] and council["acknowledgement_asked"]
        intentions = next(s for s in data["steps"] if s["kind"] == "intentions")
        assert [w["rank"] for w in intentions["wishes"]] == [1, 2] and intentions["wishes"][0]["comment"]
    else:
        sheet = data["internships"][0]
        assert sheet["tutor"] and sheet["referents"] and sheet["schedule"] and sheet["days"] == 10
        assert len(data["companies"]) == 3 and data["companies"][1]["offers"]


def test_the_replayed_orientation_and_internship_screens_are_the_parents(parent):
    import argparse

    from espace_parents_tui.cli.launch import build_app
    from espace_parents_tui.clock import DayClock
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.settings.config import ConfigStore
    from espace_parents_tui.settings.credentials import MemoryStore
    from espace_parents_tui.store import Cache
    from espace_parents_tui.tui.app import EspaceParentsApp
    from espace_parents_tui.wiring.portals import cache_path

    _school, paths = parent
    account = ConfigStore().get("famille")
    clock = DayClock(TODAY)

    @contextlib.asynccontextmanager
    async def on_the_cache():
        cache = Cache.open(cache_path(account.id), clock=clock.now)
        try:
            yield Portal(account, MemoryStore(), cache, clock=clock)
        finally:
            cache.close()

    # Inès: Orientation, its wishes form (the tracks offered), Stages; then Yanis: Orientation, Stages.
    keys = ("i", "w", "escape", "g", "2", "i", "g")
    original = asyncio.run(
        screens_after(
            EspaceParentsApp(on_the_cache, clock=clock, sync_on_start=False, watch_terminal=False), keys
        )
    )
    replay = build_app(
        argparse.Namespace(
            replay=str(paths["plain"]), demo=False, school=None, account=None, theme=None, clock=clock
        )
    )
    replay._watch_terminal = False
    replayed = asyncio.run(screens_after(replay, keys))
    assert "rejeu" in replayed[0][0]
    seen = "\n".join("\n".join(shot) for shot in original)
    for words in (
        "Intentions provisoires",
        "2nde professionnelle",
        "Boulangerie du Marché",
        "M. ROUX Pascal",
    ):
        assert words in seen, words
    assert "Avis favorable pour la 1re générale" in "\n".join(original[5])
    for key, before, after in zip(keys, original, replayed, strict=True):
        assert after[1:] == before[1:], key  # all but the status line


def test_anonymise_covers_tutors_referents_and_company_contacts(parent):
    school, paths = parent
    anonymous = school_json(paths["anonymous"])
    with zipfile.ZipFile(paths["anonymous"]) as archive:
        everything = "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    people = [s.tutor for c in school.children for s in c.internships]
    people += [s.referent for c in school.children for s in c.internships]
    for person in people:
        for word in person.split()[1:]:  # "M.", "Mme" are kept
            assert word.rstrip(".") not in everything or len(word.rstrip(".")) == 1, (person, word)
    for company in school.companies:
        for contact in (company.email, company.phone, company.address):
            assert not contact or contact not in everything, contact
    ines = anonymous["children"][0]
    sheet = ines["internships"][0]
    assert re.fullmatch(r"M\. NOM\d+[A-H] Prénom\d+[a-h]", sheet["tutor"]), sheet["tutor"]
    assert re.fullmatch(r"Mme NOM\d+[A-H] X\.", sheet["referent"]), sheet["referent"]
    # Not people: tracks and company names stay as the school wrote them.
    tracks = [t["name"] for c in anonymous["children"] for t in c["orientation"]["tracks"]]
    assert "1re STMG" in tracks and "2nde générale et technologique" in tracks
    assert {c["name"] for c in anonymous["companies"]} == {c.name for c in school.companies}
    code, replayed, err = shown(
        "internships", "--child", ines["name"].split()[-1], "--replay", str(paths["anonymous"])
    )
    assert code == 0, err
    shown_sheet = replayed["data"]["internships"][0]
    assert shown_sheet["tutor"] == sheet["tutor"] and shown_sheet["referents"] == [sheet["referent"]]
    assert "@exemple.invalid" in json.dumps(replayed["data"]["companies"], ensure_ascii=False)


def test_what_the_school_file_cannot_say_is_refused_with_words(parent, tmp_path):
    """A real school may send what the demo never does: an acknowledgement without its date, two
    referents. That child's section is then "non reproduite" in the replay, never shown otherwise;
    a sheet's company the shared list lacks comes back on the sheet only."""
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.service.support.bundle import make_bundle
    from espace_parents_tui.settings.config import ConfigStore
    from espace_parents_tui.settings.credentials import MemoryStore
    from espace_parents_tui.store import Cache
    from espace_parents_tui.wiring.portals import cache_path

    account = ConfigStore().get("famille")
    copy = tmp_path / "cache.sqlite"
    shutil.copyfile(cache_path(account.id), copy)  # the parent's cache stays as synced
    cache = Cache.open(copy)
    portal = Portal(account, MemoryStore(), cache)
    yanis = portal.child("DURAND Yanis")
    ines = portal.child("DURAND Inès")
    page = portal.read("orientation", yanis, "all").value
    council = next(s for s in page.steps if s.kind == "recommandation")
    steps = tuple(replace(council, acknowledged=True) if s is council else s for s in page.steps)
    sheets = portal.read("internships", ines, "all").value
    two = replace(sheets.internships[0], referents=("Mme LEROY S.", "M. GARNIER P."))
    other = replace(
        portal.read("internships", yanis, "all").value.internships[0],
        company="Garage Central",
        company_address="5 rue du Port 69100 Villeurbanne",
        days=7,  # not the ten weekdays from start to end
    )
    # A school that says the open step is not editable, and gives no maximum.
    mine = portal.read("orientation", ines, "all").value
    shut = tuple(
        replace(s, editable=False, max_wishes=None) if s.kind == "intentions" else s for s in mine.steps
    )
    writer = cache.begin_sync()
    writer.put("DURAND Inès", "orientation", "all", replace(mine, steps=shut))
    writer.put("DURAND Yanis", "orientation", "all", replace(page, steps=steps))
    writer.put("DURAND Inès", "internships", "all", replace(sheets, internships=(two,)))
    yanis_page = portal.read("internships", yanis, "all").value
    writer.put("DURAND Yanis", "internships", "all", replace(yanis_page, internships=(other,)))
    writer.commit()
    path = tmp_path / "odd.zip"
    make_bundle(portal, path, app_version="test")
    school = school_json(path)
    titles = {(f["function"], f.get("child")): f["title"] for f in school["failures"]}
    assert "n'a pas de date" in titles[("PageOrientations", "enfant-2")]
    assert "plusieurs référents" in titles[("PageStage.General", "enfant-1")]
    code, _none, err = shown("orientation", "--child", "Yanis", "--replay", str(path))
    assert code == 1 and "Orientation non reproduite par ce bundle" in err, err
    code, _none, err = shown("internships", "--child", "Inès", "--replay", str(path))
    assert code == 1 and "Stages non reproduite par ce bundle" in err, err
    code, data, err = shown("orientation", "--child", "Inès", "--replay", str(path))
    assert code == 0, err
    intentions = data["data"]["steps"][0]
    assert intentions["kind"] == "intentions" and intentions["wishes"]
    assert intentions["editable"] is False and intentions["max_wishes"] is None
    code, data, err = shown("internships", "--child", "Yanis", "--replay", str(path))
    assert code == 0, err
    assert data["data"]["internships"][0]["company"] == "Garage Central"
    assert data["data"]["internships"][0]["company_address"] == "5 rue du Port 69100 Villeurbanne"
    assert data["data"]["internships"][0]["days"] == 7
    assert "Garage Central" not in {c["name"] for c in data["data"]["companies"]}  # not in the shared list
    assert len(data["data"]["companies"]) == 3
    cache.close()


def test_addresses_in_pronotes_words_are_replaced_too():
    """A recorded answer names an address as PRONOTE does (PageInfosPerso, a sheet's company)."""
    from espace_parents_tui.service.support.privacy import Anonymiser

    answer = {
        "adresse1": "12 rue des Lilas",
        "adresse2": "Bât. B",
        "codePostal": "75011",
        "ville": "Paris",
        "libellePostal": "PARIS",
        "pays": "France",
        "entreprise": {"L": "Mairie", "adresse": "Place Lazare-Goujon", "codePostal": "69100"},
    }
    kept = Anonymiser({}).apply(answer)
    shown = json.dumps(kept, ensure_ascii=False)
    for word in ("Lilas", "Bât", "75011", "Paris", "PARIS", "France", "Lazare", "69100"):
        assert word not in shown, word
    assert kept["adresse1"] == "1 rue de l'Exemple" and kept["codePostal"] == "00000"
    assert kept["entreprise"]["L"] == "Mairie"
