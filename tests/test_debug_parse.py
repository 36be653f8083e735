"""``espace-parents debug parse``: recorded answers in, model objects out as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from espace_parents_tui.cli import debugtools
from espace_parents_tui.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["debug", "parse", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str | Path):
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return json.loads(out)


def test_settings(capsys, pronote_real: Path) -> None:
    result = run_json(capsys, "FonctionParametres", pronote_real / "FonctionParametres/parent-space.json")
    assert result["school_name"] == "SITE DE DEMONSTRATION"
    assert result["server_version"] == [2025, 2, 6]
    assert result["first_monday"] == "2025-09-01"
    assert result["periods"][0] == {
        "id": "105#3PV0eosGlHWV-jr9s3vetLPE3GkJQ2TDyhXK3pj_czU",
        "name": "Trimestre 1",
        "start": "2025-09-01",
        "end": "2025-11-23",
        "kind": 1,
    }
    assert result["hour_starts"][:2] == ["08:00:00", "08:30:00"]
    assert (result["places_per_day"], result["places_per_hour"]) == (20, 2)


def test_envelope_file_reads_like_the_payload(capsys, pronote_real: Path) -> None:
    enveloped = run_json(
        capsys, "FonctionParametres", pronote_real / "FonctionParametres/student-space-with-envelope.json"
    )
    payload = run_json(capsys, "FonctionParametres", pronote_real / "FonctionParametres/student-space.json")
    assert enveloped == payload
    assert enveloped["first_monday"] == "2025-06-30"
    assert enveloped["periods"][0]["end"] == "2025-09-22"


def test_account_with_settings(capsys, pronote_real: Path) -> None:
    result = run_json(
        capsys,
        "ParametresUtilisateur",
        pronote_real / "ParametresUtilisateur/parent-two-children.json",
        "--settings",
        pronote_real / "FonctionParametres/parent-space.json",
    )
    assert result["name"] == "M. BERNARD Pierre"
    assert [(c["name"], c["class_name"]) for c in result["children"]] == [
        ("BERNARD Fanny", "3A"),
        ("BERNARD Manon", "6D"),
    ]
    assert result["hidden_tabs"] == [90, 250, 288]  # a frozenset, as a sorted list
    assert result["tabs"] == sorted(result["tabs"]) and {16, 198} <= set(result["tabs"])
    grades_tab = next(t for t in result["children"][0]["tab_periods"] if t["tab"] == 198)
    first = grades_tab["periods"][0]
    assert (first["name"], first["start"], first["end"]) == ("Trimestre 1", "2025-09-01", "2025-11-23")
    assert result["absence_reasons"][1]["label"] == "MALADIE AVEC CERTIFICAT"
    assert result["permissions"]["compte.avecSaisieMotDePasse"] is True


def test_timetable_with_settings(capsys, pronote_real: Path) -> None:
    code, out, err = run(
        capsys,
        "PageEmploiDuTemps",
        pronote_real / "PageEmploiDuTemps/parent-week-cancelled-lessons.json",
        "--settings",
        pronote_real / "FonctionParametres/parent-space.json",
    )
    assert code == 0 and err == ""
    assert "MATHÉMATIQUES" in out and "\\u00c9" not in out  # UTF-8, not escaped
    lessons = json.loads(out)
    assert len(lessons) == 20
    cancelled = [lesson for lesson in lessons if lesson["cancelled"]]
    assert [(c["start"], c["end"], c["subject"], c["status"]) for c in cancelled] == [
        ("2025-09-15T11:00:00", "2025-09-15T12:00:00", "MATHÉMATIQUES", "Prof. absent"),
        ("2025-09-16T14:30:00", "2025-09-16T15:30:00", "ANGLAIS LV1", "Prof./pers. absent"),
    ]
    assert cancelled[0]["teachers"] == ["PROFESSEUR M."] and cancelled[0]["rooms"] == ["207"]


def test_timetable_video_link(capsys, pronote_real: Path) -> None:
    lessons = run_json(
        capsys, "pageemploidutemps", pronote_real / "PageEmploiDuTemps/student-day-visio-full.json"
    )
    english = next(lesson for lesson in lessons if lesson["subject"] == "ANGLAIS LV1")
    assert english["videos"] == [
        {"url": "https://github.com/Vexcited", "label": "My GitHub!", "comment": "Hello, World!"}
    ]
    assert english["is_test"] is True


GRADES = {
    "listeDevoirs": {
        "_T": 24,
        "V": [
            {
                "N": "1",
                "note": {"_T": 10, "V": "|1"},
                "bareme": {"_T": 10, "V": "20"},
                "date": {"_T": 7, "V": "02/10/2025"},
                "service": {"_T": 24, "V": {"N": "7", "L": "MATHÉMATIQUES"}},
            }
        ],
    },
    "listeServices": {
        "_T": 24,
        "V": [{"N": "7", "L": "MATHÉMATIQUES", "moyClasse": {"_T": 10, "V": "11,5"}}],
    },
}


@pytest.mark.parametrize(
    "document",
    [
        {"nom": "DernieresNotes", "data": GRADES, "Signature": {"onglet": 198}},
        {"donnees": GRADES},
        GRADES,
        {"id": "DernieresNotes", "session": 1, "no": "x", "dataSec": {"data": GRADES}},
    ],
    ids=["payload", "donnees", "bare", "envelope"],
)
def test_every_recorded_shape_is_accepted(capsys, tmp_path: Path, document: dict) -> None:
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    report = run_json(capsys, "DernieresNotes", path)
    (grade,) = report["grades"]
    assert grade["mark"] == {"value": None, "special": "ABSENT"}  # enums by name
    assert grade["day"] == "2025-10-02" and grade["out_of"] == 20.0
    (average,) = report["averages"]
    assert average["student"] == {"value": None, "special": None}  # not published, not zero
    assert average["class_average"] == {"value": 11.5, "special": None}


def test_unknown_function(capsys, pronote_real: Path) -> None:
    code, out, err = run(capsys, "PageInconnue", pronote_real / "PageEmploiDuTemps/student-day.json")
    assert code == 2 and out == ""
    assert "inconnue" in err and "PageEmploiDuTemps" in err
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "introuvable"),
        (b"{pas du json", "JSON"),
        (b"\xff\xfe\x00", "UTF-8"),
        (json.dumps({"id": "PageEmploiDuTemps", "dataSec": "A1B2C3"}).encode(), "chiffr"),
    ],
    ids=["missing", "not-json", "not-utf8", "encrypted"],
)
def test_unreadable_files(capsys, tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "answer.json"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "PageEmploiDuTemps", path)
    assert code == 2 and out == ""
    assert expected in err and "Traceback" not in err and err.count("\n") == 1


def test_unreadable_settings_file(capsys, tmp_path: Path, pronote_real: Path) -> None:
    code, _, err = run(
        capsys,
        "PageEmploiDuTemps",
        pronote_real / "PageEmploiDuTemps/student-day.json",
        "--settings",
        tmp_path / "x",
    )
    assert code == 2 and "introuvable" in err


def test_answer_to_another_function(capsys, pronote_real: Path) -> None:
    # A FonctionParametres answer read as ParametresUtilisateur: a warning, then a ProtocolError (exit 1).
    code, out, err = run(
        capsys, "ParametresUtilisateur", pronote_real / "FonctionParametres/parent-space.json"
    )
    assert code == 1 and out == ""
    assert "FonctionParametres" in err and "incompréhensible (ParametresUtilisateur)" in err
    assert "Traceback" not in err


def test_registry_lists_the_functions() -> None:
    assert {"FonctionParametres", "ParametresUtilisateur", "DernieresNotes", "PageEmploiDuTemps"} <= set(
        debugtools.PARSERS
    )
