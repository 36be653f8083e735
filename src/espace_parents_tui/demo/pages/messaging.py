"""Messagerie (tab 131): the parent's discussions, their messages, and the writes on them.

Shapes: ``reference/pronotepy.md`` §2 "Messaging (131)" and ``reference/pawnote-papillon.md`` §1.2
"Discussions" (no real recording of these answers is available). Functions:

- ``ListeMessagerie``: the labels (``listeEtiquettes``: only kinds 4 drafts and 5 trash, the ones
  pronotepy can read) and the discussions, most recent first;
- ``ListeMessages``: the messages of the discussion named by its ``listePossessionsMessages`` (or by
  ``message``), what a reply answers (``messagePourReponse``) and the send buttons (none when the
  discussion is closed or a draft);
- ``SaisieMessage``: a reply (``messagePourReponse``), a new discussion (``listeDestinataires``), or a
  command on discussions (``pourLu`` read/unread, ``corbeille`` trash, ``restauration``);
- ``ListeRessourcesPourCommunication``: who the parent may write to (``onglet.G`` 3 teachers of the
  child, 34 staff);
- ``SaisiePublicMessage``: the participants of a discussion, or the recipients of one message.

Writes are kept in ``request.state`` for the server's run: the parent's discussions are copied from
the school the first time they are needed, then read and changed there.

Ids (tables inferred, none is in the references): a discussion's root element (``messagePourParticipants``
and the source of its first message), each message, and each message's ownership (possession) are
minted from the parent's login, the discussion's key and the message's index.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any

from ..school import WEEKDAYS, Discussion, DiscussionMessage
from .contract import PageFault, PageRequest, page
from .files import attachment_value
from .values import (
    FAULT_ACCESS_DENIED,
    FAULT_PAGE_UNAVAILABLE,
    TABLE_PARENT,
    TABLE_SUBJECT,
    liste,
    request_child,
    resolve,
    typed,
)

MESSAGES_TAB = 131
TABLE_TEACHER = 3  # EGenreRessource: enseignant
TABLE_STAFF = 34  # EGenreRessource: personnel
TABLE_MESSAGE = 46  # inferred
TABLE_POSSESSION = 47  # inferred
TABLE_LABEL = 49  # inferred
TABLE_FUNCTION = 51  # inferred
LABEL_KINDS = {"brouillons": (4, "Brouillons"), "corbeille": (5, "Corbeille")}
PARENT_KIND = 5
# Send buttons (pawnote-papillon.md §1.2: 0 send, 2 reply to all).
SEND, REPLY_ALL = 0, 2
HTML_TYPE = 21


def mailbox(request: PageRequest) -> list[Discussion]:
    """The logged-in parent's discussions with this run's writes (copied from the school once)."""
    store = request.state.setdefault("messaging", {})
    login = request.parent.login
    if login not in store:
        store[login] = copy.deepcopy(request.parent.discussions)
    return store[login]


def date_label(sent: datetime, today: date) -> str:
    """``libelleDate`` as the list shows it: "10h30" today, "mardi 10h30" this week, "12/03" this year."""
    clock = sent.strftime("%Hh%M")
    days = (today - sent.date()).days
    if days == 0:
        return clock
    if 0 < days < 7:
        return f"{WEEKDAYS[sent.weekday()]} {clock}"
    if 0 < days < 365:
        return sent.strftime("%d/%m")
    return sent.strftime("%d/%m/%Y")


def _moment(value: datetime) -> dict[str, Any]:
    return typed(7, value.strftime("%d/%m/%Y %H:%M:%S"))


class _Ids:
    """The ids of one parent's discussions in this session."""

    def __init__(self, request: PageRequest) -> None:
        self.request = request
        self.login = request.parent.login

    def root(self, discussion: Discussion) -> str:
        return self.request.ids.mint(TABLE_MESSAGE, f"msgroot:{self.login}:{discussion.key}")

    def message(self, discussion: Discussion, index: int) -> str:
        return self.request.ids.mint(TABLE_MESSAGE, f"msg:{self.login}:{discussion.key}:{index}")

    def possession(self, discussion: Discussion, index: int) -> str:
        return self.request.ids.mint(TABLE_POSSESSION, f"poss:{self.login}:{discussion.key}:{index}")

    def label(self, folder: str) -> str:
        return self.request.ids.mint(TABLE_LABEL, f"label:{folder}")

    def person(self, name: str) -> dict[str, Any]:
        """A participant as an element ``{N, L, G}``: a teacher, a staff member or the parent."""
        school, parent = self.request.school, self.request.parent
        if name == parent.name:
            return {
                "N": self.request.ids.mint(TABLE_PARENT, f"parent:{parent.login}"),
                "L": name,
                "G": PARENT_KIND,
            }
        if any(s.name == name for s in school.staff):
            return {"N": self.request.ids.mint(TABLE_STAFF, f"staff:{name}"), "L": name, "G": TABLE_STAFF}
        return {"N": self.request.ids.mint(TABLE_TEACHER, f"teacher:{name}"), "L": name, "G": TABLE_TEACHER}


