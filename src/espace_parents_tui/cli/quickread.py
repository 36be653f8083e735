"""``show SECTION --offline --json``, the fast way: the stored JSON printed as it is.

A script or a status bar reads the cache often; the full path parses every command's options and
imports the models, the sections and the Rich tables to decode a dataset and encode it again. This
one reads the account's file and the dataset's stored JSON (``store/quick.py``) and prints what the
full path prints. Whenever it is not sure to answer the same (another option, no default scope
recorded for today, no such child, nothing cached, any error), it answers ``None`` and the full path
runs: same output, same messages, same exit codes. ``tests/test_quickread.py`` compares both.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

TYPE_CHECKING = False  # not typing's: importing typing costs the fast path of ``show … --offline --json``
if TYPE_CHECKING:
    from typing import Any

# ``show`` names → the cached dataset they print (cli/render.py RENDERERS; a test checks they agree).
SHOWN = {
    "grades": "grades",
    "averages": "grades",
    "evaluations": "evaluations",
    "report": "report",
    "timetable": "timetable",
    "homework": "homework",
    "absences": "school_life",
    "messages": "messages",
    "news": "news",
    "menus": "menus",
    "team": "team",
    "calendar": "calendar",
    "orientation": "orientation",
    "internships": "internships",
    "textbooks": "textbooks",
    "record": "record",
    "livret": "livret",
}
_VALUED = ("--child", "--account", "--period", "--week", "--today", "--lang")
_ACCOUNT = "*"  # the "child" of account-level datasets (service/sections/base.py ACCOUNT)
_SNAPSHOT = (_ACCOUNT, "_account", "all")  # the account's snapshot (service/portal.py)


def _options(argv: list[str]) -> dict[str, Any] | None:
    """The options of ``show NAME --offline --json [--child X] …``, or None for anything else."""
    if len(argv) < 4 or argv[0] != "show" or argv[1] not in SHOWN:
        return None
    found: dict[str, Any] = {"section": argv[1]}
    rest = argv[2:]
    i = 0
    while i < len(rest):
        word = rest[i]
        if word in ("--offline", "--json") and word not in found:
            found[word] = True
        elif "=" in word and word.split("=", 1)[0] in _VALUED:
            name, value = word.split("=", 1)
            found[name] = value
        elif word in _VALUED and i + 1 < len(rest) and not rest[i + 1].startswith("-"):
            found[word] = rest[i + 1]
            i += 1
        else:
            return None  # anything else (an abbreviation, --markdown, --demo…): the full path
        i += 1
    if not (found.get("--offline") and found.get("--json")):
        return None
    if "--week" in found and "--period" in found:
        return None
    return found


def _child(names: list[str], wanted: str | None) -> str | None:
    """The child as ``Portal.child`` picks it, or None when it would not pick exactly one."""
    if wanted is None:
        return names[0] if names else None
    needle = wanted.casefold()
    for name in names:
        if name.casefold() == needle:
            return name
    matches = [name for name in names if needle in name.casefold()]
    return matches[0] if len(matches) == 1 else None


def _same_time(one: str, other: str) -> bool:
    from datetime import datetime

    return datetime.fromisoformat(one) == datetime.fromisoformat(other)


def show(argv: list[str]) -> int | None:
    """``show … --offline --json`` printed from the stored JSON (its exit code), or None: the full path."""
    import sys

    found = answer(argv)
    if found is None:
        return None
    out, note = found
    try:
        print(note, file=sys.stderr)
        print(out)
        sys.stdout.flush()
    except BrokenPipeError:
        return closed_pipe()
    return 0


def closed_pipe() -> int:
    """The reader went away (``| head``): end quietly, as other Unix tools do (both paths)."""
    import sys

    # Whatever is still buffered for stdout would fail again at exit: send it nowhere.
    with_devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(with_devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(with_devnull)
    return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe


def answer(argv: list[str]) -> tuple[str, str] | None:
    """(what to print on stdout, the note for stderr), or None: the full path must run.

    Nothing is printed here, so that a failure can still hand over to the full path cleanly."""
    options = _options(argv)
    if options is None:
        return None
    try:
        return _answer(options)
    except Exception:  # noqa: BLE001 - whatever it is, the full path says it properly
        return None


def _answer(options: dict[str, Any]) -> tuple[str, str] | None:
    from espace_parents_tui.clock import clock_for, parse_day
    from espace_parents_tui.settings import quickconfig
    from espace_parents_tui.store import quick
    from espace_parents_tui.util.i18n import _, set_language
    from espace_parents_tui.util.textsafe import clean, json_dumps

    set_language(options.get("--lang"))
    today = clock_for(parse_day(options["--today"]) if "--today" in options else None).today()
    account_id = quickconfig.account_id(options.get("--account"))
    if account_id is None:
        return None  # no account, or a config file that is not plain: the full path says why
    path = os.path.join(quickconfig.cache_dir(), f"{account_id}.sqlite3")
    if not os.access(path, os.W_OK):
        return None  # a read-only cache: the full path says so
    db = quick.open_read_only(path)
    if db is None:
        return None
    try:
        recorded = quick.default_scopes(db, today.isoformat(), _SNAPSHOT)
        if recorded is None:
            return None
        section = SHOWN[options["section"]]
        known = recorded["sections"].get(section)
        if known is None:
            return None
        child = _child(recorded["children"], options.get("--child")) if known["per_child"] else None
        if known["per_child"] and child is None:
            return None
        owner = child if known["per_child"] else _ACCOUNT
        asked = None  # the scope asked for, printed as the full path prints it (null: the default)
        if "--week" in options:
            day = date.fromisoformat(options["--week"])
            asked = (day - timedelta(days=day.weekday())).isoformat()
        elif "--period" in options:
            asked = options["--period"] or None
        scope = asked or known["scopes"].get(owner)
        if scope is None:
            return None
        stored = quick.dataset(db, owner, section, scope)
        data = None if stored is None else quick.rendered(db, owner, section, scope, stored[0])
    finally:
        db.close()
    if stored is None:
        return None
    payload, fetched_at = stored
    extra = None
    if section == "grades":  # the full path adds the averages as shown (service/averages.py)
        extra = recorded.get("grades_extras", {}).get(child)
        if extra is None or extra["scope"] != scope or not _same_time(extra["fetched_at"], fetched_at):
            return None
    when = date.fromisoformat(fetched_at[:10]), fetched_at[11:16]
    note = _("Données du {when}.").format(when=f"{when[0]:%d/%m/%Y} {when[1]}")
    result = {
        "section": options["section"],
        "data": 0 if data is not None else json.loads(payload),  # 0: the kept rendering goes there
        "child": child,
        "fetched_at": fetched_at,
        "scope": asked,
        "offline": True,
    }
    averages = None if extra is None else extra.get("rendered")  # kept rendered by the sync too
    if extra is not None:
        result["shown_averages"] = 0 if averages is not None else extra["shown_averages"]
    out = json_dumps(result, indent=2)
    if data is not None:  # "section" comes first and is one of SHOWN's names: this is the data's line
        out = out.replace('\n  "data": 0,\n', f'\n  "data": {data},\n', 1)
    if averages is not None:  # the last key
        last = '\n  "shown_averages": 0\n}'
        if not out.endswith(last):
            return None
        out = f'{out[: -len(last)]}\n  "shown_averages": {averages}\n}}'
    return out, f"espace-parents : {clean(note)}"
