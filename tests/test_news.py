"""Informations et sondages: our client against the emulated server over loopback HTTP.

Values are checked against the demo school's news items; the writes (read marks, acknowledgement,
survey answers) are read back, from the same session and from a new one.
"""

from __future__ import annotations

import base64
import json
from contextlib import asynccontextmanager
from datetime import date, datetime, time

import pytest

from espace_parents_tui.cli.main import main
from espace_parents_tui.demo.school import (
    NEWS_QUESTION_KINDS,
    SchoolFileError,
    demo_school,
    dump_school,
    load_school,
)
from espace_parents_tui.demo.school.fileformat import school_from_json, school_to_json
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models import AnswerKind, NewsFeed
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.base import TAB_NEWS
from espace_parents_tui.pronote.client import PronoteClient

TODAY = date(2026, 11, 24)
SCHOOL = demo_school(TODAY)
LEA, HUGO = "MARTIN Léa", "MARTIN Hugo"
SURVEY = "Sondage : étude du soir et accueil du mercredi"


@asynccontextmanager
async def logged_in():
    app = DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password("demo", "demo")
            yield client


async def fresh_read(client: PronoteClient, child: str) -> NewsFeed:
    """The feed read by a new session of the same server (writes live in the server's run)."""
    async with PronoteClient(f"{client.root}/parent.html") as other:
        await other.login_password("demo", "demo")
        return await other.news(child)


def shown(child_key: str):
    return [
        item
        for item in SCHOOL.news
        if item.start <= TODAY <= item.end and (not item.children or child_key in item.children)
    ]


def school_item(title: str):
    return next(item for item in SCHOOL.news if item.title == title)


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
async def test_feed_matches_the_school(child_key):
    child = SCHOOL.child(child_key)
    async with logged_in() as client:
        feed = await client.news(child.name)
        downloads = {}
        for item in feed.items:
            for attachment in item.attachments:
                downloads[attachment.name] = await client.download(attachment)
    wanted = shown(child_key)
    assert len(wanted) >= 9
    assert sorted(i.title for i in feed.items) == sorted(i.title for i in wanted)
    assert [c.name for c in feed.categories] == SCHOOL.news_categories
    for item in wanted:
        got = feed.item(item.title)
        assert (got.category, got.author, got.read, got.is_survey, got.anonymous) == (
            item.category,
            item.author,
            item.read,
            item.survey,
            item.anonymous,
        )
        assert got.created == item.created
        assert (got.start, got.end) == (
            datetime.combine(item.start, time()),
            datetime.combine(item.end, time()),
        )
        assert [q.kind for q in got.questions] == [NEWS_QUESTION_KINDS[q.kind] for q in item.questions]
        for question, school_question in zip(got.questions, item.questions, strict=True):
            assert question.html == school_question.text
            assert "<" not in question.text
            assert [c.label for c in question.choices] == school_question.choices
            assert [c.rank for c in question.choices] == list(range(1, len(school_question.choices) + 1))
            assert question.answered == (school_question.answered is not None)
            if school_question.answered is not None:
                assert question.answer.answered_at == school_question.answered
                assert question.answer.choices == tuple(school_question.chosen)
                assert question.answer.text == (school_question.answer or "")
            assert [a.name for a in question.attachments] == [a.name for a in school_question.attachments]
            for school_attachment in school_question.attachments:
                document = SCHOOL.document(school_attachment.document)
                assert downloads[school_attachment.name] == base64.b64decode(document.data)
    # The feed shows off what the demo promises.
    assert any(i.attachments for i in feed.items)
    assert any(i.is_survey and i.unanswered for i in feed.items)
    assert any(i.read for i in feed.items) and any(not i.read for i in feed.items)
    assert any(i.needs_acknowledgement for i in feed.items)


async def test_items_for_one_child_only():
    async with logged_in() as client:
        lea = {i.title for i in (await client.news(LEA)).items}
        hugo = {i.title for i in (await client.news(HUGO)).items}
    only = {i.title for i in SCHOOL.news if i.children}
    assert lea & only == {i.title for i in SCHOOL.news if "lea" in i.children}
    assert hugo & only == {i.title for i in SCHOOL.news if "hugo" in i.children}


async def test_content_request_of_pronotepy_gives_the_same_questions():
    async with logged_in() as client:
        feed = await client.news(LEA)
        for item in feed.items:
            assert await client.news_content(item, LEA) == item.questions


async def test_mark_read_and_unread_are_kept():
    unread = next(i for i in shown("lea") if not i.read and not i.survey)
    read = next(i for i in shown("lea") if i.read)
    async with logged_in() as client:
        feed = await client.news(LEA)
        await client.mark_news_read(feed.item(unread.title), child=LEA)
        await client.mark_news_read(feed.item(read.title), False, child=LEA)
        again = await fresh_read(client, LEA)
    assert again.item(unread.title).read is True
    assert again.item(read.title).read is False


async def test_acknowledgement_is_kept():
    item = next(i for i in shown("lea") if any(q.kind == "accuse" and q.answer is None for q in i.questions))
    async with logged_in() as client:
        got = (await client.news(LEA)).item(item.title)
        assert got.needs_acknowledgement and not got.read
        await client.acknowledge_news(got, child=LEA)
        again = (await fresh_read(client, LEA)).item(item.title)
        with pytest.raises(errors.PronoteError):
            await client.acknowledge_news((await client.news(LEA)).item(SURVEY), child=LEA)
    assert again.acknowledged and not again.needs_acknowledgement and again.read
    (question,) = again.questions
    assert question.answer.answered_at.date() == TODAY and question.answer.text == ""


