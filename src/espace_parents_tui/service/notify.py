"""Desktop notifications for what a sync found: new grades, absences, messages and news, changed lessons.

What to say comes from the sync's changes (``store.Change``), grouped by kind, each kind switched on
or off by the parent. How to say it: the freedesktop notification service over D-Bus when the
session has one (through jeepney, which keyring already brings on Linux), else a terminal
notification (OSC 777, understood by most terminals that notify, and OSC 9) when standard output is
a terminal, else nothing. Everything sent is plain text: server text is cleaned of control
characters first, so a subject cannot end an escape sequence early or start another.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO

from espace_parents_tui.store import Change
from espace_parents_tui.util.i18n import N_, _, ngettext
from espace_parents_tui.util.textsafe import clean_line

APP_NAME = "Espace Parents"

# kind -> the notification's French title (``kind_of`` says which changes belong to each)
KINDS: dict[str, str] = {
    "grades": N_("Nouvelles notes"),
    "absences": N_("Absences et retards"),
    "messages": N_("Nouveaux messages"),
    "news": N_("Informations"),
    "lessons": N_("Cours modifiés ou annulés"),
}
DEFAULT_KINDS = frozenset(KINDS)

SHOWN = 5  # lines of a notification's body; the rest is counted


def kind_of(change: Change) -> str | None:
    """Which kind of notification a change belongs to, or ``None`` when it is not notified."""
    if change.section == "grades" and change.kind == "new":
        return "grades"
    if change.section == "school_life" and change.kind == "new":
        return "absences" if ("|absence|" in f"|{change.key}" or "|retard|" in f"|{change.key}") else None
    if change.section == "messages":
        return "messages"  # a new discussion, or a new message in one
    if change.section == "news" and change.kind == "new":
        return "news"
    if change.section == "timetable" and change.kind == "changed":
        return "lessons"
    return None


@dataclass(frozen=True)
class Notification:
    kind: str
    summary: str
    body: str


def clean(text: str) -> str:
    """Server text as plain text on one line (the app's one sanitiser, ``util.textsafe``)."""
    return clean_line(text)


def notifications(changes: Iterable[Change], kinds: Iterable[str] = DEFAULT_KINDS) -> list[Notification]:
    """One notification per kind that has something, in the order of ``KINDS``."""
    wanted = set(kinds)
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        kind = kind_of(change)
        if kind is not None and kind in wanted:
            grouped.setdefault(kind, []).append(change)
    out = []
    for kind, title in KINDS.items():
        found = grouped.get(kind)
        if not found:
            continue
        lines = []
        for change in found[:SHOWN]:
            who = "" if change.child == "*" else f"{clean(change.child.split()[-1])} : "
            lines.append(who + clean(change.summary))
        if len(found) > SHOWN:
            more = len(found) - SHOWN
            lines.append(ngettext("… et {value} autre", "… et {value} autres", more).format(value=more))
        out.append(Notification(kind, f"{_(title)} ({len(found)})", "\n".join(lines)))
    return out


class Notifier(Protocol):
    name: str

    def send(self, notification: Notification) -> None: ...


class DBusNotifier:
    """``org.freedesktop.Notifications.Notify`` on the session bus."""

    name = "D-Bus (org.freedesktop.Notifications)"

    def __init__(self, connection) -> None:
        self._connection = connection

    @classmethod
    def connect(cls) -> DBusNotifier | None:
        """The session bus's notification service, or ``None`` when there is none."""
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            return None
        try:
            from jeepney.bus_messages import message_bus
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:
            return None
        try:
            connection = open_dbus_connection(bus="SESSION")
        except (OSError, ValueError, KeyError):
            return None
        try:
            reply = connection.send_and_get_reply(
                message_bus.NameHasOwner("org.freedesktop.Notifications"), timeout=2
            )
            if not reply.body[0]:
                # Activatable services start on the first call: ask the bus whether it knows one.
                names = connection.send_and_get_reply(message_bus.ListActivatableNames(), timeout=2).body[0]
                if "org.freedesktop.Notifications" not in names:
                    connection.close()
                    return None
        except Exception:  # a bus that does not answer is no notification service
            connection.close()
            return None
        return cls(connection)

    def send(self, notification: Notification) -> None:
        from jeepney import DBusAddress, new_method_call

        address = DBusAddress(
            "/org/freedesktop/Notifications",
            bus_name="org.freedesktop.Notifications",
            interface="org.freedesktop.Notifications",
        )
        message = new_method_call(
            address,
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, 0, "", notification.summary, notification.body, [], {}, -1),
        )
        self._connection.send_and_get_reply(message, timeout=5)

    def close(self) -> None:
        self._connection.close()


class TerminalNotifier:
    """OSC 777 (``notify;title;body``) and OSC 9 (one text), written to the terminal."""

    name = "terminal (OSC 777 / OSC 9)"

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def send(self, notification: Notification) -> None:
        title = clean(notification.summary).replace(";", ",")
        body = clean(notification.body.replace("\n", " · ")).replace(";", ",")
        self._stream.write(f"\x1b]777;notify;{title};{body}\x1b\\")
        self._stream.write(f"\x1b]9;{title} : {body}\x07")
        self._stream.flush()


def pick_notifier(stream: TextIO | None = None) -> DBusNotifier | TerminalNotifier | None:
    """D-Bus when there is a notification service, else the terminal when there is one, else nothing."""
    found = DBusNotifier.connect()
    if found is not None:
        return found
    stream = stream if stream is not None else sys.stdout
    if stream.isatty():
        return TerminalNotifier(stream)
    return None


def send_all(notifier: Notifier | None, items: Sequence[Notification]) -> int:
    """Send each notification; how many were sent (none without a notifier)."""
    if notifier is None:
        return 0
    for item in items:
        notifier.send(item)
    return len(items)
