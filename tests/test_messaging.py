"""Messagerie: our client against the emulated server over loopback HTTP.

Values are checked against the demo school (the parent's discussions, the teachers and staff),
never against the client's own output; the writes (reply, new discussion, read marks, trash) are
read back, from the same session and from a new one.
"""

from __future__ import annotations

import base64
import json
from contextlib import asynccontextmanager
from datetime import date, datetime, time

import pytest

from espace_parents_tui.cli.main import main
from espace_parents_tui.demo.school import SchoolFileError, demo_school, dump_school, load_school
from espace_parents_tui.demo.school.fileformat import school_from_json, school_to_json
from espace_parents_tui.demo.server import DemoServer, ServerOptions
from espace_parents_tui.demo.serving import running_server
from espace_parents_tui.models import Discussion, LabelKind, Mailbox
from espace_parents_tui.pronote import errors
from espace_parents_tui.pronote.calls.base import TAB_MESSAGES
from espace_parents_tui.pronote.client import PronoteClient
from espace_parents_tui.pronote.parse.messaging import label_date

TODAY = date(2026, 11, 24)  # a Tuesday
SCHOOL = demo_school(TODAY)
PARENT = SCHOOL.parents[0]
LEA = "MARTIN Léa"
FOLDER_KINDS = {"brouillons": LabelKind.DRAFTS, "corbeille": LabelKind.TRASH}


@asynccontextmanager
async def logged_in(app: DemoServer | None = None):
    app = app or DemoServer(SCHOOL, ServerOptions(today=TODAY))
    async with running_server(app) as root:
        async with PronoteClient(f"{root}/parent.html") as client:
            await client.login_password("demo", "demo")
            yield client, app


async def second_session(app: DemoServer, root_client: PronoteClient) -> PronoteClient:
    client = PronoteClient(f"{root_client.root}/parent.html")
    await client.login_password("demo", "demo")
    return client


def last_sent(school_discussion) -> datetime:
    return max(m.sent for m in school_discussion.messages)


def expected_label_date(sent: datetime) -> datetime:
    """What a list label can tell of a date: the time for the last week, the day before that."""
    return sent if (TODAY - sent.date()).days < 7 else datetime.combine(sent.date(), time(0, 0))


def find(box: Mailbox, school_discussion) -> Discussion:
    """The listed discussion of a school discussion (subjects are unique in the demo)."""
    matches = [d for d in box.discussions if d.subject == school_discussion.subject]
    assert len(matches) == 1, school_discussion.subject
    return matches[0]


def school_discussion(key: str):
    return next(d for d in PARENT.discussions if d.key == key)


def unread_of(discussion) -> int:
    return sum(1 for m in discussion.messages if not m.read and m.author != PARENT.name)


async def test_list_matches_the_school():
    async with logged_in() as (client, _app):
        box = await client.discussions(today=TODAY)
    assert len(PARENT.discussions) >= 20
    assert len(box.discussions) == len(PARENT.discussions)
    assert {(label.kind, label.name) for label in box.labels} == {(4, "Brouillons"), (5, "Corbeille")}
    for wanted in PARENT.discussions:
        got = find(box, wanted)
        first = wanted.messages[0].author
        assert got.initiator == (None if first == PARENT.name else first)
        assert got.unread == unread_of(wanted)
        assert got.date == expected_label_date(last_sent(wanted))
        assert got.message_count == len(wanted.messages)
        assert got.closed == wanted.closed
        assert [label.kind for label in got.labels] == (
            [FOLDER_KINDS[wanted.folder]] if wanted.folder else []
        )
        assert len(got.possessions) == len(wanted.messages)
    # Most recent first; the newest one was written today, its label is a time.
    dates = [d.date for d in box.discussions]
    assert dates == sorted(dates, reverse=True)
    assert box.discussions[0].date_label == "07h30"
    kinds = {d.key: d for d in PARENT.discussions}
    assert any(d.closed for d in kinds.values()) and any(unread_of(d) for d in kinds.values())
    assert any(d.folder == "brouillons" for d in kinds.values())
    assert any(d.folder == "corbeille" for d in kinds.values())


