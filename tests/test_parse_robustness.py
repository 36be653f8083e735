# Over 500 lines: each generated-answer builder sits beside the property test that uses it, one pair per parser.
"""The parsers on generated answers: valid shapes parse to the values they carry, junk is a ProtocolError.

Valid answers are built with optional fields randomly dropped, typed wrappers randomly used,
unknown kinds and unknown keys mixed in; each builder also states the model objects the answer
stands for, written from the protocol's field meanings (not from the parser's code).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from espace_parents_tui.models import (
    Child,
    ChildTabPeriods,
    Grade,
    Holiday,
    Lesson,
    Mark,
    Period,
    Reason,
    SpecialGrade,
    Subject,
    SubjectAverage,
    VideoLink,
)
from espace_parents_tui.pronote.errors import ProtocolError
from espace_parents_tui.pronote.parse import (
    flatten_tabs,
    parse_grades,
    parse_mark,
    parse_school_settings,
    parse_timetable,
    parse_user_account,
    to_datetime,
)
from parse_helpers import paths, put, removed, replaced

# Modest budgets: the whole file runs in a few seconds. Composite answers cost more to build.
FAST = settings(max_examples=200, deadline=None)
BUILT = settings(max_examples=60, deadline=None)
RECORDINGS = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pronote-real"

PARSERS: dict[str, Callable[[Any], Any]] = {
    "FonctionParametres": parse_school_settings,
    "ParametresUtilisateur": parse_user_account,
    "DernieresNotes": parse_grades,
    "PageEmploiDuTemps": parse_timetable,
}

# -- building blocks ------------------------------------------------------------------------------

TEXT = st.text(max_size=12)  # server text, kept exactly as sent (brackets, spaces, accents…)
IDS = st.text(min_size=1, max_size=10)
UNKNOWN_KEYS = st.dictionaries(st.sampled_from(["zz", "inconnu", "nouveauChamp"]), st.integers(), max_size=2)


def typed(value: Any, kind: int | None, draw) -> Any:
    """``value`` as sent: plain or in a ``{_T, V}`` wrapper."""
    if kind is None or not draw(st.booleans()):
        return value
    return {"_T": kind, "V": value}


@st.composite
def maybe(draw, strategy) -> Any:
    """A value, or ``None`` meaning "leave the optional field out"."""
    return draw(strategy) if draw(st.booleans()) else None


@st.composite
def wire_date(draw) -> tuple[date, Any]:
    day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    text = draw(
        st.sampled_from(
            [
                f"{day:%d/%m/%Y}",
                f"{day.day}/{day.month}/{day.year}",
                f"{day:%d/%m/%Y} 00:00:00",
                f"{day:%d/%m/%y}",
            ]
        )
    )
    return day, typed(text, 7, draw)


@st.composite
def wire_datetime(draw) -> tuple[datetime, Any]:
    moment = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 30))).replace(
        microsecond=0
    )
    style = draw(st.sampled_from(["padded", "unpadded", "short"]))
    if style == "padded":
        text = f"{moment:%d/%m/%Y %H:%M:%S}"
    elif style == "unpadded":
        m = moment
        text = f"{m.day}/{m.month}/{m.year} {m.hour}:{m.minute}:{m.second}"
    else:
        moment = moment.replace(second=0)
        text = f"{moment:%d/%m/%y %Hh%M}"
    return moment, typed(text, 7, draw)


@st.composite
def wire_mark(draw, *, allow_null: bool = True) -> tuple[Mark, Any]:
    """A grade or average and how the server sends it."""
    kind = draw(st.sampled_from(["number", "special", "hidden"]))
    if kind == "number":
        cents = draw(st.integers(0, 99_999))
        value = cents / 100
        wire = draw(st.sampled_from([f"{value:.2f}".replace(".", ","), f"{value:.2f}", value]))
        return Mark(value=value), typed(wire, 10, draw)
    if kind == "special":
        code = draw(st.integers(1, 8))
        return Mark(special=SpecialGrade(code)), typed(f"|{code}", 10, draw)
    return Mark(), draw(st.sampled_from(["", {"_T": 10, "V": ""}, *([None] if allow_null else [])]))


def wire_list(items: list, draw) -> Any:
    return typed(items, 24, draw)


# -- FonctionParametres ---------------------------------------------------------------------------


@st.composite
def period_entry(draw) -> tuple[dict, Period]:
    ident, name = draw(IDS), draw(TEXT)
    (start, wstart), (end, wend) = draw(wire_date()), draw(wire_date())
    kind = draw(maybe(st.integers(0, 5)))
    wire = {"N": ident, "L": name, "dateDebut": wstart, "dateFin": wend, **draw(UNKNOWN_KEYS)}
    put(wire, "G", kind)
    return wire, Period(id=ident, name=name, start=start, end=end, kind=kind)


@st.composite
def hour_grid(draw) -> tuple[list, tuple[time, ...]]:
    times = draw(st.lists(st.times().map(lambda t: t.replace(second=0, microsecond=0)), max_size=24))
    labels = [f"{t.hour:02d}h{t.minute:02d}" for t in times]
    return [{"G": place, "L": label} for place, label in enumerate(labels)], tuple(times)


@st.composite
def settings_answer(draw) -> tuple[dict, dict]:
    """A FonctionParametres ``data`` and the SchoolSettings fields it stands for."""
    (monday, wmonday), (last, wlast) = draw(wire_date()), draw(wire_date())
    periods = draw(st.lists(period_entry(), max_size=4))
    general: dict[str, Any] = {
        "PremierLundi": wmonday,
        "DerniereDate": wlast,
        "ListePeriodes": wire_list([w for w, _ in periods], draw),
    }
    expected: dict[str, Any] = {
        "first_monday": monday,
        "last_date": last,
        "periods": tuple(p for _, p in periods),
        "first_date": monday,
        "school_name": "",
        "school_year": "",
        "server_version": None,
        "places_per_hour": 2,
        "holidays": (),
        "device_id": None,
        "hour_starts": (),
        "hour_ends": (),
    }
    data: dict[str, Any] = {"General": general, **draw(UNKNOWN_KEYS)}
    if name := draw(maybe(TEXT)):
        general["NomEtablissement"] = expected["school_name"] = name
    if (year := draw(maybe(TEXT))) is not None:
        general["AnneeScolaire"] = expected["school_year"] = year
    if (version := draw(maybe(st.lists(st.integers(0, 3000), min_size=2, max_size=4)))) is not None:
        version[0] = 2000 + version[0] % 1000  # a four-digit year first
        general["versionPN"] = ".".join(map(str, version))
        expected["server_version"] = tuple(version)
    if (first := draw(maybe(wire_date()))) is not None:
        expected["first_date"], general["PremiereDate"] = first
    if (starts := draw(maybe(hour_grid()))) is not None:
        general["ListeHeures"], expected["hour_starts"] = wire_list(starts[0], draw), starts[1]
    if (ends := draw(maybe(hour_grid()))) is not None:
        general["ListeHeuresFin"], expected["hour_ends"] = wire_list(ends[0], draw), ends[1]
    per_day = draw(maybe(st.integers(1, 40)))
    put(general, "PlacesParJour", per_day)
    if per_day is None:
        per_day = len(expected["hour_ends"]) - 1 if len(expected["hour_ends"]) > 1 else 20
    expected["places_per_day"] = per_day
    if (per_hour := draw(maybe(st.integers(1, 6)))) is not None:
        general["PlacesParHeure"] = expected["places_per_hour"] = per_hour
    if (holidays := draw(maybe(st.lists(st.tuples(TEXT, wire_date(), wire_date()), max_size=3)))) is not None:
        general["listeJoursFeries"] = wire_list(
            [{"L": name, "dateDebut": ws, "dateFin": we} for name, (_, ws), (_, we) in holidays], draw
        )
        expected["holidays"] = tuple(Holiday(name, s, e) for name, (s, _), (e, _) in holidays)
    if (device := draw(maybe(IDS))) is not None:
        data["identifiantNav"] = expected["device_id"] = device
    return data, expected


@BUILT
@given(settings_answer())
def test_settings_parse_to_what_they_carry(answer: tuple[dict, dict]) -> None:
    data, expected = answer
    result = parse_school_settings(data)
    assert {name: getattr(result, name) for name in expected} == expected


# -- ParametresUtilisateur ------------------------------------------------------------------------


@st.composite
def tab_tree(draw, tabs: list[int]) -> list:
    """A ``listeOnglets`` tree holding exactly ``tabs``, nested at random."""
    nodes, remaining = [], list(tabs)
    while remaining:
        node: dict[str, Any] = {"G": remaining.pop(0)}
        take = draw(st.integers(0, len(remaining)))
        if take:
            children, remaining = remaining[:take], remaining[take:]
            node[draw(st.sampled_from(["Onglet", "Onglets"]))] = wire_list(draw(tab_tree(children)), draw)
        nodes.append(node)
    return nodes


@st.composite
def child_period(draw) -> tuple[dict, Period]:
    ident, name, kind = draw(maybe(IDS)), draw(TEXT), draw(maybe(st.integers(0, 5)))
    wire = {"L": name, **draw(UNKNOWN_KEYS)}
    put(wire, "N", ident)
    put(wire, "G", kind)
    # No FonctionParametres given: the dates are unknown.
    return wire, Period(id=ident or "", name=name, start=date.min, end=date.max, kind=kind)


@st.composite
def tab_periods(draw) -> tuple[dict, ChildTabPeriods]:
    tab = draw(st.integers(0, 300))
    periods = draw(st.lists(child_period(), max_size=3))
    wire: dict[str, Any] = {"G": tab, "listePeriodes": wire_list([w for w, _ in periods], draw)}
    default = draw(maybe(IDS))
    if default is not None:
        wire["periodeParDefaut"] = typed({"N": default, "L": "x"}, 24, draw)
    return wire, ChildTabPeriods(tab=tab, periods=tuple(p for _, p in periods), default_period_id=default)


@st.composite
def child_entry(draw) -> tuple[dict, Child]:
    ident, name = draw(IDS), draw(TEXT)
    wire: dict[str, Any] = {"N": ident, "L": name, "G": 4, **draw(UNKNOWN_KEYS)}
    klass, school = draw(maybe(TEXT)), draw(maybe(TEXT))
    if klass is not None:
        wire["classeDEleve"] = {"L": klass, "N": "23#x"}
    if school is not None:
        wire["Etablissement"] = typed({"L": school, "N": "50#x"}, 24, draw)
    groups = draw(maybe(st.lists(TEXT, max_size=3)))
    if groups is not None:
        wire["listeGroupes"] = wire_list([{"L": g, "N": "60#x"} for g in groups], draw)
    tabs = draw(maybe(st.lists(tab_periods(), max_size=3)))
    if tabs is not None:
        wire["listeOngletsPourPeriodes"] = wire_list([w for w, _ in tabs], draw)
    return wire, Child(
        id=ident,
        name=name,
        class_name=klass or "",
        school=school or "",
        groups=tuple(groups or ()),
        tab_periods=tuple(t for _, t in tabs or ()),
    )


SEGMENT = st.text(alphabet="abcdefXYZ", min_size=1, max_size=4)
SCALAR = st.one_of(st.booleans(), st.integers(-10, 10**7), TEXT)


@st.composite
def permissions(draw) -> tuple[dict, dict]:
    """An ``autorisations`` object built from the dotted paths it must flatten to."""
    flat = draw(st.dictionaries(st.lists(SEGMENT, min_size=1, max_size=3).map(tuple), SCALAR, max_size=6))
    leaves = {
        path: value for path, value in flat.items() if not any(o[: len(path)] == path != o for o in flat)
    }
    tree: dict[str, Any] = {}
    for path, value in leaves.items():
        node = tree
        for segment in path[:-1]:
            node = node.setdefault(segment, {})
        node[path[-1]] = typed(value, 8, draw) if isinstance(value, str) else value
    tree["vide"] = {}  # empty groups and lists give nothing
    tree["liste"] = [1, 2]
    return tree, {".".join(path): value for path, value in leaves.items()}


@st.composite
def account_answer(draw) -> tuple[dict, dict]:
    parent = draw(TEXT)
    tabs = draw(st.lists(st.integers(0, 400), unique=True, max_size=12))
    data: dict[str, Any] = {"listeOnglets": draw(tab_tree(tabs)), **draw(UNKNOWN_KEYS)}
    expected: dict[str, Any] = {
        "name": parent,
        "tabs": frozenset(tabs),
        "hidden_tabs": frozenset(),
        "absence_reasons": (),
        "delay_reasons": (),
        "permissions": {},
    }
    if draw(st.booleans()):  # a parent: the children are listed
        children = draw(st.lists(child_entry(), max_size=3))
        data["ressource"] = {
            "L": parent,
            "G": 5,
            "listeRessources": wire_list([w for w, _ in children], draw),
        }
        expected["children"] = tuple(c for _, c in children)
    else:  # a student: the resource is the only child
        wire, child = draw(child_entry())
        wire["L"] = parent
        data["ressource"] = wire
        expected["children"] = (dataclasses.replace(child, name=parent),)
    if (hidden := draw(maybe(st.lists(st.integers(0, 400), max_size=4)))) is not None:
        data["listeOngletsInvisibles"], expected["hidden_tabs"] = hidden, frozenset(hidden)
    for key, field in (("listeMotifsAbsences", "absence_reasons"), ("listeMotifsRetards", "delay_reasons")):
        reasons = draw(maybe(st.lists(st.tuples(IDS, TEXT), max_size=4)))
        if reasons is not None:
            data[key] = wire_list([{"N": n, "L": label} for n, label in reasons], draw)
            expected[field] = tuple(Reason(n, label) for n, label in reasons)
    if (perms := draw(maybe(permissions()))) is not None:
        data["autorisations"], expected["permissions"] = perms
    return data, expected


@BUILT
@given(account_answer())
def test_accounts_parse_to_what_they_carry(answer: tuple[dict, dict]) -> None:
    data, expected = answer
    result = parse_user_account(data)
    assert {name: getattr(result, name) for name in expected} == expected


@FAST
@given(
    st.lists(st.integers(), unique=True, max_size=20).flatmap(
        lambda tabs: st.tuples(st.just(tabs), tab_tree(tabs))
    )
)
def test_flatten_tabs_finds_every_tab(case: tuple[list[int], list]) -> None:
    tabs, tree = case
    assert flatten_tabs(tree) == frozenset(tabs)
    assert flatten_tabs({"_T": 24, "V": tree}) == frozenset(tabs)


def test_flatten_tabs_ignores_what_is_not_a_tab() -> None:
    tree = [{"G": 7, "L": "x", "Onglet": [{"G": True}, {"G": "16"}, {"G": 1.5}, 19, "20", None]}]
    assert flatten_tabs(tree) == {7, 19}
    assert flatten_tabs([]) == frozenset()


# -- DernieresNotes -------------------------------------------------------------------------------


@st.composite
def subject(draw) -> tuple[dict, Subject]:
    name, ident, group, color = draw(TEXT), draw(maybe(IDS)), draw(maybe(st.booleans())), draw(maybe(TEXT))
    wire: dict[str, Any] = {"L": name}
    put(wire, "N", ident)
    put(wire, "estServiceGroupe", group)
    put(wire, "couleur", color)
    return wire, Subject(name=name, id=ident, is_group=bool(group), color=color)


@st.composite
def grade_entry(draw, asked_period: str | None) -> tuple[dict, Grade]:
    ident = draw(IDS)
    (day, wday), (mark, wmark) = draw(wire_date()), draw(wire_mark(allow_null=False))
    service, subj = draw(subject())
    out_of = draw(st.integers(1, 100))
    wire: dict[str, Any] = {
        "N": ident,
        "date": wday,
        "note": wmark,
        "bareme": typed(draw(st.sampled_from([str(out_of), f"{out_of},00", out_of])), 10, draw),
        "service": typed(service, 24, draw),
        **draw(UNKNOWN_KEYS),
    }
    fields: dict[str, Any] = {}
    if (default := draw(maybe(st.integers(1, 100)))) is not None:
        wire["baremeParDefaut"], fields["default_out_of"] = typed(str(default), 10, draw), float(default)
    if (coefficient := draw(maybe(st.integers(0, 80)))) is not None:
        value = coefficient / 4
        wire["coefficient"] = draw(st.sampled_from([value, f"{value:.2f}".replace(".", ",")]))
        fields["coefficient"] = value
    for key, field in (("moyenne", "class_average"), ("noteMin", "class_min"), ("noteMax", "class_max")):
        if (stat := draw(maybe(wire_mark()))) is not None:
            fields[field], wire[key] = stat
    for key, field in (
        ("estBonus", "is_bonus"),
        ("estFacultatif", "is_optional"),
        ("estRamenerSur20", "scaled_to_20"),
    ):
        if (flag := draw(maybe(st.booleans()))) is not None:
            wire[key] = fields[field] = flag
    if (comment := draw(maybe(TEXT))) is not None:
        wire["commentaire"] = fields["comment"] = comment
    period = draw(maybe(IDS))
    if period is not None:
        wire["periode"] = typed({"N": period, "L": "x"}, 24, draw)
    fields["period_id"] = period if period is not None else asked_period
    return wire, Grade(id=ident, subject=subj, day=day, mark=mark, out_of=float(out_of), **fields)


@st.composite
def average_entry(draw) -> tuple[dict, SubjectAverage]:
    wire, subj = draw(subject())
    fields: dict[str, Any] = {}
    for key, field in (
        ("moyEleve", "student"),
        ("moyClasse", "class_average"),
        ("moyMin", "class_min"),
        ("moyMax", "class_max"),
    ):
        if (stat := draw(maybe(wire_mark()))) is not None:
            fields[field], wire[key] = stat
    if (scale := draw(maybe(st.integers(1, 100)))) is not None:
        wire["baremeMoyEleve"], fields["out_of"] = typed(str(scale), 10, draw), float(scale)
    # A missing moyEleve is "not published": Mark(), not zero.
    return wire, SubjectAverage(subject=subj, student=fields.pop("student", Mark()), **fields)


@st.composite
def grades_answer(draw) -> tuple[dict, str | None, dict]:
    asked = draw(maybe(IDS))
    grades = draw(st.lists(grade_entry(asked), max_size=4))
    averages = draw(st.lists(average_entry(), max_size=3))
    data: dict[str, Any] = {"listeDevoirs": wire_list([w for w, _ in grades], draw), **draw(UNKNOWN_KEYS)}
    expected: dict[str, Any] = {
        "period_id": asked,
        "grades": tuple(g for _, g in grades),
        "averages": (),
        "overall": Mark(),
        "class_overall": Mark(),
    }
    if averages or draw(st.booleans()):
        data["listeServices"] = wire_list([w for w, _ in averages], draw)
        expected["averages"] = tuple(a for _, a in averages)
    for key, field in (("moyGenerale", "overall"), ("moyGeneraleClasse", "class_overall")):
        if (stat := draw(maybe(wire_mark()))) is not None:
            expected[field], data[key] = stat
    return data, asked, expected


@BUILT
@given(grades_answer())
def test_grades_parse_to_what_they_carry(answer: tuple[dict, str | None, dict]) -> None:
    data, asked, expected = answer
    result = parse_grades(data, asked)
    assert {name: getattr(result, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("15,5", Mark(value=15.5)),
        ("15.5", Mark(value=15.5)),
        (" 7,25 ", Mark(value=7.25)),
        (12, Mark(value=12.0)),
        (9.5, Mark(value=9.5)),
        ({"_T": 10, "V": "12,00"}, Mark(value=12.0)),
        ("0", Mark(value=0.0)),
        ("|1", Mark(special=SpecialGrade.ABSENT)),
        ("|3", Mark(special=SpecialGrade.NON_NOTE)),
        ({"_T": 10, "V": "|8"}, Mark(special=SpecialGrade.FELICITATIONS)),
        ("|9", Mark()),  # a code from a future version: shown as not published, not as a number
        ("", Mark()),
        (None, Mark()),
        ({"_T": 10, "V": ""}, Mark()),
    ],
)
def test_parse_mark(wire: Any, expected: Mark) -> None:
    assert parse_mark(wire) == expected


@pytest.mark.parametrize(
    "junk", ["abc", "15,5,5", "1e3", "٣", True, [], {"a": 1}, float("nan"), "|x", "9" * 400]
)
def test_parse_mark_refuses_junk(junk: Any) -> None:
    with pytest.raises(ProtocolError):
        parse_mark(junk)


def test_hidden_averages_are_not_zero() -> None:
    report = parse_grades(
        {
            "listeDevoirs": {"_T": 24, "V": []},
            "listeServices": {"_T": 24, "V": [{"L": "MATHÉMATIQUES", "moyClasse": {"_T": 10, "V": "11,20"}}]},
            "moyGenerale": {"_T": 10, "V": ""},
        }
    )
    (average,) = report.averages
    assert average.student == Mark() and not average.student.published
    assert average.class_average == Mark(value=11.2)
    assert report.overall == Mark() and report.overall.value is None


# -- PageEmploiDuTemps ----------------------------------------------------------------------------

KNOWN_KINDS = {16, 3, 34, 17, 2, 1}


@st.composite
def lesson_entry(draw) -> tuple[dict, Lesson]:
    ident = draw(IDS)
    start, wstart = draw(wire_datetime())
    duration = draw(st.integers(1, 8))
    wire: dict[str, Any] = {"N": ident, "DateDuCours": wstart, "duree": duration, **draw(UNKNOWN_KEYS)}
    put(wire, "place", draw(maybe(st.integers(0, 200))))
    minutes = draw(maybe(st.integers(0, 600)))
    if minutes is not None:
        end = start + timedelta(minutes=minutes)
        wire["DateDuCoursFin"] = typed(f"{end:%d/%m/%Y %H:%M:%S}", 7, draw)
    else:
        end = start + timedelta(minutes=30 * duration)  # no grid: two places an hour
    contents = draw(
        st.lists(
            st.tuples(st.one_of(st.sampled_from(sorted(KNOWN_KINDS)), st.integers(0, 99)), TEXT), max_size=6
        )
    )
    if contents or draw(st.booleans()):
        wire["ListeContenus"] = wire_list([{"G": g, "L": label, "N": "x"} for g, label in contents], draw)

    def labels(*kinds: int) -> tuple[str, ...]:
        return tuple(label for g, label in contents if g in kinds)

    fields: dict[str, Any] = {}
    for key, field in (
        ("estAnnule", "cancelled"),
        ("estRetenue", "is_detention"),
        ("estSortiePedagogique", "is_outing"),
        ("dispenseEleve", "exempted"),
        ("AvecTafPublie", "has_homework"),
    ):
        if (flag := draw(maybe(st.booleans()))) is not None:
            wire[key] = fields[field] = flag
    for key, field in (("Statut", "status"), ("memo", "memo")):
        if (text := draw(maybe(TEXT))) is not None:
            wire[key] = fields[field] = text
    if (color := draw(maybe(TEXT))) is not None:
        wire["CouleurFond"] = fields["color"] = color
    book = draw(maybe(st.tuples(maybe(st.booleans()))))
    if book is not None:
        (is_test,) = book
        wire["cahierDeTextes"] = typed(
            {"N": "18#x", **({"estDevoir": is_test} if is_test is not None else {})}, 24, draw
        )
        fields["is_test"] = bool(is_test)
        fields["has_content"] = True
    if (with_book := draw(maybe(st.booleans()))) is not None:
        wire["AvecCdT"] = fields["has_content"] = with_book
    videos = draw(maybe(st.lists(st.tuples(TEXT, maybe(TEXT), maybe(TEXT)), max_size=2)))
    if videos is not None:
        entries = []
        for url, label, comment in videos:
            entry = {"N": "178#x", "url": typed(url, 23, draw)}
            put(entry, "libelleLien", label)
            put(entry, "commentaire", comment)
            entries.append(entry)
        wire["listeVisios"] = wire_list(entries, draw)
        fields["videos"] = tuple(VideoLink(url, label or "", comment or "") for url, label, comment in videos)
    subjects = labels(16)
    lesson = Lesson(
        id=ident,
        start=start,
        end=end,
        subject=subjects[0] if subjects else None,
        teachers=labels(3),
        staff=labels(34),
        rooms=labels(17),
        groups=labels(1, 2),
        **fields,
    )
    return wire, lesson


@BUILT
@given(st.lists(lesson_entry(), max_size=4), st.booleans())
def test_timetables_parse_to_what_they_carry(entries: list[tuple[dict, Lesson]], wrapped: bool) -> None:
    items = [w for w, _ in entries]
    data = {"ListeCours": {"_T": 24, "V": items} if wrapped else items, "absences": {}}
    expected = sorted((lesson for _, lesson in entries), key=lambda lesson: lesson.start)
    assert parse_timetable(data) == expected


def grid_settings(ends: list[str], per_hour: int = 2, per_day: int | None = None):
    general = {
        "PremierLundi": "01/09/2025",
        "DerniereDate": "30/08/2026",
        "ListePeriodes": [],
        "ListeHeuresFin": {"_T": 24, "V": [{"G": g, "L": label} for g, label in enumerate(ends)]},
        "PlacesParHeure": per_hour,
    }
    if per_day is not None:
        general["PlacesParJour"] = per_day
    return parse_school_settings({"General": general})


def test_end_time_follows_an_irregular_grid() -> None:
    # 55-minute places: a grid where "30 minutes a place" would be wrong.
    settings_ = grid_settings(["08h55", "09h50", "10h45", "11h40", "12h35"], per_hour=1, per_day=5)
    lesson = {"N": "1", "DateDuCours": "16/09/2025 08:00:00", "place": 5 + 1, "duree": 2}  # Tuesday, slot 1
    (parsed,) = parse_timetable({"ListeCours": [lesson]}, settings_)
    assert parsed.end == datetime(2025, 9, 16, 10, 45)
    # Past the end of the grid: each place lasts 60 / PlacesParHeure minutes.
    lesson.update(place=5 + 4, duree=2, DateDuCours="16/09/2025 11:40:00")
    (parsed,) = parse_timetable({"ListeCours": [lesson]}, settings_)
    assert parsed.end == datetime(2025, 9, 16, 13, 40)


def test_unknown_content_kinds_are_ignored_and_empty_lists_are_empty() -> None:
    lesson = {
        "N": "1",
        "DateDuCours": {"_T": 7, "V": "15/09/2025 11:00:00"},
        "DateDuCoursFin": {"_T": 7, "V": "15/09/2025 12:00:00"},
        "ListeContenus": {
            "_T": 24,
            "V": [{"G": 999, "L": "?"}, {"G": 16, "L": "Maths [Groupe B]"}, {"L": "sans G"}],
        },
    }
    (parsed,) = parse_timetable({"ListeCours": [lesson]})
    assert parsed.subject == "Maths [Groupe B]"
    assert parsed.teachers == parsed.rooms == parsed.groups == parsed.staff == ()
    assert parse_timetable({"ListeCours": []}) == []
    assert parse_timetable({"ListeCours": {"_T": 24, "V": []}}) == []
    assert parse_grades({"listeDevoirs": []}).grades == ()
    assert (
        parse_user_account({"ressource": {"L": "P", "listeRessources": []}, "listeOnglets": []}).children
        == ()
    )


# -- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("15/09/2025", datetime(2025, 9, 15)),
        ("15/09/2025 11:00:00", datetime(2025, 9, 15, 11)),
        ("15/09/25 11h30", datetime(2025, 9, 15, 11, 30)),
        ("5/9/2025 8:5:3", datetime(2025, 9, 5, 8, 5, 3)),
        ({"_T": 7, "V": "30/12/1899 08:00:00"}, datetime(1899, 12, 30, 8)),
    ],
)
def test_date_formats(wire: Any, expected: datetime) -> None:
    assert to_datetime(wire) == expected


@pytest.mark.parametrize(
    "junk", ["31/02/2025", "2025-09-15", "15/09/2025 25:00:00", "", 20250915, None, {"_T": 7}]
)
def test_bad_dates_are_protocol_errors(junk: Any) -> None:
    with pytest.raises(ProtocolError):
        to_datetime(junk, function="PageEmploiDuTemps")


# -- junk -----------------------------------------------------------------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["|42", "99/99/9999", "15,5", "08h00", "01/09/2025", "|3", "", "[1..3]"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.just({"_T": 24, "V": "pas une liste"}),
    st.just({"_T": 7}),
)


def parse_or_protocol_error(function: str, data: Any) -> None:
    """The only acceptable outcomes: a result, or a ProtocolError naming ``function``."""
    try:
        PARSERS[function](data)
    except ProtocolError as exc:
        assert exc.function == function
        assert function in str(exc)


VALID_ANSWERS = {
    "FonctionParametres": settings_answer().map(lambda a: a[0]),
    "ParametresUtilisateur": account_answer().map(lambda a: a[0]),
    "DernieresNotes": grades_answer().map(lambda a: a[0]),
    "PageEmploiDuTemps": st.lists(lesson_entry(), min_size=1, max_size=3).map(
        lambda entries: {"ListeCours": [w for w, _ in entries]}
    ),
}


@pytest.mark.parametrize("function", list(PARSERS))
@BUILT
@given(data=st.data())
def test_junk_anywhere_is_a_protocol_error_or_nothing(function: str, data: st.DataObject) -> None:
    document = data.draw(VALID_ANSWERS[function])
    path = data.draw(st.sampled_from(paths(document)))
    parse_or_protocol_error(function, replaced(document, path, data.draw(JUNK)))


# Minimal valid answers, and their required places with junk that can never fit there.
MINIMAL = {
    "FonctionParametres": {
        "General": {
            "PremierLundi": "01/09/2025",
            "DerniereDate": "30/08/2026",
            "ListePeriodes": [{"N": "1", "L": "T1", "dateDebut": "01/09/2025", "dateFin": "23/11/2025"}],
        }
    },
    "ParametresUtilisateur": {
        "ressource": {"L": "P", "listeRessources": [{"N": "1", "L": "E"}]},
        "listeOnglets": [{"G": 7}],
    },
    "DernieresNotes": {
        "listeDevoirs": [
            {"N": "1", "date": "02/10/2025", "note": "12", "bareme": "20", "service": {"L": "M"}}
        ]
    },
    "PageEmploiDuTemps": {"ListeCours": [{"N": "1", "DateDuCours": "15/09/2025 11:00:00", "duree": 2}]},
}
NOT_TEXT = st.one_of(st.booleans(), st.floats(), st.lists(st.integers(), max_size=2), st.just({"a": 1}))
NOT_ID = NOT_TEXT
NOT_OBJECT = st.one_of(st.booleans(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2))
NOT_LIST = st.one_of(
    st.booleans(), st.integers(), st.text(max_size=5), st.just({"a": 1}), st.just({"_T": 24, "V": 3})
)
NOT_DATE = st.one_of(NOT_TEXT, st.integers(), st.text(alphabet="abc-:h ", max_size=8), st.just("31/02/2025"))
NOT_NUMBER = st.one_of(
    st.booleans(), st.lists(st.integers(), max_size=2), st.text(alphabet="abc |", min_size=1)
)
NOT_MARK = st.one_of(
    st.booleans(), st.lists(st.integers(), max_size=2), st.text(alphabet="abcx-", min_size=1)
)
NOT_DURATION = st.one_of(NOT_NUMBER, st.integers(max_value=0), st.just(1.5), st.integers(min_value=10**6))
REQUIRED = {
    "FonctionParametres": [
        (("General",), NOT_OBJECT),
        (("General", "PremierLundi"), NOT_DATE),
        (("General", "DerniereDate"), NOT_DATE),
        (("General", "ListePeriodes"), NOT_LIST),
        (("General", "ListePeriodes", 0), NOT_OBJECT),
        (("General", "ListePeriodes", 0, "N"), NOT_ID),
        (("General", "ListePeriodes", 0, "L"), NOT_TEXT),
        (("General", "ListePeriodes", 0, "dateDebut"), NOT_DATE),
        (("General", "ListePeriodes", 0, "dateFin"), NOT_DATE),
    ],
    "ParametresUtilisateur": [
        (("ressource",), NOT_OBJECT),
        (("ressource", "L"), NOT_TEXT),
        (("ressource", "listeRessources"), NOT_LIST),
        (("ressource", "listeRessources", 0), NOT_OBJECT),
        (("ressource", "listeRessources", 0, "N"), NOT_ID),
        (("ressource", "listeRessources", 0, "L"), NOT_TEXT),
        (("listeOnglets",), st.one_of(st.booleans(), st.integers(), st.text(max_size=5))),
    ],
    "DernieresNotes": [
        (("listeDevoirs",), NOT_LIST),
        (("listeDevoirs", 0), NOT_OBJECT),
        (("listeDevoirs", 0, "N"), NOT_ID),
        (("listeDevoirs", 0, "date"), NOT_DATE),
        (("listeDevoirs", 0, "note"), NOT_MARK),
        (("listeDevoirs", 0, "bareme"), st.one_of(NOT_NUMBER, st.just("0"), st.just(-20))),
        (("listeDevoirs", 0, "service"), NOT_OBJECT),
        (("listeDevoirs", 0, "service", "L"), NOT_TEXT),
    ],
    "PageEmploiDuTemps": [
        (("ListeCours",), NOT_LIST),
        (("ListeCours", 0), NOT_OBJECT),
        (("ListeCours", 0, "N"), NOT_ID),
        (("ListeCours", 0, "DateDuCours"), NOT_DATE),
        (("ListeCours", 0, "duree"), NOT_DURATION),
    ],
}
REQUIRED_CASES = [(function, path, junk) for function, cases in REQUIRED.items() for path, junk in cases]


@pytest.mark.parametrize("function", list(PARSERS))
def test_minimal_answers_parse(function: str) -> None:
    PARSERS[function](MINIMAL[function])


@pytest.mark.parametrize(
    ("function", "path", "junk"),
    REQUIRED_CASES,
    ids=[f"{f}:{'.'.join(map(str, p))}" for f, p, _ in REQUIRED_CASES],
)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_junk_in_required_places_is_a_protocol_error(
    function: str, path: tuple, junk, data: st.DataObject
) -> None:
    broken_answers = [replaced(MINIMAL[function], path, data.draw(junk))]
    if not isinstance(path[-1], int):  # removing a list item leaves a valid, shorter list
        broken_answers.append(removed(MINIMAL[function], path))
    for broken in broken_answers:
        with pytest.raises(ProtocolError) as caught:
            PARSERS[function](broken)
        assert caught.value.function == function


def recording(name: str) -> dict:
    if not RECORDINGS.is_dir():
        pytest.skip(f"enregistrements PRONOTE absents : {RECORDINGS}")
    return json.loads((RECORDINGS / name).read_text(encoding="utf-8"))["data"]


@pytest.mark.parametrize(
    ("function", "name"),
    [
        ("FonctionParametres", "FonctionParametres/parent-space.json"),
        ("ParametresUtilisateur", "ParametresUtilisateur/parent-two-children.json"),
        ("PageEmploiDuTemps", "PageEmploiDuTemps/parent-week-cancelled-lessons.json"),
    ],
)
def test_junk_in_real_answers_is_a_protocol_error_or_nothing(function: str, name: str) -> None:
    document = recording(name)
    places = paths(document)

    @settings(max_examples=100, deadline=None)
    @given(st.sampled_from(places), JUNK)
    def check(path: tuple, junk: Any) -> None:
        parse_or_protocol_error(function, replaced(document, path, junk))

    check()
