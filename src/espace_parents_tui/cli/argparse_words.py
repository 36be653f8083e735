"""argparse's own words (``usage:``, ``options``, its errors) in the run's language.

argparse asks ``gettext`` for its texts in English, with no catalog of ours behind it: a French help
would read "usage: … options: show this help message and exit". :func:`install` points argparse's
``_`` at a table of its English texts, each given here in French and translated by our catalog like
every other interface string. A text not in the table stays argparse's own (developer errors only).
"""

from __future__ import annotations

import argparse

from espace_parents_tui.util.i18n import N_, _

TEXTS = {
    "usage: ": N_("utilisation : "),
    "options": N_("options"),
    "positional arguments": N_("arguments"),
    "show this help message and exit": N_("affiche cette aide et quitte"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s : erreur : %(message)s\n"),
    "argument %(argument_name)s: %(message)s": N_("argument %(argument_name)s : %(message)s"),
    "the following arguments are required: %s": N_("arguments obligatoires manquants : %s"),
    "unrecognized arguments: %s": N_("arguments inconnus : %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_(
        "choix invalide : %(value)r (choix possibles : %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": N_("valeur invalide (%(type)s) : %(value)r"),
    "expected one argument": N_("une valeur attendue"),
    "expected at least one argument": N_("au moins une valeur attendue"),
    "expected at most one argument": N_("une valeur au plus"),
    "ambiguous option: %(option)s could match %(matches)s": N_(
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "not allowed with argument %s": N_("impossible avec l'argument %s"),
    "one of the arguments %s is required": N_("l'un des arguments %s est obligatoire"),
    "ignored explicit argument %r": N_("valeur ignorée : %r"),
    "can't open '%(filename)s': %(error)s": N_("impossible d'ouvrir « %(filename)s » : %(error)s"),
}


# The value's name in the help when an option gives none (argparse would show its English dest).
METAVARS = {
    "account": N_("COMPTE"),
    "challenge": N_("DÉFI"),
    "child": N_("ENFANT"),
    "comment": N_("COMMENTAIRE"),
    "file": N_("FICHIER"),
    "label": N_("LIBELLÉ"),
    "period": N_("PÉRIODE"),
    "pin": N_("PIN"),
    "port": N_("PORT"),
    "reason": N_("MOTIF"),
    "server": N_("ADRESSE"),
    "theme": N_("THÈME"),
    "username": N_("IDENTIFIANT"),
    "week": N_("SEMAINE"),
}


def _metavar(self, action: argparse.Action) -> str:
    french = METAVARS.get(action.dest)
    return _(french) if french is not None else action.dest.upper()


def _words(message: str) -> str:
    french = TEXTS.get(message)
    return _(french) if french is not None else message


def _plural_words(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return _("%s valeur attendue") if n <= 1 else _("%s valeurs attendues")
    return singular if n == 1 else plural


def install() -> None:
    """argparse speaks the run's language from now on (its texts are looked up when shown)."""
    argparse._ = _words  # type: ignore[attr-defined]
    argparse.ngettext = _plural_words  # type: ignore[attr-defined]
    argparse.HelpFormatter._get_default_metavar_for_optional = _metavar  # type: ignore[method-assign]