def _find(request: PageRequest, element: Any, prefix: str) -> tuple[Discussion, int | None]:
    """The discussion (and message index) an element's ``N`` names; error 21 when none."""
    rest = resolve(request.ids, element, prefix)
    login = request.parent.login
    if rest is None or not rest.startswith(f"{login}:"):
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    rest = rest[len(login) + 1 :]
    index: int | None = None
    if prefix != "msgroot:":
        rest, _, number = rest.rpartition(":")
        index = int(number)
    for discussion in mailbox(request):
        if discussion.key == rest:
            return discussion, index
    raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")


def _named(request: PageRequest, data: dict) -> list[Discussion]:
    """The discussions named by ``listePossessionsMessages`` (in order, each once)."""
    items = data.get("listePossessionsMessages")
    if isinstance(items, dict):
        items = items.get("V")
    if not isinstance(items, list) or not items:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    found: list[Discussion] = []
    for item in items:
        discussion, _ = _find(request, item, "poss:")
        if discussion not in found:
            found.append(discussion)
    return found


def _unread(discussion: Discussion, parent_name: str) -> int:
    return sum(1 for m in discussion.messages if not m.read and m.author != parent_name)


# -- ListeMessagerie ---------------------------------------------------------------------------


@page("ListeMessagerie", MESSAGES_TAB)
def liste_messagerie(request: PageRequest) -> dict[str, Any]:
    ids = _Ids(request)
    parent_name = request.parent.name
    only_unread = request.data.get("avecLu") is False
    discussions = [d for d in mailbox(request) if d.messages]
    discussions.sort(key=lambda d: max(m.sent for m in d.messages), reverse=True)
    entries = []
    for discussion in discussions:
        unread = _unread(discussion, parent_name)
        if only_unread and not unread:
            continue
        root = ids.root(discussion)
        last = max(m.sent for m in discussion.messages)
        others = [name for name in discussion.participants if name != parent_name]
        entry: dict[str, Any] = {
            "N": root,
            "estUneDiscussion": True,
            "profondeur": 0,
            "objet": discussion.subject,
            "public": ", ".join(others),
            "libelleDate": date_label(last, request.today),
            "nombreMessages": len(discussion.messages),
            "nbNonLus": unread,
            "nbBrouillons": 1 if discussion.folder == "brouillons" else 0,
            "ferme": discussion.closed,
            "messagePourParticipants": typed(24, {"N": root}),
            "listePossessionsMessages": liste(
                [{"N": ids.possession(discussion, i)} for i in range(len(discussion.messages))]
            ),
            "listeEtiquettes": liste([{"N": ids.label(discussion.folder)}] if discussion.folder else []),
        }
        first = discussion.messages[0].author
        if first != parent_name:  # pronotepy.md §2: no initiator means the parent started it
            entry["initiateur"] = first
        entries.append(entry)
    labels = [{"N": ids.label(folder), "L": name, "G": kind} for folder, (kind, name) in LABEL_KINDS.items()]
    return {"listeEtiquettes": liste(labels), "listeMessagerie": liste(entries)}


# -- ListeMessages -----------------------------------------------------------------------------


def _message_entry(
    request: PageRequest, ids: _Ids, discussion: Discussion, index: int, message: DiscussionMessage
) -> dict[str, Any]:
    parent_name = request.parent.name
    everyone = [*discussion.participants, parent_name]
    to = [name for name in everyone if name != message.author]
    source = ids.root(discussion) if index == 0 else ids.message(discussion, index - 1)
    return {
        "N": ids.message(discussion, index),
        "possessionMessage": typed(24, {"N": ids.possession(discussion, index)}),
        "messageSource": typed(24, {"N": source}),
        "emetteur": message.author == parent_name,
        "public_gauche": message.author,
        "public_droite": ", ".join(to),
        "nbPublic": len(to),
        "estUnAparte": False,
        "lu": message.read or message.author == parent_name,
        "brouillon": discussion.folder == "brouillons",
        "date": _moment(message.sent),
        "estHTML": message.html,
        "contenu": typed(HTML_TYPE, message.text) if message.html else message.text,
        "listeDocumentsJoints": liste([attachment_value(request, a) for a in message.attachments]),
    }


