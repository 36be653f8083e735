"""SIGKILL during a write, with the real command in subprocesses (the runner: tests/faultlab/write_kills.py).

A justification, a reply, a deposit, an absence warned of ahead and a new discussion are each
killed at two exact points held by the emulated server: before the server reads the write, and
after it stored it but before the client heard back. Each time the
cache passes ``integrity_check`` and still holds the draft as typed, marked "sending"; the next start
asks the server and says "Envoyé" (draft deleted) or "Non reçu par l'établissement" (draft kept),
and never sends the write again.
"""

from __future__ import annotations

import json

import pytest

from faultlab.write_kills import STAGES, TYPED, WRITES, problems_of, run_app_case, run_case, run_cut_case


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("write", list(WRITES))
def test_sigkill_during_a_write_keeps_the_draft_and_tells_whether_the_school_got_it(tmp_path, write, stage):
    case = run_case(tmp_path, write, stage)
    assert problems_of(case) == []
    # The exact sentences (one each), and what the next start lists.
    assert case.verdict is not None
    if stage == "after":
        assert case.verdict["received"] is True
        assert case.verdict["message"].startswith("Envoyé : l'établissement a bien reçu ")
        assert case.drafts_left == []
    else:
        assert case.verdict["received"] is False
        assert case.verdict["message"].endswith("le brouillon est gardé, renvoyez-le vous-même.")
        [left] = case.drafts_left
        assert left["problem"] == case.verdict["message"]
        field = TYPED[write]
        assert left["fields"][field] == json.loads(case.draft_after_kill["fields"])[field]  # as typed


APP_VERDICTS = {
    ("reply", "after"): (
        "Envoyé : l'établissement a bien reçu votre réponse dans « Devoir maison de Léa » ; "
        "le brouillon est effacé."
    ),
    ("write", "after"): (
        "Envoyé : l'établissement a bien reçu votre nouveau message « Sortie du jeudi » ; "
        "le brouillon est effacé."
    ),
    ("justify", "before"): (
        "Non reçu par l'établissement : la justification de l'absence du ",
        "(MARTIN Léa) ; le brouillon est gardé, renvoyez-le vous-même.",
    ),
    ("declare", "before"): (
        "Non reçu par l'établissement : l'absence signalée pour le 26/11/2026 (MARTIN Léa) ; "
        "le brouillon est gardé, renvoyez-le vous-même."
    ),
}


@pytest.mark.parametrize(("write", "stage"), list(APP_VERDICTS))
async def test_the_app_says_at_its_next_start_whether_a_killed_send_arrived(tmp_path, write, stage):
    case, said = await run_app_case(tmp_path, write, stage)
    assert case.integrity == "ok" and case.draft_after_kill is not None
    verdicts = [message for title, message in said if title == "Envoi interrompu"]
    assert len(verdicts) == 1, said
    expected = APP_VERDICTS[write, stage]
    if isinstance(expected, tuple):
        assert verdicts[0].startswith(expected[0]) and verdicts[0].endswith(expected[1])
    else:
        assert verdicts[0] == expected
    if stage == "after":
        assert case.drafts_left == []
    else:
        [left] = case.drafts_left
        assert left["problem"] == verdicts[0] and not left["sending_since"]
        typed = {"justify": "Fièvre depuis la veille.", "declare": "Rendez-vous chez l'orthodontiste."}
        assert json.loads(left["fields"])[TYPED[write]] == typed[write]
    assert case.resent == 0  # never sent again by itself


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("write", list(WRITES))
def test_a_network_failure_during_the_send_leaves_the_draft_in_doubt_not_refused(tmp_path, write, stage):
    # The server stored the write and the answer was cut (after), or it answered HTTP 500 without
    # reading it (before): either way the command cannot know, says so, and the next start asks.
    sent, case = run_cut_case(tmp_path, write, stage)
    assert sent.returncode == 1
    assert "L'envoi a été coupé : on ne sait pas si l'établissement l'a reçu" in sent.stderr
    assert "Rien n'a été enregistré" not in sent.stderr and "Traceback" not in sent.stderr
    assert problems_of(case) == []
