"""Account settings: the TOML file, its folder and file modes, atomic saves, and no secret in it."""

from __future__ import annotations

import contextlib
import os
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from espace_parents_tui.settings import config as cfg
from espace_parents_tui.settings.config import AccountConfig, ConfigError, ConfigStore
from espace_parents_tui.util import fsutil


@pytest.fixture
def xdg(tmp_path, monkeypatch) -> Path:
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def account(id_="dupont-hugo", **kw) -> AccountConfig:
    values = dict(
        server_url="https://0123456a.index-education.net/pronote/",
        username="m.dupont",
        login_mode="token",
        device_uuid="6f1c2d3e-0000-4000-8000-123456789abc",
        device_id="NAV-42",
        label="Lycée Victor-Hugo — Marie",
    )
    values.update(kw)
    return AccountConfig(id=id_, **values)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_location_follows_xdg_config_home(xdg):
    store = ConfigStore()
    assert store.path == xdg / "config" / "espace-parents" / "config.toml"
    paths = store.paths()
    assert paths.credentials_file == xdg / "data" / "espace-parents" / "credentials.json"
    assert paths.cache_dir == xdg / "cache" / "espace-parents"


def test_round_trip_modes_and_default(xdg):
    store = ConfigStore()
    assert store.load().accounts == {} and store.default_account() is None
    first, second = account(), account("martin-curie", login_mode="password", storage="ask", label="")
    store.add(first)
    store.add(second)
    assert mode(store.path.parent) == 0o700 and mode(store.path) == 0o600
    assert store.default_account() == first  # the first one added becomes the default
    assert store.accounts() == [first, second]
    assert ConfigStore(store.path).get("martin-curie") == second
    store.set_default("martin-curie")
    assert store.default_account() == second
    assert second.display_label == "m.dupont — 0123456a.index-education.net"


def test_update_remove_and_default_moves_on(xdg):
    store = ConfigStore()
    store.add(account())
    store.add(account("martin-curie"), make_default=True)
    store.update(account("martin-curie", device_id="NAV-99"))
    assert store.get("martin-curie").device_id == "NAV-99"
    removed = store.remove("martin-curie")
    assert removed.id == "martin-curie"
    assert store.default_account().id == "dupont-hugo"
    with pytest.raises(ConfigError, match="Compte inconnu"):
        store.remove("martin-curie")
    with pytest.raises(ConfigError, match="existe déjà"):
        store.add(account())
    with pytest.raises(ConfigError, match="Compte inconnu"):
        store.update(account("inconnu"))


def test_save_keeps_previous_version_as_bak(xdg):
    store = ConfigStore()
    store.add(account())
    before = store.path.read_bytes()
    store.update(account(device_id="NAV-43"))
    assert store.backup_path.read_bytes() == before
    assert mode(store.backup_path) == 0o600
    assert b"NAV-43" in store.path.read_bytes()


def test_corrupt_file_gives_french_error_naming_it_and_is_never_overwritten(xdg):
    store = ConfigStore()
    store.add(account())
    store.update(account(device_id="NAV-2"))  # now a .bak exists
    store.path.write_text('version = 1\n[accounts.x\nserver_url = "https://a"\n', encoding="utf-8")
    broken = store.path.read_bytes()
    with pytest.raises(ConfigError) as info:
        store.load()
    message = str(info.value)
    assert str(store.path) in message and "illisible" in message and "line 2" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__
    with pytest.raises(ConfigError):
        store.add(account("autre"))  # a change on top of a broken file is refused…
    assert store.path.read_bytes() == broken  # …and the file is untouched
    store.save(cfg.Config())  # an explicit reset keeps the broken file aside, and the good .bak
    assert store.path.with_name("config.toml.illisible").read_bytes() == broken
    assert b"dupont-hugo" in store.backup_path.read_bytes()


@pytest.mark.parametrize(
    "body, expected",
    [
        (b"\xff\xfe", "UTF-8"),
        (b'[accounts.a]\nusername = "x"\n', "il manque « server_url »"),
        (b'[accounts.a]\nserver_url = "ftp://x"\nusername = "x"\n', "adresse du serveur invalide"),
        (
            b'[accounts.a]\nserver_url = "https://x"\nusername = "x"\nlogin_mode = "sms"\n',
            "mode de connexion",
        ),
        (b'[accounts.a]\nserver_url = "https://x"\nusername = "x"\nstorage = "cloud"\n', "stockage inconnu"),
        (b'[accounts.A_B]\nserver_url = "https://x"\nusername = "x"\n', "Identifiant de compte invalide"),
        (b"accounts = 3\n", "doit être une table"),
    ],
)
def test_invalid_content_is_a_config_error(xdg, body, expected):
    store = ConfigStore()
    fsutil.atomic_write(store.path, body)
    with pytest.raises(ConfigError, match=expected):
        store.load()


