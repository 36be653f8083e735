"""Messagerie and Informations et sondages driven with Pilot against the emulated server.

Each write is checked on the server: in its run state (``server.state``) and, for the survey and
the acknowledgement, read back through a fresh protocol client logged in on the same server.
"""

from __future__ import annotations

import base64

import pytest
from textual.widgets import DataTable, Input, RadioSet, SelectionList, TextArea

from espace_parents_tui.demo.school import Discussion, DiscussionMessage, NewsItem, demo_school
from espace_parents_tui.models import AnswerKind
from espace_parents_tui.pronote.client import PronoteClient
from espace_parents_tui.tui.screens.compose import NewMessageScreen, ReplyScreen
from espace_parents_tui.tui.screens.messages import MessagesView
from espace_parents_tui.tui.screens.news import NewsScreen
from espace_parents_tui.tui.screens.thread import ThreadScreen
from tui_helpers import TODAY, Served, press, screen_text, settle

LEA = "MARTIN Léa"
SURVEY = "Sondage : étude du soir et accueil du mercredi"
ACK = "Réunion parents-professeurs de la 4e B"


@pytest.fixture
def served(tmp_path, monkeypatch):
    monkeypatch.setenv("ESPACE_PARENTS_DOWNLOADS", str(tmp_path / "downloads"))
    served = Served(demo_school(TODAY), tmp_path)
    yield served
    served.stop()


def server_discussion(served, key: str):
    """The discussion as the server keeps it for this run (the school's copy plus the writes)."""
    return next(d for d in served.server.state["messaging"]["demo"] if d.key == key)


def school_discussion(served, key: str):
    return next(d for d in served.school.parents[0].discussions if d.key == key)


def unread(discussion, parent: str = "Mme MARTIN Claire") -> int:
    return sum(1 for m in discussion.messages if not m.read and m.author != parent)


async def fresh_client(served) -> PronoteClient:
    client = PronoteClient(served.thread.page_url)
    await client.login_password("demo", "demo")
    return client


async def type_keys(pilot, *keys: str) -> None:
    """Keys typed in a row (no worker involved), then one wait."""
    await pilot.press(*keys)
    await settle(pilot)


async def open_messagerie(pilot):
    await settle(pilot)
    await press(pilot, "m")
    return pilot.app.query_one(MessagesView)


async def open_discussion(pilot, view: MessagesView, subject: str) -> ThreadScreen:
    table = view.query_one("#discussions-table", DataTable)
    table.move_cursor(row=[d.subject for d in view.discussions].index(subject))
    table.focus()
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, ThreadScreen)
    return pilot.app.screen


async def open_news(pilot, view: MessagesView, title: str) -> NewsScreen:
    if view.mode != "news":
        await type_keys(pilot, "o")
    table = view.query_one("#news-table", DataTable)
    table.move_cursor(row=[i.title for i in view.news].index(title))
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, NewsScreen)
    return pilot.app.screen


async def test_list_read_a_discussion_and_its_attachment_at_80x24(served, tmp_path):
    app = served.app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_messagerie(pilot)
        school = served.school.parents[0].discussions
        assert sorted(d.subject for d in view.discussions) == sorted(d.subject for d in school)
        shown = screen_text(app)
        assert "Messagerie — 24 discussions," in shown
        assert "corbeille" in shown and "brouillon" in shown and "fermée" in shown
        wanted = school_discussion(served, "lea-comportement")
        assert unread(wanted) == 1
        listed = next(d for d in view.discussions if d.subject == wanted.subject)
        assert listed.unread == 1

        thread = await open_discussion(pilot, view, wanted.subject)
        got = thread.thread.messages
        assert [(m.author, m.sent) for m in got] == [(m.author, m.sent) for m in wanted.messages]
        for message, school_message in zip(got, wanted.messages, strict=True):
            assert (message.html or message.text) == school_message.text
            assert "<" not in message.text
        shown = screen_text(app)
        assert "<p>" not in shown and "<br" not in shown
        assert got[-1].text.split()[0] in shown and wanted.messages[-1].author in shown
        # Opening marks it read, on the server and in the list.
        assert unread(server_discussion(served, "lea-comportement")) == 0
        assert next(d for d in view.discussions if d.subject == wanted.subject).unread == 0
        await type_keys(pilot, "escape")
        assert not isinstance(app.screen, ThreadScreen)
        # An attachment: Tab to the list, Enter saves it in the download folder.
        wanted = school_discussion(served, "lea-revisions")
        (attachment,) = wanted.messages[0].attachments
        await open_discussion(pilot, view, wanted.subject)
        await press(pilot, "tab", "enter")
    saved = tmp_path / "downloads" / attachment.name
    assert saved.read_bytes() == base64.b64decode(served.school.document(attachment.document).data)


