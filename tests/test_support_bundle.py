"""The support bundle and ``--replay``: a parent syncs against the demo school, makes a bundle, and
support replays it through the emulated server along the same protocol path."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.cli.commands import SHOW_SECTIONS
from espace_parents_tui.cli.render import RENDERERS
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.service.support.bundle import FORMAT, FORMAT_VERSION
from espace_parents_tui.service.support.privacy import exclude_medical
from espace_parents_tui.service.support.school_file import COVERED
from tui_helpers import screens_after

TODAY = date(2026, 11, 24)
PASSWORD = "Mdp-Support-5f2e9a"
CHILDREN = ("Léa", "Hugo")


@pytest.fixture
def school():
    school = demo_school(TODAY)
    school.parents[0].password = PASSWORD
    return school


@pytest.fixture
def server(school):
    app = DemoServer(school, ServerOptions(today=TODAY))
    thread = ServerThread(app)
    yield app, thread
    thread.stop()


def run(argv, capsys, monkeypatch=None, stdin: str = ""):
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["--today", TODAY.isoformat(), *argv])
    return code, capsys.readouterr()


def synced(thread, monkeypatch, capsys, *, record: bool = False) -> None:
    argv = ["login", "--server", thread.page_url, "--username", "demo", "--password-stdin", "--ask"]
    code, out = run([*argv, "--account", "famille"], capsys, monkeypatch, PASSWORD + "\n")
    assert code == 0, out.err
    code, out = run(["sync", *(["--record"] if record else [])], capsys, monkeypatch, PASSWORD + "\n")
    assert code == 0, out.err


def bundle(tmp_path: Path, capsys, *options: str) -> Path:
    path = tmp_path / "bundle.zip"
    code, out = run(["support", "bundle", "-o", str(path), "--json", *options], capsys)
    assert code == 0, out.err
    assert json.loads(out.out)["path"] == str(path)
    return path


def without_ids(value):
    """PRONOTE ids (``id``) live only as long as a server session: they are not part of what a parent sees."""
    if isinstance(value, dict):
        return {
            k: without_ids(v)
            for k, v in value.items()
            if k not in ("id", "possessions") and not k.endswith("_id")
        }
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def differences(a, b, where: str = "") -> list[str]:
    """Where two JSON values differ (the first few), for a readable failure."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = [f"{where}.{k}: absent d'un côté" for k in set(a) ^ set(b)]
        for k in a.keys() & b.keys():
            found += differences(a[k], b[k], f"{where}.{k}")
        return found[:8]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} contre {len(b)} éléments"]
        return [
            d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{where}[{i}]")
        ][:8]
    return [] if a == b else [f"{where}: {a!r} contre {b!r}"]


def shown(capsys, *argv: str):
    code, out = run(["show", *argv, "--json"], capsys)
    return code, (json.loads(out.out) if code == 0 else None), out.err


def test_every_show_section_replays_as_the_parent_saw_it(
    world, server, school, monkeypatch, capsys, tmp_path
):
    _app, thread = server
    synced(thread, monkeypatch, capsys)
    path = bundle(tmp_path, capsys)
    thread.stop()  # the parent's school is gone: the replay needs nothing but the bundle

    compared = 0
    for name in SHOW_SECTIONS:
        section = RENDERERS[name][0] if name != "children" else "children"
        for child in CHILDREN if name != "children" else (None,):
            who = ["--child", child] if child else []
            code, original, err = shown(capsys, name, *who, "--offline")
            if code != 0:
                continue  # nothing in the parent's cache for this one
            code, replayed, err = shown(capsys, name, *who, "--replay", str(path))
            if section == "children" or section in COVERED:
                assert code == 0, (name, child, err)
                assert "données du 24/11/2026 08:00" in err
                assert without_ids(replayed["data"]) == without_ids(original["data"]), (
                    name,
                    child,
                    differences(without_ids(original["data"]), without_ids(replayed["data"])),
                )
                assert replayed.get("child") == original.get("child")
                compared += 1
            else:
                assert code == 1 and "non reproduite par ce bundle" in err, (name, child, err)
    assert compared >= 5
    # A week the parent did not have is refused, not shown empty.
    code, _none, err = shown(
        capsys, "timetable", "--child", "Léa", "--week", "2026-12-14", "--replay", str(path)
    )
    assert code == 1 and "pas dans le bundle de support" in err, err


