"""The app's sections: a light registry of their keys, letters and titles, in the order of the
section bar, and the help that lists them.

Nothing here imports a screen: the app, the palette, the bindings and the help work from these
names, and a view's module is imported the first time the view is shown (:meth:`ViewEntry.load`).
This keeps the first paint to the home screen's own cost (see ``benchmarks/startup.py``).

Adding a section's view: write its ``SectionView`` in ``tui/screens/<module>.py`` (its ``key``,
``letter`` and ``title_text`` class attributes must match its entry; ``tests/test_views.py`` checks
it) and add one :class:`ViewEntry` below, in :data:`VIEWS` (in the section bar) or
:data:`EXTRA_VIEWS` (reached by its key, the palette and the help only).
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from espace_parents_tui.util.i18n import N_, _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.tui.screens.base import SectionView


@dataclass(frozen=True)
class ViewEntry:
    """One section view, known by name until it is shown."""

    key: str  # the view's key: its id "view-<key>", its binding "section.<key>"
    letter: str  # the key that opens it
    short_text: str  # its name in the section bar, the bindings and the help (French, N_-marked)
    module: str  # its module under espace_parents_tui.tui.screens
    class_name: str  # its SectionView subclass in that module
    title_text: str = ""  # its full title (French, N_-marked), when longer than the short one
    # A section the school may not offer every child (Orientation, Stages, Manuels, Parcours): the
    # view is in the bar only when the portal says this portal section (or one of these) is offered
    # to the child.
    optional: str | tuple[str, ...] | None = None

    def offered(self, portal: Portal | None, child: Child | None) -> bool:
        if self.optional is None:
            return True
        names = (self.optional,) if isinstance(self.optional, str) else self.optional
        return portal is not None and any(portal.offers(name, child) for name in names)

    @property
    def short_title(self) -> str:
        """The section bar's, the bindings' and the help's name, in the current language."""
        return _(self.short_text)

    @property
    def title(self) -> str:
        """The view's full title (the palette's), in the current language."""
        return _(self.title_text or self.short_text)

    @property
    def module_name(self) -> str:
        return f"espace_parents_tui.tui.screens.{self.module}"

    @property
    def imported(self) -> bool:
        """Whether its module is imported already (``load`` then costs nothing)."""
        return self.module_name in sys.modules

    def load(self) -> type[SectionView]:
        """The view's class: imports its module (once; Python keeps it)."""
        module = importlib.import_module(self.module_name)
        return getattr(module, self.class_name)


# The sections, in the order of the section bar.
VIEWS: tuple[ViewEntry, ...] = (
    ViewEntry("home", "a", N_("Accueil"), "home", "HomeView"),
    ViewEntry("grades", "n", N_("Notes"), "grades", "GradesView"),
    ViewEntry("timetable", "e", N_("Emploi du temps"), "timetable", "TimetableView"),
    ViewEntry("homework", "c", N_("Cahier de textes"), "homework", "HomeworkView"),
    ViewEntry("school_life", "v", N_("Vie scolaire"), "school_life", "SchoolLifeView"),
    ViewEntry("messages", "m", N_("Messagerie"), "messages", "MessagesView"),
    ViewEntry("documents", "d", N_("Documents"), "documents", "DocumentsView"),
    ViewEntry("menus", "r", N_("Menus"), "menus", "MenusView"),
    ViewEntry("team", "p", N_("Équipe"), "team", "TeamView", N_("Équipe pédagogique")),
    ViewEntry("calendar", "k", N_("Calendrier"), "calendar", "CalendarView"),
    # Listed only for a child the school offers them to (``Portal.offers``).
    ViewEntry("orientation", "i", N_("Orientation"), "orientation", "OrientationView", optional="orientation"),
    ViewEntry("internships", "g", N_("Stages"), "internships", "InternshipsView", optional="internships"),
    ViewEntry("textbooks", "l", N_("Manuels"), "textbooks", "TextbooksView", N_("Manuels numériques"), optional="textbooks"),
    # Parcours: the record over the years (tab 44) and the livret scolaire (tab 83), either or both.
    ViewEntry("record", "u", N_("Parcours"), "record", "RecordView", optional=("record", "livret")),
)

# Views reached by their key, the palette and the help, but not in the section bar (which must fit
# 80 columns): Nouveautés (N), every section's unseen changes in one list; Compte (C) and
# Rencontres (R).
EXTRA_VIEWS: tuple[ViewEntry, ...] = (
    ViewEntry("novelties", "N", N_("Nouveautés"), "novelties", "NoveltiesView"),
    ViewEntry("account", "C", N_("Compte"), "account", "AccountView"),
    ViewEntry(
        "meetings", "R", N_("Rencontres"), "meetings", "MeetingsView", N_("Rencontres parents-professeurs")
    ),
)
ALL_VIEWS: tuple[ViewEntry, ...] = VIEWS + EXTRA_VIEWS
BY_KEY: dict[str, ViewEntry] = {entry.key: entry for entry in ALL_VIEWS}