@pytest.mark.parametrize("key", ["password", "token", "jeton", "mot_de_passe", "Mot-De-Passe"])
def test_a_secret_written_by_hand_is_refused(xdg, key):
    store = ConfigStore()
    fsutil.atomic_write(
        store.path, f'[accounts.a]\nserver_url = "https://x"\nusername = "x"\n"{key}" = "hunter2"\n'.encode()
    )
    with pytest.raises(ConfigError, match="contient un secret") as info:
        store.load()
    assert "hunter2" not in str(info.value)


def test_account_ids_named_like_secrets_are_fine(xdg):
    store = ConfigStore()
    store.add(account("token"))
    assert store.get("token").username == "m.dupont"


def test_config_file_holds_no_secret_field_and_never_a_secret():
    # Structural: no field of an account is meant for a secret.
    names = {f.name for f in cfg.dataclasses.fields(AccountConfig)}
    assert not names & cfg._SECRET_KEYS
    assert not {n for n in names if "pass" in n or "token" in n or "secret" in n}


def test_unknown_keys_of_a_newer_version_are_ignored_and_kept(xdg):
    store = ConfigStore()
    fsutil.atomic_write(
        store.path,
        b'version = 2\nfuture = 1\n[accounts.a]\nserver_url = "https://x"\nusername = "u"\ncolour = "bleu"\n',
    )
    assert store.get("a").username == "u"
    store.add(account("b"))
    data = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["future"] == 1 and data["accounts"]["a"]["colour"] == "bleu"


def test_missing_fields_get_defaults_and_a_fresh_device_uuid():
    a, b = (
        AccountConfig(id="a", server_url="https://x", username="u"),
        AccountConfig(id="b", server_url="https://x", username="u"),
    )
    assert a.login_mode == "password" and a.storage == "keyring" and a.device_id == ""
    assert len(a.device_uuid) == 36 and a.device_uuid != b.device_uuid
    assert a.secret_kind == "password"


def test_make_account_id():
    assert cfg.make_account_id("Lycée Hugo – Marie") == "lycee-hugo-marie"
    assert cfg.make_account_id("Lycée Hugo – Marie", {"lycee-hugo-marie"}) == "lycee-hugo-marie-2"
    assert cfg.make_account_id("!!!") == "compte"
    assert len(cfg.make_account_id("x" * 200)) <= 50


def test_atomic_write_failure_leaves_old_file_and_no_temp(xdg, monkeypatch):
    store = ConfigStore()
    store.add(account())
    before = store.path.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ConfigError, match="Impossible d'enregistrer") as info:
        store.update(account(device_id="NAV-77"))
    assert "No space left" in str(info.value)
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["config.toml"]