def test_a_section_that_failed_for_the_parent_fails_the_same_way(
    world, server, monkeypatch, capsys, tmp_path
):
    app, thread = server
    app.options.refuse_tabs = {16}  # the school shuts the timetable for this parent
    synced(thread, monkeypatch, capsys)
    path = bundle(tmp_path, capsys)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    failed = {(f["section"], f["child"]) for f in manifest["failures"]}
    assert ("timetable", "MARTIN Léa") in failed
    code, out = run(["sync", "--json", "--replay", str(path)], capsys)
    assert code == 0, out.err
    problems = json.loads(out.out)["problems"]
    assert any(p.startswith("Emploi du temps (MARTIN Léa") for p in problems), problems
    code, _shown, err = shown(capsys, "grades", "--child", "Léa", "--replay", str(path))
    assert code == 0, err


def test_the_bundle_holds_no_secret(world, server, monkeypatch, capsys, tmp_path):
    app, thread = server
    synced(thread, monkeypatch, capsys, record=True)
    path = bundle(tmp_path, capsys)
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        texts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    manifest = json.loads(texts["manifest.json"])
    assert manifest["format"] == FORMAT and manifest["format_version"] == FORMAT_VERSION
    assert manifest["fetched_at"] == "2026-11-24T08:00:00" and manifest["app_version"]
    assert manifest["server"]["settings"]["school_name"] == "Collège Les Tilleuls (démo)"
    secrets = [PASSWORD]
    sessions = list(app.sessions.values())
    assert sessions
    for session in sessions:  # the session's id, keys and the device's identifier
        secrets += [str(session.id), session.cipher.key.hex(), session.cipher.iv.hex()]
        secrets += [session.cipher.key.hex().upper(), session.cipher.iv.hex().upper()]
        if session.identifiant_nav:
            secrets.append(session.identifiant_nav)
    from espace_parents_tui.settings.config import ConfigStore

    account = ConfigStore().get("famille")
    assert account.device_id  # the identifier the server gave this device (identifiantNav)
    secrets += [account.device_id, account.device_uuid]
    secrets = [s for s in secrets if s and len(s) >= 6]  # a short session number could be any digits
    assert len(secrets) >= 5
    for secret in secrets:
        assert secret.encode() not in raw
        assert all(secret not in text for text in texts.values()), secret
    assert not any(name.startswith("recording/") and "Authentification" in name for name in texts)


def test_the_recording_is_read_by_debug_parse(world, server, monkeypatch, capsys, tmp_path):
    _app, thread = server
    synced(thread, monkeypatch, capsys, record=True)
    path = bundle(tmp_path, capsys)
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("recording/"))
        grades = next(n for n in names if n.endswith("-DernieresNotes.json"))
        (tmp_path / "notes.json").write_bytes(archive.read(grades))
        recorded = json.loads(archive.read(grades))
    assert any(n.endswith("-PageEmploiDuTemps.json") for n in names)
    assert recorded["data"]["listeDevoirs"]["V"][0]["N"]  # ids kept
    code, out = run(["debug", "parse", "DernieresNotes", str(tmp_path / "notes.json")], capsys)
    assert code == 0, out.err
    assert json.loads(out.out)["grades"]


def test_medical_data_stays_out_unless_asked(world, server, monkeypatch, capsys, tmp_path):
    school = {
        "children": [
            {"name": "MARTIN Léa", "medical": {"allergies": ["arachide"]}, "doctor": "Dr X", "grades": []}
        ],
        "menus": [{"allergens": ["Gluten"]}],
    }
    kept = exclude_medical(school)
    assert kept == {"children": [{"name": "MARTIN Léa", "grades": []}], "menus": [{"allergens": ["Gluten"]}]}
    assert "medical" in school["children"][0]  # a copy: the original is untouched


