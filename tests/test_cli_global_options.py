"""An option of the main parser means the same before and after the command.

``espace-parents --demo show grades`` once said "Aucun compte configuré … ou essayez --demo": the
``show`` subparser's own ``--demo`` default overwrote the value given before the command.
"""

from __future__ import annotations

import pytest

from espace_parents_tui.cli.main import parse_args


@pytest.mark.parametrize(
    "command",
    [
        ["show", "grades"],
        ["sync"],
        ["export", "ical", "--output", "x.ics"],
        ["watch"],
        ["serve"],
        ["account", "show"],
        ["meetings", "list"],
        ["justify"],
        ["documents", "list"],
        ["drafts"],
    ],
)
def test_demo_and_account_before_the_command_are_kept(command):
    before = parse_args(["--demo", "--account", "famille", *command])
    assert before.demo is True
    assert before.account == "famille"
    after = parse_args([*command, "--demo", "--account", "famille"])
    assert after.demo is True and after.account == "famille"
    plain = parse_args(command)
    assert plain.demo is False and plain.account is None


def test_support_bundle_account_before_the_command():
    args = parse_args(["--account", "famille", "support", "bundle"])
    assert args.account == "famille"


def test_lang_before_the_command_is_kept():
    from espace_parents_tui.util.i18n import set_language

    try:
        assert parse_args(["--lang", "en", "show", "grades"]).lang == "en"
    finally:
        set_language("fr")
