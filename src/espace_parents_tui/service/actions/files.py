"""Files a parent can get: the attachments the cached sections list, and the report-card PDFs.

Portal layer: the UI calls these functions and never touches the protocol client. A file id is only
valid in the server session that listed it, and the portal may have logged in again since the
data was cached: a download first re-reads the dataset (``portal.fetch``, which also refreshes the
cache), finds the attachment again by its name (and its owner by stable content: subject, date,
title…), then downloads that fresh attachment and saves it with :func:`downloads.save_download`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import Attachment, Child
from espace_parents_tui.service.actions.reports import download_report_card
from espace_parents_tui.service.downloads import save_download
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.service.sections import ACCOUNT, SECTIONS
from espace_parents_tui.util.i18n import N_, _

if TYPE_CHECKING:
    from espace_parents_tui.service.portal import Portal

# The sections whose datasets list attachments, and how each names where a file came from.
FILE_SECTIONS = {
    "homework": N_("Travail à faire"),
    "contents": N_("Contenu du cours"),
    "news": N_("Informations"),
    "calendar": N_("Agenda"),
}
REPORT = "report"
DOCUMENTS = "documents"  # documents offered by the school and the locker (sections_documents)


@dataclass(frozen=True)
class Owned:
    """An attachment and the object that lists it (homework, lesson content, news item, event)."""

    attachment: Attachment
    owner: Any
    key: str  # the owner's stable key (never a PRONOTE id)
    day: date | None
    title: str  # subject, lesson or news title
    # Among the owner's attachments of the same name, which one (0 first): a teacher may attach two
    # different files both called "devoir.pdf", and each must stay reachable.
    ordinal: int = 0


@dataclass(frozen=True)
class FileEntry:
    """One row of the Documents list: an attachment of a cached dataset, or a report-card PDF."""

    section: str
    scope: str
    origin: str  # "Travail à faire", "Bulletin"…
    day: date | None
    title: str
    name: str
    attachment: Attachment | None = None  # None for a report card (``scope`` is the period)
    owner: Any = None
    ordinal: int = 0  # see Owned.ordinal

    @property
    def is_link(self) -> bool:
        return self.attachment is not None and self.attachment.is_link


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join((text or "").split()).encode("utf-8")).hexdigest()[:12]


def _name(value: Any) -> str:
    return str(getattr(value, "name", value) or "")


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def owner_key(section: str, owner: Any) -> str:
    """A key that finds the same object again in another session's answer."""
    if section == "homework":
        return f"{_name(owner.subject)}|{owner.due.isoformat()}|{_fingerprint(owner.description)}"
    if section == "contents":
        entry, content = owner
        return f"{entry.start.isoformat()}|{_name(entry.subject)}|{content.title}"
    if section == "news":
        return f"{owner.title}|{owner.created.isoformat() if owner.created else ''}"
    if section == "calendar":
        return f"{owner.title}|{owner.start.isoformat()}"
    raise PortalError(_("Aucun fichier dans la rubrique « {section} ».").format(section=section))


def owner_attachments(section: str, owner: Any) -> tuple[Attachment, ...]:
    """The attachments one owner lists, in its order."""
    return tuple(owner[1].attachments if section == "contents" else owner.attachments)


def ordinal_of(attachments: Iterable[Attachment], attachment: Attachment) -> int:
    """Which of the same-named ``attachments`` this one is (0 when it is not among them)."""
    same = [a for a in attachments if a.name == attachment.name]
    return next((i for i, a in enumerate(same) if a is attachment), 0)


def attachments_of(section: str, value: Any) -> Iterator[Owned]:
    """Every attachment (files and links) of one dataset, with its owner and its ordinal."""
    for owned in _attachments_of(section, value):
        attachments = owner_attachments(section, owned.owner)
        ordinal = ordinal_of(attachments, owned.attachment)
        yield Owned(owned.attachment, owned.owner, owned.key, owned.day, owned.title, ordinal)


def _attachments_of(section: str, value: Any) -> Iterator[Owned]:
    if section == "homework":
        for hw in value:
            for attachment in hw.attachments:
                yield Owned(attachment, hw, owner_key(section, hw), hw.due, _name(hw.subject))
    elif section == "contents":
        for entry in value:
            for content in entry.contents:
                for attachment in content.attachments:
                    owner = (entry, content)
                    title = " — ".join(filter(None, (_name(entry.subject), content.title)))
                    yield Owned(attachment, owner, owner_key(section, owner), entry.start.date(), title)
    elif section == "news":
        for item in value.items:
            for attachment in item.attachments:
                yield Owned(attachment, item, owner_key(section, item), _day(item.created), item.title)
    elif section == "calendar":
        for event in value.events:
            for attachment in event.attachments:
                yield Owned(attachment, event, owner_key(section, event), event.start.date(), event.title)
    else:
        raise PortalError(_("Aucun fichier dans la rubrique « {section} ».").format(section=section))


def cached_scopes(portal: Portal, section: str, child: Child | None) -> list[str]:
    """The scopes of a section the cache holds for this child (every week ever seen…)."""
    spec = SECTIONS[section]
    if spec.per_child and child is None:
        return []
    child_key = child.name if spec.per_child and child is not None else ACCOUNT
    return [scope for scope, _at in portal.cache.scopes(child_key, section)]


