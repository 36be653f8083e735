"""What the school-file conversion gathers on its way: subjects (with their colours), teachers,
rooms and the documents attachments name, in the order first met, and small value helpers."""

from __future__ import annotations

from datetime import time
from typing import Any

from espace_parents_tui.models import Attachment, Mark

DEFAULT_COLOR = "#FFFFFF"


def merge_orders(names: list[Any], orders: list[list[Any]]) -> list[Any]:
    """``names`` in an order that keeps each list of ``orders`` where it can, else as given."""
    after: dict[Any, set[Any]] = {name: set() for name in names}
    for order in orders:
        for before, name in zip(order, order[1:], strict=False):
            after.setdefault(name, set()).add(before)
    result: list[Any] = []
    pending = list(names)
    while pending:
        ready = next((n for n in pending if after.get(n, set()) <= set(result)), pending[0])
        result.append(ready)
        pending.remove(ready)
    return result


class Collected:
    """Subjects, teachers and rooms met on the way, in the order first met (the server lists them so)."""

    def __init__(self) -> None:
        self.subjects: dict[str, str] = {}
        self.parts: dict[str, dict[str, float | int]] = {}  # subject → its sub-subjects' coefficients
        self.teachers: list[str] = []
        self.rooms: list[str] = []

    def ordered(self, orders: list[list[str]]) -> list[tuple[str, str]]:
        """The subjects in an order that keeps every list of ``orders`` (the server lists a period's
        subjects in the school's order), then the others as first met."""
        return [(name, self.subjects[name]) for name in merge_orders(list(self.subjects), orders)]

    def subject(self, name: str | None, color: str | None) -> None:
        if not name:
            return
        known = self.subjects.get(name)
        if known is None or (known == DEFAULT_COLOR and color):
            self.subjects[name] = color_of(color) or known or DEFAULT_COLOR

    def part(self, name: str, parent: str, coefficient: float, color: str | None) -> None:
        """A sub-subject: a part of its subject ``parent``, not a subject of its own."""
        self.subject(parent, color)
        self.parts.setdefault(parent, {})[name] = number(coefficient)

    def subject_entry(self, name: str, color: str) -> dict[str, Any]:
        """A subject of the school file, with its sub-subjects if it has some."""
        entry: dict[str, Any] = {"name": name, "color": color}
        if self.parts.get(name):
            entry["parts"] = [{"name": n, "coefficient": c} for n, c in self.parts[name].items()]
        return entry

    def teacher(self, name: str) -> None:
        if name and name not in self.teachers:
            self.teachers.append(name)

    def person(self, name: str) -> None:
        """Someone an event names (a teacher or a member of staff: the file needs them declared)."""
        self.teacher(name)

    def room(self, name: str | None) -> None:
        if name and name not in self.rooms:
            self.rooms.append(name)


def color_of(value: str | None) -> str | None:
    if value and len(value) == 7 and value.startswith("#"):
        try:
            int(value[1:], 16)
        except ValueError:
            return None
        return value.upper()
    return None


def number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def mark_number(mark: Mark) -> float | int | None:
    return number(mark.value) if mark.value is not None else None


def hm(moment: time) -> str:
    return moment.strftime("%H:%M")


class Documents:
    """The school's documents that attachments name. The cache keeps an attachment's name, not its
    bytes: each file becomes an empty document of that name (a download in the replay is empty)."""

    def __init__(self) -> None:
        self.documents: list[dict[str, Any]] = []
        self._keys: dict[str, str] = {}

    def attachment(self, item: Attachment) -> dict[str, Any]:
        if item.is_link or item.url:
            return {"name": item.name, "url": item.url or ""}
        key = self._keys.get(item.name)
        if key is None:
            key = self._keys[item.name] = f"document-{len(self._keys) + 1}"
            self.documents.append({"key": key, "name": item.name, **_content_type(item.name)})
        return {"name": item.name, "document": key}


def _content_type(name: str) -> dict[str, str]:
    kinds = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    kind = kinds.get(suffix, "application/octet-stream")
    return {} if kind == "application/pdf" else {"content_type": kind}


class Conversion:
    """One conversion's state, handed to each section's converter: the portal (its cache), the
    school's settings, the children's keys, and what has been collected so far."""

    def __init__(self, portal: Any, settings: Any, keys: dict[str, str]) -> None:
        self.portal = portal
        self.settings = settings
        self.keys = keys
        self.names = Collected()
        self.documents = Documents()
        self.extra: dict[str, Any] = {}  # school-level lists a converter fills (staff, news…)
        # The school's absence and delay reasons: the account's, and any an event names besides.
        self.reasons: dict[str, list[str]] = {"absence_reasons": [], "delay_reasons": []}
        self.parent: dict[str, Any] = {}  # the parent's own lists a converter fills (discussions…)
        self.staff: list[dict[str, Any]] = []  # members of staff (not teachers) met on the way
        # A child's section the school file cannot say as the parent saw it: the replay refuses it
        # with these words ({function, child, code, title}) rather than show something else.
        self.failures: list[dict[str, Any]] = []
        self.memo: dict[str, Any] = {}  # what a converter keeps from one child to the next

    def scopes(self, owner: str, section: str) -> list[str]:
        return sorted(scope for scope, _when in self.portal.cache.scopes(owner, section))

    def values(self, section: str, child: Any) -> list[Any]:
        """Every cached value of ``section`` for ``child`` (``None``: the account's), scope order."""
        owner = child.name if child is not None else "*"
        found = []
        for scope in self.scopes(owner, section):
            cached = self.portal.read(section, child, scope)
            if cached is not None:
                found.append(cached.value)
        return found
