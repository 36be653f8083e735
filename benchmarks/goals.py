"""How each benchmark states a goal: one line "goal | what | measured | goal | met?".

Each benchmark prints its own table, then one such line per goal of issue 16; ``report.py`` gathers
them (and the tables) into ``docs/performance.md``. A ratio is the measured figure over the figure
it is set beside in the same run.
"""

from __future__ import annotations

import platform
import statistics


def ratio(ours: float, reference: float) -> float:
    return ours / reference if reference else float("inf")


def goal_line(what: str, measured: float, limit: float, unit: str = "×") -> str:
    """The line for a goal "at most ``limit``"; the verdict is computed, never typed."""
    if unit == "%":
        shown, wanted = f"{measured:.0%}", f"≤ {limit:.0%}"
    elif unit == "×":
        shown, wanted = f"{measured:.2f}×", f"≤ {limit:.2f}×"
    else:  # an absolute figure ("ms", "MiB"): no ratio to take
        shown, wanted = f"{measured:.0f}{unit}", f"≤ {limit:.0f}{unit}"
    met = "yes" if measured <= limit else "no"
    return f"goal | {what} | {shown} | {wanted} | {met}"


def say_goal(what: str, measured: float, limit: float, unit: str = "×") -> None:
    print(goal_line(what, measured, limit, unit), flush=True)


def median(values) -> float:
    return statistics.median(list(values))


def python_version() -> str:
    return f"{platform.python_implementation()} {platform.python_version()}"