def section_open(portal: Portal, section: str) -> bool:
    """Whether the school opens this section to the account (as far as the cache knows)."""
    tab = SECTIONS[section].tab
    snap = portal.snapshot()
    return tab is None or snap is None or tab in snap.account.tabs


def save_file(name: str, content: bytes) -> Path:
    """Save in the download folder; a folder that cannot be written is said in one sentence."""
    try:
        return save_download(name, content)
    except OSError as exc:
        where = exc.filename or _("le dossier de téléchargement")
        raise PortalError(
            _(
                "Impossible d'enregistrer « {name} » dans {where} : {value}. Choisissez un autre dossier avec ESPACE_PARENTS_DOWNLOADS."
            ).format(name=name, where=where, value=exc.strerror or exc)
        ) from exc


def list_files(portal: Portal, child: Child | None) -> list[FileEntry]:
    """Every file the cache knows for this child, newest first; one row per (owner, file)."""
    entries: list[FileEntry] = []
    seen: set[tuple[str, str, str, int]] = set()
    for section, origin in FILE_SECTIONS.items():
        for scope in cached_scopes(portal, section, child):
            cached = portal.read(section, child, scope)
            if cached is None:
                continue
            for owned in attachments_of(section, cached.value):
                mark = (section, owned.key, owned.attachment.name, owned.ordinal)
                if mark in seen:  # the same homework in two overlapping cached weeks
                    continue
                seen.add(mark)
                entries.append(
                    FileEntry(
                        section,
                        scope,
                        origin,
                        owned.day,
                        owned.title,
                        owned.attachment.name,
                        owned.attachment,
                        owned.owner,
                        owned.ordinal,
                    )
                )
    entries += _school_documents(portal, child)
    for period in cached_scopes(portal, REPORT, child):
        cached = portal.read(REPORT, child, period)
        if cached is not None and cached.value.published:
            name = f"Bulletin {period}.pdf"
            entries.append(FileEntry(REPORT, period, N_("Bulletin"), None, period, name))
    entries.sort(key=lambda e: (e.day or date.max, e.origin, e.name), reverse=True)
    return entries


def _school_documents(portal: Portal, child: Child | None) -> list[FileEntry]:
    """The documents the school offers and the locker's files (the Documents dataset)."""
    cached = portal.read(DOCUMENTS, child, "all") if child is not None else None
    if cached is None:
        return []
    page = cached.value
    rows = [
        FileEntry(DOCUMENTS, "all", _("Établissement"), d.day, d.category or "Document", d.name, None, d)
        for d in page.school
    ]
    rows += [
        FileEntry(DOCUMENTS, "all", N_("Casier"), d.day, d.category or d.author, d.file.name, d.file, d)
        for d in page.locker
    ]
    return rows


def find_again(section: str, value: Any, attachment: Attachment, owner: Any = None) -> Attachment | None:
    """The attachment of a fresh dataset matching a cached one: same owner (if given), name and ordinal."""
    wanted = owner_key(section, owner) if owner is not None else None
    candidates = [o for o in attachments_of(section, value) if o.attachment.name == attachment.name]
    if wanted is not None:
        ordinal = ordinal_of(owner_attachments(section, owner), attachment)
        same_owner = [o for o in candidates if o.key == wanted]
        same_file = [o for o in same_owner if o.ordinal == ordinal]
        if same_file or same_owner:
            return (same_file or same_owner)[0].attachment
    # The owner changed (a corrected description…) or was not given: the file by its name.
    return candidates[0].attachment if candidates else None


async def download_attachment(
    portal: Portal,
    section: str,
    child: Child | None,
    scope: str,
    attachment: Attachment,
    *,
    owner: Any = None,
) -> Path:
    """Download a file attachment in the current session and save it; returns where it was saved."""
    if attachment.is_link:
        raise PortalError(_("Ceci est un lien, pas un fichier : ouvrez-le ou copiez son adresse."))
    fresh_data = await portal.fetch(section, child, scope)
    fresh = find_again(section, fresh_data.value, attachment, owner)
    if fresh is None or fresh.is_link:
        raise PortalError(
            _("L'établissement ne propose plus le fichier « {name} » : la liste a été mise à jour.").format(
                name=attachment.name
            )
        )
    content = await portal.run(lambda client: client.download(fresh))
    return save_file(fresh.name or attachment.name, content)


async def download_entry(portal: Portal, child: Child | None, entry: FileEntry) -> Path:
    """Download one row of :func:`list_files`."""
    if entry.section == REPORT:
        if child is None:
            raise PortalError(_("Choisissez un enfant."))
        return await download_report_card(portal, child, entry.scope)
    if entry.section == DOCUMENTS:
        from espace_parents_tui.service.actions import documents as actions_documents

        if child is None:
            raise PortalError(_("Choisissez un enfant."))
        if entry.origin == "Casier":
            return (await actions_documents.download_locker(portal, child, entry.name))[0]
        return (await actions_documents.download_school_document(portal, child, entry.name))[0]
    assert entry.attachment is not None
    return await download_attachment(
        portal, entry.section, child, entry.scope, entry.attachment, owner=entry.owner
    )