def test_anonymise_replaces_every_name_consistently(world, server, school, monkeypatch, capsys, tmp_path):
    _app, thread = server
    teacher = school.children[0].timetable[0].teacher
    # Names inside texts: an information's body names the child and a teacher, a mail address too.
    school.news[0].questions[
        0
    ].text += f"<p>Léa MARTIN verra {teacher} (claire.martin@example.org, 06 12 34 56 78).</p>"
    synced(thread, monkeypatch, capsys, record=True)
    path = bundle(tmp_path, capsys, "--anonymise")
    with zipfile.ZipFile(path) as archive:
        texts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    everything = "\n".join(texts.values())
    for name in ("MARTIN", "Léa", "Hugo", "Claire"):
        assert name not in everything, name
    people = {les.teacher for child in school.children for les in child.timetable}
    people |= {member.name for member in school.staff}
    for person in people:
        assert person not in everything, person
    anonymous = json.loads(texts["school.json"])
    lea, hugo = anonymous["children"]
    parent = anonymous["parents"][0]
    family = lea["name"].split()[0]
    assert family.startswith("NOM") and hugo["name"].split()[0] == family  # one family, one name
    assert parent["name"].split()[1] == family
    first = lea["name"].split()[1]
    recorded = "\n".join(t for n, t in texts.items() if n.startswith("recording/"))
    assert lea["name"] in recorded and first in texts["manifest.json"]
    welcome = next(n for n in anonymous["news"] if n["title"] == school.news[0].title)
    body = welcome["questions"][0]["text"]
    assert "claire.martin@example.org" not in everything and "06 12 34 56 78" not in everything
    pseudonym = {p["name"] for p in anonymous["teachers"]}
    shown_teacher = next(name for name in pseudonym if name in body)
    assert any(shown_teacher in les.get("teachers", []) for les in lea["dated_lessons"])
    assert first in body and family in body and "@exemple.invalid" in body
    assert "Le collège" in everything  # "Le" of a teacher's name is still a word of any text
    grades = [g for g in lea["grades"]]
    assert grades and all(isinstance(g.get("value", g.get("special")), int | float) for g in grades)
    code, replayed, err = shown(capsys, "grades", "--child", first, "--replay", str(path))
    assert code == 0, err
    assert replayed["child"] == lea["name"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "introuvable"),
        (b"not a zip at all", "n'est pas un bundle de support"),
        ("foreign", "n'est pas un bundle de support d'espace-parents"),
        ("newer", "plus récent"),
        ("older", "trop ancien"),
        ("broken-school", "ne peut pas être rejoué"),
    ],
)
def test_a_bad_bundle_is_one_clear_sentence(world, capsys, tmp_path, content, expected):
    path = tmp_path / "b.zip"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "fetched_at": "2026-11-24T08:00:00"}
        school = {"schema_version": 1, "name": "X"}
        if content == "foreign":
            manifest = {"format": "autre-chose"}
        elif content == "newer":
            manifest["format_version"] = FORMAT_VERSION + 1
        elif content == "older":
            manifest["format_version"] = 0
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("manifest.json", json.dumps(manifest))
            archive.writestr("school.json", json.dumps(school))
    code, out = run(["show", "grades", "--replay", str(path), "--json"], capsys)
    assert code == 2, out.err
    assert expected in out.err and "Traceback" not in out.err
    assert out.err.count("\n") == 1 and out.out == ""
    code = cli.main(["--replay", str(path)])  # the app: refused before it opens
    out = capsys.readouterr()
    assert code == 2 and expected in out.err and out.err.count("\n") == 1, out.err


