"""The app's sections: their views in the order of the section bar, their short titles, and the help
that lists their keys. Adding a section's view: import it here and put it in :data:`VIEW_CLASSES`.
"""

from __future__ import annotations

from rich.text import Text

from espace_parents_tui.tui.screens.base import SectionView
from espace_parents_tui.tui.screens.calendar import CalendarView
from espace_parents_tui.tui.screens.documents import DocumentsView
from espace_parents_tui.tui.screens.grades import GradesView
from espace_parents_tui.tui.screens.home import HomeView
from espace_parents_tui.tui.screens.homework import HomeworkView
from espace_parents_tui.tui.screens.menus import MenusView
from espace_parents_tui.tui.screens.messages import MessagesView
from espace_parents_tui.tui.screens.novelties import NoveltiesView
from espace_parents_tui.tui.screens.school_life import SchoolLifeView
from espace_parents_tui.tui.screens.team import TeamView
from espace_parents_tui.tui.screens.timetable import TimetableView

# The sections, in the order of the section bar. Each issue-3 area adds its view here.
VIEW_CLASSES: list[type[SectionView]] = [
    HomeView,
    GradesView,
    TimetableView,
    HomeworkView,
    SchoolLifeView,
    MessagesView,
    DocumentsView,
    MenusView,
    TeamView,
    CalendarView,
]

# Views reached by their key, the palette and the help, but not in the section bar (which must fit
# 80 columns): Nouveautés (N), every section's unseen changes in one list.
EXTRA_VIEW_CLASSES: list[type[SectionView]] = [NoveltiesView]
ALL_VIEW_CLASSES: list[type[SectionView]] = VIEW_CLASSES + EXTRA_VIEW_CLASSES

SHORT_TITLES = {
    "home": "Accueil",
    "grades": "Notes",
    "timetable": "Emploi du temps",
    "messages": "Messagerie",
    "homework": "Cahier de textes",
    "school_life": "Vie scolaire",
    "team": "Équipe",
    "documents": "Documents",
    "menus": "Menus",
    "calendar": "Calendrier",
    "novelties": "Nouveautés",
}


def help_body() -> Text:
    """The help dialog's text (``?``): the sections' letters, the keys that work everywhere, each section's."""
    body = Text()
    body.append("Rubriques\n", style="bold")
    for view in ALL_VIEW_CLASSES:
        body.append(f"  {view.letter}  ", style="bold").append(SHORT_TITLES.get(view.key, view.key) + "\n")
    body.append("\nPartout\n", style="bold")
    for keys, what in (
        ("ctrl+e", "enfant suivant (1, 2… : choisir l'enfant)"),
        ("ctrl+a", "compte suivant (autre parent, autre établissement)"),
        ("s", "synchroniser maintenant"),
        ("ctrl+p", "palette de commandes"),
        ("?", "cette aide"),
        ("q", "quitter"),
    ):
        body.append(f"  {keys:<7}", style="bold").append(f"{what}\n")
    body.append("\nEmploi du temps : , et . (ou PgPréc/PgSuiv) semaine, t aujourd'hui, flèches, Entrée\n")
    body.append(
        "Notes : , et . période, o notes/moyennes/compétences/bulletin, Entrée détail,"
        " t bulletin en PDF ; Vie scolaire : , et . période, f filtrer, Entrée détail,"
        " j justifier, a prévenir d'une absence ;"
        " Équipe : Entrée détail, y copier l'e-mail\n"
    )
    body.append(
        "Messagerie : Entrée ouvre, r répond, u lu/non lu, ctrl+n nouveau message,"
        " o informations et sondages (j accuser réception, ctrl+s envoyer les réponses)\n"
    )
    body.append(
        "Cahier de textes : , et . semaine, o travail/contenu, espace fait, Entrée détail ;"
        " Documents : Entrée télécharge, o à fournir (Entrée déposer, t télécharger) ;"
        " Menus : , et . semaine\n"
    )
    body.append("Nouveautés : Entrée ouvre la rubrique ; ce qui est listé est vu\n")
    return body
