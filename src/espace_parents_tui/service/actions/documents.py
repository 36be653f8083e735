"""Documents actions (portal layer): deposit or replace the file of a document the school asks for,
download what was deposited, the documents the school offers and the locker's files.

A deposit keeps its draft (the chosen file's path) in the cache until the school has the file, and
keeps it with what went wrong when it fails. Ids only hold for one session: each action re-reads
the documents (``portal.fetch``), finds the entry again by its name, acts on that fresh entry, then
reads the list again so the cache shows the new state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.documents import (
    DepositState,
    DocumentsPage,
    LockerDocument,
    RequestedDocument,
    SchoolDocument,
)
from espace_parents_tui.service.actions.uploads import (
    ActionRefused,
    BadInput,
    cut_short,
    guarded_send,
    kept,
    read_document,
    upload_limit,
)
from espace_parents_tui.service.downloads import save_download
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.service.sections.documents import SECTION
from espace_parents_tui.store.drafts import Draft, Drafts
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from espace_parents_tui.service.portal import Portal

DEPOSIT = "deposit"


def why_no_deposit(wanted: RequestedDocument, today: date) -> str | None:
    """None when the parents may deposit (or replace) the file now; else why not."""
    if wanted.state is DepositState.VALIDATED:
        return _("L'établissement a validé ce document : il ne peut plus être remplacé.")
    if wanted.by_school and not wanted.editable:
        return _("Ce document est déposé par l'établissement.")
    if not wanted.editable:
        return _("L'établissement n'accepte pas de dépôt en ligne pour ce document : contactez-le.")
    if wanted.past_deadline(today):
        return _("Date limite dépassée ({deadline:%d/%m/%Y}) : contactez l'établissement.").format(
            deadline=wanted.deadline
        )
    return None


def find_requested(page: DocumentsPage, name: str) -> RequestedDocument:
    found = next((d for d in page.requested if d.name == name), None)
    if found is None:
        needle = name.casefold()
        matches = [d for d in page.requested if needle in d.name.casefold()]
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        known = ", ".join(f"« {d.name} »" for d in page.requested) or "aucun"
        raise BadInput(
            _("Aucun document à fournir ne s'appelle « {name} » (documents : {known}).").format(
                name=name, known=known
            )
        )
    return found


def deposit_draft(portal: Portal, child: Child, name: str) -> Draft | None:
    return Drafts(portal.cache).get(child.name, DEPOSIT, name)


def keep_deposit_draft(portal: Portal, child: Child, name: str, path: str) -> Draft:
    return Drafts(portal.cache).save(child.name, DEPOSIT, name, {"file": path})


async def refresh(portal: Portal, child: Child) -> DocumentsPage:
    return (await portal.fetch(SECTION, child, "all")).value


async def deposit(portal: Portal, child: Child, name: str, path: str, today: date) -> RequestedDocument:
    """Deposit (or replace) the file of the document to provide called ``name``; returns the
    document as the school now lists it. On failure the draft is kept with the reason."""
    drafts = Drafts(portal.cache)
    drafts.save(child.name, DEPOSIT, name, {"file": path})
    started: list[bool] = []  # the write left: a network failure then leaves it in doubt
    try:
        file = read_document(path, upload_limit(portal))
        wanted = find_requested(await refresh(portal, child), name)
        why = why_no_deposit(wanted, today)
        if why:
            raise ActionRefused(why)

        async def send(client: Any) -> None:
            drafts.mark_sending(child.name, DEPOSIT, name)  # a kill from here on leaves it in doubt
            started.append(True)
            await client.deposit_document(child.name, wanted, file)

        await guarded_send(portal, send)
    except PortalError as exc:
        if doubt := cut_short(exc, bool(started)):
            raise doubt from exc
        drafts.save(child.name, DEPOSIT, name, {"file": path}, problem=exc.user_message)
        raise kept(exc) from exc
    drafts.delete(child.name, DEPOSIT, name)
    try:
        return find_requested(await refresh(portal, child), wanted.name)
    except PortalError:
        return wanted


def save(name: str, content: bytes, folder: Path | None = None) -> Path:
    """Save in ``folder`` (the download folder by default), never over a file; one sentence if not."""
    try:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        return save_download(name, content, folder)
    except OSError as exc:
        where = exc.filename or folder or _("le dossier de téléchargement")
        raise ActionRefused(
            _("Impossible d'enregistrer « {name} » dans {where} : {value}.").format(
                name=name, where=where, value=exc.strerror or exc
            )
        ) from exc


async def download_deposit(
    portal: Portal, child: Child, name: str, folder: Path | None = None
) -> tuple[Path, bytes]:
    """Download the file deposited for a document to provide; (where it was saved, its bytes)."""
    wanted = find_requested(await refresh(portal, child), name)
    if wanted.file is None:
        raise ActionRefused(_("Aucun fichier n'a été déposé pour « {name} ».").format(name=wanted.name))
    file = wanted.file
    content = await portal.run(lambda client: client.download(file))
    return save(file.name or f"{wanted.name}.pdf", content, folder), content


async def download_school_document(
    portal: Portal, child: Child, name: str, folder: Path | None = None
) -> tuple[Path, bytes]:
    """Download a document the school offers (``listeDocuments`` or the child's own)."""
    page = await refresh(portal, child)
    found: SchoolDocument | None = next((d for d in page.school if d.name == name), None)
    if found is None:
        raise ActionRefused(_("L'établissement ne propose plus le document « {name} ».").format(name=name))
    content = await guarded_send(portal, lambda client: client.school_document_pdf(child.name, found))
    file_name = found.name if "." in found.name else f"{found.name}.pdf"
    return save(file_name, content, folder), content


async def download_locker(
    portal: Portal, child: Child, name: str, folder: Path | None = None
) -> tuple[Path, bytes]:
    """Download a file of the child's locker."""
    page = await refresh(portal, child)
    found: LockerDocument | None = next((d for d in page.locker if d.file.name == name), None)
    if found is None or found.file.is_link:
        raise ActionRefused(_("Le casier ne contient plus le fichier « {name} ».").format(name=name))
    content = await portal.run(lambda client: client.download(found.file))
    file_name = found.file.name if "." in found.file.name else f"{found.file.name}.pdf"
    return save(file_name, content, folder), content


async def download_any(
    portal: Portal, child: Child, name: str, folder: Path | None = None
) -> tuple[Path, bytes]:
    """The file called ``name``: a deposited file (by the document's name), else a document the
    school offers, else a locker file."""
    page = await refresh(portal, child)
    if any(d.name == name and d.file is not None for d in page.requested):
        return await download_deposit(portal, child, name, folder)
    if any(d.name == name for d in page.school):
        return await download_school_document(portal, child, name, folder)
    if any(d.file.name == name for d in page.locker):
        return await download_locker(portal, child, name, folder)
    names = [d.name for d in page.requested if d.file] + [d.name for d in page.school]
    names += [d.file.name for d in page.locker]
    raise BadInput(
        _("Aucun document « {name} » (documents : {value}).").format(
            name=name, value=", ".join(names) or "aucun"
        )
    )
