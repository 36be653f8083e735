"""A cold ``show grades --offline --json`` from a warm cache, beside ``python -c "import json"``.

A throw-away home with the demo account logged in and synced once; the demo server is then
stopped, so the offline read cannot touch the network. Each command runs as a fresh process,
alternately, several times; the medians are compared. The goal is judged on the command a user or a
status bar runs, the ``espace-parents`` script that ``pip install`` writes beside the interpreter;
``python -m espace_parents_tui`` (which also loads runpy) is printed beside it for information.

    python benchmarks/offline.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from goals import median, say_goal
from startup import warm_account, warm_up


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, processor seconds of the process, its output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env, server = warm_account(Path(folder))
        server.stop()  # offline means offline: nothing answers any more
        script = Path(sys.executable).parent / "espace-parents"
        if not script.is_file():
            raise SystemExit(f"no {script}: install the project (pip install -e .) in this interpreter")
        words = ["show", "grades", "--offline", "--json"]
        programs = {
            "espace-parents show grades --offline --json": [str(script), *words],
            'python -c "import json"': [sys.executable, "-c", "import json"],
            "python -m espace_parents_tui show …": [sys.executable, "-m", "espace_parents_tui", *words],
        }
        warm_up(programs, lambda command: timed(command, env))
        times: dict[str, list[float]] = {name: [] for name in programs}
        cpus: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(args.runs):
            for name, command in programs.items():
                elapsed, cpu, out = timed(command, env)
                times[name].append(elapsed)
                cpus[name].append(cpu)
                if "show" in name:
                    grades = json.loads(out)
                    assert grades, "the offline read returned nothing"
    print(f"Cold offline read from a warm cache, median of {args.runs} runs (fresh process each)")
    print(f"{'command':<46} {'wall time':>10} {'processor time':>15}")
    for name, values in times.items():
        print(f"{name:<46} {median(values) * 1000:>7.0f} ms {median(cpus[name]) * 1000:>12.0f} ms")
    ours, floor, _module = (median(v) for v in times.values())
    say_goal('show grades --offline --json / python -c "import json"', ours / floor, 1.5)
    ours_cpu, floor_cpu, _module_cpu = (median(v) for v in cpus.values())
    say_goal(
        'processor time, show grades --offline --json / python -c "import json"', ours_cpu / floor_cpu, 1.5
    )


if __name__ == "__main__":
    main()
