"""The vie scolaire, notes, team, home and account parsers on generated answers.

Valid answers are built with optional fields randomly dropped, typed wrappers randomly used,
unknown kinds and unknown keys mixed in; each builder states the model values the answer stands
for, from the protocol's field meanings. Junk and damaged answers must give a ``ProtocolError``
naming the call (or parse), never another exception.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from espace_parents_tui.demo.pages import PAGES, IdMinter, PageRequest
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.models import (
    ForbiddenAccess,
    Holiday,
    ObservationKind,
    SchoolSettings,
)
from espace_parents_tui.pronote.errors import ProtocolError
from espace_parents_tui.pronote.parse import (
    parse_account_info,
    parse_evaluations,
    parse_grade_transcript,
    parse_home,
    parse_pdf_url,
    parse_presence,
    parse_report_card,
    parse_teaching_team,
)
from parse_helpers import put

FAST = settings(max_examples=150, deadline=None)
BUILT = settings(max_examples=60, deadline=None)

TEXT = st.text(max_size=10)
IDS = st.text(min_size=1, max_size=8)
UNKNOWN_KEYS = st.dictionaries(st.sampled_from(["zz", "inconnu", "nouveauChamp"]), st.integers(), max_size=2)
GRID = SchoolSettings(
    school_name="",
    server_version=None,
    school_year="",
    first_monday=date(2026, 8, 31),
    first_date=date(2026, 9, 1),
    last_date=date(2027, 7, 2),
    periods=(),
    hour_starts=tuple(time(8 + i // 2, 30 * (i % 2)) for i in range(21)),
    hour_ends=(),
    places_per_day=20,
    places_per_hour=2,
    holidays=(Holiday("x", date(2026, 11, 11), date(2026, 11, 11)),),
)

PARSERS = {
    "PagePresence": lambda data: parse_presence(data, GRID),
    "DernieresEvaluations": parse_evaluations,
    "PageBulletins": parse_report_card,
    "GenerationPDF": parse_pdf_url,
    "PageReleve": parse_grade_transcript,
    "PageEquipePedagogique": parse_teaching_team,
    "PageAccueil": parse_home,
    "PageInfosPerso": parse_account_info,
}


def typed(value: Any, kind: int | None, draw) -> Any:
    if kind is None or not draw(st.booleans()):
        return value
    return {"_T": kind, "V": value}


@st.composite
def maybe(draw, strategy) -> Any:
    return draw(strategy) if draw(st.booleans()) else None


@st.composite
def moment(draw) -> tuple[datetime, Any]:
    value = draw(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 30))).replace(
        microsecond=0
    )
    text = draw(
        st.sampled_from(
            [
                f"{value:%d/%m/%Y %H:%M:%S}",
                f"{value.day}/{value.month}/{value.year} {value.hour}:{value.minute}:{value.second}",
            ]
        )
    )
    return value, typed(text, 7, draw)


@st.composite
def day(draw) -> tuple[date, Any]:
    value = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    return value, typed(f"{value:%d/%m/%Y}", 7, draw)


@st.composite
def element(draw, label: str | None = None) -> tuple[str, Any]:
    """An element ``{N, L}`` (maybe wrapped) and its label."""
    text = label if label is not None else draw(TEXT)
    return text, typed({"N": draw(IDS), "L": text, **draw(UNKNOWN_KEYS)}, 24, draw)


@st.composite
def reasons(draw) -> tuple[tuple[str, ...], Any]:
    names = draw(st.lists(TEXT, max_size=3))
    return tuple(names), typed([{"N": draw(IDS), "L": n} for n in names], 24, draw)


# -- PagePresence ---------------------------------------------------------------------------------


@st.composite
def absence(draw) -> tuple[dict, dict]:
    (start, wstart), length_minutes = draw(moment()), draw(st.integers(0, 5000))
    end = start + timedelta(minutes=length_minutes)
    wire = {
        "N": draw(IDS),
        "G": 13,
        "dateDebut": wstart,
        "dateFin": typed(f"{end:%d/%m/%Y %H:%M:%S}", 7, draw),
    }
    expected: dict[str, Any] = {"start": start, "end": end}
    for key, field in [
        ("justifie", "justified"),
        ("aJustifierParParents", "to_justify_by_parents"),
        ("reglee", "settled"),
        ("estMotifNonEncoreConnu", "reason_unknown"),
    ]:
        flag = draw(maybe(st.booleans()))
        put(wire, key, flag)
        expected[field] = bool(flag)
    hours = draw(maybe(st.tuples(st.integers(0, 99), st.integers(0, 59))))
    if hours is not None:
        wire["NbrHeures"] = f"{hours[0]}h{hours[1]:02d}"
        expected["missed_minutes"] = hours[0] * 60 + hours[1]
    else:
        expected["missed_minutes"] = None
    days = draw(maybe(st.integers(0, 30)))
    put(wire, "NbrJours", days)
    expected["days"] = days or 0
    names = draw(maybe(reasons()))
    if names is not None:
        expected["reasons"], wire["listeMotifs"] = names
    else:
        expected["reasons"] = ()
    return {**wire, **draw(UNKNOWN_KEYS)}, expected


@st.composite
def delay(draw) -> tuple[dict, dict]:
    when, wwhen = draw(moment())
    wire: dict[str, Any] = {"N": draw(IDS), "G": 14, "date": wwhen}
    minutes = draw(maybe(st.integers(0, 240)))
    put(wire, "duree", minutes)
    justification = draw(maybe(TEXT))
    put(wire, "justification", justification)
    justified = draw(maybe(st.booleans()))
    put(wire, "justifie", justified)
    return wire, {
        "when": when,
        "minutes": minutes or 0,
        "justification": justification or "",
        "justified": bool(justified),
    }


@st.composite
def punishment(draw) -> tuple[dict, dict]:
    given, wgiven = draw(moment())
    nature, wnature = draw(element())
    wire: dict[str, Any] = {"N": draw(IDS), "G": 41, "dateDemande": wgiven, "nature": wnature}
    outside = draw(maybe(st.booleans()))
    put(wire, "horsCours", outside)
    place = draw(maybe(st.integers(0, 19)))
    put(wire, "placeDemande", place)
    expected: dict[str, Any] = {"nature": nature, "given": given.date(), "during_lesson": not outside}
    expected["given_at"] = (
        datetime.combine(given.date(), GRID.hour_starts[place]) if place is not None and not outside else None
    )
    giver = draw(maybe(element()))
    if giver is not None:
        expected["requested_by"], wire["demandeur"] = giver
    else:
        expected["requested_by"] = ""
    sessions = draw(
        st.lists(st.tuples(day(), maybe(st.integers(0, 19)), maybe(st.integers(1, 300))), max_size=2)
    )
    if sessions or draw(st.booleans()):
        items = []
        for (_session_day, wday), session_place, minutes in sessions:
            item = {"N": draw(IDS), "date": wday}
            put(item, "placeExecution", session_place)
            put(item, "duree", minutes)
            items.append(item)
        wire["programmation"] = typed(items, 24, draw)
    expected["sessions"] = [
        (d, datetime.combine(d, GRID.hour_starts[p]) if p is not None else None, m)
        for (d, _w), p, m in sessions
    ]
    homework = draw(maybe(TEXT))
    put(wire, "travailAFaire", homework)
    expected["homework"] = homework or ""
    return wire, expected


@st.composite
def observation(draw) -> tuple[dict, dict]:
    when, wwhen = draw(day())
    title = draw(TEXT)
    code = draw(maybe(st.integers(0, 6)))
    wire: dict[str, Any] = {"N": draw(IDS), "G": 46, "L": title, "date": wwhen}
    put(wire, "genreObservation", code)
    read = draw(maybe(st.booleans()))
    put(wire, "estLue", read)
    teacher = draw(maybe(element()))
    if teacher is not None:
        wire["demandeur"] = teacher[1]
    kind = ObservationKind(code) if code is not None and code <= 3 else None
    return wire, {
        "day": when,
        "title": title,
        "kind": kind,
        "read": bool(read),
        "teacher": teacher[0] if teacher else "",
    }


@st.composite
def measure(draw) -> tuple[dict, dict]:
    (start, wstart) = draw(day())
    end = date.fromordinal(start.toordinal() + draw(st.integers(0, 10)))
    codes = draw(st.lists(st.integers(0, 5), max_size=4))
    wire: dict[str, Any] = {
        "N": draw(IDS),
        "G": 72,
        "dateDebut": wstart,
        "dateFin": typed(f"{end:%d/%m/%Y}", 7, draw),
    }
    if codes or draw(st.booleans()):
        wire["interditAcces"] = typed("[" + ",".join(map(str, codes)) + "]", 26, draw)
    decider = draw(maybe(element()))
    if decider is not None:
        wire["decideur"] = decider[1]
    access = tuple(ForbiddenAccess(c) for c in sorted(set(codes)) if c <= 2)
    return wire, {
        "start": start,
        "end": end,
        "forbidden_access": access,
        "decided_by": decider[0] if decider else "",
    }


EVENTS = {
    "absences": absence(),
    "delays": delay(),
    "punishments": punishment(),
    "observations": observation(),
    "measures": measure(),
}


@st.composite
def presence_answer(draw) -> tuple[dict, dict[str, list[dict]]]:
    expected: dict[str, list[dict]] = {name: [] for name in EVENTS}
    items: list[dict] = []
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from([*EVENTS, "unknown"]))
        if name == "unknown":
            items.append(
                {"N": draw(IDS), "G": draw(st.sampled_from([40, 42, 73, 121, 999])), "dateDebut": "n'importe"}
            )
            continue
        wire, want = draw(EVENTS[name])
        items.append(wire)
        expected[name].append(want)
    return {"listeAbsences": typed(items, 24, draw), **draw(UNKNOWN_KEYS)}, expected


@BUILT
@given(presence_answer())
def test_presence_answers_parse_to_what_they_say(built):
    data, expected = built
    life = parse_presence(data, GRID)
    for name, wants in expected.items():
        got = getattr(life, name)
        assert len(got) == len(wants)
        for item, want in zip(got, wants, strict=True):
            for field, value in want.items():
                if field == "sessions":
                    assert [(s.day, s.start, s.minutes) for s in item.sessions] == value
                else:
                    assert getattr(item, field) == value, field


# -- team, home, account --------------------------------------------------------------------------


@st.composite
def team_answer(draw) -> tuple[dict, list[tuple[str, str, str | None, tuple[str, ...]]]]:
    people, expected = [], []
    for position in range(draw(st.integers(0, 5))):
        genre = draw(st.sampled_from([3, 34, 7]))
        name = draw(TEXT)
        person: dict[str, Any] = {"N": draw(IDS), "L": name, "G": genre, "P": position}
        subjects = draw(st.lists(TEXT, max_size=2)) if genre == 3 else []
        if subjects or draw(st.booleans()):
            person["matieres"] = typed(
                [{"N": draw(IDS), "L": s, "volumeHoraire": "1h30"} for s in subjects], 24, draw
            )
        email = draw(maybe(st.emails()))
        put(person, "email", email)
        if genre == 34 and draw(st.booleans()):
            person["fonction"] = draw(element("CPE"))[1]
        people.append(person)
        if genre in (3, 34):
            expected.append((name, "teacher" if genre == 3 else "staff", email, tuple(subjects)))
    return {"liste": typed(people, 24, draw)}, expected


@FAST
@given(team_answer())
def test_team_answers_parse_to_what_they_say(built):
    data, expected = built
    assert [
        (m.name, m.kind, m.email, tuple(s.name for s in m.subjects)) for m in parse_teaching_team(data)
    ] == expected


@st.composite
def home_answer(draw) -> tuple[dict, tuple[int, int, int]]:
    data: dict[str, Any] = dict(draw(UNKNOWN_KEYS))
    counts = [0, 0, 0]
    if draw(st.booleans()):
        absent = [
            {"L": draw(TEXT), "absences": typed([{"detailAbsence": draw(TEXT)}], 24, draw)}
            for _ in range(draw(st.integers(0, 3)))
        ]
        data["personnelsAbsents"] = {"listePersonnelsAbsents": typed(absent, 24, draw)}
        counts[0] = len(absent)
    if draw(st.booleans()):
        lessons = [
            {"professeur": draw(element())[1], "dateDuCours": draw(moment())[1]}
            for _ in range(draw(st.integers(0, 3)))
        ]
        data["coursNonAssures"] = {"listeCoursNonAssures": typed(lessons, 24, draw)}
        counts[1] = len(lessons)
    if draw(st.booleans()):
        changes = [
            {"L": draw(TEXT), "estAnnulationCours": draw(st.booleans())}
            for _ in range(draw(st.integers(0, 3)))
        ]
        data["modificationsEDT"] = typed({"listeModificationsEDT": typed(changes, 24, draw)}, 24, draw)
        counts[2] = len(changes)
    return data, tuple(counts)


@FAST
@given(home_answer())
def test_home_answers_parse_with_or_without_widgets(built):
    data, counts = built
    home = parse_home(data)
    assert (len(home.absent_staff), len(home.lessons_not_held), len(home.timetable_changes)) == counts


@FAST
@given(
    st.fixed_dictionaries(
        {},
        optional={
            k: TEXT
            for k in ("adresse1", "adresse2", "adresse3", "adresse4", "ville", "eMail", "telephonePortable")
        },
    ),
    maybe(st.integers(0, 3)),
)
def test_account_answers_parse_with_missing_fields(info, mode):
    data: dict[str, Any] = {"Informations": info}
    if mode is not None:
        data["securisation"] = {"mode": mode}
    account = parse_account_info(data)
    assert account.address == tuple(
        info[k] for k in ("adresse1", "adresse2", "adresse3", "adresse4") if info.get(k)
    )
    assert (account.city, account.email, account.mobile_phone, account.security_mode) == (
        info.get("ville", ""),
        info.get("eMail", ""),
        info.get("telephonePortable", ""),
        mode,
    )


# -- junk and damaged answers ---------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)


@FAST
@given(st.sampled_from(sorted(PARSERS)), JSON)
def test_junk_is_a_protocol_error_or_parses(function, junk):
    try:
        PARSERS[function](junk)
    except ProtocolError as exc:
        assert exc.function == function


TODAY = date(2026, 11, 24)
SCHOOL = demo_school(TODAY)


def _server_answers() -> dict[str, dict]:
    ids = IdMinter(b"r" * 32)
    trimester = {"N": ids.mint(105, "period:Trimestre 1"), "L": "Trimestre 1", "G": 2}
    year = {"DateDebut": {"_T": 7, "V": "01/09/2026"}, "DateFin": {"_T": 7, "V": "01/07/2027"}}
    answers = {}
    for function, data in [
        ("PagePresence", year),
        ("DernieresEvaluations", {}),
        ("PageBulletins", {}),
        ("GenerationPDF", {"genreGenerationPDF": 2}),
        ("PageReleve", {}),
        ("PageEquipePedagogique", {}),
        ("PageAccueil", {"coursNonAssures": {}, "personnelsAbsents": {}, "modificationsEDT": {}}),
        ("PageInfosPerso", {}),
    ]:
        request = PageRequest(
            SCHOOL,
            SCHOOL.parents[0],
            SCHOOL.child("hugo"),
            {"periode": trimester, **data},
            {},
            ids,
            TODAY,
            (2026, 2, 5),
            file_url=lambda key, name: f"FichiersExternes/0/{name}",
        )
        answers[function] = json.loads(json.dumps(PAGES[function](request)))
    return answers


ANSWERS = _server_answers()


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found += _paths(item, (*path, index))
    return found


PATHS = {function: _paths(answer) for function, answer in ANSWERS.items()}


@pytest.mark.parametrize("function", sorted(ANSWERS))
def test_the_servers_answers_parse(function):
    assert PARSERS[function](ANSWERS[function]) is not None


@FAST
@given(st.sampled_from(sorted(ANSWERS)), st.data(), JSON, st.booleans())
def test_damaged_answers_are_a_protocol_error_or_parse(function, data, junk, drop):
    answer = copy.deepcopy(ANSWERS[function])
    path = data.draw(st.sampled_from(PATHS[function]))
    target = answer
    for step in path[:-1]:
        target = target[step]
    if drop and isinstance(target, dict):
        del target[path[-1]]  # a field left out: optional ones must not matter
    else:
        target[path[-1]] = junk
    try:
        PARSERS[function](answer)
    except ProtocolError as exc:
        assert exc.function == function
