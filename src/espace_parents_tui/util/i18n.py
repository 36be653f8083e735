"""French first, English on request: ``--lang en``, or an English locale (LC_ALL, LC_MESSAGES, LANG).

One mechanism, gettext: every interface string is written in French in the code as ``_("texte")``
(``ngettext`` for plurals, ``N_`` to mark a constant translated where it is shown). French is the
source language; ``locale/en/LC_MESSAGES/espace_parents.po`` is the English catalog, compiled to
``.mo`` when the package is built or installed (``setup.py``). Labels that come from the server are
shown as sent and never go through ``_``. The language is set once, at the start of a run, before the
interface's modules are imported (their class-level key descriptions are translated at import).
"""

from __future__ import annotations

import os
from datetime import date

_LANG = "fr"
LANGUAGES = ("fr", "en")


def detect_language(explicit: str | None = None) -> str:
    if explicit in LANGUAGES:
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


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (a constant translated where shown)."""
    return message


def _(message: str) -> str:
    """The interface text ``message`` (written in French) in the current language."""
    if _LANG == "fr" or not message:  # gettext("") would be the catalog's header
        return message
    return _catalog().gettext(message)  # type: ignore[attr-defined]


def pgettext(context: str, message: str) -> str:
    """``message`` where the same French word needs another translation (``context`` tells which)."""
    if _LANG == "fr":
        return message
    return _catalog().pgettext(context, message)  # type: ignore[attr-defined]


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
    """A number in the current language, as Babel writes it: "8,48", "Coef. 0,5" in French, "8.48"
    in English.

    ``decimals``: exactly that many digits after the separator ("13,00"); None: as many as the
    number needs, up to three (12 → "12", 0.5 → "0,5"). No grouping: a grade never has thousands.
    This is Babel's ``format_decimal`` for these patterns ("0", "0.00…", "0.###"), done here with
    the separator of each language (:data:`_NUMBERS`): loading a locale's CLDR data costs ≈ 20 ms,
    which the home page (it shows grades) would pay before its first paint. ``tests/test_i18n_cldr.py``
    compares both on many numbers; any other language goes to Babel.
    """
    if _LANG not in _NUMBERS:
        from babel.numbers import format_decimal

        pattern = "0" if decimals == 0 else ("0." + "0" * decimals if decimals else "0.###")
        return format_decimal(value, format=pattern, locale=LOCALES[_LANG], group_separator=False)
    import decimal

    point, infinity = _NUMBERS[_LANG]
    number = decimal.Decimal(str(value))
    sign = "-" if number.is_signed() else ""
    number = abs(number).normalize()
    if number.is_infinite():
        return sign + infinity
    least, most = (0, 3) if decimals is None else (decimals, decimals)
    whole, _dot, fraction = f"{number.quantize(decimal.Decimal(10) ** -most):f}".partition(".")
    fraction = (fraction or "0").ljust(least, "0")
    if most == 0 or (least == 0 and int(fraction) == 0):
        return sign + whole
    while len(fraction) > least and fraction.endswith("0"):
        fraction = fraction[:-1]
    return sign + whole + point + fraction


# From Babel's CLDR data (``tests/test_i18n_cldr.py`` checks they are still Babel's): the decimal
# separator and infinity sign, the days' names (``get_day_names``) for the interface's languages.
_NUMBERS = {"fr": (",", "∞"), "en": (".", "∞")}
_DAY_NAMES = {
    ("fr", "wide"): ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    ("fr", "abbreviated"): ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
    ("en", "wide"): ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    ("en", "abbreviated"): ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def day_name(day: date, width: str = "wide") -> str:
    """The day's name in the current language, from Babel's CLDR data: ``wide`` (lundi, Monday) or
    ``abbreviated`` (lun, Mon: without CLDR's final dot). French names are lower case, as French writes
    them; a caller starting a line capitalises. (The two widths of both languages are kept here:
    :data:`_DAY_NAMES`.)"""
    names = _DAY_NAMES.get((_LANG, width))
    if names is None:
        from babel.dates import get_day_names

        names = tuple(get_day_names(width, locale=LOCALES[_LANG])[i] for i in range(7))
    return names[day.weekday()].rstrip(".")
