"""The fault programme of issue 13: run every fault runner and write the table of docs/reliability.md.

The runners are the tests' (``tests/faultlab/``): one implementation, here with more cases. Each row
of the table counts the cases tried, those that ended in a traceback (an exception that is not one
clear French sentence), those that lost cached data, and those where the protection under test did
not hold (a second automatic re-login, a request sent while blocked, two sessions at once…).

    python benchmarks/reliability.py                 # about 3,000 spoiled answers, a few minutes
    python benchmarks/reliability.py --cases 10000   # more
    python benchmarks/reliability.py --check         # print the table, leave the docs alone

Exit status 1 when any row has a traceback, a loss or a protection in default.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TZ", "Europe/Paris")
time.tzset()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from faultlab import answers, concurrency, disk, kills, sessions, table, write_kills  # noqa: E402
from faultlab.world import world  # noqa: E402

DOC = ROOT / "docs" / "reliability.md"
START, END = "<!-- reliability-table:start -->", "<!-- reliability-table:end -->"


async def in_process(cases: int, seed: int, timings: dict[str, float]) -> list:
    outcomes: list = []

    async def step(name: str, runner) -> None:
        started = time.perf_counter()
        outcomes.extend(await runner)
        timings[name] = time.perf_counter() - started

    async with world() as w:
        w.client_options = {"retry_delays": (0.01, 0.02, 0.04), "deadline": 1.5}
        await step("réponses malformées", answers.run_answer_faults(w, cases, seed, stall=2.0))
        w.client_options = {}
        await step("session expirée", sessions.run_session_expiry(w, list(range(4, 46))))
        await step("refus et blocages", sessions.run_login_refusals(w, later_runs=5))
        plan = [(start, count) for start in range(1, 36) for count in (1, 2, 3, 4)]
        await step("réseau coupé", sessions.run_network_drops(w, plan))
        await step(
            "synchronisations simultanées",
            _both(concurrency.run_parallel_syncs(w, 10), concurrency.run_parallel_syncs(w, 3, width=3)),
        )
        await step("jeton tournant", concurrency.run_token_races(w, 10))
        await step("disque plein", disk.run_disk_full(w, [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]))
        await step("base verrouillée", disk.run_locked_database(w))
    await step("application et sync", concurrency.run_app_during_cli_sync(rounds=3))
    return outcomes


async def _both(first, second) -> list:
    return [*await first, *await second]


def processes(kill_count: int, write_rounds: int, timings: dict[str, float]) -> list:
    outcomes: list = []
    for name, run in (
        ("codes de sortie", sessions.cli_exit_codes),
        ("processus sync simultanés", lambda: concurrency.cli_parallel_syncs(rounds=5)),
        ("premières ouvertures du cache", lambda: concurrency.first_opens(rounds=100)),
        ("dossier en lecture seule", disk.cli_read_only_cache),
        ("TOML invalide", disk.cli_invalid_config),
        ("ENOSPC fichiers", _enospc),
        ("SIGKILL", lambda: _kills(kill_count)),
        ("SIGKILL pendant un envoi", lambda: _write_kills(write_rounds)),
    ):
        started = time.perf_counter()
        outcomes.extend(run())
        timings[name] = time.perf_counter() - started
    return outcomes


def _enospc() -> list:
    with tempfile.TemporaryDirectory(prefix="faultlab-enospc-") as folder:
        return disk.run_enospc_files(Path(folder))


def _kills(count: int) -> list:
    with tempfile.TemporaryDirectory(prefix="faultlab-kill-") as folder:
        outcomes, running = kills.cli_sigkills(Path(folder), count)
    print(f"SIGKILL : {running}/{count} processus tués en pleine synchronisation", file=sys.stderr)
    return outcomes


def _write_kills(rounds: int) -> list:
    with tempfile.TemporaryDirectory(prefix="faultlab-write-kill-") as folder:
        return write_kills.write_sigkills(Path(folder), rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000, help="réponses abîmées (au moins 1000)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument(
        "--write-rounds", type=int, default=3, help="tours de SIGKILL pendant un envoi (10 par tour)"
    )
    parser.add_argument("--check", action="store_true", help="affiche le tableau sans écrire la doc")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # the spoiled answers make the server log on purpose

    timings: dict[str, float] = {}
    started = time.perf_counter()
    outcomes = asyncio.run(in_process(max(1000, args.cases), args.seed, timings))
    outcomes += processes(args.kills, args.write_rounds, timings)
    elapsed = time.perf_counter() - started

    skipped = {}
    why = disk.read_only_possible()
    if why:
        skipped["read_only_cache"] = why
    rows = table.summarise(outcomes)
    text = table.markdown(rows, skipped)
    command = (
        f"python benchmarks/reliability.py --cases {args.cases} --seed {args.seed} --kills {args.kills} "
        f"--write-rounds {args.write_rounds}"
    )
    block = (
        f"{START}\n"
        f"Produit par `{command}` en {elapsed:.0f} s "
        f"({', '.join(f'{k} {v:.0f} s' for k, v in timings.items())}).\n\n"
        f"{text}{END}"
    )
    print(text)
    for line in table.failures(outcomes, limit=20):
        print("ÉCHEC", line, file=sys.stderr)
    if not args.check:
        doc = DOC.read_text(encoding="utf-8")
        head, rest = doc.split(START, 1)
        _old, tail = rest.split(END, 1)
        DOC.write_text(head + block + tail, encoding="utf-8")
        print(f"tableau écrit dans {DOC.relative_to(ROOT)}", file=sys.stderr)
    bad = any(r.tracebacks or r.lost or r.broken for r in rows.values())
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