def test_the_app_replays_the_parents_screens(world, server, monkeypatch, capsys, tmp_path):
    import argparse
    import contextlib

    from espace_parents_tui.cli.launch import build_app
    from espace_parents_tui.clock import DayClock
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.settings.config import ConfigStore
    from espace_parents_tui.settings.credentials import MemoryStore
    from espace_parents_tui.store import Cache
    from espace_parents_tui.tui.app import EspaceParentsApp
    from espace_parents_tui.wiring.portals import cache_path

    _app, thread = server
    synced(thread, monkeypatch, capsys)
    path = bundle(tmp_path, capsys)
    thread.stop()
    account = ConfigStore().get("famille")
    clock = DayClock(TODAY)

    @contextlib.asynccontextmanager
    async def on_the_cache():
        cache = Cache.open(cache_path(account.id), clock=clock.now)
        portal = Portal(account, MemoryStore(), cache, clock=clock)
        try:
            yield portal
        finally:
            cache.close()

    keys = ("a", "n", "e", "c", "v", "m")  # Accueil, Notes, EDT, Cahier de textes, Vie scolaire, Messagerie
    original = asyncio.run(
        screens_after(
            EspaceParentsApp(on_the_cache, clock=clock, sync_on_start=False, watch_terminal=False), keys
        )
    )
    replay = build_app(
        argparse.Namespace(replay=str(path), demo=False, school=None, account=None, theme=None, clock=clock)
    )
    replay._watch_terminal = False
    replayed = asyncio.run(screens_after(replay, keys))
    assert "rejeu : données du 24/11/2026 08:00" in replayed[0][0]
    for before, after in zip(original, replayed, strict=True):
        assert "à jour" in before[0]
        assert after[1:] == before[1:]  # all but the status line


def test_every_cached_dataset_of_a_covered_section_comes_back(world, server, monkeypatch, capsys, tmp_path):
    """Beyond ``show``: every scope (each week, each period) of every section the bundle covers,
    and the sections ``show`` has no table for (Accueil…), read back from the replay's own sync."""
    from espace_parents_tui.service.sections import ACCOUNT, SECTIONS
    from espace_parents_tui.settings.config import ConfigStore
    from espace_parents_tui.store import Cache, codec
    from espace_parents_tui.wiring.portals import cache_path
    from espace_parents_tui.wiring.replay import replay_portal

    _app, thread = server
    synced(thread, monkeypatch, capsys)
    path = bundle(tmp_path, capsys)
    thread.stop()
    original = Cache.open(cache_path(ConfigStore().get("famille").id))

    async def replayed():
        async with replay_portal(path, cache_dir=tmp_path / "replay") as portal:
            report = await portal.sync()
            found = {}
            for name in COVERED:
                spec = SECTIONS[name]
                for owner in [ACCOUNT, "MARTIN Léa", "MARTIN Hugo"]:
                    for scope, _when in original.scopes(owner, name):
                        cached = portal.cache.get(owner, name, scope, spec.value_type)
                        found[(name, owner, scope)] = codec.to_jsonable(cached.value) if cached else None
            return report, found

    report, found = asyncio.run(replayed())
    assert found
    assert {name for name, _o, _s in found} == set(COVERED)
    for (name, owner, scope), value in found.items():
        spec = SECTIONS[name]
        expected = codec.to_jsonable(original.get(owner, name, scope, spec.value_type).value)
        assert value is not None, (name, owner, scope, report.problems)
        if name == "home":  # the summary widgets' fingerprints tell a sync what to skip, not data
            value, expected = ({k: v for k, v in d.items() if k != "widgets"} for d in (value, expected))
        assert without_ids(value) == without_ids(expected), (
            name,
            owner,
            scope,
            differences(without_ids(expected), without_ids(value)),
        )
    original.close()


