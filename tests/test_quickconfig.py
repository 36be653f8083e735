"""The fast path's light config reader (settings/quickconfig.py) agrees with settings/config.py:
the same folders as platformdirs, the same account as ``ConfigStore``, or ``None`` (never another)."""

from __future__ import annotations

import pytest

from espace_parents_tui.settings import quickconfig
from espace_parents_tui.settings.config import ConfigError, ConfigStore, app_paths

ENVS = [
    {"XDG_CONFIG_HOME": "/x/conf", "XDG_CACHE_HOME": "/x/cache", "HOME": "/home/p"},
    {"XDG_CONFIG_HOME": "/x/conf/", "XDG_CACHE_HOME": "/x//cache", "HOME": "/home/p"},
    {"HOME": "/home/p"},
    {"HOME": "/home/p/", "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": ""},
    {"HOME": "/", "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": "/c"},
    {"HOME": "/home/p", "XDG_CONFIG_HOME": "relative/conf", "XDG_CACHE_HOME": "rel"},
    {"HOME": "relative", "XDG_CONFIG_HOME": "/x/conf"},
    {"HOME": "/home/é p", "XDG_CACHE_HOME": " /x"},
]


@pytest.mark.parametrize("env", ENVS)
def test_the_folders_are_platformdirs_ones(env, monkeypatch):
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        expected = app_paths()
    except RuntimeError:  # platformdirs finds no home: the fast path must not find one either
        with pytest.raises(RuntimeError):
            quickconfig.cache_dir()
        return
    assert quickconfig.config_file() == str(expected.config_file)
    assert quickconfig.cache_dir() == str(expected.cache_dir)


def test_the_plain_rules_answer_without_platformdirs_when_they_surely_apply(monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    assert quickconfig._xdg_dir("XDG_CACHE_HOME", "~/.cache") == "/x/cache/espace-parents"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    assert quickconfig._xdg_dir("XDG_CACHE_HOME", "~/.cache") is None  # platformdirs decides


GOOD = """# espace-parents : réglages des comptes.
version = 1
default = "b"

[accounts.a]
server_url = "https://demo.index-education.net/pronote/parent.html"
username = "parent"
login_mode = "password"
device_uuid = "1c7e"
storage = "file"
label = "Marie"

[accounts.b]  # the one of Paul
server_url = "http://127.0.0.1:8123/pronote/"
username = "demo"
unknown_key = [1, 2]

[notifications]
grades = false
"""

FILES = [
    GOOD,
    GOOD.replace('default = "b"\n', ""),  # no default: the first
    GOOD.replace('default = "b"', 'default = "zz"'),  # an unknown default: the first
    GOOD.replace('default = "b"', "default = 3"),  # refused
    GOOD.replace('username = "demo"', 'username = ""'),
    GOOD.replace('username = "demo"', "username = 3"),
    GOOD.replace('username = "demo"\n', ""),
    GOOD.replace('username = "demo"', 'username = "demo"\npassword = "x"'),
    GOOD.replace("version = 1", 'version = 1\nMot-de-passe = "x"'),
    GOOD.replace('storage = "file"', 'storage = "cloud"'),
    GOOD.replace('login_mode = "password"', 'login_mode = "qr"'),
    GOOD.replace('login_mode = "password"', 'login_mode = ["password"]'),
    GOOD.replace("http://127.0.0.1:8123/pronote/", "ftp://x/"),
    GOOD.replace("http://127.0.0.1:8123/pronote/", "http:///nohost"),
    GOOD.replace("http://127.0.0.1:8123/pronote/", "HTTP://Upper.case/"),
    GOOD.replace("http://127.0.0.1:8123/pronote/", "https://[::1]:8000/"),
    GOOD.replace("[accounts.b]", "[accounts.Bad_Id]").replace('default = "b"', 'default = "Bad_Id"'),
    GOOD.replace("grades = false", 'grades = "no"'),
    GOOD.replace("[notifications]", "[notifications.x]"),
    GOOD + "[accounts.b]\n",  # not TOML (a table twice)
    GOOD.replace("version = 1", "version = "),
    "",
    'accounts = "x"\n',
    "[accounts]\n",
]


@pytest.mark.parametrize("text", FILES)
@pytest.mark.parametrize("wanted", [None, "a", "b", "zz"])
def test_the_account_is_config_stores_or_none(text, wanted, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    store = ConfigStore(path)
    try:
        expected = store.get(wanted).id if wanted else getattr(store.default_account(), "id", None)
    except ConfigError:
        expected = None
    found = quickconfig.account_id(wanted, str(path))
    assert found in (expected, None)
    storage = quickconfig.account_storage(wanted, str(path))  # where the app looks for its secret
    assert storage == (None if found is None else (found, store.get(found).storage))
    if text == GOOD or wanted is None and text in FILES[1:3]:
        assert found == expected  # the plain files do take the fast path


def test_the_plain_file_gives_the_expected_accounts(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert quickconfig.account_id(None, str(path)) == "b"
    assert quickconfig.account_id("a", str(path)) == "a"
    assert quickconfig.account_id("zz", str(path)) is None
    path.write_bytes(GOOD.encode("latin-1"))  # not UTF-8: the full path says it
    assert quickconfig.account_id(None, str(path)) is None
    assert quickconfig.account_id(None, str(tmp_path / "none.toml")) is None


IDS = ["a", "a1", "a-b", "-a", "a-", "A", "é", "a_b", "a" * 64, "a" * 65, "", "abc\n", "0-0", "a b"]


@pytest.mark.parametrize("value", IDS)
def test_an_id_it_accepts_config_accepts(value):
    from espace_parents_tui.settings import config

    if quickconfig._plain_id(value):
        assert config._ID_RE.match(value)
    assert quickconfig._plain_id(value) == bool(config._ID_RE.match(value)) or value == "abc\n"


URLS = [
    "https://x.fr/pronote/parent.html",
    "http://127.0.0.1:8123/",
    "http://h:99/p?q=1#f",
    "https://h?x",
    "http://h",
    "http://:80/",
    "http://h:/",
    "http://h:123456/",
    "https://[::1]/",
    "ftp://h/",
    "HTTP://h/",
    "http:/h/",
    "http://h/a b",
    "http://h/\t",
    " http://h/",
    "http://h\u00e9/",
]


@pytest.mark.parametrize("url", URLS)
def test_an_address_it_accepts_config_accepts(url):
    from espace_parents_tui.settings.config import AccountConfig

    if quickconfig._plain_url(url):
        AccountConfig(id="a", server_url=url, username="u")  # raises if config refuses it
    assert quickconfig._plain_url(url) == (url in URLS[:5])
