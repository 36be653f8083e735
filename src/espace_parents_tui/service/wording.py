"""How the service's data reads in words, for both presentations (the command line's tables and the
app's screens): one place, so that ``show`` and the app never disagree.
"""

from __future__ import annotations

from espace_parents_tui.models import Mark
from espace_parents_tui.util.i18n import N_, _, format_number

SPECIAL_FR = {
    1: N_("Absent"),
    2: N_("Dispensé"),
    3: N_("Non noté"),
    4: N_("Inapte"),
    5: N_("Non rendu"),
    6: N_("Absent (0)"),
    7: N_("Non rendu (0)"),
    8: N_("Félicitations"),
}


def mark_text(mark: Mark, out_of: float | None = None) -> str:
    if mark.special is not None:
        special = SPECIAL_FR.get(int(mark.special))
        return _(special) if special else str(mark.special)
    if mark.value is None:
        return _("non publiée")
    text = format_number(mark.value)
    if out_of is not None and out_of != 20:
        text += "/" + format_number(out_of)
    return text


COMPUTED_SIGN = "*"


def average_text(mark: Mark, computed: bool) -> str:
    """An average as shown: the school's, or ours (followed by ``*``) where it publishes none."""
    text = mark_text(mark)
    return f"{text} {COMPUTED_SIGN}" if computed and mark.published else text


def computed_legend() -> str:
    return _("* calculée par l'application : l'établissement ne publie pas cette moyenne.")
