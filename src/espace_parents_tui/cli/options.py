"""Options shared by several commands (argparse only: importing this costs nothing)."""

from __future__ import annotations

import argparse

from espace_parents_tui.util.i18n import _

DISTRIBUTION = "espace-parents-tui"  # the name pip, pipx and uv know the package by


def installed_version() -> str:
    """The version of the installed distribution (its metadata: one version, set in pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return _("inconnue (paquet non installé)")


def add_today_option(parser: argparse.ArgumentParser, *, default: object = argparse.SUPPRESS) -> None:
    """``--today``, before or after the subcommand (the main parser holds the default)."""
    parser.add_argument(
        "--today",
        metavar=_("AAAA-MM-JJ"),
        default=default,
        help=_(
            "support : travaille comme si l'on était ce jour-là (semaine et dates relatives, "
            "devoirs du jour, jour du serveur de démonstration)"
        ),
    )


def add_family_option(parser: argparse.ArgumentParser, *, default: object = argparse.SUPPRESS) -> None:
    """``--famille``: which demo family ``--demo`` opens (``durand``: a 3e and a 2nde child)."""
    parser.add_argument(
        "--famille",
        default=default,
        metavar=_("IDENTIFIANT"),
        help=_("avec --demo : la famille de démonstration (demo, ou durand : un enfant en 3e, un en 2nde)"),
    )