@page("ListeMessages", MESSAGES_TAB)
def liste_messages(request: PageRequest) -> dict[str, Any]:
    data = request.data
    if isinstance(data.get("listePossessionsMessages"), list | dict) and data["listePossessionsMessages"]:
        discussion = _named(request, data)[0]
    elif isinstance(data.get("message"), dict):
        discussion, _ = _find(request, data["message"], "msg:")
    else:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    if data.get("marquerCommeLu") is True:
        for message in discussion.messages:
            message.read = True
    ids = _Ids(request)
    messages = [
        _message_entry(request, ids, discussion, index, message)
        for index, message in enumerate(discussion.messages)
    ]
    open_ = not discussion.closed and discussion.folder != "brouillons"
    buttons = []
    if open_:
        buttons.append({"N": 0, "L": "Envoyer", "G": SEND})
        if len(discussion.participants) > 1:
            buttons.append({"N": 0, "L": "Répondre à tous", "G": REPLY_ALL})
    last = len(discussion.messages) - 1
    return {
        "listeMessages": liste(messages),
        "messagePourReponse": typed(24, {"N": ids.message(discussion, last), "G": 0}),
        "listeBoutons": liste(buttons),
        "nbMessagesVus": len(messages),
    }


# -- SaisieMessage -----------------------------------------------------------------------------


def _content(data: dict) -> tuple[str, bool]:
    """The text of a message as sent: plain text, or HTML (``{_T: 21, V}``)."""
    raw = data.get("contenu")
    if isinstance(raw, dict) and isinstance(raw.get("V"), str):
        text, html = raw["V"], raw.get("_T") == HTML_TYPE
    elif isinstance(raw, str):
        text, html = raw, False
    else:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Le message est vide.")
    if not text.strip():
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Le message est vide.")
    return text, html


def _now(request: PageRequest, after: datetime | None) -> datetime:
    """When a message written now is dated: the server's clock, after ``after``.

    The demo school is written up to its day's morning; at night on the real calendar a message
    written now would otherwise be dated before what the school already holds.
    """
    moment = request.moment.replace(second=0, microsecond=0)
    if after is not None and moment <= after:
        moment = after + timedelta(minutes=1)
    return moment


def _reply(request: PageRequest, data: dict) -> None:
    discussion, _ = _find(request, data.get("messagePourReponse"), "msg:")
    if discussion.closed or discussion.folder == "brouillons":
        raise PageFault(FAULT_ACCESS_DENIED, "Cette discussion est fermée.")
    text, html = _content(data)
    last = max((m.sent for m in discussion.messages), default=None)
    discussion.messages.append(DiscussionMessage(request.parent.name, _now(request, last), text, html))
    if discussion.folder == "corbeille":
        discussion.folder = None


def _allowed_recipients(request: PageRequest) -> dict[str, str]:
    """Every person the parent may write to: session id -> name."""
    found = {}
    for child in request.parent.children:
        for name in _teachers_of(child):
            found[request.ids.mint(TABLE_TEACHER, f"teacher:{name}")] = name
    for person in request.school.staff:
        found[request.ids.mint(TABLE_STAFF, f"staff:{person.name}")] = person.name
    return found


def _new_discussion(request: PageRequest, data: dict) -> None:
    subject = data.get("objet")
    recipients = data.get("listeDestinataires")
    if not isinstance(subject, str) or not isinstance(recipients, list) or not recipients:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    allowed = _allowed_recipients(request)
    names: list[str] = []
    for element in recipients:
        ident = element.get("N") if isinstance(element, dict) else None
        if ident not in allowed:
            resolve(request.ids, element, "")  # error 22 for an id of another session, 21 malformed
            raise PageFault(FAULT_ACCESS_DENIED, "Destinataire non autorisé.")
        if allowed[ident] not in names:
            names.append(allowed[ident])
    text, html = _content(data)
    discussions = mailbox(request)
    keys = {d.key for d in discussions}
    number = 1
    while f"nouvelle-{number}" in keys:
        number += 1
    child = request.child.key if request.child is not None else None
    newest = max((m.sent for d in discussions for m in d.messages), default=None)
    message = DiscussionMessage(request.parent.name, _now(request, newest), text, html)
    discussions.insert(0, Discussion(f"nouvelle-{number}", subject, names, [message], child=child))


