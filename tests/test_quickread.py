"""``show … --offline --json``'s fast path (cli/quickread.py) prints exactly what the full path
prints, takes the full path whenever it cannot be sure, and imports neither the models nor the
sections."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from espace_parents_tui.cli import main as cli
from espace_parents_tui.cli import quickread
from espace_parents_tui.cli.commands import SHOW_SECTIONS
from espace_parents_tui.cli.render import RENDERERS
from espace_parents_tui.demo.school import Grade, demo_school
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import ServerThread
from espace_parents_tui.store import quick

TODAY = date(2026, 11, 24)


@pytest.fixture
def synced(world, capsys):
    school = demo_school(TODAY)
    thread = ServerThread(DemoServer(school, ServerOptions(today=TODAY)))
    try:
        login = ["login", "--server", thread.page_url, "--username", "demo", "--password-stdin"]
        import io

        sys.stdin = io.StringIO("demo\n")
        try:
            assert _main([*login, "--insecure-storage", "--account", "famille"]) == 0
        finally:
            sys.stdin = sys.__stdin__
        assert _main(["sync"]) == 0, capsys.readouterr().err
        capsys.readouterr()
        yield school, thread
    finally:
        thread.stop()


def _main(argv: list[str], today: date = TODAY) -> int:
    return cli.main(
        ["--today", today.isoformat(), *argv] if argv[0] != "show" else [*argv, "--today", today.isoformat()]
    )


def _both(argv, capsys, monkeypatch, today=TODAY):
    """(fast answer or None, fast run's output, full run's output)."""
    answer = quickread.answer([*argv, "--today", today.isoformat()])
    code = _main(argv, today)
    fast = (code, *capsys.readouterr())
    with monkeypatch.context() as patch:
        patch.setattr(quickread, "answer", lambda argv: None)
        code = _main(argv, today)
        full = (code, *capsys.readouterr())
    return answer, fast, full


def test_the_show_names_agree_with_the_renderers():
    assert quickread.SHOWN == {name: section for name, (section, _render) in RENDERERS.items()}
    assert set(quickread.SHOWN.values()) == quick.SERVED  # the datasets a sync keeps rendered
    assert set(SHOW_SECTIONS) == set(quickread.SHOWN) | {"children"}


@pytest.mark.parametrize("name", sorted(quickread.SHOWN))
def test_each_section_prints_what_the_full_path_prints(synced, capsys, monkeypatch, name):
    answer, fast, full = _both(["show", name, "--offline", "--json"], capsys, monkeypatch)
    assert fast == full
    if full[0] == 0:
        assert answer is not None, "the fast path should have answered"


@pytest.mark.parametrize(
    "extra",
    [
        ["--child", "Hugo"],
        ["--child", "martin léa"],
        ["--child=Léa"],
        ["--period", "Trimestre 1"],
        ["--week", "2026-11-26"],
        ["--child", "Hugo", "--week", "2026-11-17"],
        ["--child", "Personne"],  # no such child: the full path's error
        ["--period", "Nulle part"],  # nothing cached: the full path's error
        ["--week", "2026-13-01"],  # a bad date: the full path's error
        ["--markdown"],  # not the fast path's
        ["--chi", "Hugo"],  # argparse's abbreviation: the full path's
    ],
)
def test_options_print_what_the_full_path_prints(synced, capsys, monkeypatch, extra):
    for name in ("grades", "timetable", "homework"):
        _answer, fast, full = _both(["show", name, "--offline", "--json", *extra], capsys, monkeypatch)
        assert fast == full, (name, extra)


def test_another_day_takes_the_full_path_and_agrees(synced, capsys, monkeypatch):
    """The default scope was recorded by the sync for its day: the next day, the full path computes it."""
    tomorrow = TODAY + timedelta(days=1)
    answer, fast, full = _both(["show", "timetable", "--offline", "--json"], capsys, monkeypatch, tomorrow)
    assert answer is None and fast == full and fast[0] == 0


def test_a_new_sync_is_read_at_once(synced, capsys, monkeypatch):
    """After a change at the school and a sync, the fast path shows it (the stored JSON is the new one)."""
    school, _thread = synced
    lea = school.child("lea")
    period = school.current_period(TODAY).name
    lea.grades.append(Grade("MATHÉMATIQUES", TODAY, period, out_of=20, value=17.5, comment="Quickread"))
    assert _main(["sync"]) == 0
    capsys.readouterr()
    answer, fast, full = _both(["show", "grades", "--offline", "--json"], capsys, monkeypatch)
    assert answer is not None and fast == full and "Quickread" in fast[1]


def _cache_db(world):
    import sqlite3

    return sqlite3.connect(
        world / "xdg_cache_home" / "espace-parents" / "famille.sqlite3", isolation_level=None
    )


def test_the_rendering_kept_by_the_sync_is_what_is_printed(synced, world, capsys, monkeypatch):
    """The sync keeps each default dataset rendered (indent=2 costs ≈ 2 ms a read): the fast path
    prints it (a marker put into it shows), and it is byte for byte the full path's (the tests above)."""
    db = _cache_db(world)
    try:
        keys = [row[0] for row in db.execute("SELECT key FROM meta WHERE key LIKE 'rendered%'")]
        assert any(key.startswith("rendered\tgrades\t") for key in keys), keys
        assert "rendered\tmessages\t*" in keys, keys  # an account-level dataset
        assert "rendered\taccount\t*" not in keys, keys  # not one ``show`` prints
        db.execute(
            "UPDATE meta SET value = replace(value, '\"grades\": [', '\"grades\": [ ') "
            "WHERE key LIKE 'rendered\tgrades\t%'"
        )
        # The averages shown beside the grades are kept rendered in the default scopes' record.
        db.execute(
            'UPDATE meta SET value = replace(value, \'"rendered": "{\', \'"rendered": "{ \') '
            "WHERE key = 'default_scopes'"
        )
    finally:
        db.close()
    answer = quickread.answer(["show", "grades", "--offline", "--json", "--today", TODAY.isoformat()])
    assert answer is not None and '"grades": [ \n' in answer[0] and '"shown_averages": { \n' in answer[0]
    answer = quickread.answer(["show", "averages", "--offline", "--json", "--today", TODAY.isoformat()])
    assert answer is not None and '"grades": [ \n' in answer[0] and '"section": "averages"' in answer[0]