_offered: list[Any] = [None, []]  # (portal, child, cache version) and the views offered then


def offered_views(portal: Portal | None, child: Child | None) -> list[ViewEntry]:
    """The bar's views for ``child``: an optional one only when the school offers it. Worked out
    again only once the cache was written (the section bar asks at each switch)."""
    stamp = (portal, child, portal.cache.version(), portal.clock.today()) if portal is not None else None
    if stamp is None or _offered[0] != stamp:
        _offered[1] = [v for v in VIEWS if v.offered(portal, child)]
        _offered[0] = stamp
    return list(_offered[1])


def section_allowed(app: Any, key: str) -> bool:
    """Whether ``key`` may be opened for the app's child; a section the school does not offer this
    child is not opened, and the app says so."""
    entry = BY_KEY[key]
    if entry.optional is None or entry in offered_views(app.portal, app.child):
        return True
    message = _("L'établissement ne propose pas la rubrique « {section} » pour cet enfant.")
    app.notify(message.format(section=entry.short_title), severity="warning", markup=False)
    return False


def bar_entries(app: Any) -> list[tuple[str, str, str]]:
    """The section bar's (key, letter, title) for the app's child; leaves a section this child does
    not have for the home page."""
    offered = offered_views(app.portal, app.child)
    if app.current in {v.key for v in VIEWS} - {v.key for v in offered}:
        app.call_after_refresh(app.action_section, "home")
    return [(v.key, v.letter, v.short_title) for v in offered]


def help_body() -> Text:
    """The help dialog's text (``?``): the sections' letters, the keys that work everywhere, each section's."""
    body = Text()
    body.append(_("Rubriques") + "\n", style="bold")
    for view in ALL_VIEWS:
        body.append(f"  {view.letter}  ", style="bold").append(view.short_title + "\n")
    body.append("\n" + _("Partout") + "\n", style="bold")
    for keys, what in (
        ("ctrl+e", _("enfant suivant (1, 2… : choisir l'enfant)")),
        ("ctrl+a", _("compte suivant (autre parent, autre établissement)")),
        ("s", _("synchroniser maintenant")),
        ("ctrl+p", _("palette de commandes")),
        ("?", _("cette aide")),
        ("q", _("quitter")),
    ):
        body.append(f"  {keys:<7}", style="bold").append(f"{what}\n")
    body.append(_("\nEmploi du temps : , et . (ou PgPréc/PgSuiv) semaine, t aujourd'hui, flèches, Entrée\n"))
    body.append(
        _(
            "Notes : , et . période, o notes/moyennes/compétences/bulletin, Entrée détail, g évolution,"
            " h et si… (une note imaginée),"
            " t bulletin en PDF ; Vie scolaire : , et . période, f filtrer, Entrée détail,"
            " j justifier, a prévenir d'une absence ;"
            " Équipe : Entrée détail, y copier l'e-mail\n"
        )
    )
    body.append(
        _(
            "Messagerie : Entrée ouvre, r répond, u lu/non lu, ctrl+n nouveau message,"
            " o informations et sondages (j accuser réception, ctrl+s envoyer les réponses)\n"
        )
    )
    body.append(
        _(
            "Cahier de textes : , et . semaine, o travail/contenu, espace fait, Entrée détail ;"
            " Documents : Entrée télécharge, o à fournir (Entrée déposer, t télécharger) ;"
            " Menus : , et . semaine\n"
        )
    )
    body.append(
        _(
            "Orientation, Stages, Manuels, Parcours : seulement si l'établissement les propose pour l'enfant ;"
            " Orientation : w saisir et ordonner les vœux (Entrée choisir, ctrl+↑↓ ordre, ctrl+s envoyer),"
            " a accuser réception ; Manuels : Entrée ouvre le lien ;"
            " Parcours : Entrée la matière au fil des années, t bulletins PDF des années précédentes\n"
        )
    )
    body.append(_("Nouveautés : Entrée ouvre la rubrique ; ce qui est listé est vu\n"))
    body.append(
        _(
            "Compte : o parent/enfant, Entrée modifier, w mot de passe ;"
            " Rencontres : Entrée indiquer un vœu (planning et chevauchements en dessous)\n"
        )
    )
    return body
