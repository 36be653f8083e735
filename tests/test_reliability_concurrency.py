"""Concurrency (issue 13): one account used by two programs at once.

The portal holds a per-account OS lock (``<account>.lock`` beside the cache, 0600) while it uses the
PRONOTE session; the second comer waits (up to a minute, then says the account is busy). The cache
stays whole, the server never sees two sessions of the account at the same time, and a rotating QR
token is never lost when two logins race.
"""

from __future__ import annotations

import asyncio
import stat

import pytest

from espace_parents_tui.service.account_lock import AccountLock, LockTimeout
from faultlab.concurrency import (
    cli_parallel_syncs,
    first_opens,
    interleavings,
    run_app_during_cli_sync,
    run_parallel_syncs,
    run_token_races,
)
from faultlab.table import failures
from faultlab.world import world


async def test_syncs_at_once_wait_for_each_other_and_keep_the_cache_whole():
    async with world() as w:
        outcomes = await run_parallel_syncs(w, rounds=2) + await run_parallel_syncs(w, rounds=1, width=3)
    assert failures(outcomes) == []


async def test_a_rotating_token_survives_two_logins_racing():
    async with world() as w:
        outcomes = await run_token_races(w, rounds=3)
    assert failures(outcomes) == []


def test_two_sync_processes_at_once():
    outcomes = cli_parallel_syncs(rounds=1, width=2)
    assert failures(outcomes) == []


async def test_the_app_refreshing_while_a_command_line_sync_runs():
    outcomes = await run_app_during_cli_sync(rounds=1)
    assert failures(outcomes) == []


def test_programs_creating_the_cache_at_the_same_moment_all_get_it_whole():
    outcomes = first_opens(rounds=30)
    assert failures(outcomes) == []


def test_interleavings_counts_sessions_used_at_the_same_time():
    assert interleavings([1, 1, 2, 2, 3]) == 0
    assert interleavings([1, 2, 1, 2]) == 2


async def test_the_lock_file_is_private_and_a_busy_account_is_said(tmp_path):
    first, second = AccountLock(tmp_path / "famille.lock"), AccountLock(tmp_path / "famille.lock")
    await first.acquire(1.0, "synchronisation")
    assert stat.S_IMODE((tmp_path / "famille.lock").stat().st_mode) == 0o600
    await first.acquire(1.0, "connexion")  # re-entrant in one process
    with pytest.raises(LockTimeout) as busy:
        await second.acquire(0.1, "synchronisation")
    assert busy.value.holder.startswith("pid ") and "synchronisation" in busy.value.holder
    first.release()
    with pytest.raises(LockTimeout):
        await second.acquire(0.1, "synchronisation")  # still held once
    first.release()
    await asyncio.wait_for(second.acquire(1.0, "synchronisation"), 2)
    second.release()