def _command(request: PageRequest, data: dict) -> None:
    command = data.get("commande")
    targets = _named(request, data)
    if command == "pourLu":
        read = data.get("lu")
        if not isinstance(read, bool):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        for discussion in targets:
            for message in discussion.messages:
                if message.author != request.parent.name:
                    message.read = read
    elif command == "corbeille":
        for discussion in targets:
            discussion.folder = "corbeille"
    elif command == "restauration":
        for discussion in targets:
            if discussion.folder == "corbeille":
                discussion.folder = None
    else:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")


@page("SaisieMessage", MESSAGES_TAB)
def saisie_message(request: PageRequest) -> dict[str, Any]:
    data = request.data
    if "commande" in data:
        _command(request, data)
    elif "messagePourReponse" in data:
        _reply(request, data)
    elif "listeDestinataires" in data:
        _new_discussion(request, data)
    else:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    return {}


# -- ListeRessourcesPourCommunication, SaisiePublicMessage -------------------------------------


def _teachers_of(child: Any) -> dict[str, list[str]]:
    """The child's teachers (from the timetable), each with the subjects they teach the child."""
    found: dict[str, list[str]] = {}
    for lesson in child.timetable:
        subjects = found.setdefault(lesson.teacher, [])
        if lesson.subject not in subjects:
            subjects.append(lesson.subject)
    return found


def _filter_child(request: PageRequest) -> Any:
    element = request.data.get("filtreElement")
    key = resolve(request.ids, element, "child:") if isinstance(element, dict) else None
    if key is None:
        return request_child(request)
    for child in request.parent.children:
        if child.key == key:
            return child
    raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé.")


@page("ListeRessourcesPourCommunication", MESSAGES_TAB)
def liste_ressources_pour_communication(request: PageRequest) -> dict[str, Any]:
    school = request.school
    onglet = request.data.get("onglet")
    kind = onglet.get("G") if isinstance(onglet, dict) else None
    people: list[dict[str, Any]] = []
    if kind == TABLE_TEACHER:
        child = _filter_child(request)
        emails = {t.name: t.email for t in school.teachers}
        for name, subjects in sorted(_teachers_of(child).items()):
            entry: dict[str, Any] = {
                "N": request.ids.mint(TABLE_TEACHER, f"teacher:{name}"),
                "L": name,
                "G": TABLE_TEACHER,
                "avecDiscussion": True,
                "estPrincipal": False,
                "listeRessources": liste(
                    [
                        {
                            "N": request.ids.mint(TABLE_SUBJECT, f"subject:{s}"),
                            "L": s,
                            "estUneSousMatiere": False,
                            "libelleMatiere": s,
                        }
                        for s in subjects
                    ]
                ),
            }
            if emails.get(name):
                entry["email"] = emails[name]
            people.append(entry)
    elif kind == TABLE_STAFF:
        for person in school.staff:
            entry = {
                "N": request.ids.mint(TABLE_STAFF, f"staff:{person.name}"),
                "L": person.name,
                "G": TABLE_STAFF,
                "avecDiscussion": True,
                "fonction": typed(
                    24,
                    {
                        "N": request.ids.mint(TABLE_FUNCTION, f"function:{person.function}"),
                        "L": person.function,
                    },
                ),
            }
            if person.email:
                entry["email"] = person.email
            people.append(entry)
    elif kind is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    return {"listeRessourcesPourCommunication": liste(people)}


@page("SaisiePublicMessage", MESSAGES_TAB)
def saisie_public_message(request: PageRequest) -> dict[str, Any]:
    ids = _Ids(request)
    element = request.data.get("message")
    parent_name = request.parent.name
    ident = element.get("N") if isinstance(element, dict) else None
    key = request.ids.lookup(ident) or ""
    if key.startswith("msgroot:"):
        discussion, _ = _find(request, element, "msgroot:")
        names = [*discussion.participants, parent_name]
    else:
        discussion, index = _find(request, element, "msg:")
        if index is None or not 0 <= index < len(discussion.messages):
            raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
        author = discussion.messages[index].author
        names = [name for name in [*discussion.participants, parent_name] if name != author]
    return {"listeDest": liste([{**ids.person(name), "refusMess": False} for name in names])}
