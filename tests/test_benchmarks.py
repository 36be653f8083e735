"""The benchmark scripts run and state their goals (what they measure is not asserted here:
speed is measured by benchmarks/, never in tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_report_runs_a_benchmark_and_writes_its_goals(tmp_path):
    page = tmp_path / "performance.md"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "report.py"),
            "--quick",
            "--only",
            "protocol",
            "--output",
            str(page),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = page.read_text(encoding="utf-8")
    assert "## Machine" in text and "- CPUs (`nproc`): " in text and "- Python: " in text
    rows = [line for line in text.splitlines() if line.startswith("| protocol |")]
    assert len(rows) == 2, text  # requests and wall time, beside pronotepy
    for row in rows:
        measured, goal, met = (cell.strip() for cell in row.strip("|").split("|")[2:])
        assert measured.endswith("×") and goal.startswith("≤ ") and met in {"yes", "no"}
    assert "espace-parents" in text and "pronotepy" in text  # the benchmark's own table is kept


def test_the_verdict_is_computed_from_the_figures():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from goals import goal_line
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert goal_line("x", 1.3, 1.25) == "goal | x | 1.30× | ≤ 1.25× | no"
    assert goal_line("x", 0.25, 0.25, "%") == "goal | x | 25% | ≤ 25% | yes"
    assert goal_line("x", 51.2, 50, " ms") == "goal | x | 51 ms | ≤ 50 ms | no"


def test_report_refuses_an_unknown_benchmark(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "report.py"), "--only", "nope", "--output", str(tmp_path / "p.md")],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "unknown benchmark: nope" in done.stderr
    assert not (tmp_path / "p.md").exists()