def test_a_section_without_converter_says_so_in_the_replay(world, server, monkeypatch, capsys, tmp_path):
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.service.support.school_file import NOT_IN_BUNDLE, school_from_cache
    from espace_parents_tui.settings.config import ConfigStore
    from espace_parents_tui.settings.credentials import MemoryStore
    from espace_parents_tui.store import Cache
    from espace_parents_tui.wiring.portals import cache_path

    # Every section of today has a converter; one added later without any is said, never shown empty.
    assert set(COVERED) >= {"grades", "timetable", "homework", "school_life", "messages", "news", "menus"}
    _app, thread = server
    synced(thread, monkeypatch, capsys)
    account = ConfigStore().get("famille")
    cache = Cache.open(cache_path(account.id))
    school = school_from_cache(Portal(account, MemoryStore(), cache), covered=lambda name: name != "menus")
    cache.close()
    assert {"function": "PageMenus", "code": 21, "title": NOT_IN_BUNDLE} in school["failures"]
    assert "menus" not in school
    path = tmp_path / "partial.zip"
    with zipfile.ZipFile(path, "w") as archive:
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "fetched_at": "2026-11-24T08:00:00"}
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("school.json", json.dumps(school))
    code, out = run(["show", "menus", "--child", "Léa", "--replay", str(path)], capsys)
    assert code == 1 and "non reproduite par ce bundle" in out.err, out.err
    code, out = run(["show", "grades", "--child", "Léa", "--replay", str(path)], capsys)
    assert code == 0, out.err


def test_a_real_schools_answers_replay_as_they_were_read(pronote_real, tmp_path):
    """Recorded answers of a real PRONOTE server (its demo site), read by the client into a cache:
    the bundle of that cache loads in the emulated server, and the replay reads the same children
    (their groups and each tab's periods) and the same week of lessons (cancelled ones, statuses,
    the cahier de textes marks the real server sent)."""
    from datetime import datetime, timedelta

    from espace_parents_tui.cli.debugtools import load_data
    from espace_parents_tui.pronote import parse
    from espace_parents_tui.service.portal import ACCOUNT_SECTION, AccountSnapshot, Portal
    from espace_parents_tui.service.sections import ACCOUNT
    from espace_parents_tui.service.support.bundle import make_bundle
    from espace_parents_tui.settings.config import AccountConfig
    from espace_parents_tui.settings.credentials import MemoryStore
    from espace_parents_tui.store import Cache, codec
    from espace_parents_tui.wiring.replay import replay_portal

    settings = parse.parse_school_settings(
        load_data(pronote_real / "FonctionParametres/parent-space.json")[0]
    )
    answer = load_data(pronote_real / "ParametresUtilisateur/parent-two-children.json")[0]
    account = parse.parse_user_account(answer, settings)
    week = load_data(pronote_real / "PageEmploiDuTemps/parent-week-cancelled-lessons.json")[0]
    lessons = parse.parse_timetable(week, settings)
    assert lessons and any(lesson.cancelled for lesson in lessons)
    first = min(lesson.start for lesson in lessons).date()
    monday = first - timedelta(days=first.weekday())
    seen_at = datetime.combine(monday + timedelta(days=1), datetime.min.time()).replace(hour=10)
    cache = Cache.in_memory(clock=lambda: seen_at)
    child = account.children[0]
    writer = cache.begin_sync()
    writer.put(ACCOUNT, ACCOUNT_SECTION, "all", AccountSnapshot(account, settings))
    writer.put(child.name, "timetable", monday.isoformat(), lessons)
    writer.commit()
    portal = Portal(
        AccountConfig(id="r", server_url="http://127.0.0.1:9/parent.html", username="u"), MemoryStore(), cache
    )
    path = tmp_path / "real.zip"
    make_bundle(portal, path, app_version="test")

    async def replayed():
        async with replay_portal(path, cache_dir=tmp_path / "replay") as replay:
            await replay.connect()
            got = await replay.fetch("timetable", replay.child(child.name), monday.isoformat())
            return got.value, replay.snapshot()

    value, snapshot = asyncio.run(replayed())
    assert without_ids(codec.to_jsonable(value)) == without_ids(codec.to_jsonable(lessons))
    original_children = without_ids(codec.to_jsonable(account.children))
    assert without_ids(codec.to_jsonable(snapshot.account.children)) == original_children
    # The periods' names and dates (PRONOTE's kind 0, "Hors période", comes back as a trimester).
    dates = [(p.name, p.start, p.end) for p in settings.periods]
    assert [(p.name, p.start, p.end) for p in snapshot.settings.periods] == dates
    assert snapshot.settings.holidays == settings.holidays
