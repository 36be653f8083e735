"""Sessions and lockout (issue 13), through the portal and the real command.

- A session that expires at any point of a sync costs at most one automatic re-login.
- A refused secret, PRONOTE's error 25 and an IP suspension: zero further login attempts (not one
  request) until the user acts; the command exits 2 for a refusal, 3 for a lockout.
- The network drops mid-sync: the previous cache is kept; reads only are sent again, after growing
  pauses; a write never is.
"""

from __future__ import annotations

from faultlab.sessions import cli_exit_codes, run_login_refusals, run_network_drops, run_session_expiry
from faultlab.table import failures, summarise
from faultlab.world import world


async def test_a_session_expiring_anywhere_in_a_sync_costs_at_most_one_relogin():
    async with world() as w:
        outcomes = await run_session_expiry(w, list(range(4, 44, 3)))
    assert failures(outcomes) == []
    # Both endings happen: saved by the one re-login, or stopped (cache kept) when it expires again.
    assert any(o.tolerated for o in outcomes) and any(o.reported and not o.tolerated for o in outcomes)


async def test_refusals_and_lockouts_send_nothing_until_the_user_acts():
    async with world() as w:
        outcomes = await run_login_refusals(w, later_runs=3)
    assert failures(outcomes) == []
    rows = summarise(outcomes)
    assert {key: rows[key].cases for key in ("refused", "error_25", "ip_suspended")} == {
        "refused": 5,
        "error_25": 6,
        "ip_suspended": 5,
    }


async def test_the_network_dropping_mid_sync_keeps_the_cache_and_retries_reads_only():
    plan = [(1, 1), (2, 1), (5, 1), (6, 2), (9, 3), (14, 1), (18, 4), (24, 2), (30, 5)]
    async with world() as w:
        outcomes = await run_network_drops(w, plan)
    assert failures(outcomes) == []
    recovered = [o.case for o in outcomes if o.tolerated]
    stopped = [o.case for o in outcomes if not o.tolerated]
    # Up to three lost requests after the login are made up for; four, or a login step, stop the sync.
    assert "requêtes 9 à 11 perdues" in recovered and "requêtes 18 à 21 perdues" in stopped
    assert "requêtes 2 à 2 perdues" in stopped  # FonctionParametres: a login step is never repeated
    assert "une écriture (SaisieMessage) sur un réseau coupé" in stopped


def test_the_command_exits_2_when_refused_then_3_when_locked_out():
    outcomes = cli_exit_codes()
    assert failures(outcomes) == []
    assert [o.case for o in outcomes] == [
        "sync : mot de passe refusé",
        "sync : relance sans action",
        "sync : erreur 25",
        "sync : relance après l'erreur 25",
    ]
