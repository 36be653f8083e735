"""Command line entry point. Textual is imported only when the TUI opens."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="espace-parents",
        description="Suivre la vie scolaire sur PRONOTE (Espace Parents) depuis un terminal.",
    )
    parser.add_argument("--debug", action="store_true", help="affiche la trace complète des erreurs")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")

    from espace_parents_tui.demo import server as demo_server

    demo_server.add_arguments(
        sub.add_parser(
            "demo-server",
            help="lance le serveur PRONOTE émulé (école de démonstration) sur 127.0.0.1",
            description="Lance le serveur PRONOTE émulé de l'école de démonstration sur 127.0.0.1.",
        )
    )

    debug = sub.add_parser("debug", help="outils de diagnostic pour le support")
    debug_sub = debug.add_subparsers(dest="debug_command", metavar="OUTIL", required=True)
    from espace_parents_tui import debugtools

    debugtools.add_parse_arguments(
        debug_sub.add_parser(
            "parse",
            help="décode une réponse PRONOTE enregistrée et affiche les objets obtenus en JSON",
            description="Décode une réponse PRONOTE enregistrée (charge utile dataSec) avec l'analyseur "
            "du client et affiche les objets obtenus en JSON.",
        )
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one clear sentence, never a traceback unless asked
        if args.debug:
            raise
        message = getattr(exc, "user_message", None) or f"{type(exc).__name__}: {exc}"
        print(f"espace-parents : {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
