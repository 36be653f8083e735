"""``show averages`` and ``show grades`` on the demo school: the school's averages, the computed ones
marked (``*`` in the table, ``"computed": true`` in JSON), decimal commas in French, points in English."""

from __future__ import annotations

import json
import re
from datetime import date

from espace_parents_tui.cli import main as cli
from espace_parents_tui.demo.school import demo_school

TODAY = date(2026, 11, 24)
LEA = demo_school(TODAY).child("lea")
(HIDDEN,) = LEA.hidden_averages


def run(capsys, *argv):
    code = cli.main(["--today", TODAY.isoformat(), *argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_averages_table_marks_the_computed_one_with_decimal_commas(world, capsys):
    out = run(capsys, "show", "averages", "--demo", "--child", "Léa", "--period", "Trimestre 1")
    hidden_line = next(line for line in out.splitlines() if HIDDEN in line)
    assert re.search(r"\d+,\d\d \*", hidden_line), hidden_line
    assert "calculée par l'application" in out
    maths = next(line for line in out.splitlines() if "MATHÉMATIQUES" in line)
    assert re.search(r"\d+,\d\d", maths) and not re.search(r"\d+\.\d", maths) and "*" not in maths


def test_grades_table_writes_coefficients_with_a_comma(world, capsys):
    out = run(capsys, "show", "grades", "--demo", "--child", "Léa")
    assert re.search(r"│\s*0,5\s*│", out), out  # "Coef. 0,5", not 0.5
    assert not re.search(r"│\s*0\.5\s*│", out)


def test_english_writes_a_decimal_point(world, capsys):
    out = run(capsys, "--lang", "en", "show", "averages", "--demo", "--child", "Léa", "--period", "Trimestre 1")
    maths = next(line for line in out.splitlines() if "MATHÉMATIQUES" in line)
    assert re.search(r"\d+\.\d\d", maths) and not re.search(r"\d,\d", maths)


def test_json_keeps_numbers_and_says_which_average_is_computed(world, capsys):
    out = run(capsys, "show", "grades", "--demo", "--child", "Léa", "--period", "Trimestre 1", "--json")
    payload = json.loads(out)
    served = {a["subject"]["name"]: a["student"]["value"] for a in payload["data"]["averages"]}
    shown = {a["subject"]["name"]: a for a in payload["shown_averages"]["subjects"]}
    assert served[HIDDEN] is None
    assert shown[HIDDEN]["computed"] is True and isinstance(shown[HIDDEN]["student"]["value"], float)
    for name, value in served.items():
        if value is not None:
            assert shown[name]["computed"] is False and shown[name]["student"]["value"] == value
    assert payload["shown_averages"]["overall"]["value"] == payload["data"]["overall"]["value"]
    assert payload["shown_averages"]["overall_computed"] is False


def test_a_school_without_averages_gets_every_one_computed_and_marked(world, capsys, tmp_path):
    from espace_parents_tui.demo.school import dump_school

    school = demo_school(TODAY)
    school.averages_published = False
    path = tmp_path / "sans-moyennes.json"
    dump_school(school, path)
    common = ("--demo", "--school", str(path), "--child", "Hugo", "--period", "Trimestre 1")
    out = run(capsys, "show", "averages", *common)
    lines = [line for line in out.splitlines() if re.search(r"\d+,\d\d", line)]
    assert len(lines) > 8 and all(re.search(r"\d+,\d\d \*", line) for line in lines), out
    assert any("Moyenne générale" in line for line in lines)
    payload = json.loads(run(capsys, "show", "grades", *common, "--json"))
    assert payload["data"]["overall"]["value"] is None
    assert payload["shown_averages"]["overall_computed"] is True
    assert isinstance(payload["shown_averages"]["overall"]["value"], float)