def test_atomic_write_fsyncs_file_before_replace(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    fsutil.atomic_write(tmp_path / "d" / "f", b"x")
    assert events == ["fsync", "replace", "fsync"]  # file, rename, folder
    assert mode(tmp_path / "d") == 0o700 and mode(tmp_path / "d" / "f") == 0o600


def test_existing_loose_config_dir_is_tightened(xdg):
    d = xdg / "config" / "espace-parents"
    d.mkdir(parents=True, mode=0o755)
    os.chmod(d, 0o755)
    ConfigStore().add(account())
    assert mode(d) == 0o700


# ---- what the parent wrote survives a save ---------------------------------------------------------

text = st.text(st.characters(codec="utf-8"), max_size=40)


@given(
    label=text,
    username=text.filter(lambda s: s != ""),
    device_id=text,
)
def test_whole_config_round_trips(tmp_path_factory, label, username, device_id):
    path = tmp_path_factory.mktemp("c") / "config.toml"
    store = ConfigStore(path)
    a = account(label=label, username=username, device_id=device_id)
    store.save(cfg.Config({a.id: a}, a.id))
    assert store.load() == cfg.Config({a.id: a}, a.id)
    store.update(account(label=username, username=label or "x", device_id=device_id))
    assert store.get(a.id).label == username


def test_config_module_has_no_toml_writer_of_its_own():
    for name in ("toml_string", "toml_key", "toml_value", "dump_config"):
        assert not hasattr(cfg, name)


HAND_WRITTEN = """\
# Mes comptes PRONOTE (écrit à la main)
version = 1
default = "dupont-hugo"  # celui qui s'ouvre
theme = "ansi-dark"       # clé d'une version plus récente

# Marie, au lycée Victor-Hugo
[accounts.dupont-hugo]
server_url = 'https://0123456a.index-education.net/pronote/'
username = "m.dupont"
device_uuid = "6f1c2d3e-0000-4000-8000-123456789abc"
colour = "bleu"  # ma couleur

# Paul, au collège Curie
[accounts.martin-curie]
server_url = "https://0999999z.index-education.net/pronote/"
username = "p.martin"
device_uuid = "11111111-0000-4000-8000-123456789abc"
storage = "ask"

[notifications]
# par rubrique
notes = true
messagerie = false
"""


def _comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def test_a_save_keeps_comments_blank_lines_order_and_unknown_keys(xdg):
    store = ConfigStore()
    fsutil.atomic_write(store.path, HAND_WRITTEN.encode())
    store.update(
        AccountConfig(**{**store.get("martin-curie").__dict__, "device_id": "NAV-7", "label": "Paul"})
    )
    written = store.path.read_text(encoding="utf-8")
    # Only the changed account's two new settings were added, right after its own lines.
    assert written == HAND_WRITTEN.replace(
        'storage = "ask"\n', 'storage = "ask"\ndevice_id = "NAV-7"\nlabel = "Paul"\n'
    )
    assert store.backup_path.read_text(encoding="utf-8") == HAND_WRITTEN


NEW_ACCOUNT_TABLE = """\
[accounts.nouveau]
server_url = "https://0123456a.index-education.net/pronote/"
username = "m.dupont"
login_mode = "token"
device_uuid = "6f1c2d3e-0000-4000-8000-123456789abc"
device_id = "NAV-42"
storage = "keyring"
label = "Lycée Victor-Hugo — Marie"

"""


def test_accounts_added_and_removed_leave_the_rest_as_written(xdg):
    store = ConfigStore()
    fsutil.atomic_write(store.path, HAND_WRITTEN.encode())
    store.add(account("nouveau"), make_default=True)
    # A new account joins the others (before [notifications]), with every setting spelled out.
    expected = HAND_WRITTEN.replace('default = "dupont-hugo"', 'default = "nouveau"')
    expected = expected.replace("[notifications]", NEW_ACCOUNT_TABLE + "[notifications]")
    assert store.path.read_text(encoding="utf-8") == expected
    # A removed account takes the comment right above it; the next account's comment stays.
    store.remove("dupont-hugo")
    start = expected.index("# Marie")
    expected = expected[:start] + expected[expected.index("# Paul") :]
    assert store.path.read_text(encoding="utf-8") == expected
    store.remove("martin-curie")
    store.remove("nouveau")
    assert store.path.read_text(encoding="utf-8") == (
        "# Mes comptes PRONOTE (écrit à la main)\n"
        "version = 1\n"
        'theme = "ansi-dark"       # clé d\'une version plus récente\n'
        "\n"
        "[notifications]\n"
        "# par rubrique\n"
        "notes = true\n"
        "messagerie = false\n"
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "update", "remove", "default"]),
            st.sampled_from(["a", "b", "dupont-hugo", "martin-curie"]),
        ),
        max_size=8,
    )
)
def test_any_sequence_of_changes_keeps_what_the_app_does_not_own(tmp_path_factory, changes):
    store = ConfigStore(tmp_path_factory.mktemp("c") / "config.toml")
    fsutil.atomic_write(store.path, HAND_WRITTEN.encode())
    model = {a.id: a for a in store.accounts()}
    for n, (change, id_) in enumerate(changes):
        with contextlib.suppress(ConfigError):  # unknown or existing account: refused, file kept
            if change == "add":
                store.add(account(id_, label=f"n°{n}"))
                model.setdefault(id_, account(id_, label=f"n°{n}"))
            elif change == "update":
                store.update(account(id_, device_id=f"NAV-{n}"))
                model[id_] = account(id_, device_id=f"NAV-{n}")
            elif change == "remove":
                store.remove(id_)
                model.pop(id_)
            else:
                store.set_default(id_)
        assert {a.id: a for a in store.accounts()} == model
    written = store.path.read_text(encoding="utf-8")
    data, original = tomllib.loads(written), tomllib.loads(HAND_WRITTEN)
    assert data["theme"] == "ansi-dark" and data["notifications"] == original["notifications"]
    if ("remove", "dupont-hugo") not in changes:  # the parent's own key in an account stays with it
        assert data["accounts"]["dupont-hugo"]["colour"] == "bleu"
    for comment in (
        "# Mes comptes PRONOTE (écrit à la main)",
        "# clé d'une version plus récente",
        "# par rubrique",
    ):
        assert comment in written


