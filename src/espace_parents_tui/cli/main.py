"""Command line entry point. Textual is imported only when the TUI opens; argparse and the
commands only when the options are parsed (``show … --offline --json`` needs neither:
``cli/quickread.py``)."""

from __future__ import annotations

import sys

from espace_parents_tui.cli import quickread
from espace_parents_tui.cli.quickread import closed_pipe as _closed_pipe
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import clean

TYPE_CHECKING = False  # not typing's: importing typing costs the fast path of ``show … --offline --json``
if TYPE_CHECKING:
    import argparse

COMMANDS = frozenset(
    {"login", "logout", "accounts", "locate", "sync", "show", "export", "watch", "demo-server", "debug"}
    | {"justify", "declare-absence", "documents", "drafts", "novelties", "support", "reply", "serve"}
    | {"write"}
    | {"account", "meetings", "orientation"}
)


def _version_action() -> type:
    """``--version``: looks the version up only when asked (importlib.metadata is slow to import)."""
    import argparse

    class VersionAction(argparse.Action):
        def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
            super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

        def __call__(self, parser, namespace, values, option_string=None):
            from espace_parents_tui.cli.options import installed_version

            print(f"espace-parents {installed_version()}")
            parser.exit()

    return VersionAction


def _add_app_options(parser: argparse.ArgumentParser) -> None:
    from espace_parents_tui.cli.options import add_family_option, add_today_option

    parser.add_argument("--version", action=_version_action(), help=_("affiche la version et quitte"))
    parser.add_argument("--debug", action="store_true", help=_("affiche la trace complète des erreurs"))
    parser.add_argument(
        "--lang", choices=("fr", "en"), help=_("langue des messages (par défaut : selon la locale)")
    )
    parser.add_argument(
        "--demo", action="store_true", help=_("ouvre l'école de démonstration (rien à configurer)")
    )
    parser.add_argument("--school", metavar=_("FICHIER"), help=_("avec --demo : un autre fichier d'école"))
    parser.add_argument(
        "--replay",
        metavar=_("BUNDLE"),
        help=_("rejoue un bundle de support : ce que voyait le parent, à cette date"),
    )
    add_family_option(parser, default=None)
    parser.add_argument("--account", help=_("le compte à ouvrir (par défaut : le compte par défaut)"))
    add_today_option(parser, default=None)
    parser.add_argument(
        "--theme",
        help=_(
            "thème de l'application (ex. ansi-dark ou ansi-light pour les terminaux limités, textual-light…)"
        ),
    )


def build_app_parser() -> argparse.ArgumentParser:
    """Just the options of the terminal app: opening it imports nothing the app does not need."""
    import argparse

    parser = argparse.ArgumentParser(prog="espace-parents", add_help=False)
    _add_app_options(parser)
    parser.set_defaults(command=None)
    return parser


# Options the main parser has and some commands repeat: ``espace-parents --demo show grades`` and
# ``espace-parents show grades --demo`` must mean the same. A subparser's own default would
# overwrite the value given before the command, so the repeated options have no default there.
GLOBAL_OPTIONS = frozenset({"demo", "school", "replay", "account", "debug", "lang", "theme"})


