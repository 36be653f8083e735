"""Malformed server answers (issue 13): the fuzzer's regular run, through the client and the portal.

At least 1,000 seeded cases (``ESPACE_PARENTS_FAULT_CASES`` for more, ``ESPACE_PARENTS_FAULT_SEED``
for another draw): every answer of a full sync (and the recorded real ones when present) spoiled
one way or another. No case may end in an exception that is not one clear sentence, or lose what
the cache held; each spoiled answer that is not accepted is said (an error, or the section's problem).
"""

from __future__ import annotations

import os

from espace_parents_tui.demo.faults import MUTATION_KINDS, TRANSPORT_KINDS, AnswerFault, JsonMutator
from faultlab.answers import REAL, run_answer_faults
from faultlab.table import failures, summarise
from faultlab.world import world

CASES = max(1000, int(os.environ.get("ESPACE_PARENTS_FAULT_CASES", "1000")))
SEED = int(os.environ.get("ESPACE_PARENTS_FAULT_SEED", "13"))


async def test_a_thousand_spoiled_answers_end_in_one_sentence_and_lose_nothing():
    async with world() as w:
        w.client_options = {"retry_delays": (0.01, 0.02, 0.04), "deadline": 1.5}
        outcomes = await run_answer_faults(w, CASES, SEED, stall=2.0)
    assert len(outcomes) == CASES
    assert failures(outcomes) == []
    rows = summarise(outcomes)
    # Every kind of fault was tried, and every transport fault was noticed and said.
    for kind in (*MUTATION_KINDS, *TRANSPORT_KINDS):
        assert rows[kind].cases >= 1, kind
    for kind in TRANSPORT_KINDS:
        if kind != "cut":  # a cut answer is asked again: the next, whole answer is accepted
            assert rows[kind].reported == rows[kind].cases, kind
    assert rows["bad_date"].reported > 0 and rows["wrong_type"].reported > 0
    if REAL.is_dir():  # the recorded real answers, as recorded and mutated
        assert rows["real"].cases >= 20


def test_mutations_change_what_they_say():
    payload = {
        "nom": "DernieresNotes",
        "data": {"listeDevoirs": {"_T": 24, "V": [{"date": {"_T": 7, "V": "24/11/2026"}, "G": 1}]}},
    }
    mutator = JsonMutator(7)
    for kind in MUTATION_KINDS:
        changed, what = mutator.apply(kind, payload)
        assert changed != payload and what, kind
    assert payload["data"]["listeDevoirs"]["V"][0]["G"] == 1  # the original is never touched


def test_a_fault_fires_on_the_chosen_answer_only():
    fault = AnswerFault("PageEmploiDuTemps", "http500", occurrence=2)
    assert [
        fault.take(name)
        for name in ("PageEmploiDuTemps", "DernieresNotes", "PageEmploiDuTemps", "PageEmploiDuTemps")
    ] == [
        False,
        False,
        True,
        False,
    ]
