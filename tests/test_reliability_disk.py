"""The disk (issue 13): a read-only cache folder, a full disk, a database locked by another
program, a config file hand-edited into invalid TOML. One clear sentence each, nothing lost."""

from __future__ import annotations

import pytest

from faultlab.disk import (
    cli_invalid_config,
    cli_read_only_cache,
    read_only_possible,
    run_disk_full,
    run_enospc_files,
    run_locked_database,
)
from faultlab.table import failures
from faultlab.world import world


async def test_a_full_disk_keeps_the_cache_and_says_so():
    async with world() as w:
        outcomes = await run_disk_full(w, [0, 2, 8, 400])
    assert failures(outcomes) == []
    assert [o.tolerated for o in outcomes] == [False, False, False, True]


def test_a_full_disk_keeps_the_secrets_file_and_the_config(tmp_path):
    outcomes = run_enospc_files(tmp_path)
    assert failures(outcomes) == [] and len(outcomes) == 2


async def test_a_database_locked_by_another_process_is_not_set_aside():
    async with world() as w:
        outcomes = await run_locked_database(w)
    assert failures(outcomes) == [] and all(o.reported for o in outcomes)


@pytest.mark.skipif(bool(read_only_possible()), reason=read_only_possible() or "")
def test_a_read_only_cache_folder_still_answers_and_sync_says_why():
    outcomes = cli_read_only_cache()
    assert failures(outcomes) == [] and len(outcomes) == 3


def test_an_invalid_config_file_is_said_and_never_rewritten():
    outcomes = cli_invalid_config()
    assert failures(outcomes) == [] and len(outcomes) == 6