@pytest.mark.parametrize(
    "layout",
    [
        'accounts = { a = { server_url = "https://x/", username = "u", note = 1 } }\n',
        'accounts.a.server_url = "https://x/"  # dotted\naccounts.a.username = "u"\naccounts.a.note = 1\n',
        '[accounts]\na = { server_url = "https://x/", username = "u", note = 1 }  # inline\n',
        '[accounts]\n[accounts.a]\nserver_url = "https://x/"\nusername = "u"\nnote = 1\n',
        '[accounts.a]\r\nserver_url = "https://x/"\r\nusername = "u"\r\nnote = 1\r\n',
    ],
)
def test_other_hand_written_layouts_are_edited_faithfully(xdg, layout):
    store = ConfigStore()
    fsutil.atomic_write(store.path, layout.encode())
    store.update(AccountConfig(**{**store.get("a").__dict__, "username": "v", "device_id": "NAV-1"}))
    store.add(account("b"))
    assert store.get("a").username == "v" and store.get("a").device_id == "NAV-1"
    assert store.get("b") == account("b")
    assert tomllib.loads(store.path.read_text(encoding="utf-8"))["accounts"]["a"]["note"] == 1
    store.remove("a")
    assert [a.id for a in store.accounts()] == ["b"]


def test_an_edit_that_would_lose_a_value_is_not_written_the_file_is_rebuilt(xdg, monkeypatch):
    import tomlkit

    from espace_parents_tui.util import tomledit

    store = ConfigStore()
    fsutil.atomic_write(store.path, HAND_WRITTEN.encode())
    real_sync, calls = tomledit._sync, []

    def losing_sync(container, wanted, document=None):  # the in-place edit drops the parent's key
        real_sync(container, wanted, document)
        if isinstance(container, tomlkit.TOMLDocument) and not calls:
            calls.append(1)
            del container["theme"]

    monkeypatch.setattr(tomledit, "_sync", losing_sync)
    store.add(account("nouveau"))
    data = tomllib.loads(store.path.read_text(encoding="utf-8"))
    expected = tomllib.loads(HAND_WRITTEN)
    expected["accounts"]["nouveau"] = {k: v for k, v in account("nouveau").__dict__.items() if k != "id"}
    assert calls and data == expected  # every value kept (the comments are in the .bak)
    assert store.backup_path.read_text(encoding="utf-8") == HAND_WRITTEN


def test_a_value_toml_cannot_hold_is_a_config_error_and_the_file_stays(xdg):
    store = ConfigStore()
    store.add(account())
    before = store.path.read_bytes()
    broken = account(label="x")
    broken.label = object()  # not text: __post_init__ is bypassed on purpose
    with pytest.raises(ConfigError, match="Impossible d'écrire le fichier de configuration"):
        store.update(broken)
    assert store.path.read_bytes() == before


def test_adding_an_account_through_the_cli_keeps_the_parents_comments(xdg, monkeypatch, capsys):
    import io
    from datetime import date

    from espace_parents_tui.cli import main as cli
    from espace_parents_tui.demo.school import demo_school
    from espace_parents_tui.demo.server import DemoServer, ServerOptions
    from espace_parents_tui.demo.serving import ServerThread

    today = date(2026, 11, 24)
    school = demo_school(today)
    parent = school.parents[0]
    store = ConfigStore()
    fsutil.atomic_write(store.path, HAND_WRITTEN.encode())
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setattr("sys.stdin", io.StringIO(parent.password + "\n"))
    with ServerThread(DemoServer(school, ServerOptions(today=today))) as thread:
        argv = ["--today", today.isoformat(), "login", "--server", thread.page_url, "--username",
                parent.login, "--password-stdin", "--ask", "--account", "famille"]  # fmt: skip
        assert cli.main(argv) == 0, capsys.readouterr().err
    written = store.path.read_text(encoding="utf-8")
    # The new account joins the others, before [notifications]; every other byte is as written.
    start = written.index("[accounts.famille]\n")
    end = written.index("\n\n", start) + 2
    assert written[:start] + written[end:] == HAND_WRITTEN
    assert _comments(written) == _comments(HAND_WRITTEN)
    assert store.get("famille").server_url == thread.page_url
    assert [a.id for a in store.accounts()] == ["dupont-hugo", "martin-curie", "famille"]