def _keep_global_values(parser: argparse.ArgumentParser) -> None:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _keep_global_values(child)
        elif action.dest in GLOBAL_OPTIONS:
            action.default = argparse.SUPPRESS


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from espace_parents_tui.cli import (
        account,
        actions,
        commands,
        debugtools,
        export,
        novelties,
        orientation,
        serve,
        support,
        watch,
    )
    from espace_parents_tui.cli.options import add_today_option
    from espace_parents_tui.demo import serving as demo_server

    parser = argparse.ArgumentParser(
        prog="espace-parents",
        description=_("Suivre la vie scolaire sur PRONOTE (Espace Parents) depuis un terminal."),
    )
    _add_app_options(parser)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMANDE"))

    def command(name: str, help_text: str, add) -> None:
        parser = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        add(parser)
        add_today_option(parser)
        _keep_global_values(parser)

    command(
        "login", _("se connecter à un Espace Parents et enregistrer le compte"), commands.add_login_arguments
    )
    command("logout", _("oublier un compte : secrets effacés, cache supprimé"), commands.add_logout_arguments)
    command(
        "accounts",
        _("lister les comptes (le compte par défaut est marqué *)"),
        commands.add_accounts_arguments,
    )
    command(
        "locate",
        _("montrer où sont la configuration, le cache et les secrets"),
        commands.add_locate_arguments,
    )
    command("sync", _("tout récupérer dans le cache et dire ce qui est nouveau"), commands.add_sync_arguments)
    command("show", _("afficher une rubrique (notes, emploi du temps…)"), commands.add_show_arguments)
    command(
        "novelties",
        _("les nouveautés pas encore vues, tous enfants et rubriques (--mark-seen : les marquer vues)"),
        novelties.add_arguments,
    )
    command("export", _("exporter vers d'autres applications (agenda iCalendar…)"), export.add_arguments)
    command("watch", _("synchroniser et notifier ce qui est nouveau (pour un minuteur)"), watch.add_arguments)
    command(
        "justify",
        _("justifier une absence ou un retard (sans --when : ce qu'il y a à justifier)"),
        actions.add_justify_arguments,
    )
    command(
        "orientation",
        _("orientation : saisir et ordonner les vœux, accuser réception de l'avis du conseil"),
        orientation.add_arguments,
    )
    command(
        "declare-absence", _("prévenir l'établissement d'une absence à venir"), actions.add_declare_arguments
    )
    command(
        "documents",
        _("documents à fournir (déposer un fichier), documents à télécharger, casier"),
        actions.add_documents_arguments,
    )
    command(
        "drafts",
        _(
            "les brouillons non envoyés (justifications, absences, dépôts, réponses) ; dit si un envoi "
            "interrompu est arrivé"
        ),
        actions.add_drafts_arguments,
    )
    command("reply", _("répondre dans une discussion de la messagerie"), actions.add_reply_arguments)
    command("write", _("écrire un nouveau message (nouvelle discussion)"), actions.add_write_arguments)
    command(
        "serve",
        _("ouvrir l'application dans un onglet du navigateur (lien à usage unique, 127.0.0.1 par défaut)"),
        serve.add_arguments,
    )
    command(
        "account",
        _("votre compte (coordonnées, préférences, mot de passe) et les données de l'enfant"),
        account.add_account_arguments,
    )
    command(
        "meetings",
        _("rencontres parents-professeurs : sessions, vœux, planning"),
        account.add_meetings_arguments,
    )
    command(
        "demo-server",
        _("lancer le serveur PRONOTE émulé de l'école de démonstration sur 127.0.0.1"),
        demo_server.add_arguments,
    )

    command(
        "support",
        _("outils pour le support : bundle (ce que voit un parent, à rejouer)"),
        support.add_arguments,
    )

    debug = sub.add_parser("debug", help=_("outils de diagnostic pour le support"))
    debug_sub = debug.add_subparsers(dest="debug_command", metavar=_("OUTIL"), required=True)
    parse = debug_sub.add_parser(
        "parse",
        help=_("décode une réponse PRONOTE enregistrée et affiche les objets obtenus en JSON"),
        description=_(
            "Décode une réponse PRONOTE enregistrée (charge utile dataSec) avec l'analyseur "
            "du client et affiche les objets obtenus en JSON."
        ),
    )
    debugtools.add_parse_arguments(parse)
    add_today_option(parse)
    _keep_global_values(debug)
    return parser


def _lang_option(argv: list[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` as given, before parsing (None: the locale decides)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The options, the language set, and ``args.clock``: the run's one clock (``--today`` pins it)."""
    from espace_parents_tui.cli import argparse_words
    from espace_parents_tui.clock import clock_for, parse_day
    from espace_parents_tui.util.i18n import set_language

    set_language(_lang_option(argv))  # before the parser: its help texts are in the run's language
    argparse_words.install()
    opens_app = not (COMMANDS & set(argv)) and not {"-h", "--help"} & set(argv)
    parser = build_app_parser() if opens_app else build_parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    try:
        day = parse_day(args.today) if args.today else None
    except ValueError:  # clock.py speaks French only (it imports nothing): said here in the run's language
        raise ValueError(
            _("date invalide : « {text} » (attendu AAAA-MM-JJ, par exemple 2026-11-24)").format(
                text=args.today
            )
        ) from None
    args.clock = clock_for(day)
    return args


def main(argv: list[str] | None = None, *, quick: bool = True) -> int:
    """The command line (``cli/entry.py`` calls it with ``quick=False`` once the fast path said no)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if quick and argv[:1] == ["show"] and "--offline" in argv and "--json" in argv:
        code = quickread.show(argv)
        if code is not None:
            return code
    try:
        args = parse_args(argv)
    except ValueError as exc:
        print(f"espace-parents : {exc}", file=sys.stderr)
        return 2
    try:
        if args.command is None:
            from espace_parents_tui.cli.launch import run_tui

            return run_tui(args)
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a reader gone (``| head``) is found here, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as exc:  # one clear sentence, never a traceback unless asked
        if args.debug:
            raise
        message = getattr(exc, "user_message", None) or f"{type(exc).__name__}: {exc}"
        print(f"espace-parents : {clean(message)}", file=sys.stderr)  # it may quote the server
        return int(getattr(exc, "exit_code", 1))


if __name__ == "__main__":
    raise SystemExit(main())