async def test_only_unread():
    async with logged_in() as (client, _app):
        box = await client.discussions(only_unread=True, today=TODAY)
    assert len(box.discussions) == sum(1 for d in PARENT.discussions if unread_of(d)) > 0
    assert all(d.unread for d in box.discussions)


async def test_messages_match_the_school_and_attachments_download():
    async with logged_in() as (client, _app):
        box = await client.discussions(today=TODAY)
        seen_html = seen_plain = seen_files = 0
        for wanted in PARENT.discussions:
            thread = await client.discussion_messages(find(box, wanted))
            assert len(thread.messages) == len(wanted.messages)
            for got, school_message in zip(thread.messages, wanted.messages, strict=True):
                assert got.author == school_message.author
                assert got.sent == school_message.sent
                assert got.own == (school_message.author == PARENT.name)
                if school_message.html:
                    seen_html += 1
                    assert got.html == school_message.text
                    assert "<" not in got.text and got.text.split()[0] in school_message.text
                else:
                    seen_plain += 1
                    assert got.html is None and got.text == school_message.text
                assert [a.name for a in got.attachments] == [a.name for a in school_message.attachments]
                for attachment, school_attachment in zip(
                    got.attachments, school_message.attachments, strict=True
                ):
                    seen_files += 1
                    document = SCHOOL.document(school_attachment.document)
                    assert await client.download(attachment) == base64.b64decode(document.data)
            # Each message answers the previous one; the first answers nothing listed.
            assert [m.reply_to for m in thread.messages] == [None] + [m.id for m in thread.messages[:-1]]
            assert thread.can_reply == (not wanted.closed and wanted.folder != "brouillons")
        assert seen_html and seen_plain and seen_files >= 3
        # Reading changed nothing.
        assert (await client.discussions(today=TODAY)).discussions == box.discussions


async def test_reply_is_kept_for_the_run():
    wanted = school_discussion("lea-devoir")
    async with logged_in() as (client, app):
        box = await client.discussions(today=TODAY)
        await client.reply(find(box, wanted), "Merci pour ces précisions !")
        again = await client.discussions(today=TODAY)
        got = again.discussions[0]  # now the most recent
        assert got.subject == wanted.subject and got.message_count == len(wanted.messages) + 1
        assert got.date is not None and got.date.date() == TODAY
        other = await second_session(app, client)
        try:
            thread = await other.discussion_messages(
                next(
                    d
                    for d in (await other.discussions(today=TODAY)).discussions
                    if d.subject == wanted.subject and d.message_count == len(wanted.messages) + 1
                )
            )
        finally:
            await other.close()
    last = thread.messages[-1]
    assert (last.author, last.own, last.text, last.html) == (
        PARENT.name,
        True,
        "Merci pour ces précisions !",
        None,
    )
    assert last.sent.date() == TODAY and last.sent > wanted.messages[-1].sent
    assert last.reply_to == thread.messages[-2].id
    # The school itself is untouched: writes live in the server's run only.
    assert len(school_discussion("lea-devoir").messages) == len(wanted.messages)


async def test_read_marks():
    wanted = school_discussion("lea-comportement")
    assert unread_of(wanted) == 1
    async with logged_in() as (client, _app):
        box = await client.discussions(today=TODAY)
        await client.mark_discussion(find(box, wanted), read=True)
        assert find(await client.discussions(today=TODAY), wanted).unread == 0
        await client.mark_discussion(find(box, wanted), read=False)
        others = sum(1 for m in wanted.messages if m.author != PARENT.name)
        assert find(await client.discussions(today=TODAY), wanted).unread == others
        # Opening with mark_read does what the web page does.
        await client.discussion_messages(find(box, wanted), mark_read=True)
        assert find(await client.discussions(today=TODAY), wanted).unread == 0


