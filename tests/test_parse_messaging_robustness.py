"""The Messagerie and Informations et sondages parsers on generated answers.

Valid answers are built with optional fields randomly left out, typed wrappers randomly used,
unknown kinds (``G``) and unknown keys mixed in, empty lists; each builder also states what the
answer stands for, from the protocol's field meanings. Damaged answers (a value replaced by one of
the wrong type, a required list removed) must raise :class:`ProtocolError` naming the function,
never another exception.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from espace_parents_tui.pronote.errors import ProtocolError
from espace_parents_tui.pronote.parse import (
    label_date,
    parse_mailbox,
    parse_news,
    parse_news_answer,
    parse_news_details,
    parse_participants,
    parse_recipients,
    parse_thread,
)

BUILT = settings(max_examples=60, deadline=None)
FAST = settings(max_examples=150, deadline=None)

TEXT = st.text(max_size=12)
IDS = st.text(min_size=1, max_size=8)
KINDS = st.integers(-3, 80)  # known and unknown G
EXTRA = st.dictionaries(st.sampled_from(["zz", "inconnu", "nouveauChamp"]), st.integers(), max_size=2)


def wrap(draw, value: Any, kind: int) -> Any:
    return {"_T": kind, "V": value} if draw(st.booleans()) else value


def put(draw, body: dict, key: str, value: Any, kind: int | None = None) -> None:
    """Set an optional field, or leave it out, or send it as null."""
    choice = draw(st.sampled_from(["set", "set", "absent", "null"]))
    if choice == "set":
        body[key] = wrap(draw, value, kind) if kind is not None else value
    elif choice == "null":
        body[key] = None


MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 30)).map(
    lambda m: m.replace(microsecond=0)
)


# -- Messagerie --------------------------------------------------------------------------------


@st.composite
def mailbox_answer(draw) -> tuple[dict, list[dict]]:
    labels = draw(
        st.lists(
            st.fixed_dictionaries({"N": IDS, "L": TEXT, "G": KINDS}), max_size=3, unique_by=lambda x: x["N"]
        )
    )
    entries, expected = [], []
    for _ in range(draw(st.integers(0, 5))):
        entry: dict[str, Any] = dict(draw(EXTRA))
        is_discussion = draw(st.booleans())
        depth = draw(st.integers(0, 2))
        put(draw, entry, "estUneDiscussion", is_discussion)
        put(draw, entry, "profondeur", depth)
        put(draw, entry, "objet", draw(TEXT))
        put(draw, entry, "initiateur", draw(TEXT))
        put(draw, entry, "nbNonLus", draw(st.integers(0, 50)))
        put(draw, entry, "ferme", draw(st.booleans()))
        put(
            draw,
            entry,
            "libelleDate",
            draw(st.sampled_from(["10h30", "mardi 08h00", "12/03", "hier", "??", ""])),
        )
        put(draw, entry, "messagePourParticipants", {"N": draw(IDS)}, 24)
        put(
            draw,
            entry,
            "listePossessionsMessages",
            [{"N": draw(IDS)} for _ in range(draw(st.integers(0, 3)))],
            24,
        )
        own = [{"N": label["N"]} for label in labels if draw(st.booleans())]
        put(draw, entry, "listeEtiquettes", own, 24)
        entries.append(entry)
        if entry.get("estUneDiscussion") is True and entry.get("profondeur") in (0, None):
            expected.append(entry)
    answer: dict[str, Any] = {"listeMessagerie": wrap(draw, entries, 24)}
    put(draw, answer, "listeEtiquettes", labels, 24)
    return answer, expected


def plain(value: Any) -> Any:
    return value["V"] if isinstance(value, dict) and set(value) <= {"_T", "V"} and "V" in value else value


@BUILT
@given(mailbox_answer(), st.dates(min_value=date(2001, 1, 1)))
def test_mailbox_keeps_top_level_discussions(built, today):
    answer, expected = built
    box = parse_mailbox(answer, today)
    assert len(box.discussions) == len(expected)
    for got, entry in zip(box.discussions, expected, strict=True):
        assert got.subject == (entry.get("objet") or "")
        assert got.initiator == entry.get("initiateur")
        assert got.unread == (entry.get("nbNonLus") or 0)
        assert got.closed is bool(entry.get("ferme"))
        assert got.possessions == tuple(p["N"] for p in plain(entry.get("listePossessionsMessages")) or [])
        label_ids = [p["N"] for p in plain(entry.get("listeEtiquettes")) or []]
        assert [label.id for label in got.labels] == label_ids


@st.composite
def thread_answer(draw) -> tuple[dict, list[dict]]:
    messages = []
    for index in range(draw(st.integers(0, 4))):
        message: dict[str, Any] = {"N": f"m{index}", **draw(EXTRA)}
        html = draw(st.booleans())
        content = draw(st.sampled_from(["Bonjour", "<p>Bonjour</p><p>Suite</p>", "a &amp; b", ""]))
        put(draw, message, "estHTML", html)
        put(draw, message, "contenu", content, 21 if html else None)
        put(draw, message, "date", draw(MOMENTS).strftime("%d/%m/%Y %H:%M:%S"), 7)
        put(draw, message, "public_gauche", draw(TEXT))
        put(draw, message, "emetteur", draw(st.booleans()))
        put(draw, message, "messageSource", {"N": draw(st.sampled_from(["m0", "m1", "racine"]))}, 24)
        put(draw, message, "listeDocumentsJoints", [{"N": "d", "L": "f.pdf", "G": draw(KINDS)}], 24)
        messages.append(message)
    answer: dict[str, Any] = {"listeMessages": wrap(draw, messages, 24)}
    put(draw, answer, "messagePourReponse", {"N": draw(IDS), "G": draw(KINDS)}, 24)
    put(draw, answer, "listeBoutons", [{"N": draw(st.integers(0, 3)), "L": draw(TEXT), "G": draw(KINDS)}], 24)
    return answer, messages


@BUILT
@given(thread_answer())
def test_thread_reads_every_message(built):
    answer, messages = built
    thread = parse_thread(answer)
    assert sorted(m.id for m in thread.messages) == sorted(m["N"] for m in messages)
    ids = {m.id for m in thread.messages}
    assert all(m.reply_to is None or m.reply_to in ids for m in thread.messages)
    for message in thread.messages:
        assert all(a.kind in ("file", "link") for a in message.attachments)
        if message.html is not None:
            assert "<p>" not in message.text


@st.composite
def recipients_answer(draw) -> tuple[dict, int]:
    people = []
    for index in range(draw(st.integers(0, 4))):
        person: dict[str, Any] = {"N": f"p{index}", **draw(EXTRA)}
        put(draw, person, "L", draw(TEXT))
        put(draw, person, "G", draw(KINDS))
        put(draw, person, "email", draw(TEXT))
        put(draw, person, "avecDiscussion", draw(st.booleans()))
        put(draw, person, "fonction", {"N": "f", "L": draw(TEXT)}, 24)
        put(draw, person, "listeRessources", [{"N": "s", "L": draw(TEXT)}], 24)
        people.append(person)
    return {"listeRessourcesPourCommunication": wrap(draw, people, 24)}, len(people)


@BUILT
@given(recipients_answer(), st.sampled_from([3, 34, None]))
def test_recipients(built, kind):
    answer, count = built
    found = parse_recipients(answer, kind)
    assert len(found) == count
    assert parse_participants({"listeDest": [{"N": "x", "L": "Nom", "G": 77}]}) == ("Nom",)


# -- Informations et sondages ------------------------------------------------------------------


@st.composite
def question(draw, index: int) -> dict:
    kind = draw(st.integers(-1, 9))
    body: dict[str, Any] = {"N": f"q{index}", **draw(EXTRA)}
    put(draw, body, "genreReponse", kind)
    put(draw, body, "texte", draw(st.sampled_from(["<p>Texte</p>", "simple", ""])), 21)
    put(draw, body, "L", draw(TEXT))
    put(draw, body, "rang", index + 1)
    put(draw, body, "listePiecesJointes", [{"N": "a", "L": "x.pdf", "G": draw(KINDS)}], 24)
    put(
        draw,
        body,
        "listeChoix",
        [{"N": f"c{j}", "L": draw(TEXT), "rang": j + 1} for j in range(draw(st.integers(0, 3)))],
        24,
    )
    put(draw, body, "avecMaximum", draw(st.booleans()))
    put(draw, body, "nombreReponsesMax", draw(st.integers(1, 3)))
    answer: dict[str, Any] = {}
    put(draw, answer, "avecReponse", draw(st.booleans()))
    put(draw, answer, "reponduLe", draw(MOMENTS).strftime("%d/%m/%Y %H:%M:%S"), 7)
    if kind in (2, 3):
        put(draw, answer, "valeurReponse", draw(st.sampled_from(["[1,3]", "[1..2]", "[]", ""])), 26)
    else:
        put(draw, answer, "valeurReponse", draw(TEXT))
    put(draw, body, "reponse", answer, 24)
    return body


@st.composite
def news_answer(draw) -> tuple[dict, list[str]]:
    categories = [{"N": "c1", "L": "Vie scolaire", "estDefaut": True}]
    items, ids = [], []
    for index in range(draw(st.integers(0, 4))):
        item: dict[str, Any] = {"N": f"n{index}", **draw(EXTRA)}
        put(draw, item, "L", draw(TEXT))
        put(draw, item, "estSondage", draw(st.booleans()))
        put(draw, item, "lue", draw(st.booleans()))
        put(draw, item, "auteur", draw(TEXT))
        put(draw, item, "dateCreation", draw(MOMENTS).strftime("%d/%m/%Y %H:%M:%S"), 7)
        put(draw, item, "dateDebut", draw(MOMENTS).strftime("%d/%m/%Y"), 7)
        put(draw, item, "categorie", {"N": draw(st.sampled_from(["c1", "inconnue"]))}, 24)
        put(draw, item, "nature", {"N": "c1", "L": "Vie scolaire"}, 24)
        put(draw, item, "public", {"N": "parent", "G": draw(KINDS)}, 24)
        put(draw, item, "listeQuestions", [draw(question(j)) for j in range(draw(st.integers(0, 3)))], 24)
        items.append(item)
        ids.append(item["N"])
    modes = [{"G": 0, "listeActualites": wrap(draw, items, 24)}]
    if draw(st.booleans()):
        modes.append({"G": 1, "listeActualites": wrap(draw, items[:1], 24)})  # listed twice: kept once
    answer: dict[str, Any] = {"listeModesAff": wrap(draw, modes, 24)}
    put(draw, answer, "listeCategories", categories, 24)
    return answer, ids


@BUILT
@given(news_answer())
def test_news_items(built):
    answer, ids = built
    feed = parse_news(answer)
    assert [item.id for item in feed.items] == ids
    for item in feed.items:
        for q in item.questions:
            if q.answer is not None and q.kind in (2, 3):
                assert all(rank >= 1 for rank in q.answer.choices)
    assert parse_news_answer(answer) == feed


@BUILT
@given(st.lists(question(0), max_size=3))
def test_news_details(questions):
    assert len(parse_news_details({"detailsActualite": {"N": "n", "listeQuestions": questions}})) == len(
        questions
    )
    assert len(
        parse_news_answer({"detailsActualite": {"listeQuestions": {"_T": 24, "V": questions}}})
    ) == len(questions)


# -- damaged answers ---------------------------------------------------------------------------

JUNK = st.sampled_from([None, 3, -1, 2.5, "x", [], {}, [1, "a"], {"V": None}, True])


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def damaged(draw, answer: Any) -> Any:
    answer = copy.deepcopy(answer)
    candidates = paths(answer)
    if not candidates:
        return draw(JUNK)
    path = draw(st.sampled_from(candidates))
    target = answer
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = draw(JUNK)
    return answer


CASES: list[tuple[str, st.SearchStrategy, Callable[[Any], Any]]] = [
    ("ListeMessagerie", mailbox_answer().map(lambda b: b[0]), lambda a: parse_mailbox(a, date(2026, 1, 5))),
    ("ListeMessages", thread_answer().map(lambda b: b[0]), parse_thread),
    ("ListeRessourcesPourCommunication", recipients_answer().map(lambda b: b[0]), parse_recipients),
    ("PageActualites", news_answer().map(lambda b: b[0]), parse_news_answer),
]


@pytest.mark.parametrize(("function", "strategy", "parser"), CASES, ids=[c[0] for c in CASES])
@FAST
@given(data=st.data())
def test_damaged_answers_raise_protocol_errors_only(function, strategy, parser, data):
    answer = damaged(data.draw, data.draw(strategy))
    try:
        parser(answer)
    except ProtocolError as exc:
        assert exc.function == function


@pytest.mark.parametrize(
    ("parser", "answer", "function"),
    [
        (parse_mailbox, {}, "ListeMessagerie"),
        (parse_mailbox, {"listeMessagerie": {"_T": 24, "V": "pas une liste"}}, "ListeMessagerie"),
        (
            parse_mailbox,
            {"listeMessagerie": [{"estUneDiscussion": True, "nbNonLus": "deux"}]},
            "ListeMessagerie",
        ),
        (parse_thread, {"listeMessages": [{"contenu": "sans id"}]}, "ListeMessages"),
        (parse_thread, {"listeMessages": [{"N": "m", "date": "hier"}]}, "ListeMessages"),
        (
            parse_recipients,
            {"listeRessourcesPourCommunication": [{"L": "sans id"}]},
            "ListeRessourcesPourCommunication",
        ),
        (parse_participants, [], "SaisiePublicMessage"),
        (parse_news, {"listeCategories": []}, "PageActualites"),
        (parse_news_details, {"detailsActualite": "rien"}, "PageActualites"),
        (
            parse_news,
            {
                "listeModesAff": [
                    {
                        "listeActualites": [
                            {
                                "N": "n",
                                "listeQuestions": [
                                    {"genreReponse": 3, "reponse": {"valeurReponse": "[3..1]"}}
                                ],
                            }
                        ]
                    }
                ]
            },
            "PageActualites",
        ),
    ],
)
def test_answers_that_cannot_be_understood(parser, answer, function):
    with pytest.raises(ProtocolError) as caught:
        parser(answer)
    assert caught.value.function == function


def test_empty_and_minimal_answers():
    assert parse_mailbox({"listeMessagerie": []}).discussions == ()
    assert parse_thread({"listeMessages": {"_T": 24, "V": []}}).messages == ()
    assert not parse_thread({"listeMessages": []}).can_reply
    assert parse_news({"listeModesAff": []}).items == ()
    (item,) = parse_news({"listeModesAff": [{"listeActualites": {"_T": 24, "V": [{"N": "n"}]}}]}).items
    assert (item.title, item.category, item.read, item.questions) == ("", "", False, ())
    box = parse_mailbox(
        {
            "listeEtiquettes": [{"N": "e1", "G": 99}],
            "listeMessagerie": [{"estUneDiscussion": True, "listeEtiquettes": [{"N": "e1"}, {"N": "e2"}]}],
        }
    )
    assert [label.kind for label in box.discussions[0].labels] == [99, None]


@FAST
@given(st.text(max_size=20), st.dates(min_value=date(2001, 1, 1)))
def test_label_date_never_raises(label, today):
    found = label_date(label, today)
    assert found is None or found.date() <= today or "/" in label
