"""The emulated server's page builders, called directly: PRONOTE shapes as recorded, school values."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from espace_parents_tui.demo.pages import (
    PAGE_TABS,
    PAGES,
    IdMinter,
    PageFault,
    PageRequest,
    child_id,
    open_file,
)
from espace_parents_tui.demo.pages.grades import student_average
from espace_parents_tui.demo.school import Grade, School, demo_school

TODAY = date(2026, 1, 15)  # Thursday, week 20, second trimester
VERSION = (2026, 2, 5)
RECORDED = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pronote-real"
ID = re.compile(r"\d+#[A-Za-z0-9_-]{43}")


@pytest.fixture(scope="module")
def school() -> School:
    return demo_school(TODAY)


@pytest.fixture
def ids() -> IdMinter:
    return IdMinter(b"fixed test secret")


def call(school: School, ids: IdMinter, name: str, child: Any = None, data: dict | None = None, **kw) -> dict:
    request = PageRequest(
        school=school,
        parent=kw.pop("parent", school.parents[0]),
        child=child,
        data=data or {},
        signature={},
        ids=ids,
        today=(day := kw.pop("today", TODAY)),
        now=datetime.combine(day, time(8, 0)),
        server_version=VERSION,
    )
    return PAGES[name](request)


def recorded(name: str) -> dict:
    path = RECORDED / name
    if not path.is_file():
        pytest.skip(f"enregistrement absent : {path}")
    return json.loads(path.read_text(encoding="utf-8"))["data"]


def merged(items: list[dict]) -> dict:
    """One example per key over several recorded objects, nested objects merged too."""
    out: dict = {}
    for item in items:
        for key, value in item.items():
            if isinstance(out.get(key), dict) and isinstance(value, dict):
                out[key] = merged([out[key], value])
            else:
                out.setdefault(key, value)
    return out


def shape_errors(ours: Any, ref: Any, path: str = "") -> list[str]:
    """Where ``ours`` is not shaped like the recorded ``ref``: same ``{_T, V}`` wrappers, plain
    lists where the recording has plain lists, same scalar types, no key the recording lacks."""
    if isinstance(ref, dict) and "_T" in ref:
        if not (isinstance(ours, dict) and ours.get("_T") == ref["_T"]):
            return [f"{path}: attendu {{_T: {ref['_T']}}}, obtenu {str(ours)[:60]}"]
        return shape_errors(ours["V"], ref["V"], path + ".V")
    if isinstance(ref, dict):
        if not isinstance(ours, dict):
            return [f"{path}: attendu un objet"]
        errors = [f"{path}.{k}: clé absente des enregistrements" for k in ours if k not in ref]
        for key in ours.keys() & ref.keys():
            errors += shape_errors(ours[key], ref[key], f"{path}.{key}")
        return errors
    if isinstance(ref, list):
        if not isinstance(ours, list):
            return [f"{path}: attendu une liste simple"]
        if ref and ours and all(isinstance(r, dict) for r in ref):
            example = merged(ref)
            return [e for i, item in enumerate(ours) for e in shape_errors(item, example, f"{path}[{i}]")]
        return []
    numbers = (int, float)
    if isinstance(ref, bool) or isinstance(ours, bool):
        ok = isinstance(ours, bool) and isinstance(ref, bool)
    elif isinstance(ref, numbers):
        ok = isinstance(ours, numbers)
    else:
        ok = isinstance(ours, type(ref))
    return [] if ok else [f"{path}: type {type(ours).__name__} au lieu de {type(ref).__name__}"]


# -- registry --------------------------------------------------------------------------------------


def test_registry_and_contract():
    assert {
        "FonctionParametres",
        "ParametresUtilisateur",
        "DernieresNotes",
        "PageEmploiDuTemps",
    } <= PAGES.keys()
    assert PAGE_TABS["DernieresNotes"] == 198 and PAGE_TABS["PageEmploiDuTemps"] == 16
    assert "FonctionParametres" not in PAGE_TABS and "ParametresUtilisateur" not in PAGE_TABS
    assert open_file(demo_school(TODAY), "piece-jointe:inconnue") is None


def test_server_side_never_imports_the_client_parsers_or_models():
    code = (
        "import sys, espace_parents_tui.demo.pages, espace_parents_tui.demo.school;"
        "bad = [m for m in sys.modules if m.startswith(('espace_parents_tui.pronote.parse', "
        "'espace_parents_tui.models'))]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- FonctionParametres ----------------------------------------------------------------------------


def test_fonction_parametres_is_shaped_like_the_recording(school, ids):
    ref = recorded("FonctionParametres/parent-space.json")
    ours = call(school, ids, "FonctionParametres")
    assert shape_errors(ours, ref) == []
    needed = {
        "PremierLundi",
        "PremiereDate",
        "DerniereDate",
        "ListePeriodes",
        "ListeHeures",
        "ListeHeuresFin",
    }
    needed |= {
        "versionPN",
        "PlacesParJour",
        "PlacesParHeure",
        "listeJoursFeries",
        "JoursOuvres",
        "AnneeScolaire",
    }
    needed |= {"NomEtablissement", "recreations", "BaremeNotation", "DemiJourneesOuvrees"}
    assert needed <= ours["General"].keys()


def test_fonction_parametres_values(school, ids):
    general = call(school, ids, "FonctionParametres")["General"]
    assert general["versionPN"] == "2026.2.5"
    assert general["NomEtablissement"] == "Collège Les Tilleuls (démo)"
    assert general["AnneeScolaire"] == "2025-2026"
    assert general["PremierLundi"] == {"_T": 7, "V": "01/09/2025"}
    assert general["DerniereDate"] == {"_T": 7, "V": "03/07/2026"}
    periods = general["ListePeriodes"]
    assert [p["L"] for p in periods] == ["Trimestre 1", "Trimestre 2", "Trimestre 3", "Année continue"]
    assert [p["G"] for p in periods] == [1, 1, 1, 3]
    assert all(ID.fullmatch(p["N"]) and p["N"].startswith("105#") for p in periods)
    assert ids.lookup(periods[0]["N"]) == "period:Trimestre 1"
    hours = general["ListeHeures"]["V"]
    assert len(hours) == general["PlacesParJour"] + 1 == 21
    assert hours[0] == {"G": 0, "L": "08h00"} and hours[11] == {"G": 11, "L": "13h30"}
    assert general["ListeHeuresFin"]["V"][0]["L"] == "08h30"
    holidays = {h["L"]: h for h in general["listeJoursFeries"]["V"]}
    assert holidays["Vacances de Noël"]["dateDebut"] == {"_T": 7, "V": "20/12/2025"}
    assert holidays["Lundi de Pâques"]["dateDebut"]["V"] == "06/04/2026"
    assert general["JoursOuvres"] == {"_T": 11, "V": "[1..5]"}
    assert general["DemiJourneesOuvrees"][1] == {"_T": 26, "V": "[0,1,3,4]"}  # Wednesday afternoon off


# -- ParametresUtilisateur -------------------------------------------------------------------------


def test_parametres_utilisateur_is_shaped_like_the_recording(school, ids):
    ref = recorded("ParametresUtilisateur/parent-two-children.json")
    ours = call(school, ids, "ParametresUtilisateur")
    assert ours.keys() - {"reglesSaisieMotDePasse"} == ref.keys()  # ours announces password rules
    # The recorded school lets parents declare no absence and asks nothing with its reasons; ours
    # grants declarations, says how far ahead, and wants a certificate with one reason (§2.2, §2.4).
    assert ours["ressource"].keys() - {"nbMaxJoursDeclarationAbsence"} == ref["ressource"].keys()
    documented = {
        ".ressource.nbMaxJoursDeclarationAbsence",
        ".autorisations.AvecDeclarerUneAbsence",
        *(".listeMotifsAbsences.V[1].justificationObligatoire", ".reglesSaisieMotDePasse"),
    }
    assert [e for e in shape_errors(ours, ref) if e.split(":")[0] not in documented] == []
    # The tab tree is the recording's but for the demo's tab 44: tests/test_records.py checks it.
    assert ours["listeOngletsInvisibles"] == ref["listeOngletsInvisibles"]


def test_parametres_utilisateur_values(school, ids):
    fp = call(school, ids, "FonctionParametres")
    ours = call(school, ids, "ParametresUtilisateur")
    parent = ours["ressource"]
    assert (parent["L"], parent["G"]) == ("Mme MARTIN Claire", 5)
    children = parent["listeRessources"]
    assert [(c["L"], c["G"], c["classeDEleve"]["L"]) for c in children] == [
        ("MARTIN Léa", 4, "4e B"),
        ("MARTIN Hugo", 4, "6e A"),
    ]
    for entry, child in zip(children, school.children, strict=True):
        assert entry["N"] == child_id(ids, child)
        assert ids.lookup(entry["N"]) == f"child:{child.key}"
        assert [g["L"] for g in entry["listeGroupes"]["V"]] == child.groups
        tabs = {t["G"]: t for t in entry["listeOngletsPourPeriodes"]["V"]}
        assert {198, 13, 19, 201, 12} <= tabs.keys()
        default = tabs[198]["periodeParDefaut"]["V"]
        trimestre_2 = next(p for p in fp["General"]["ListePeriodes"] if p["L"] == "Trimestre 2")
        assert default == {"L": "Trimestre 2", "N": trimestre_2["N"]}
    assert [m["L"] for m in ours["listeMotifsAbsences"]["V"]][:2] == ["DIVERS", "MALADIE AVEC CERTIFICAT"]


def test_tabs_granted_to_an_account(school, ids):
    parent = school.parents[0]
    limited = type(parent)(parent.login, parent.password, parent.name, parent.children, tabs=[16, 198])
    ours = call(school, ids, "ParametresUtilisateur", parent=limited)
    assert ours["listeOnglets"] == [{"G": 7}, {"G": 16}, {"G": 3, "Onglet": [{"G": 198}]}]
    assert ours["listeOngletsInvisibles"] == [] and ours["listeOngletsNotification"] == []
    child_tabs = ours["ressource"]["listeRessources"][0]["listeOngletsPourPeriodes"]["V"]
    assert [t["G"] for t in child_tabs] == [198]


# -- PageEmploiDuTemps -----------------------------------------------------------------------------


def recorded_lessons() -> tuple[dict, list[dict]]:
    names = ["parent-week-cancelled-lessons", "student-day", "student-day-visio-full"]
    answers = [recorded(f"PageEmploiDuTemps/{n}.json") for n in names]
    top = merged(answers)
    return top, [lesson for answer in answers for lesson in answer["ListeCours"]]


# Keys the references document for lessons the recordings do not show (detentions, outings, memos).
DOCUMENTED_LESSON_KEYS = {"DateDuCoursFin", "memo", "estRetenue", "estSortiePedagogique", "motif"}
DOCUMENTED_LESSON_KEYS |= {"accompagnateurs", "strGenreRess", "strRess"}


def week(school: School, ids: IdMinter, child: Any, number: int | None = None, **data) -> list[dict]:
    if number is not None:
        data = {"NumeroSemaine": number, "numeroSemaine": number, **data}
    return call(school, ids, "PageEmploiDuTemps", child, data)["ListeCours"]


def end_by_grid(general: dict, lesson: dict) -> str:
    """The end a client computes without DateDuCoursFin (pronotepy.md §2 Timetable)."""
    ends = general["ListeHeuresFin"]["V"]
    place = lesson["place"] % (len(ends) - 1) + lesson["duree"] - 1
    return next(e["L"] for e in ends if e["G"] == place)


def test_timetable_is_shaped_like_the_recordings(school, ids):
    top, lessons = recorded_lessons()
    example = merged(lessons)
    answer = call(school, ids, "PageEmploiDuTemps", school.children[0], {"NumeroSemaine": 20})
    assert isinstance(answer["ListeCours"], list)
    assert answer.keys() <= top.keys()
    allowed = example.keys() | DOCUMENTED_LESSON_KEYS
    for number in range(1, 45):
        for child in school.children:
            for lesson in week(school, ids, child, number):
                assert lesson.keys() <= allowed, lesson.keys() - allowed
                ordinary = {k: v for k, v in lesson.items() if k not in DOCUMENTED_LESSON_KEYS}
                assert shape_errors(ordinary, example) == []
                if "DateDuCoursFin" in lesson:  # only for an end off the grid
                    start, end = (
                        datetime.strptime(lesson[k]["V"], "%d/%m/%Y %H:%M:%S")
                        for k in ("DateDuCours", "DateDuCoursFin")
                    )
                    assert (end - start).seconds // 60 % 30


def test_timetable_values_of_a_week(school, ids):
    general = call(school, ids, "FonctionParametres")["General"]
    lea = school.child("lea")
    lessons = week(school, ids, lea, 20)
    monday = date(2026, 1, 12)
    expected = [occ for i in range(7) for occ in school.lessons_on(lea, monday + timedelta(days=i))]
    assert len(lessons) == len(expected) >= 24
    for lesson, occ in zip(lessons, expected, strict=True):
        start = datetime.strptime(lesson["DateDuCours"]["V"], "%d/%m/%Y %H:%M:%S")
        assert (start.date(), start.time()) == (occ.day, occ.start)
        assert (
            lesson["place"] == occ.day.weekday() * 20 + (occ.start.hour * 60 + occ.start.minute - 480) // 30
        )
        contents = lesson["ListeContenus"]["V"]
        by_genre = {c["G"]: c["L"] for c in contents}
        if occ.kind == "cours":
            assert by_genre[16] == occ.subject and by_genre[3] == occ.teachers[0]
            assert by_genre.get(17) == occ.room and by_genre.get(2) == occ.group
        end = datetime.combine(occ.day, occ.start) + timedelta(minutes=occ.minutes)
        if "DateDuCoursFin" in lesson:
            assert lesson["DateDuCoursFin"]["V"] == end.strftime("%d/%m/%Y %H:%M:%S")
        else:
            assert end_by_grid(general, lesson) == end.strftime("%Hh%M")
    cancelled = [les for les in lessons if les.get("estAnnule")]
    assert cancelled and all(les["Statut"] in ("Prof. absent", "Prof./pers. absent") for les in cancelled)
    moved = next(les for les in lessons if les.get("Statut") == "Changement de salle")
    assert {c["L"] for c in moved["ListeContenus"]["V"] if c["G"] == 17} == {"Auditorium"}
    (detention,) = [les for les in lessons if les.get("estRetenue")]
    assert detention["DateDuCoursFin"]["V"].endswith("15:15:00")
    (visio,) = [les for les in lessons if "listeVisios" in les]
    assert visio["listeVisios"]["V"][0]["url"] == {
        "_T": 23,
        "V": "https://visio.clg-tilleuls.example/anglais-4b",
    }
    next_week = week(school, ids, lea, 21)
    assert any(les.get("Statut") for les in next_week)
    hugo_next = week(school, ids, school.child("hugo"), 21)
    assert any(les.get("estSortiePedagogique") for les in hugo_next)
    assert not any("listeVisios" in les for les in hugo_next)


def test_timetable_requests_by_date_and_holidays(school, ids):
    lea = school.child("lea")
    by_number = week(school, ids, lea, 20)
    assert week(school, ids, lea, DateDebut={"_T": 7, "V": "12/01/2026 0:0:0"}) == by_number
    assert week(school, ids, lea) == by_number  # no week asked: the week of today
    one_day = week(
        school, ids, lea, dateDebut={"_T": 7, "V": "13/01/2026"}, dateFin={"_T": 7, "V": "13/01/2026"}
    )
    assert one_day and all(les["DateDuCours"]["V"].startswith("13/01/2026") for les in one_day)
    christmas = school.week_number(date(2025, 12, 22))
    assert week(school, ids, lea, christmas) == []
    assert week(school, ids, lea, 99) == []
    with pytest.raises(PageFault) as fault:
        week(school, ids, lea, NumeroSemaine="vingt")
    assert fault.value.code == 21


def test_lessons_that_took_place_point_to_their_lesson_text(school, ids):
    lea = school.child("lea")
    lessons = week(school, ids, lea, 20)
    for lesson in lessons:
        day = datetime.strptime(lesson["DateDuCours"]["V"][:10], "%d/%m/%Y").date()
        text = lesson.get("cahierDeTextes")
        if lesson.get("estRetenue") or lesson.get("estSortiePedagogique"):
            assert text is None
        elif day <= TODAY and not lesson.get("estAnnule"):
            assert ids.lookup(text["V"]["N"]).startswith("cdt:lea:")
    tests = {(g.subject, g.date) for g in lea.grades}
    marked = [
        les
        for les in week(school, ids, lea, 19)
        if les.get("cahierDeTextes", {}).get("V", {}).get("estDevoir")
    ]
    assert marked
    for lesson in marked:
        day = datetime.strptime(lesson["DateDuCours"]["V"][:10], "%d/%m/%Y").date()
        subject = next(c["L"] for c in lesson["ListeContenus"]["V"] if c["G"] == 16)
        assert (subject, day) in tests


# -- DernieresNotes --------------------------------------------------------------------------------

GRADE_KEYS = {"N", "G", "note", "bareme", "baremeParDefaut", "date", "service", "periode", "moyenne"}
GRADE_KEYS |= {
    "noteMax",
    "noteMin",
    "coefficient",
    "commentaire",
    "estBonus",
    "estFacultatif",
    "estRamenerSur20",
}
SERVICE_KEYS = {"N", "G", "L", "ordre", "couleur", "estServiceGroupe", "moyEleve", "baremeMoyEleve"}
SERVICE_KEYS |= {"baremeMoyEleveParDefaut", "moyClasse", "moyMin", "moyMax"}
SERVICE_KEYS |= {"estServicePereAvecSousService", "estSousService", "coefficient"}


def pronote_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def period_of(school: School, ids: IdMinter, name: str) -> dict:
    periods = call(school, ids, "FonctionParametres")["General"]["ListePeriodes"]
    found = next(p for p in periods if p["L"] == name)
    return {"N": found["N"], "L": found["L"]}


def test_grades_of_the_first_trimester_are_the_schools(school, ids):
    lea = school.child("lea")
    answer = call(school, ids, "DernieresNotes", lea, {"Periode": period_of(school, ids, "Trimestre 1")})
    devoirs = answer["listeDevoirs"]["V"]
    mine = [g for g in lea.grades if g.period == "Trimestre 1"]
    assert len(devoirs) == len(mine) > 80
    expected = [f"|{g.special}" if g.special else pronote_text(g.value) for g in mine]
    assert [d["note"]["V"] for d in devoirs] == expected
    for entry, grade in zip(devoirs, mine, strict=True):
        assert entry.keys() <= GRADE_KEYS
        assert entry["note"]["_T"] == entry["bareme"]["_T"] == 10
        assert entry["bareme"]["V"] == pronote_text(grade.out_of)
        assert entry["date"] == {"_T": 7, "V": grade.date.strftime("%d/%m/%Y")}
        assert entry["service"]["V"]["L"] == (grade.part or grade.subject)
        assert entry["periode"]["V"] == period_of(school, ids, "Trimestre 1")
        assert entry["coefficient"] == grade.coefficient and entry["commentaire"] == grade.comment
        assert (entry["estBonus"], entry["estFacultatif"], entry["estRamenerSur20"]) == (
            grade.bonus,
            grade.optional,
            grade.scale_to_20,
        )
    assert {d["note"]["V"] for d in devoirs} >= {f"|{n}" for n in range(1, 9)}


_PARTS = ("ANGLAIS LV1 ÉCRIT", "ANGLAIS LV1 ORAL")


def _half_up(value) -> str:
    """PRONOTE's rounding, written here apart from the server's: half up, to the hundredth."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def test_averages_and_hidden_subject(school, ids):
    lea = school.child("lea")
    answer = call(school, ids, "DernieresNotes", lea, {"Periode": period_of(school, ids, "Trimestre 1")})
    listed = answer["listeServices"]["V"]
    services = {s["L"]: s for s in listed if not s.get("estSousService")}
    assert set(services) == {les.subject for les in lea.timetable}
    # English's sub-subjects follow it, with their coefficients
    english = [s["L"] for s in listed].index("ANGLAIS LV1")
    assert listed[english]["estServicePereAvecSousService"] is True
    assert [(s["L"], s["estSousService"], s["coefficient"]) for s in listed[english + 1 : english + 3]] == [
        ("ANGLAIS LV1 ÉCRIT", True, 2),
        ("ANGLAIS LV1 ORAL", True, 1),
    ]
    (hidden,) = lea.hidden_averages
    assert not {"moyEleve", "moyClasse", "moyMin", "moyMax"} & services[hidden].keys()
    shown = []
    for name, service in services.items():
        assert service.keys() <= SERVICE_KEYS
        if name == hidden:
            continue
        grades = [g for g in lea.grades if g.period == "Trimestre 1" and g.subject == name]
        average = student_average(grades)
        if name == "ANGLAIS LV1":  # written ×2, oral ×1
            written, oral = (student_average([g for g in grades if g.part == p]) for p in _PARTS)
            average = (written * 2 + oral) / 3
        assert service["moyEleve"] == {"_T": 10, "V": _half_up(average)}
        assert service["baremeMoyEleve"]["V"] == "20"
        low, mid, high = (float(service[k]["V"].replace(",", ".")) for k in ("moyMin", "moyClasse", "moyMax"))
        assert 0 <= low <= mid <= high <= 20
        shown.append(average)
    assert answer["moyGenerale"]["V"] == _half_up(sum(shown) / len(shown))
    assert "moyGeneraleClasse" in answer