async def test_closed_and_draft_discussions_refuse_replies():
    closed = next(d for d in PARENT.discussions if d.closed)
    draft = next(d for d in PARENT.discussions if d.folder == "brouillons")
    async with logged_in() as (client, _app):
        box = await client.discussions(today=TODAY)
        for wanted in (closed, draft):
            listed = find(box, wanted)
            thread = await client.discussion_messages(listed)
            assert not thread.buttons
            with pytest.raises(errors.PronoteError, match="fermée"):
                await client.reply(listed, "Encore une question.")
            # The server refuses it too when asked anyway.
            with pytest.raises(errors.AccessDenied):
                await client.call(
                    "SaisieMessage",
                    {
                        "messagePourReponse": {"N": thread.reply_target_id, "G": 0},
                        "contenu": "x",
                        "bouton": {"G": 0},
                    },
                    tab=TAB_MESSAGES,
                    child=LEA,
                )


async def test_trash_and_restore():
    wanted = school_discussion("lea-retard")
    async with logged_in() as (client, _app):
        listed = find(await client.discussions(today=TODAY), wanted)
        await client.trash_discussion(listed)
        assert find(await client.discussions(today=TODAY), wanted).in_trash
        await client.trash_discussion(listed, restore=True)
        assert not find(await client.discussions(today=TODAY), wanted).in_trash