async def test_survey_answers_are_kept():
    school_survey = school_item(SURVEY)
    kinds = [q.kind for q in school_survey.questions]
    assert {"choix_unique", "choix_multiple", "texte"} <= set(kinds)
    async with logged_in() as client:
        survey = (await client.news(LEA)).item(SURVEY)
        assert not survey.read and len(survey.unanswered) == 3
        single = next(q for q in survey.questions if q.kind == AnswerKind.SINGLE_CHOICE)
        multiple = next(q for q in survey.questions if q.kind == AnswerKind.MULTIPLE_CHOICE)
        text = next(q for q in survey.questions if q.kind == AnswerKind.TEXT)
        # Only part of it first: not read yet.
        await client.answer_news(survey, {single: [2]}, child=LEA)
        partial = (await client.news(LEA)).item(SURVEY)
        assert not partial.read and len(partial.unanswered) == 2
        await client.answer_news(partial, {multiple.id: [1, 3], text: "Le jeudi nous arrange."}, child=LEA)
        again = (await fresh_read(client, HUGO)).item(SURVEY)  # the parent's answers, whatever child
    answers = {q.kind: q.answer for q in again.questions if q.answerable}
    assert answers[AnswerKind.SINGLE_CHOICE].choices == (2,)
    assert answers[AnswerKind.MULTIPLE_CHOICE].choices == (1, 3)
    assert answers[AnswerKind.TEXT].text == "Le jeudi nous arrange."
    assert all(a.answered and a.answered_at.date() == TODAY for a in answers.values())
    assert again.read and not again.unanswered


async def test_wrong_answers_are_refused_on_both_sides():
    school_survey = school_item(SURVEY)
    limit = next(q.max_choices for q in school_survey.questions if q.kind == "choix_multiple")
    async with logged_in() as client:
        survey = (await client.news(LEA)).item(SURVEY)
        single = next(q for q in survey.questions if q.kind == AnswerKind.SINGLE_CHOICE)
        multiple = next(q for q in survey.questions if q.kind == AnswerKind.MULTIPLE_CHOICE)
        text = next(q for q in survey.questions if q.kind == AnswerKind.TEXT)
        intro = next(q for q in survey.questions if not q.answerable)
        for answers in (
            {single: [1, 2]},
            {single: [9]},
            {multiple: list(range(1, limit + 2))},
            {text: "x" * (text.max_length + 1)},
            {text: [1]},
            {intro: "bonjour"},
        ):
            with pytest.raises(errors.PronoteError):
                await client.answer_news(survey, answers, child=LEA)
        # Sent anyway, the server refuses it (error 21) and keeps nothing.
        element = {
            "N": survey.id,
            "listeQuestions": [
                {"N": single.id, "genreReponse": 2, "reponse": {"valeurReponse": {"_T": 26, "V": "[1..2]"}}}
            ],
        }
        with pytest.raises(errors.PageUnavailable):
            await client.call(
                "SaisieActualites",
                {"listeActualites": [element], "saisieActualite": False},
                tab=TAB_NEWS,
                child=LEA,
            )
        assert not (await client.news(LEA)).item(SURVEY).questions[1].answered


async def test_debug_parse_reads_every_news_answer(tmp_path, capsys):
    async with logged_in() as client:
        child = client.current_child(LEA)
        listing = await client.call(
            "PageActualites", {"modesAffActus": {"_T": 26, "V": "[0..3]"}}, tab=8, child=child
        )
        feed = await client.news(LEA)
        details = await client.call(
            "PageActualites",
            {"actualite": {"N": feed.items[0].id}, "genreRequeteActualite": 1, "modeAffActu": 0},
            tab=8,
            child=child,
        )
        write = await client.call(
            "SaisieActualites",
            {"listeActualites": [{"N": feed.items[0].id, "lue": True}], "saisieActualite": False},
            tab=8,
            child=child,
        )
    for name, function, data in (
        ("list", "PageActualites", listing),
        ("details", "PageActualites", details),
        ("write", "SaisieActualites", write),
    ):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"data": data}), encoding="utf-8")
        assert main(["debug", "parse", function, str(path)]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        result = json.loads(out)
        if name == "list":
            assert len(result["items"]) == len(shown("lea"))
        elif name == "details":
            assert result[0]["html"] == school_item(feed.items[0].title).questions[0].text
        else:
            assert result == []


def test_school_file_round_trip_and_checks(tmp_path):
    path = tmp_path / "ecole.json"
    dump_school(SCHOOL, path)
    loaded = load_school(path)
    assert (loaded.news, loaded.news_categories) == (SCHOOL.news, SCHOOL.news_categories)
    raw = school_to_json(SCHOOL)
    survey = next(i for i, item in enumerate(raw["news"]) if item["title"] == SURVEY)
    for change, message in (
        (lambda n: n.update(category="Divers"), "catégorie inconnue"),
        (lambda n: n["questions"][1].update(kind="vrai_faux"), "« vrai_faux » inconnu"),
        (lambda n: n["questions"][1].update(chosen=[1, 2]), "un seul choix"),
        (lambda n: n["questions"][2].update(chosen=[7]), "rang de 1 à 4"),
        (lambda n: n["questions"][1].update(choices=[]), "a des choix"),
        (lambda n: n.update(children=["zoe"]), "aucun enfant"),
    ):
        broken = json.loads(json.dumps(raw))
        change(broken["news"][survey])
        with pytest.raises(SchoolFileError, match=message):
            school_from_json(broken)
