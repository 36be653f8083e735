"""The checks of the language tests: interface words and catalog texts of the other language.

Used by tests/test_language_walk.py (the app's screens) and tests/test_cli_languages.py (the command
line). The server's texts (the demo school's own strings) are blanked out first: they are French
whatever the interface's language.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from enum import Enum
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import catalogs  # noqa: E402

# French words of the interface (the section titles, the keys' descriptions, the columns, the forms).
FRENCH_WORDS = """
Accueil Notes Emploi Cahier Messagerie Équipe Calendrier Nouveautés Rubrique Rubriques touche Aide
Quitter Synchroniser synchronisation Enfant suivant suivante Suiv. suiv. préc. Préc. Période période
Semaine semaine Aujourd'hui aujourd'hui Moyenne moyenne Matière Professeur Professeurs Salle Horaire
Statut Commentaire Appréciation Évaluation Compétence Compétences Niveaux Niv. Aucun Aucune aucun
aucune Chargement Fermer Annuler Envoyer Répondre Télécharger Déposer Justifier Prévenir Entrée Échap
lue Nouveau nouveau Modifié modifié Fait fait Travail Contenu Cours Objet Destinataires Motif
Brouillon brouillon Identifiant Connexion Adresse Classe Établissement Élève Repas Plats Retard retard
Absences Punition Punitions Observations Mesure justifiée justifié Bulletin Casier Fichier Fichiers
Dossier Parcourir Valider Vérifier Rien Hors Données Mémo Durée Catégorie Intitulé Lien Quand Quoi
Auteur Origine Titre Décidée Demandée Trouvé manquées Interdiction connaissance Informations sondages
discussion Discussion réponse Réponse Votre Vous vous depuis semaines jours Partout EDT
VieSco
""".split()

# English words of the interface, for the French screens.
ENGLISH_WORDS = """
Home Grades Timetable Homework Messages Team Calendar Help Quit Next Previous Prev. next
previous Week week Today today Average average Subject Teachers Room Time Status Comment Assessment
Skill Skills Levels Loading Close Cancel Send Reply Download Upload Justify Report Enter Esc unread
Unread read New Changed Done done Work Contents Lesson Recipients Reason Draft Username Password Log
Address School Pupil Meal Dishes Late Absences Punishment Measure justified Locker File Files Folder
Browse Confirm Check Nothing Offline Data Duration Category Title Link When What Author Origin
Decided Requested Found missed Access News surveys conversation answer Your You since weeks days
Everywhere Children Child Sections Section key period Period Period: class Class avg. Overall

""".split()

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[a-z]|%[a-z]")


def masked(screens: dict[str, str], server: list[str]) -> dict[str, str]:
    """The screens with every text the server sent blanked out (longest first)."""
    texts = sorted((s for s in server if len(s.strip()) >= 3), key=len, reverse=True)
    masked = {}
    for name, text in screens.items():
        for value in texts:
            if value in text:
                text = text.replace(value, " " * len(value))
        masked[name] = text
    return masked


def server_words(server: list[str]) -> set[str]:
    return {word for text in server for word in re.findall(r"[\w'.’-]+", text)}


def word_hits(words: list[str], screens: dict[str, str], server: list[str]) -> tuple[list, int]:
    excluded = server_words(server)
    checked = [w for w in words if w not in excluded and w.rstrip(".") not in excluded]
    hits = []
    for name, text in masked(screens, server).items():
        for word in checked:
            if re.search(r"(?<![\w'’])" + re.escape(word) + r"(?![\w'’])", text):
                hits.append((name, word))
    return hits, len(checked)


def fragments(text: str) -> list[str]:
    """The parts of a catalog text worth looking for: between placeholders, long enough to be telling."""
    parts = []
    for part in PLACEHOLDER.split(text):
        for line in part.split("\n"):
            line = line.strip(" :·—-()«»“”,.;!?*…\t")
            if len(line) >= 10 and " " in line:
                parts.append(line)
    return parts


def catalog_hits(own: str, screens, server) -> list:
    """Texts of the other language from the catalog that show on the screens."""
    pairs = [(m.id, m.string) for m in catalogs.read("en") if m.id and isinstance(m.id, str)]
    corpus = "\n".join(server)
    keep = {frag for source, target in pairs for frag in fragments(target if own == "en" else source)}
    wanted = {
        frag
        for source, target in pairs
        for frag in fragments(source if own == "en" else target)
        if frag not in corpus and not any(frag in k for k in keep)
    }
    hits = []
    for name, text in masked(screens, server).items():
        flat = re.sub(r"\s+", " ", text)
        hits.extend((name, frag) for frag in wanted if frag in flat)
    return sorted(hits)


def server_texts(school) -> list[str]:
    """Every string of the demo school, and the emulated server's fixed messages: what the server sends."""
    import importlib
    import pkgutil

    import espace_parents_tui.demo.pages as pages
    import espace_parents_tui.demo.school as school_package

    found: set[str] = set()

    def visit(value, depth=0) -> None:
        if depth > 12:
            return
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, Enum):
            visit(value.value, depth + 1)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                visit(getattr(value, field.name), depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(key, depth + 1)
                visit(item, depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                visit(item, depth + 1)

    visit(school)
    for package in (pages, school_package):
        for module in pkgutil.iter_modules(package.__path__):
            loaded = importlib.import_module(f"{package.__name__}.{module.name}")
            for name, value in vars(loaded).items():
                if name.isupper():
                    visit(value)
    return sorted(found)
