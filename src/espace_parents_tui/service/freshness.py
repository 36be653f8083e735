"""How old the portal's data is, in words: "à jour (14:02)", "hors ligne depuis 14:02"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from espace_parents_tui.util.i18n import _


@dataclass(frozen=True)
class Freshness:
    last_sync: datetime | None
    offline_since: datetime | None
    last_error: str | None

    def describe(self, now: datetime) -> str:
        if self.offline_since is not None:
            return _("hors ligne depuis {when}").format(when=_when(self.offline_since, now))
        if self.last_sync is None:
            return _("jamais synchronisé")
        return _("à jour ({when})").format(when=_when(self.last_sync, now))


def _when(moment: datetime, now: datetime) -> str:
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d/%m/%Y %H:%M")