async def test_reply_is_on_the_server(served):
    app = served.app(sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_messagerie(pilot)
        # A closed discussion opens no dialog; an empty reply is refused in the dialog.
        closed = next(d for d in served.school.parents[0].discussions if d.closed)
        await open_discussion(pilot, view, closed.subject)
        await type_keys(pilot, "r")
        assert isinstance(app.screen, ThreadScreen)
        await type_keys(pilot, "escape")
        wanted = school_discussion(served, "lea-devoir")
        before = len(wanted.messages)
        thread = await open_discussion(pilot, view, wanted.subject)
        await type_keys(pilot, "r", "ctrl+s")
        assert isinstance(app.screen, ReplyScreen)
        assert served.server.stats.requests["SaisieMessage"] == 0
        await type_keys(pilot, "escape")
        assert app.screen is thread
        await type_keys(pilot, "r")
        assert isinstance(app.screen, ReplyScreen)
        await type_keys(pilot, "M", "e", "r", "c", "i", "space", "n", "e")  # typed: no section switch
        assert app.current == "messages"
        app.screen.query_one(TextArea).insert(" [bold]tout[/] est clair.")
        await press(pilot, "ctrl+s")
        assert app.screen is thread
        text = "Merci ne [bold]tout[/] est clair."
        on_server = server_discussion(served, "lea-devoir").messages
        assert len(on_server) == before + 1
        assert (on_server[-1].author, on_server[-1].text) == ("Mme MARTIN Claire", text)
        # The thread and the list show it.
        assert thread.thread.messages[-1].text == text and thread.thread.messages[-1].own
        assert text in screen_text(app)
        assert next(d for d in view.discussions if d.subject == wanted.subject).message_count == before + 1
        # A fresh session reads it back.
        client = await fresh_client(served)
        try:
            box = await client.discussions()
            listed = next(d for d in box.discussions if d.subject == wanted.subject)
            messages = (await client.discussion_messages(listed)).messages
        finally:
            await client.close()
        assert (messages[-1].text, messages[-1].own) == (text, True)


async def test_mark_unread_then_read(served):
    app = served.app(sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_messagerie(pilot)
        wanted = school_discussion(served, "lea-comportement")
        others = sum(1 for m in wanted.messages if m.author != "Mme MARTIN Claire")
        thread = await open_discussion(pilot, view, wanted.subject)
        assert unread(server_discussion(served, "lea-comportement")) == 0
        await press(pilot, "u")
        assert unread(server_discussion(served, "lea-comportement")) == others
        assert thread.discussion.unread == others
        assert next(d for d in view.discussions if d.subject == wanted.subject).unread == others
        await press(pilot, "u")
        assert unread(server_discussion(served, "lea-comportement")) == 0
        # And from the list.
        await type_keys(pilot, "escape")
        await press(pilot, "u")
        assert unread(server_discussion(served, "lea-comportement")) == others
        await press(pilot, "u")
        assert unread(server_discussion(served, "lea-comportement")) == 0


async def test_new_message_to_a_teacher(served):
    app = served.app(sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_messagerie(pilot)
        await press(pilot, "ctrl+n")
        screen = app.screen
        assert isinstance(screen, NewMessageScreen)
        names = [r.name for r in screen.recipients]
        teacher = next(r for r in screen.recipients if r.is_teacher and "MATHÉMATIQUES" in r.subjects)
        assert any(not r.is_teacher and r.function for r in screen.recipients)
        assert "MATHÉMATIQUES" in screen_text(app)
        await type_keys(pilot, "ctrl+s", "q")  # nobody chosen yet: refused; q does not quit
        assert app.screen is screen and app.is_running
        recipients = screen.query_one(SelectionList)
        recipients.highlighted = names.index(teacher.name)
        await type_keys(pilot, "space", "tab")
        assert screen.query_one(Input).has_focus
        await type_keys(pilot, *"Question", "tab")
        assert screen.query_one(TextArea).has_focus
        await type_keys(pilot, *"Bonjour")
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, NewMessageScreen)
        created = served.server.state["messaging"]["demo"][0]
        assert (created.subject, created.participants) == ("Question", [teacher.name])
        assert [(m.author, m.text) for m in created.messages] == [("Mme MARTIN Claire", "Bonjour")]
        assert view.discussions[0].subject == "Question" and view.discussions[0].initiator is None


async def test_answer_a_survey(served):
    app = served.app(sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_messagerie(pilot)
        screen = await open_news(pilot, view, SURVEY)
        item = screen.item
        single = next(i for i, q in enumerate(item.questions) if q.kind == AnswerKind.SINGLE_CHOICE)
        multiple = next(i for i, q in enumerate(item.questions) if q.kind == AnswerKind.MULTIPLE_CHOICE)
        text = next(i for i, q in enumerate(item.questions) if q.kind == AnswerKind.TEXT)
        limit = item.questions[multiple].max_choices
        assert limit == 2
        # Opening it marked it read on the server.
        state = next(i for i in served.server.state["news"]["demo"]["items"] if i.title == SURVEY)
        assert state.read
        # Single choice: arrows and Enter.
        screen.query_one(f"#q-{single}", RadioSet).focus()
        await type_keys(pilot, "down", "down", "enter")
        radio = screen.query_one(f"#q-{single}", RadioSet)
        assert radio.pressed_index >= 0
        chosen_single = item.questions[single].choices[radio.pressed_index].rank
        # Several choices, no more than the maximum: the third one is refused.
        choices = screen.query_one(f"#q-{multiple}", SelectionList)
        choices.focus()
        await type_keys(pilot, "space", "down", "down", "space", "down", "space")
        assert sorted(choices.selected) == [1, 3]
        # A text too long: the client refuses it in one sentence, nothing is sent.
        area = screen.query_one(f"#q-{text}", TextArea)
        area.text = "x" * (item.questions[text].max_length + 1)
        writes = served.server.stats.requests["SaisieActualites"]
        await press(pilot, "ctrl+s")
        assert "caractères au plus" in (app.last_problem or "")
        assert "\n" not in app.last_problem
        assert served.server.stats.requests["SaisieActualites"] == writes
        assert app.portal.freshness().offline_since is None
        assert app.screen is screen
        area.text = ""
        area.focus()
        await type_keys(pilot, *"Jeudi")
        await press(pilot, "ctrl+s")
        assert "Réponses envoyées" in screen_text(app) or not screen.item.unanswered
    client = await fresh_client(served)
    try:
        again = (await client.news(LEA)).item(SURVEY)
    finally:
        await client.close()
    answers = {q.kind: q.answer for q in again.questions if q.answerable}
    assert answers[AnswerKind.SINGLE_CHOICE].choices == (chosen_single,)
    assert answers[AnswerKind.MULTIPLE_CHOICE].choices == (1, 3)
    assert answers[AnswerKind.TEXT].text == "Jeudi"
    assert not again.unanswered and again.read


async def test_acknowledge_an_information(served):
    app = served.app(sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_messagerie(pilot)
        screen = await open_news(pilot, view, ACK)
        assert screen.item.needs_acknowledgement
        assert "accusé de lecture" in screen_text(app)
        await press(pilot, "j")
        assert screen.item.acknowledged
        assert "Vous avez pris connaissance" in screen_text(app)
        await type_keys(pilot, "escape")
        listed = next(i for i in view.news if i.title == ACK)
        assert listed.acknowledged and listed.read
    client = await fresh_client(served)
    try:
        again = (await client.news(LEA)).item(ACK)
    finally:
        await client.close()
    assert again.acknowledged and not again.needs_acknowledgement


async def test_server_text_is_never_markup_and_a_lost_server_is_one_message(tmp_path):
    school = demo_school(TODAY)
    parent = school.parents[0]
    weird_subject = "Objet [bold]gras[/] [link=x]lien"
    weird_text = "Texte [bold]non gras[/] et [link=x]pas un lien[/link] [/]"
    sent = max(m.sent for d in parent.discussions for m in d.messages)
    parent.discussions.insert(
        0,
        Discussion(
            "bizarre",
            weird_subject,
            ["Mme LEROY S."],
            [DiscussionMessage("Mme LEROY S.", sent, weird_text, read=False)],
            child="lea",
        ),
    )
    news_title = "Info [red]rouge[/red] [/]"
    school.news.append(
        NewsItem(
            "bizarre", news_title, school.news_categories[0], "M. [b]X[/b]", sent, TODAY, TODAY, questions=[]
        )
    )
    served = Served(school, tmp_path)
    try:
        app = served.app(sync_on_start=False)
        async with app.run_test(size=(120, 40)) as pilot:
            view = await open_messagerie(pilot)
            assert weird_subject in screen_text(app)
            thread = await open_discussion(pilot, view, weird_subject)
            assert thread.thread.messages[0].text == weird_text
            shown = screen_text(app)
            assert weird_subject in shown and weird_text in shown
            await type_keys(pilot, "escape")
            await open_news(pilot, view, news_title)
            shown = screen_text(app)
            assert news_title in shown and "M. [b]X[/b]" in shown
            # The server goes away: opening a discussion says so in one sentence, the list stays.
            served.stop()
            await app.portal.close()
            await type_keys(pilot, "escape", "o")
            await press(pilot, "enter")
            assert app.last_problem and "\n" not in app.last_problem
            assert not isinstance(app.screen, ThreadScreen)
            assert weird_subject in screen_text(app) and "Traceback" not in screen_text(app)
    finally:
        served.stop()


async def test_a_new_message_whose_send_fails_is_kept_and_offered_again(served):
    app = served.app(sync_on_start=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_messagerie(pilot)
        await press(pilot, "ctrl+n")
        screen = app.screen
        assert isinstance(screen, NewMessageScreen)
        teacher = next(r for r in screen.recipients if r.is_teacher and "MATHÉMATIQUES" in r.subjects)
        screen.query_one(SelectionList).highlighted = [r.name for r in screen.recipients].index(teacher.name)
        await type_keys(pilot, "space", "tab", *"Sortie", "tab", *"Bonjour")
        served.server.options.http500 = {"SaisieMessage"}  # the school's server fails the write
        await press(pilot, "ctrl+s")
        assert app.screen is screen  # the text stays in the dialog
        said = [str(n.message) for n in app._notifications]
        assert any("on ne sait pas si l'établissement l'a reçu" in m for m in said), said
        assert "messaging" not in served.server.state or not any(
            d.subject == "Sortie" for d in served.server.state["messaging"]["demo"]
        )
        await type_keys(pilot, "escape")
        # Opened again (the app could have been closed meanwhile): what was typed is there.
        served.server.options.http500 = set()
        await press(pilot, "ctrl+n")
        again = app.screen
        assert isinstance(again, NewMessageScreen) and again is not screen
        assert again.query_one(Input).value == "Sortie"
        assert again.query_one(TextArea).text == "Bonjour"
        assert [c.name for c in again.chosen()] == [teacher.name]
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, NewMessageScreen)
        created = [d for d in served.server.state["messaging"]["demo"] if d.subject == "Sortie"]
        assert [[m.text for m in d.messages] for d in created] == [["Bonjour"]]
        # Sent: the draft is gone, a new message starts blank.
        await press(pilot, "ctrl+n")
        assert app.screen.query_one(Input).value == "" and app.screen.query_one(TextArea).text == ""