def test_grade_periods_and_faults(school, ids):
    hugo = school.child("hugo")
    current = call(school, ids, "DernieresNotes", hugo)
    assert {d["periode"]["V"]["L"] for d in current["listeDevoirs"]["V"]} == {"Trimestre 2"}
    year = call(school, ids, "DernieresNotes", hugo, {"periode": period_of(school, ids, "Année continue")})
    assert len(year["listeDevoirs"]["V"]) == len(hugo.grades)
    future = call(school, ids, "DernieresNotes", hugo, {"Periode": period_of(school, ids, "Trimestre 3")})
    assert future["listeDevoirs"]["V"] == [] and "moyGenerale" not in future
    stale = IdMinter(b"another session").mint(105, "period:Trimestre 1")
    with pytest.raises(PageFault) as fault:
        call(school, ids, "DernieresNotes", hugo, {"Periode": {"N": stale, "L": "Trimestre 1"}})
    assert fault.value.code == 22
    with pytest.raises(PageFault) as fault:
        call(school, ids, "DernieresNotes", hugo, {"Periode": {"N": child_id(ids, hugo)}})
    assert fault.value.code == 21
    by_name = call(school, ids, "DernieresNotes", hugo, {"Periode": {"L": "Trimestre 1"}})
    assert {d["periode"]["V"]["L"] for d in by_name["listeDevoirs"]["V"]} == {"Trimestre 1"}


def g(value=None, out_of=20, coefficient=1, special=None, **flags) -> Grade:
    return Grade("MATHÉMATIQUES", TODAY, "Trimestre 1", out_of, value, special, coefficient, **flags)


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ([g(10), g(16, coefficient=2)], 14),
        ([g(8, out_of=10), g(14)], 44 / 3),  # 8/10 not brought back weighs half: (8 + 14) / (10 + 20) * 20
        ([g(8, out_of=10, scale_to_20=True), g(14)], 15),
        ([g(12), g(special=1), g(special=3)], 12),  # absent, not graded: left out
        ([g(12), g(special=6)], 6),  # absent counting as zero
        ([g(12), g(18, bonus=True)], 20),  # 12 + (18 - 10): bonus points, no weight
        ([g(12), g(4, bonus=True)], 12),
        ([g(12), g(8, optional=True)], 12),  # an optional grade only counts when it helps
        ([g(12), g(18, optional=True)], 15),
        ([g(special=2)], None),
    ],
)
def test_student_average_rules(grades, expected):
    result = student_average(grades)
    assert result == (pytest.approx(expected) if expected is not None else None)