def test_a_rendering_of_another_stored_text_is_not_used(synced, world, capsys, monkeypatch):
    """Written since the sync (a fetch, another program): the rendering no longer matches its text."""
    db = _cache_db(world)
    try:
        db.execute(
            "UPDATE datasets SET payload = replace(payload, '\"done\":false', '\"done\":true') "
            "WHERE section='homework'"
        )
        db.execute(
            'UPDATE meta SET value = replace(value, \'"done": false\', \'"done": "KEPT"\') '
            "WHERE key LIKE 'rendered\thomework\t%'"
        )
    finally:
        db.close()
    answer, fast, full = _both(["show", "homework", "--offline", "--json"], capsys, monkeypatch)
    assert answer is not None and fast == full and '"done": true' in fast[1] and "KEPT" not in fast[1]


# What the fast path must not load: the models and what builds them, the full config reader (its
# dataclasses, platformdirs, tomlkit for writing), the cache's codec, argparse (the full path's parser).
HEAVY = (
    *("espace_parents_tui.models", "espace_parents_tui.service", "espace_parents_tui.pronote", "rich"),
    *(
        "textual",
        "tomlkit",
        "tomllib",
        "typing",
        "platformdirs",
        "dataclasses",
        "inspect",
        "argparse",
        "pathlib",
    ),
    *(
        "espace_parents_tui.settings.config",
        "espace_parents_tui.store.cache",
        "espace_parents_tui.store.codec",
        "espace_parents_tui.cli.main",  # (cli/entry.py goes to the fast path first)
    ),
)


def test_the_fast_path_imports_no_model_nor_section(synced):
    """From the command's entry (``espace-parents``, ``python -m``: cli/entry.py), not even cli/main.py."""
    code = (
        "import sys; from espace_parents_tui.cli.entry import main; "
        "code = main(['show', 'grades', '--offline', '--json', '--today', '2026-11-24']); "
        "assert code == 0; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith({HEAVY!r})), "
        "file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert '"offline": true' in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr


def test_the_full_path_would_load_what_the_fast_path_does_not(synced):
    """The check above can fail: the full path (an option the fast path leaves to it) loads them."""
    code = (
        "import sys; from espace_parents_tui.cli.entry import main; "
        "code = main(['show', 'grades', '--offline', '--json', '--markdown', '--today', '2026-11-24']); "
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = result.stderr.strip().splitlines()[-1]
    assert "espace_parents_tui.settings.config" in loaded and "argparse" in loaded, result.stderr
    assert "espace_parents_tui.cli.main" in loaded, result.stderr


def test_renders_are_kept_for_what_can_be_rendered_and_never_half():
    """A stored text that is not JSON any more is not kept rendered (the others are); a database
    that refuses the write leaves no render at all and says so as a CacheError (the sync goes on)."""
    from espace_parents_tui.store import Cache, CacheError

    cache = Cache.in_memory()
    rows = [("A", "grades", "T1", '{"n":1.5,"t":"\\u00e9"}'), ("A", "homework", "all", "{not json")]
    for child, section, scope, payload in rows:
        cache._db.execute(
            "INSERT INTO datasets(child, section, scope, payload, fetched_at) VALUES (?, ?, ?, ?, ?)",
            (child, section, scope, payload, "2026-11-24T08:00:00"),
        )
    wanted = [("A", "grades", "T1"), ("A", "homework", "all"), ("A", "account", "all"), ("B", "news", "all")]
    quick.remember_renders(cache, wanted)
    kept = dict(cache._db.execute("SELECT key, value FROM meta WHERE key LIKE 'rendered%'").fetchall())
    assert list(kept) == ["rendered\tgrades\tA"]
    assert quick.rendered(cache._db, "A", "grades", "T1", rows[0][3]) == '{\n    "n": 1.5,\n    "t": "é"\n  }'
    assert quick.rendered(cache._db, "A", "grades", "T2", rows[0][3]) is None  # another scope
    assert quick.rendered(cache._db, "A", "grades", "T1", '{"n":2}') is None  # another text

    cache._db.execute("CREATE TRIGGER no_more BEFORE INSERT ON meta BEGIN SELECT RAISE(ABORT, 'plein'); END")
    cache._db.execute("DELETE FROM meta")
    with pytest.raises(CacheError):
        quick.remember_renders(cache, wanted)
    assert not cache._db.in_transaction
    assert cache._db.execute("SELECT count(*) FROM meta").fetchone()[0] == 0
