"""French first, English on request: ``--lang en``, or an English locale (LC_ALL, LC_MESSAGES, LANG).

Labels follow PRONOTE's own words in French. ``t(key, **values)`` gives the text in the current
language; a key missing in English falls back to French.
"""

from __future__ import annotations

import os
from datetime import date

_LANG = "fr"

FR: dict[str, str] = {
    "help.title": "Aide — Espace Parents",
    "section.home": "Accueil",
    "section.children": "Enfants",
    "section.grades": "Notes",
    "section.averages": "Moyennes",
    "section.timetable": "Emploi du temps",
    "section.messages": "Messagerie",
    "section.news": "Informations et sondages",
    "section.homework": "Cahier de textes",
    "section.documents": "Documents",
    "section.menus": "Menus",
    "section.calendar": "Calendrier",
    "section.novelties": "Nouveautés",
    "section.account": "Compte",
    "section.meetings": "Rencontres parents-professeurs",
    "section.school_life": "Vie scolaire",
    "section.team": "Équipe pédagogique",
    "section.competences": "Compétences",
    "section.report": "Bulletin",
    "col.subject": "Matière",
    "col.date": "Date",
    "col.grade": "Note",
    "col.coef": "Coef.",
    "col.class_avg": "Moy. classe",
    "col.min": "Min.",
    "col.max": "Max.",
    "col.comment": "Commentaire",
    "col.student_avg": "Moyenne",
    "col.name": "Nom",
    "col.class": "Classe",
    "col.school": "Établissement",
    "col.time": "Horaire",
    "col.teachers": "Professeurs",
    "col.room": "Salle",
    "col.status": "Statut",
    "not_published": "non publiée",
    "overall": "Moyenne générale",
    "class_overall": "Moyenne de la classe",
    "cancelled": "annulé",
    "offline_note": "Données du cache, {freshness}.",
    "cached_note": "Données du {when}.",
    "nothing_cached": "Rien en cache pour « {section} » : synchronisez d'abord (espace-parents sync).",
    "sync.done": "Synchronisation terminée : {datasets} jeux de données, {requests} requêtes.",
    "sync.nothing_new": "Rien de nouveau depuis la dernière synchronisation.",
    "sync.new": "Nouveau",
    "sync.changed": "Modifié",
    "sync.problem": "Rubrique non lue",
    "login.done": "Connecté : {name}. Enfants : {children}.",
    "login.stored": "Secret enregistré dans : {store}.",
    "logout.done": "Compte « {account} » oublié : secrets effacés, cache supprimé.",
    "accounts.none": "Aucun compte. Ajoutez-en un avec « espace-parents login ».",
    "no_account": "Aucun compte configuré : connectez-vous avec « espace-parents login » ou essayez --demo.",
    "unknown_account": "Compte inconnu : « {account} ».",
    "locate.config": "Configuration",
    "locate.cache": "Cache",
    "locate.data": "Données",
    "locate.credentials": "Secrets",
    "ask.server": "Adresse PRONOTE (…/pronote/parent.html) : ",
    "ask.username": "Identifiant : ",
    "ask.password": "Mot de passe : ",
    "ask.qr": "QR code (texte JSON ou chemin d'un fichier) : ",
    "ask.pin": "Code PIN du QR code (4 chiffres) : ",
    "no_keyring": "{message}",
    "no_keyring.cli": (
        "Relancez avec --insecure-storage pour enregistrer le secret dans un fichier non chiffré "
        "(0600), ou avec --ask pour saisir le mot de passe à chaque fois."
    ),
    "no_keyring.cli.account": (
        "Les données déjà en cache restent lisibles (show --offline). Pour vous connecter : relancez "
        "avec --ask pour saisir le mot de passe cette fois (rien n'est enregistré), ou reconnectez le "
        "compte avec « espace-parents login --ask » (mot de passe demandé à chaque fois) ou "
        "« espace-parents login --insecure-storage » (fichier non chiffré, 0600)."
    ),
    "no_keyring.cli.token": (
        "Les données déjà en cache restent lisibles (show --offline). Ce compte se connecte par QR code : "
        "son jeton est dans le trousseau. Ouvrez une session où le trousseau est disponible, ou "
        "reconnectez-vous avec « espace-parents login --qr … --insecure-storage »."
    ),
    "unknown_section": "Rubrique inconnue : « {section} » (rubriques : {known}).",
    "insecure_warning": "Attention : {warning}",
}

