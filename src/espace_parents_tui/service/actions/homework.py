"""Cahier de textes actions: tick homework done (or not done) for the family.

Portal layer. The homework id of the cache may belong to an older server session: the week is read
again (``portal.fetch``), the homework found again by stable content (subject, due date, text), and
the tick sent for that fresh object. PRONOTE may refuse it from a parent account (students tick their
own homework): the refusal is one clear sentence, not an "offline" state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import Child, Homework
from espace_parents_tui.pronote import errors
from espace_parents_tui.service.actions.files import owner_key
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.service.portal import Portal

SECTION = "homework"


class HomeworkRefused(PortalError):
    """The server did not accept the tick."""


def find_homework(items: list[Homework], wanted: Homework) -> Homework | None:
    key = owner_key(SECTION, wanted)
    return next((hw for hw in items if owner_key(SECTION, hw) == key), None)


async def set_done(portal: Portal, child: Child, scope: str, homework: Homework, done: bool) -> Homework:
    """Tick ``homework`` (listed in the cached week ``scope``) done or not; returns it as re-read."""
    fresh = await portal.fetch(SECTION, child, scope)
    target = find_homework(fresh.value, homework)
    if target is None:
        raise PortalError(
            _(
                "Ce travail ({name}, pour le {due:%d/%m}) n'est plus dans le cahier de textes : la liste a été mise à jour."
            ).format(name=homework.subject.name, due=homework.due)
        )
    if target.done == done:
        return target

    async def tick(client: Any) -> None:
        try:
            await client.set_homework_done(child.name, target, done)
        except (errors.SessionExpired, errors.TooManyAttempts):
            raise
        except errors.ServerError as exc:
            raise HomeworkRefused(
                _(
                    "Le serveur PRONOTE a refusé de cocher ce travail ({value}) : l'établissement n'accepte peut-être pas cette coche depuis un compte parent."
                ).format(value=exc.title or exc)
            ) from exc

    await portal.run(tick)
    # Read the week again: the cache (and the screen) show what the server now holds.
    after = await portal.fetch(SECTION, child, scope)
    return find_homework(after.value, homework) or target
