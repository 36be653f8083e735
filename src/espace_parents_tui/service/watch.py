"""One round of watching: sync if the server may be asked again, then notify what is new.

It spares the server: at most one round every 15 minutes per account (the time of the last round
is kept in the account's cache, so separate runs from a timer see it), with a random delay before
it when asked (``jitter``), so that a school's families do not all knock at the same minute. A
refused password or a lockout ends the round with the portal's sentence; the portal then refuses
to log in again until the parent acts, so a timer never locks an account out.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from espace_parents_tui.service.notify import Notification, Notifier, notifications, send_all
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.store import Change
from espace_parents_tui.util.i18n import _, ngettext

MIN_INTERVAL = timedelta(minutes=15)
LAST_ROUND = "watch_last_round"


@dataclass
class Round:
    ran: bool
    message: str
    changes: list[Change] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    sent: int = 0


async def watch_round(
    portal: Portal,
    *,
    kinds: Iterable[str],
    notifier: Callable[[], Notifier | None],
    jitter: float = 0.0,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    rng: random.Random | None = None,
) -> Round:
    """Sync and notify, or say why not now. Portal errors (offline, credentials, lockout) propagate."""
    now = portal.clock.now()
    last = portal.cache.get_meta(LAST_ROUND)
    if last:
        previous = datetime.fromisoformat(last)
        if timedelta(0) <= now - previous < MIN_INTERVAL:
            after = previous + MIN_INTERVAL
            return Round(
                False,
                _(
                    "Dernière vérification à {previous:%H:%M} : la prochaine à partir de {after:%H:%M} (une au plus toutes les 15 minutes)."
                ).format(previous=previous, after=after),
            )
    if jitter > 0:
        await sleep((rng or random.Random()).uniform(0, jitter))
    # Kept before asking: a server that fails is not asked again at once either.
    portal.cache.set_meta(LAST_ROUND, portal.clock.now().isoformat(timespec="seconds"))
    report = await portal.sync()
    found = notifications(report.changes, kinds)
    sent = send_all(notifier(), found) if found else 0
    if not found:
        message = _("Rien de nouveau.")
    elif sent:
        message = ngettext("{sent} notification envoyée.", "{sent} notifications envoyées.", sent).format(
            sent=sent
        )
    else:
        message = ngettext(
            "{len} nouveauté, mais aucun moyen de notifier ici (ni D-Bus ni terminal).",
            "{len} nouveautés, mais aucun moyen de notifier ici (ni D-Bus ni terminal).",
            len(found),
        ).format(len=len(found))
    return Round(True, message, report.changes, found, sent)
