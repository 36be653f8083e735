"""util/plaintoml.py reads what tomllib reads, the same way, or gives up (None): never another value."""

from __future__ import annotations

import tomllib

import pytest

from espace_parents_tui.settings.config import AccountConfig, Config, render_config
from espace_parents_tui.util import plaintoml

WRITTEN = render_config(
    Config(
        accounts={
            "a": AccountConfig(
                id="a",
                server_url="https://x.fr/pronote/",
                username="parent",
                label="Élève « A »",
                device_uuid="2ea49c36-ed97-4e85-910f-c80047904efc",
            ),
            "b": AccountConfig(
                id="b",
                server_url="http://127.0.0.1:8000/",
                username="demo",
                storage="file",
                device_uuid="7d0c7f4e-3b1a-4c55-9d0e-2f7f8a1b6c3d",
            ),
        },
        default="b",
    )
)

PLAIN = [
    WRITTEN,
    WRITTEN + "\n[notifications]\ngrades = false  # pas les notes\nnews = true\n",
    "version = 0\nn = 12\n",
    'k="v"#c\n\tk2 = "#not a comment"\n',
    "# only a comment\n\n",
    "",
    '[a.b]\nx = 1\n[a.c]\ny = "é"\n',
]
NOT_PLAIN = [
    WRITTEN.replace("\n", "\r\n"),
    'k = "a\\"b"\n',  # an escape
    "k = 'literal'\n",
    "k = [1, 2]\n",
    "k = 1.5\n",
    "k = -1\n",
    "k = 1_000\n",
    "k = 2026-11-24\n",
    '"quoted key" = 1\n',
    "a.b = 1\n",
    "[ spaced ]\n",
    "[[array]]\n",
    "[a.b.c]\n",
    "[a]\n[a.b]\n",  # valid TOML, not plain here
    "[a.b]\n[a]\n",  # valid TOML, not plain here
    '"""multi\nline"""\n',
    'k = "tab\there"\n',
]
INVALID = [
    "k = 1\nk = 2\n",
    "[a]\n[a]\n",
    "[a.b]\n[a.b]\n",
    "a = 1\n[a.b]\n",
    "[a]\nb = 1\n[a.b]\n",
    "k = 01\n",
    "k = true false\n",
    'k = "unclosed\n',
    'k = "v" trailing\n',
    "k = \n",
    "= 1\n",
    "[]\n",
    "[a\n",
    "k = 1 # bell \x07\n",
    "# bell \x07\n",
    "k = True\n",
    "\ufeffk = 1\n",
    "k = 1\x0c\n",
]


def _same(found, expected) -> bool:
    """Equal, with the same types (True == 1 in Python)."""
    if isinstance(expected, dict):
        return (
            isinstance(found, dict)
            and list(found) == list(expected)
            and all(_same(found[k], v) for k, v in expected.items())
        )
    return type(found) is type(expected) and found == expected


# Short, fixed ids: the whole text as an id is unreadable, and a test id must not change between
# two collections (pytest-xdist's workers compare them).
@pytest.mark.parametrize("text", PLAIN, ids=[f"plain{i}" for i in range(len(PLAIN))])
def test_plain_toml_is_read_as_tomllib_reads_it(text):
    found = plaintoml.loads(text)
    assert found is not None
    assert _same(found, tomllib.loads(text))


@pytest.mark.parametrize(
    "text", NOT_PLAIN + INVALID, ids=[f"other{i}" for i in range(len(NOT_PLAIN + INVALID))]
)
def test_anything_else_is_left_to_tomllib(text):
    assert plaintoml.loads(text) is None


def test_mutated_files_are_read_as_tomllib_reads_them_or_left_to_it():
    """Thousands of small edits of a written file (seeded): whatever plaintoml reads, tomllib reads
    the same; what tomllib refuses, plaintoml leaves to it."""
    import random

    alphabet = " \t\n#=\"[].\\'01tfa-_é\x07"
    rng = random.Random(16)
    read = 0
    for _ in range(3000):
        text = list(WRITTEN + "[notifications]\ngrades = true\n")
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            if rng.random() < 0.5:
                del text[at]
            else:
                text.insert(at, rng.choice(alphabet))
        text = "".join(text)
        found = plaintoml.loads(text)
        if found is None:
            continue
        read += 1
        assert _same(found, tomllib.loads(text)), repr(text)
    assert read > 300  # most edits land in comments or values and stay plain
