# Over 500 lines: each generated-answer builder sits beside the property test that uses it, one pair per parser.
"""The cahier de textes, menus and agenda parsers on generated answers, and ``debug parse`` on them.

Valid answers are built with optional fields randomly dropped, typed wrappers randomly used,
unknown kinds and unknown keys mixed in; each builder also states the model objects the answer
stands for, written from the protocol's field meanings (not from the parser's code). Junk in a
required place is a ProtocolError naming the call; junk anywhere is a ProtocolError or nothing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from espace_parents_tui.cli.main import main
from espace_parents_tui.demo.pages import PAGES, IdMinter, PageRequest
from espace_parents_tui.demo.school import demo_school
from espace_parents_tui.models import (
    AgendaEvent,
    Attachment,
    Course,
    Dish,
    EventKind,
    FoodTag,
    HandIn,
    Homework,
    LessonBookEntry,
    LessonContent,
    MealKind,
    Menu,
    MenuCourse,
    Subject,
)
from espace_parents_tui.pronote.errors import ProtocolError
from espace_parents_tui.pronote.parse import (
    parse_agenda,
    parse_homework,
    parse_homework_book,
    parse_lesson_book,
    parse_menus,
    parse_write_reply,
)
from parse_helpers import paths, put, removed, replaced

BUILT = settings(max_examples=60, deadline=None)

PARSERS: dict[str, Callable[[Any], Any]] = {
    "homework": parse_homework,
    "lessons": parse_lesson_book,
    "menus": parse_menus,
    "agenda": parse_agenda,
}
FUNCTIONS = {
    "homework": "PageCahierDeTexte",
    "lessons": "PageCahierDeTexte",
    "menus": "PageMenus",
    "agenda": "PageAgenda",
}

TEXT = st.text(max_size=12)  # server text, kept exactly as sent
IDS = st.text(min_size=1, max_size=10)
COLORS = st.sampled_from(["#FF8040", "#2338BB", "#ffffff"])
UNKNOWN_KEYS = st.dictionaries(st.sampled_from(["zz", "inconnu", "nouveauChamp"]), st.integers(), max_size=2)
# (HTML as sent, the readable text it stands for).
HTML = st.sampled_from(
    [
        ("", ""),
        ("Exercices 3 et 4 page 52.", "Exercices 3 et 4 page 52."),
        ("<p>Lire le chapitre 2.</p>", "Lire le chapitre 2."),
        ("<ul><li>relire</li><li>rédiger</li></ul>", "• relire\n• rédiger"),
        ("Sel &amp; poivre", "Sel & poivre"),
        (
            '<div>Voir <a href="https://ex.example/a">la fiche</a></div>',
            "Voir la fiche (https://ex.example/a)",
        ),
    ]
)


def typed(value: Any, kind: int | None, draw) -> Any:
    if kind is None or not draw(st.booleans()):
        return value
    return {"_T": kind, "V": value}


@st.composite
def maybe(draw, strategy) -> Any:
    return draw(strategy) if draw(st.booleans()) else None


@st.composite
def wire_date(draw) -> tuple[date, Any]:
    day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    text = draw(
        st.sampled_from([f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}", f"{day:%d/%m/%Y} 0:0:0"])
    )
    return day, typed(text, 7, draw)


@st.composite
def wire_moment(draw) -> tuple[datetime, Any]:
    moment = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 30))).replace(
        microsecond=0
    )
    text = draw(
        st.sampled_from(
            [
                f"{moment:%d/%m/%Y %H:%M:%S}",
                f"{moment.day}/{moment.month}/{moment.year} {moment.hour}:{moment.minute}:{moment.second}",
            ]
        )
    )
    return moment, typed(text, 7, draw)


def wire_list(items: list, draw) -> Any:
    return typed(items, 24, draw)


@st.composite
def wire_attachments(draw) -> tuple[tuple[Attachment, ...], Any]:
    """``ListePieceJointe``: links (G 0), files (G 1), and kinds nobody knows (dropped)."""
    wire, expected = [], []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from([0, 1, 7]))
        ident, name = draw(IDS), draw(st.text(min_size=1, max_size=8))
        entry = {"N": ident, "L": name, "G": kind}
        if kind == 0:
            url = draw(st.sampled_from(["https://a.example/x", "https://b.example/"]))
            entry["url"] = url
            expected.append(Attachment(name=name, kind="link", id=ident, url=url))
        elif kind == 1:
            expected.append(Attachment(name=name, kind="file", id=ident))
        wire.append(entry)
    return tuple(expected), wire_list(wire, draw)


@st.composite
def wire_labels(draw) -> tuple[tuple[str, ...], Any]:
    names = draw(st.lists(st.text(min_size=1, max_size=6), max_size=3))
    return tuple(names), wire_list([{"N": draw(IDS), "L": n} for n in names], draw)


@st.composite
def wire_subject(draw) -> tuple[Subject, Any]:
    name = draw(st.text(min_size=1, max_size=10))
    ident, color = draw(maybe(IDS)), draw(maybe(COLORS))
    group = draw(maybe(st.booleans()))
    entry: dict[str, Any] = {"L": name}
    put(entry, "N", ident)
    put(entry, "couleur", color)
    put(entry, "estServiceGroupe", group)
    return Subject(name=name, id=ident, is_group=bool(group), color=color), typed(entry, 24, draw)


# -- PageCahierDeTexte, tab 88 ----------------------------------------------------------------------


@st.composite
def homework_entry(draw) -> tuple[dict, Homework]:
    subject, subject_wire = draw(wire_subject())
    due, due_wire = draw(wire_date())
    entry: dict[str, Any] = {
        "N": draw(IDS),
        "Matiere": subject_wire,
        "PourLe": due_wire,
        **draw(UNKNOWN_KEYS),
    }
    given = draw(maybe(wire_date()))
    put(entry, "DonneLe", given[1] if given else None)
    html = draw(maybe(HTML))
    put(entry, "descriptif", typed(html[0], 21, draw) if html else None)
    done = draw(maybe(st.booleans()))
    put(entry, "TAFFait", done)
    attachments = draw(maybe(wire_attachments()))
    put(entry, "ListePieceJointe", attachments[1] if attachments else None)
    hand_in = draw(maybe(st.integers(0, 9)))
    put(entry, "genreRendu", hand_in)
    minutes = draw(maybe(st.integers(0, 600)))
    put(entry, "duree", minutes)
    difficulty = draw(maybe(st.integers(0, 5)))
    put(entry, "niveauDifficulte", difficulty)
    themes = draw(maybe(wire_labels()))
    put(entry, "ListeThemes", themes[1] if themes else None)
    book = draw(maybe(IDS))
    put(entry, "cahierDeTextes", typed({"N": book}, 24, draw) if book else None)
    color = draw(maybe(COLORS))
    put(entry, "CouleurFond", color)
    kind = hand_in or 0
    expected = Homework(
        id=entry["N"],
        subject=subject,
        due=due,
        description=html[1] if html else "",
        description_html=html[0] if html else "",
        given=given[0] if given else None,
        done=bool(done),
        attachments=attachments[0] if attachments else (),
        hand_in=HandIn(kind) if kind <= 4 else kind,
        minutes=minutes or None,
        difficulty=difficulty or 0,
        themes=themes[0] if themes else (),
        lesson_book_id=book,
        color=color,
    )
    return entry, expected


@st.composite
def homework_answer(draw) -> tuple[dict, list[Homework]]:
    entries = draw(st.lists(homework_entry(), max_size=4))
    answer = {"ListeTravauxAFaire": wire_list([w for w, _ in entries], draw), **draw(UNKNOWN_KEYS)}
    return answer, sorted((e for _, e in entries), key=lambda h: h.due)


@BUILT
@given(homework_answer())
def test_homework_parses_to_what_it_carries(answer: tuple[dict, list[Homework]]) -> None:
    wire, expected = answer
    assert parse_homework(wire) == expected
    book = parse_homework_book(wire)
    assert list(book.homework) == expected and book.lessons == () and book.resources == ()


# -- PageCahierDeTexte, tab 89 ----------------------------------------------------------------------


@st.composite
def content_entry(draw) -> tuple[dict, LessonContent]:
    entry: dict[str, Any] = dict(draw(UNKNOWN_KEYS))
    ident, title, html = draw(maybe(IDS)), draw(maybe(TEXT)), draw(maybe(HTML))
    put(entry, "N", ident)
    put(entry, "L", title)
    put(entry, "descriptif", typed(html[0], 21, draw) if html else None)
    category: dict[str, Any] | None = None
    label, kind = None, None
    if draw(st.booleans()):
        category = {}
        label, kind = (
            draw(maybe(st.sampled_from(["Cours", "Devoir sur table", "Exercices"]))),
            draw(maybe(st.integers(0, 50))),
        )
        put(category, "L", label)
        put(category, "G", kind)
        entry["categorie"] = typed(category, 24, draw)
    attachments = draw(maybe(wire_attachments()))
    put(entry, "ListePieceJointe", attachments[1] if attachments else None)
    themes = draw(maybe(wire_labels()))
    put(entry, "ListeThemes", themes[1] if themes else None)
    return entry, LessonContent(
        title=title or "",
        description=html[1] if html else "",
        description_html=html[0] if html else "",
        category=label or "",
        category_kind=kind,
        attachments=attachments[0] if attachments else (),
        themes=themes[0] if themes else (),
        id=ident,
    )


@st.composite
def lesson_entry(draw) -> tuple[dict, LessonBookEntry]:
    start, start_wire = draw(wire_moment())
    entry: dict[str, Any] = {"N": draw(IDS), "Date": start_wire, **draw(UNKNOWN_KEYS)}
    end = None
    if draw(st.booleans()) and start.hour < 22:
        end = start + timedelta(minutes=draw(st.integers(0, 120)))
        entry["DateFin"] = typed(f"{end:%d/%m/%Y %H:%M:%S}", 7, draw)
    subject = draw(maybe(wire_subject()))
    put(entry, "Matiere", subject[1] if subject else None)
    teachers, groups = draw(maybe(wire_labels())), draw(maybe(wire_labels()))
    put(entry, "listeProfesseurs", teachers[1] if teachers else None)
    put(entry, "listeGroupes", groups[1] if groups else None)
    lesson = draw(maybe(IDS))
    put(entry, "cours", typed({"N": lesson}, 24, draw) if lesson else None)
    color = draw(maybe(COLORS))
    put(entry, "CouleurFond", color)
    contents = draw(maybe(st.lists(content_entry(), max_size=3)))
    put(entry, "listeContenus", wire_list([w for w, _ in contents], draw) if contents is not None else None)
    return entry, LessonBookEntry(
        id=entry["N"],
        start=start,
        end=end,
        subject=subject[0] if subject else None,
        teachers=teachers[0] if teachers else (),
        groups=groups[0] if groups else (),
        lesson_id=lesson,
        color=color,
        contents=tuple(c for _, c in contents or []),
    )


@st.composite
def lessons_answer(draw) -> tuple[dict, list[LessonBookEntry]]:
    entries = draw(st.lists(lesson_entry(), max_size=3))
    answer = {"ListeCahierDeTextes": wire_list([w for w, _ in entries], draw), **draw(UNKNOWN_KEYS)}
    return answer, sorted((e for _, e in entries), key=lambda e: e.start)


@BUILT
@given(lessons_answer())
def test_lesson_contents_parse_to_what_they_carry(answer: tuple[dict, list[LessonBookEntry]]) -> None:
    wire, expected = answer
    assert parse_lesson_book(wire) == expected
    assert list(parse_homework_book(wire).lessons) == expected


# -- PageMenus --------------------------------------------------------------------------------------


@st.composite
def wire_tags(draw) -> tuple[tuple[FoodTag, ...], Any]:
    wire, expected = [], []
    for _ in range(draw(st.integers(0, 2))):
        name, color, ident = draw(TEXT), draw(maybe(COLORS)), draw(maybe(IDS))
        entry: dict[str, Any] = {"L": name}
        put(entry, "couleur", color)
        put(entry, "N", ident)
        wire.append(entry)
        expected.append(FoodTag(name=name, color=color, id=ident))
    return tuple(expected), wire_list(wire, draw)


@st.composite
def menu_day(draw) -> tuple[dict, list[Menu]]:
    day, day_wire = draw(wire_date())
    meals_wire, menus = [], []
    for _ in range(draw(st.integers(0, 2))):
        meal: dict[str, Any] = dict(draw(UNKNOWN_KEYS))
        ident, kind, name = draw(maybe(IDS)), draw(maybe(st.integers(0, 4))), draw(maybe(TEXT))
        put(meal, "N", ident)
        put(meal, "G", kind)
        put(meal, "L", name)
        courses_wire, courses = [], []
        for _ in range(draw(st.integers(0, 3))):
            course_kind = draw(maybe(st.integers(0, 8)))
            dishes_wire, dishes = [], []
            for _ in range(draw(st.integers(0, 2))):
                dish_name, dish_id = draw(TEXT), draw(maybe(IDS))
                labels, allergens = draw(maybe(wire_tags())), draw(maybe(wire_tags()))
                dish: dict[str, Any] = {"L": dish_name}
                put(dish, "N", dish_id)
                put(dish, "listeLabelsAlimentaires", labels[1] if labels else None)
                put(dish, "listeAllergenesAlimentaire", allergens[1] if allergens else None)
                dishes_wire.append(dish)
                dishes.append(
                    Dish(dish_name, labels[0] if labels else (), allergens[0] if allergens else (), dish_id)
                )
            course: dict[str, Any] = {"ListeAliments": wire_list(dishes_wire, draw)}
            put(course, "G", course_kind)
            courses_wire.append(course)
            value = 3 if course_kind is None else course_kind
            courses.append(MenuCourse(Course(value) if value <= 5 else value, tuple(dishes)))
        meal["ListePlats"] = wire_list(courses_wire, draw)
        meals_wire.append(meal)
        value = kind or 0
        menus.append(Menu(day, MealKind(value) if value <= 1 else value, name or "", tuple(courses), ident))
    entry: dict[str, Any] = {"Date": day_wire}
    if meals_wire or draw(st.booleans()):
        entry["ListeRepas"] = wire_list(meals_wire, draw)
    return entry, menus


@st.composite
def menus_answer(draw) -> tuple[dict, list[Menu]]:
    days = draw(st.lists(menu_day(), max_size=3))
    answer = {
        "ListeJours": wire_list([w for w, _ in days], draw),
        "AvecRepasMidi": True,
        **draw(UNKNOWN_KEYS),
    }
    menus = [m for _, found in days for m in found]
    return answer, sorted(menus, key=lambda m: (m.day, int(m.meal)))


@BUILT
@given(menus_answer())
def test_menus_parse_to_what_they_carry(answer: tuple[dict, list[Menu]]) -> None:
    wire, expected = answer
    assert parse_menus(wire) == expected


# -- PageAgenda -------------------------------------------------------------------------------------


@st.composite
def event_entry(draw) -> tuple[dict, AgendaEvent]:
    start, start_wire = draw(wire_moment())
    entry: dict[str, Any] = {"N": draw(IDS), "DateDebut": start_wire, **draw(UNKNOWN_KEYS)}
    end = start
    if draw(st.booleans()) and start.hour < 22:
        end = start + timedelta(minutes=draw(st.integers(0, 90)))
        entry["DateFin"] = typed(f"{end:%d/%m/%Y %H:%M:%S}", 7, draw)
    title, kind = draw(maybe(TEXT)), draw(maybe(st.integers(0, 30)))
    all_day, comment, color = draw(maybe(st.booleans())), draw(maybe(TEXT)), draw(maybe(COLORS))
    attachments = draw(maybe(wire_attachments()))
    put(entry, "L", title)
    put(entry, "G", kind)
    put(entry, "sansHoraire", all_day)
    put(entry, "Commentaire", comment)
    put(entry, "CouleurCellule", color)
    put(entry, "listeDocJoints", attachments[1] if attachments else None)
    value = kind or 0
    return entry, AgendaEvent(
        id=entry["N"],
        title=title or "",
        start=start,
        end=end,
        kind=EventKind(value) if value <= 16 else value,
        all_day=bool(all_day),
        comment=comment or "",
        color=color,
        attachments=attachments[0] if attachments else (),
    )


@st.composite
def agenda_answer(draw) -> tuple[dict, list[AgendaEvent]]:
    events = draw(st.lists(event_entry(), max_size=3))
    answer = {"ListeEvenements": wire_list([w for w, _ in events], draw), **draw(UNKNOWN_KEYS)}
    return answer, sorted((e for _, e in events), key=lambda e: (e.start, e.title))


@BUILT
@given(agenda_answer())
def test_agenda_parses_to_what_it_carries(answer: tuple[dict, list[AgendaEvent]]) -> None:
    wire, expected = answer
    assert parse_agenda(wire) == expected


# -- junk -------------------------------------------------------------------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["99/99/9999", "15,5", "01/09/2025", "", "[1..3]", "#FFFFFF"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.just({"_T": 24, "V": "pas une liste"}),
    st.just({"_T": 7}),
)


VALID_ANSWERS = {
    "homework": homework_answer().map(lambda a: a[0]),
    "lessons": lessons_answer().map(lambda a: a[0]),
    "menus": menus_answer().map(lambda a: a[0]),
    "agenda": agenda_answer().map(lambda a: a[0]),
}


@pytest.mark.parametrize("name", list(PARSERS))
@BUILT
@given(data=st.data())
def test_junk_anywhere_is_a_protocol_error_or_nothing(name: str, data: st.DataObject) -> None:
    document = data.draw(VALID_ANSWERS[name])
    path = data.draw(st.sampled_from(paths(document)))
    try:
        PARSERS[name](replaced(document, path, data.draw(JUNK)))
    except ProtocolError as exc:
        assert exc.function == FUNCTIONS[name]
        assert FUNCTIONS[name] in str(exc)


MINIMAL = {
    "homework": {"ListeTravauxAFaire": [{"N": "1", "Matiere": {"L": "MATHS"}, "PourLe": "02/10/2026"}]},
    "lessons": {"ListeCahierDeTextes": [{"N": "1", "Date": "01/10/2026 08:00:00"}]},
    "menus": {"ListeJours": [{"Date": "01/10/2026"}]},
    "agenda": {"ListeEvenements": [{"N": "1", "DateDebut": "01/10/2026 18:00:00"}]},
}
NOT_TEXT = st.one_of(st.booleans(), st.floats(), st.lists(st.integers(), max_size=2), st.just({"a": 1}))
NOT_OBJECT = st.one_of(st.booleans(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2))
NOT_LIST = st.one_of(
    st.booleans(), st.integers(), st.text(max_size=5), st.just({"a": 1}), st.just({"_T": 24, "V": 3})
)
NOT_DATE = st.one_of(NOT_TEXT, st.integers(), st.text(alphabet="abc-:h ", max_size=8), st.just("31/02/2026"))
REQUIRED = {
    "homework": [
        (("ListeTravauxAFaire",), NOT_LIST),
        (("ListeTravauxAFaire", 0), NOT_OBJECT),
        (("ListeTravauxAFaire", 0, "N"), NOT_TEXT),
        (("ListeTravauxAFaire", 0, "Matiere"), NOT_OBJECT),
        (("ListeTravauxAFaire", 0, "Matiere", "L"), NOT_TEXT),
        (("ListeTravauxAFaire", 0, "PourLe"), NOT_DATE),
    ],
    "lessons": [
        (("ListeCahierDeTextes",), NOT_LIST),
        (("ListeCahierDeTextes", 0), NOT_OBJECT),
        (("ListeCahierDeTextes", 0, "N"), NOT_TEXT),
        (("ListeCahierDeTextes", 0, "Date"), NOT_DATE),
    ],
    "menus": [
        (("ListeJours",), NOT_LIST),
        (("ListeJours", 0), NOT_OBJECT),
        (("ListeJours", 0, "Date"), NOT_DATE),
    ],
    "agenda": [
        (("ListeEvenements",), NOT_LIST),
        (("ListeEvenements", 0), NOT_OBJECT),
        (("ListeEvenements", 0, "N"), NOT_TEXT),
        (("ListeEvenements", 0, "DateDebut"), NOT_DATE),
    ],
}
REQUIRED_CASES = [(name, path, junk) for name, cases in REQUIRED.items() for path, junk in cases]


@pytest.mark.parametrize("name", list(PARSERS))
def test_minimal_and_empty_answers_parse(name: str) -> None:
    assert len(PARSERS[name](MINIMAL[name])) == (0 if name == "menus" else 1)
    (key,) = MINIMAL[name]
    assert PARSERS[name]({key: []}) == []
    assert PARSERS[name]({key: {"_T": 24, "V": []}}) == []


@pytest.mark.parametrize(
    ("name", "path", "junk"),
    REQUIRED_CASES,
    ids=[f"{n}:{'.'.join(map(str, p))}" for n, p, _ in REQUIRED_CASES],
)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_junk_in_required_places_is_a_protocol_error(
    name: str, path: tuple, junk, data: st.DataObject
) -> None:
    broken_answers = [replaced(MINIMAL[name], path, data.draw(junk))]
    if not isinstance(path[-1], int):
        broken_answers.append(removed(MINIMAL[name], path))
    for broken in broken_answers:
        with pytest.raises(ProtocolError) as caught:
            PARSERS[name](broken)
        assert caught.value.function == FUNCTIONS[name]


def test_impossible_values_are_protocol_errors() -> None:
    homework = copy.deepcopy(MINIMAL["homework"])
    homework["ListeTravauxAFaire"][0]["duree"] = -5
    lessons = {
        "ListeCahierDeTextes": [{"N": "1", "Date": "01/10/2026 10:00:00", "DateFin": "01/10/2026 09:00:00"}]
    }
    agenda = {"ListeEvenements": [{"N": "1", "DateDebut": "02/10/2026", "DateFin": "01/10/2026"}]}
    for parser, data in ((parse_homework, homework), (parse_lesson_book, lessons), (parse_agenda, agenda)):
        with pytest.raises(ProtocolError):
            parser(data)
    with pytest.raises(ProtocolError, match="PageCahierDeTexte"):
        parse_homework_book({"autreChose": []})


def test_write_replies() -> None:
    assert parse_write_reply({}) == []
    assert parse_write_reply(None) == []
    assert parse_write_reply({"RapportSaisie": {"_messagesErreur_": ["Refusé."]}}) == ["Refusé."]
    assert parse_write_reply({"RapportSaisie": {"_erreurSaisie_": True}})
    with pytest.raises(ProtocolError, match="SaisieTAFFaitEleve"):
        parse_write_reply([1, 2])


# -- debug parse on the emulated server's answers ---------------------------------------------------

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def answers() -> dict[str, dict]:
    """What the demo server answers each call of this area (built by its page builders)."""
    school = demo_school(TODAY)
    ids = IdMinter(b"debug parse secret")

    def build(name: str, tab: int | None, data: dict) -> dict:
        request = PageRequest(
            school=school,
            parent=school.parents[0],
            child=school.child("lea"),
            data=data,
            signature={"onglet": tab} if tab else {},
            ids=ids,
            today=TODAY,
            now=datetime.combine(TODAY, time(8, 0)),
            server_version=(2026, 2, 5),
        )
        return PAGES[name](request)

    week = school.week_number(TODAY)
    return {
        "homework": build("PageCahierDeTexte", 88, {"domaine": {"_T": 8, "V": f"[{week}..{week + 1}]"}}),
        "lessons": build("PageCahierDeTexte", 89, {"domaine": {"_T": 8, "V": f"[{week - 1}]"}}),
        "menus": build("PageMenus", 10, {"date": {"_T": 7, "V": f"{TODAY:%d/%m/%Y} 0:0:0"}}),
        "agenda": build("PageAgenda", 9, {"avecEventsPasses": True}),
        "write": build("SaisieTAFFaitEleve", 88, {"listeTAF": []}),
    }


def debug_parse(capsys, tmp_path: Path, function: str, data: Any) -> Any:
    path = tmp_path / "answer.json"
    path.write_text(json.dumps({"nom": function, "data": data}), encoding="utf-8")
    code = main(["debug", "parse", function, str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_debug_parse_homework(capsys, tmp_path, answers) -> None:
    result = debug_parse(capsys, tmp_path, "PageCahierDeTexte", answers["homework"])
    assert len(result["homework"]) == len(answers["homework"]["ListeTravauxAFaire"]["V"]) > 3
    assert result["lessons"] == [] and result["resources"]
    assert {"due", "description", "description_html", "hand_in", "attachments"} <= set(result["homework"][0])


def test_debug_parse_lesson_contents(capsys, tmp_path, answers) -> None:
    result = debug_parse(capsys, tmp_path, "PageCahierDeTexte", answers["lessons"])
    assert len(result["lessons"]) == len(answers["lessons"]["ListeCahierDeTextes"]["V"]) > 10
    assert result["homework"] == [] and result["lessons"][0]["contents"][0]["title"]


def test_debug_parse_menus_agenda_and_write(capsys, tmp_path, answers) -> None:
    menus = debug_parse(capsys, tmp_path, "PageMenus", answers["menus"])
    assert len(menus) == 5 and menus[0]["meal"] == "LUNCH" and menus[0]["courses"][0]["kind"] == "STARTER"
    agenda = debug_parse(capsys, tmp_path, "PageAgenda", answers["agenda"])
    assert len(agenda) >= 12 and {e["kind"] for e in agenda} >= {"CLASS_COUNCIL", "SCHOOL_OUTING"}
    assert debug_parse(capsys, tmp_path, "SaisieTAFFaitEleve", answers["write"]) == []
