"""What every action that sends something to the school shares (portal layer): reading the file
the parent chose, the school's limits, the refusals, and the sentence that says the draft is kept.

A refusal (by the school, or by the client's own checks before anything is sent) is one French
sentence and never marks the account offline; the write reply's messages are shown as they are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from espace_parents_tui.pronote import errors
from espace_parents_tui.service.portal import Offline, PortalError
from espace_parents_tui.util.i18n import N_, _, format_number

if TYPE_CHECKING:
    from espace_parents_tui.pronote.upload import FileToSend
    from espace_parents_tui.service.portal import Portal

T = TypeVar("T")

# What the school takes by default: a PDF or an image (the picker's types, parent-features.md §3.2).
ACCEPTED_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "gif")
DRAFT_KEPT = N_("Rien n'a été enregistré par l'établissement : le brouillon est conservé.")


class ActionRefused(PortalError):
    """The school (or a check before sending) turned the action down; the session is fine."""

    exit_code = 1


class BadInput(PortalError):
    """What the parent gave cannot be sent as it is (a missing file, an unknown reason…)."""

    exit_code = 2


CUT_SHORT = N_(
    "L'envoi a été coupé : on ne sait pas si l'établissement l'a reçu ; le brouillon est gardé et ce "
    "sera vérifié à la prochaine connexion (rien n'est renvoyé tout seul)."
)


def cut_short(exc: PortalError, started: bool) -> PortalError | None:
    """The network or the server failed *after* the write left (``started``): nobody knows whether
    the school has it, so the draft stays "sending" (checked at the next start: ``in_doubt.py``)
    and the error says so. None when the failure is a known outcome (the draft gets its problem)."""
    if not started or not isinstance(exc, Offline):
        return None
    message = exc.user_message
    if not message.startswith(_("Hors ligne")):
        message = _("Hors ligne : {message}").format(message=message)
    return type(exc)(f"{message} {_(CUT_SHORT)}")


def kept(exc: PortalError) -> PortalError:
    """The same error, saying the draft is kept (same class, same exit code)."""
    message = exc.user_message
    if isinstance(exc, Offline) and not message.startswith(_("Hors ligne")):
        message = _("Hors ligne : {message}").format(message=message)
    return type(exc)(f"{message} {_(DRAFT_KEPT)}")


def upload_limit(portal: Portal) -> int | None:
    """``tailleMaxDocJointEtablissement``: the size the school takes, as it announces it."""
    snap = portal.snapshot()
    value = snap.account.permissions.get("tailleMaxDocJointEtablissement") if snap else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{size} Mo").format(size=format_number(round(size / (1024 * 1024), 1)))
    if size >= 1024:
        return _("{size} Ko").format(size=f"{size / 1024:.0f}")
    return _("{size} octets").format(size=size)


def read_document(path: str | Path, limit: int | None) -> FileToSend:
    """The file at ``path`` (``~`` expanded), checked against what the school takes."""
    # Imported here: pronote/upload.py loads the cryptography stack, which the home page (it shows
    # the meetings, service/actions/meetings.py) must not wait for before its first paint.
    from espace_parents_tui.pronote.upload import FileToSend

    where = Path(str(path).strip()).expanduser()
    name = where.name
    try:
        if not where.is_file():
            raise BadInput(_("Fichier introuvable : {where}.").format(where=where))
        content = where.read_bytes()
    except OSError as exc:
        raise BadInput(
            _("Impossible de lire « {where} » : {value}.").format(where=where, value=exc.strerror or exc)
        ) from exc
    if not content:
        raise BadInput(_("Le fichier « {name} » est vide : choisissez le bon fichier.").format(name=name))
    if limit is not None and len(content) > limit:
        raise BadInput(
            _(
                "Le fichier « {name} » fait {size_text} : l'établissement accepte {size_text2} au plus."
            ).format(name=name, size_text=size_text(len(content)), size_text2=size_text(limit))
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ACCEPTED_EXTENSIONS:
        raise BadInput(
            _("« {name} » : l'établissement attend un PDF ou une image ({join}).").format(
                name=name, join=", ".join(ACCEPTED_EXTENSIONS)
            )
        )
    return FileToSend(name, content)


async def guarded_send(portal: Portal, action: Callable[[Any], Awaitable[T]]) -> T:
    """``portal.run`` where a refusal stays a refusal, and the network's failures say "hors ligne"."""

    async def guarded(client: Any) -> T:
        try:
            return await action(client)
        except errors.WriteRefused as exc:
            raise ActionRefused(str(exc)) from exc
        except errors.ExpiredObject as exc:
            raise ActionRefused(_("Les données ont changé sur le serveur entre-temps : réessayez.")) from exc
        except (errors.PageUnavailable, errors.AccessDenied) as exc:
            raise ActionRefused(
                _("Le serveur PRONOTE a refusé l'opération ({exc}).").format(exc=exc)
            ) from exc

    return await portal.run(guarded)