EN: dict[str, str] = {
    "help.title": "Help — Espace Parents",
    "section.home": "Home",
    "section.children": "Children",
    "section.grades": "Grades",
    "section.averages": "Averages",
    "section.timetable": "Timetable",
    "section.messages": "Messages",
    "section.news": "News and surveys",
    "section.homework": "Homework",
    "section.documents": "Documents",
    "section.menus": "Menus",
    "section.calendar": "Calendar",
    "section.novelties": "What's new",
    "section.account": "Account",
    "section.meetings": "Parent–teacher meetings",
    "section.school_life": "School life",
    "section.team": "Teaching team",
    "section.competences": "Skills",
    "section.report": "Report card",
    "col.subject": "Subject",
    "col.date": "Date",
    "col.grade": "Grade",
    "col.coef": "Coef.",
    "col.class_avg": "Class avg.",
    "col.min": "Min.",
    "col.max": "Max.",
    "col.comment": "Comment",
    "col.student_avg": "Average",
    "col.name": "Name",
    "col.class": "Class",
    "col.school": "School",
    "col.time": "Time",
    "col.teachers": "Teachers",
    "col.room": "Room",
    "col.status": "Status",
    "not_published": "not published",
    "overall": "Overall average",
    "class_overall": "Class average",
    "cancelled": "cancelled",
    "offline_note": "Cached data, {freshness}.",
    "cached_note": "Data from {when}.",
    "nothing_cached": "Nothing cached for “{section}”: sync first (espace-parents sync).",
    "sync.done": "Sync finished: {datasets} datasets, {requests} requests.",
    "sync.nothing_new": "Nothing new since the last sync.",
    "sync.new": "New",
    "sync.changed": "Changed",
    "sync.problem": "Section not read",
    "login.done": "Logged in: {name}. Children: {children}.",
    "login.stored": "Secret stored in: {store}.",
    "logout.done": "Account “{account}” forgotten: secrets erased, cache deleted.",
    "accounts.none": "No account. Add one with “espace-parents login”.",
    "no_account": "No account configured: log in with “espace-parents login” or try --demo.",
    "unknown_account": "Unknown account: “{account}”.",
    "locate.config": "Configuration",
    "locate.cache": "Cache",
    "locate.data": "Data",
    "locate.credentials": "Secrets",
    "ask.server": "PRONOTE address (…/pronote/parent.html): ",
    "ask.username": "Username: ",
    "ask.password": "Password: ",
    "ask.qr": "QR code (JSON text or a file path): ",
    "ask.pin": "QR code PIN (4 digits): ",
    "no_keyring.cli": (
        "Run again with --insecure-storage to keep the secret in an unencrypted file (0600), "
        "or with --ask to type the password each time."
    ),
    "no_keyring.cli.account": (
        "The data already cached stay readable (show --offline). To log in: run again with --ask to "
        "type the password this once (nothing is stored), or log the account in again with "
        "“espace-parents login --ask” (password asked each time) or “espace-parents login "
        "--insecure-storage” (unencrypted file, 0600)."
    ),
    "no_keyring.cli.token": (
        "The data already cached stay readable (show --offline). This account logs in with a QR code: "
        "its token is in the keyring. Open a session where the keyring is available, or log in again "
        "with “espace-parents login --qr … --insecure-storage”."
    ),
    "unknown_section": "Unknown section: “{section}” (sections: {known}).",
    "insecure_warning": "Warning: {warning}",
}

CATALOGS = {"fr": FR, "en": EN}


def detect_language(explicit: str | None = None) -> str:
    if explicit in CATALOGS:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    return "fr"


def set_language(lang: str | None) -> str:
    global _LANG, _TRANSLATION
    _LANG = detect_language(lang)
    _TRANSLATION = None
    return _LANG


# gettext: the interface's source language is French (the words PRONOTE uses); English is a catalog,
# ``locale/en/LC_MESSAGES/espace_parents.po`` compiled to ``.mo``. A string missing from the catalog
# shows in French.
_TRANSLATION: object | None = None
DOMAIN = "espace_parents"


def _catalog():
    global _TRANSLATION
    if _TRANSLATION is None:
        import gettext as _gettext
        from pathlib import Path

        localedir = Path(__file__).resolve().parent.parent / "locale"
        _TRANSLATION = _gettext.translation(
            DOMAIN, localedir=str(localedir), languages=[_LANG], fallback=True
        )
    return _TRANSLATION


def _(message: str) -> str:
    """The interface text ``message`` (written in French) in the current language."""
    if _LANG == "fr":
        return message
    return _catalog().gettext(message)  # type: ignore[attr-defined]


def ngettext(singular: str, plural: str, n: int) -> str:
    if _LANG == "fr":
        return singular if n <= 1 else plural  # French: 0 and 1 are singular
    return _catalog().ngettext(singular, plural, n)  # type: ignore[attr-defined]


def language() -> str:
    return _LANG


LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def format_day(day: date, pattern: str = "EEE dd/MM") -> str:
    """A date in the current language, by Babel's CLDR patterns (``EEE`` = the day's short name)."""
    from babel.dates import format_date  # Babel's locale data loads only when a date is shown

    return format_date(day, pattern, locale=LOCALES[_LANG])


def format_number(value: float, decimals: int | None = None) -> str:
    """A number in the current language, by Babel: "8,48", "Coef. 0,5" in French, "8.48" in English.

    ``decimals``: exactly that many digits after the separator ("13,00"); None: as many as the
    number needs, up to three (12 → "12", 0.5 → "0,5"). No grouping: a grade never has thousands.
    """
    from babel.numbers import format_decimal  # Babel's locale data loads only when a number is shown

    pattern = "0" if decimals == 0 else ("0." + "0" * decimals if decimals else "0.###")
    return format_decimal(value, format=pattern, locale=LOCALES[_LANG], group_separator=False)


def t(key: str, **values: object) -> str:
    text = CATALOGS[_LANG].get(key) or FR.get(key) or key
    return text.format(**values) if values else text