def _teachers_of(child_key: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for lesson in SCHOOL.child(child_key).timetable:
        subjects = found.setdefault(lesson.teacher, [])
        if lesson.subject not in subjects:
            subjects.append(lesson.subject)
    return found


@pytest.mark.parametrize("child_key", ["lea", "hugo"])
async def test_recipients_are_the_childs_teachers_and_the_staff(child_key):
    child = SCHOOL.child(child_key)
    emails = {t.name: t.email for t in SCHOOL.teachers}
    async with logged_in() as (client, _app):
        people = await client.message_recipients(child.name)
    teachers = [p for p in people if p.is_teacher]
    staff = [p for p in people if not p.is_teacher]
    assert {p.name: list(p.subjects) for p in teachers} == _teachers_of(child_key)
    assert {p.name: p.email for p in teachers} == {name: emails[name] for name in _teachers_of(child_key)}
    assert any(p.email for p in teachers)
    assert [(p.name, p.function, p.email) for p in staff] == [
        (s.name, s.function, s.email) for s in SCHOOL.staff
    ]
    assert all(p.can_discuss for p in people)


async def test_new_discussion_is_kept_for_the_run():
    async with logged_in() as (client, app):
        people = await client.message_recipients(LEA)
        teacher = next(p for p in people if p.is_teacher and p.subjects == ("MATHÉMATIQUES",))
        cpe = next(p for p in people if "éducation" in p.function)
        await client.new_discussion(
            "Sortie de fin d'année", "Bonjour,\nQuelle est la date ?", [teacher, cpe], child=LEA
        )
        other = await second_session(app, client)
        try:
            box = await other.discussions(today=TODAY)
            created = box.discussions[0]
            assert (created.subject, created.initiator, created.message_count, created.unread) == (
                "Sortie de fin d'année",
                None,
                1,
                0,
            )
            participants = await other.discussion_participants(created)
            thread = await other.discussion_messages(created)
        finally:
            await other.close()
    assert set(participants) == {teacher.name, cpe.name, PARENT.name}
    (message,) = thread.messages
    assert (message.own, message.text, message.sent.date()) == (True, "Bonjour,\nQuelle est la date ?", TODAY)
    assert thread.can_reply


async def test_participants_of_a_school_discussion():
    wanted = next(d for d in PARENT.discussions if len(d.participants) > 1)
    async with logged_in() as (client, _app):
        names = await client.discussion_participants(find(await client.discussions(today=TODAY), wanted))
    assert sorted(names) == sorted([*wanted.participants, PARENT.name])


async def test_recipient_outside_the_school_is_refused_and_old_ids_expire():
    async with logged_in() as (client, app):
        box = await client.discussions(today=TODAY)
        with pytest.raises(errors.AccessDenied):
            await client.call(
                "SaisieMessage",
                {"objet": "x", "contenu": "y", "listeDestinataires": [{"N": box.discussions[0].id, "G": 3}]},
                tab=TAB_MESSAGES,
                child=LEA,
            )
        other = await second_session(app, client)
        try:
            with pytest.raises(errors.ExpiredObject):
                await other.discussion_messages(box.discussions[0])
        finally:
            await other.close()


def test_label_dates():
    tuesday = date(2026, 11, 24)
    assert label_date("10h30", tuesday) == datetime(2026, 11, 24, 10, 30)
    assert label_date("mardi 10h30", tuesday) == datetime(2026, 11, 24, 10, 30)
    assert label_date("lundi 08h05", tuesday) == datetime(2026, 11, 23, 8, 5)
    assert label_date("mercredi", tuesday) == datetime(2026, 11, 18)
    assert label_date("hier 17h00", tuesday) == datetime(2026, 11, 23, 17, 0)
    assert label_date("12/03", tuesday) == datetime(2026, 3, 12)
    assert label_date("12/12", tuesday) == datetime(2025, 12, 12)
    assert label_date("12/03/2024", tuesday) == datetime(2024, 3, 12)
    assert label_date("12/03", None) is None
    for odd in ("", "demain", "31/02", "25h00", "le 3"):
        assert label_date(odd, tuesday) is None


async def test_debug_parse_reads_every_messaging_answer(tmp_path, capsys):
    async with logged_in() as (client, _app):
        child = client.current_child(LEA)
        lists = await client.call(
            "ListeMessagerie", {"avecMessage": True, "avecLu": True}, tab=TAB_MESSAGES, child=child
        )
        box = await client.discussions(today=TODAY)
        listed = box.discussions[0]
        answers = {
            "ListeMessagerie": lists,
            "ListeMessages": await client.call(
                "ListeMessages",
                {"listePossessionsMessages": [{"N": n} for n in listed.possessions]},
                tab=131,
                child=child,
            ),
            "ListeRessourcesPourCommunication": await client.call(
                "ListeRessourcesPourCommunication", {"onglet": {"N": 0, "G": 34}}, tab=131, child=child
            ),
            "SaisiePublicMessage": await client.call(
                "SaisiePublicMessage",
                {"message": {"N": listed.participants_message_id}},
                tab=131,
                child=child,
            ),
            "SaisieMessage": await client.call(
                "SaisieMessage",
                {
                    "commande": "pourLu",
                    "lu": True,
                    "listePossessionsMessages": [{"N": listed.possessions[0]}],
                },
                tab=131,
                child=child,
            ),
        }
    for function, data in answers.items():
        path = tmp_path / f"{function}.json"
        path.write_text(json.dumps({"nom": function, "data": data}), encoding="utf-8")
        assert main(["debug", "parse", function, str(path)]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        result = json.loads(out)
        if function == "ListeMessagerie":
            assert len(result["discussions"]) == len(PARENT.discussions)
        if function == "ListeRessourcesPourCommunication":
            assert [r["name"] for r in result] == [s.name for s in SCHOOL.staff]
        if function == "SaisieMessage":
            assert result == []


def test_school_file_round_trip_and_checks(tmp_path):
    path = tmp_path / "ecole.json"
    dump_school(SCHOOL, path)
    assert load_school(path).parents[0].discussions == PARENT.discussions
    raw = school_to_json(SCHOOL)
    discussion = raw["parents"][0]["discussions"][0]
    for change, message in (
        (lambda d: d.update(participants=["M. INCONNU X."]), "ni professeur ni personnel"),
        (lambda d: d.update(folder="archives"), "« archives » inconnu"),
        (lambda d: d["messages"][0].update(author="Mme DUPONT"), "ne participe pas"),
        (lambda d: d["messages"].reverse() if len(d["messages"]) > 1 else None, "avant le message précédent"),
        (lambda d: d.update(messages=[]), "au moins un message"),
    ):
        broken = json.loads(json.dumps(raw))
        change(broken["parents"][0]["discussions"][0])
        with pytest.raises(SchoolFileError, match=message):
            school_from_json(broken)
    assert len(discussion["messages"]) > 1
