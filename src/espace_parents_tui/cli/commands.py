"""The command line's account and data commands: login, logout, accounts, locate, sync, show.

Each command prints one or two clear sentences on failure and returns its exit code:
0 it worked, 1 server or network error, 2 credentials missing or refused, 3 lockout.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from espace_parents_tui.cli.options import add_family_option
from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.pronote import errors
from espace_parents_tui.service.account_lock import lock_path_for
from espace_parents_tui.service.formatted import with_markdown
from espace_parents_tui.service.portal import Offline, PortalError, SecretUnavailable
from espace_parents_tui.service.sections import SECTIONS, week_scope
from espace_parents_tui.settings.config import AccountConfig, ConfigError, app_paths
from espace_parents_tui.settings.credentials import (
    CredentialError,
    CredentialStore,
    MemoryStore,
    NoKeyring,
    choose_store,
    forget_account,
    known_stores,
    probe_keyring,
)
from espace_parents_tui.store import codec, delete_cache
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import clean, json_dumps
from espace_parents_tui.wiring.portals import (
    LaunchError,
    cache_path,
    clear_login_block,
    config_store,
    find_account,
    no_keyring_probe,
    open_portal,
    read_secret,
    warn,
)

SHOW_SECTIONS = (
    "children",
    "grades",
    "averages",
    "evaluations",
    "report",
    "timetable",
    "homework",
    "absences",
    "messages",
    "news",
    "menus",
    "team",
    "calendar",
    *("orientation", "internships", "textbooks", "record", "livret"),
)


class CommandError(LaunchError):
    """A command's failure: one sentence, and the command's exit code."""


def _out() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _text(message: str) -> Text:
    """A line for the terminal: it may quote the server (names, summaries), so it is cleaned."""
    return Text(clean(message))


def _read_text_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("QR code illisible : {path} ({value}).").format(
                path=path, value=getattr(exc, "strerror", None) or exc
            ),
            2,
        ) from exc


def _ask(prompt: str, given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(_("Valeur manquante : {strip}").format(strip=prompt.strip(" :")), 2)
    return input(prompt).strip()


# --- login / logout / accounts / locate ----------------------------------------------------------


def add_login_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", help=_("adresse de l'Espace Parents (…/pronote/parent.html)"))
    parser.add_argument("--username", help=_("identifiant PRONOTE"))
    parser.add_argument(
        "--password-stdin", action="store_true", help=_("lit le mot de passe sur l'entrée standard")
    )
    parser.add_argument(
        "--qr", metavar=_("FICHIER_OU_JSON"), help=_("le QR code PRONOTE (son texte JSON ou un fichier)")
    )
    parser.add_argument("--pin", help=_("le code PIN à 4 chiffres choisi pour le QR code"))
    parser.add_argument("--account", help=_("nom court du compte (par défaut : déduit de l'identifiant)"))
    parser.add_argument("--label", help=_("libellé du compte"))
    storage = parser.add_mutually_exclusive_group()
    storage.add_argument(
        "--insecure-storage",
        action="store_true",
        help=_("enregistre le secret dans un fichier NON CHIFFRÉ (0600)"),
    )
    storage.add_argument(
        "--ask", action="store_true", help=_("n'enregistre aucun secret : le demander à chaque fois")
    )
    parser.set_defaults(handler=run_login)


def run_login(args: argparse.Namespace) -> int:
    from espace_parents_tui.service.onboarding import Onboarding, qr_text

    config = config_store()
    storage = "file" if args.insecure_storage else "ask" if args.ask else "keyring"
    if args.qr and storage == "ask":
        raise CommandError(
            _(
                "Une connexion par QR code a besoin d'enregistrer son jeton (il change à chaque connexion) : "
                "utilisez le trousseau, ou --insecure-storage."
            ),
            2,
        )
    if storage == "ask":
        store: CredentialStore = MemoryStore()
    else:
        probe = AccountConfig(id="probe", server_url="https://x.invalid/", username="x", storage=storage)
        choice = choose_store(
            probe,
            probe_keyring() if storage == "keyring" else no_keyring_probe(),
            insecure_opt_in=args.insecure_storage,
        )
        if isinstance(choice, NoKeyring):
            raise CommandError(
                choice.message
                + " "
                + _(
                    "Relancez avec --insecure-storage pour enregistrer le secret dans un fichier non chiffré (0600), ou avec --ask pour saisir le mot de passe à chaque fois."
                ),
                2,
            )
        if choice.warning:
            warn(_("Attention : {warning}").format(warning=choice.warning))
        store = choice.store
    onboarding = Onboarding(config, store)
    if args.qr:
        text = qr_text(args.qr)
        pin = _ask(_("Code PIN du QR code (4 chiffres) : "), args.pin)

        def login():
            return onboarding.login_qr(
                text, pin, account_id=args.account, label=args.label or "", storage=storage
            )

    else:
        server = _ask(_("Adresse PRONOTE (…/pronote/parent.html) : "), args.server)
        username = _ask(_("Identifiant : "), args.username)
        password = read_secret(_("Mot de passe : "), args.password_stdin)

        def login():
            return onboarding.login_password(
                server, username, password, account_id=args.account, label=args.label or "", storage=storage
            )

    async def go():
        try:
            return await login()
        finally:
            await onboarding.close()

    try:
        outcome = asyncio.run(go())
    except (errors.TooManyAttempts, errors.IpSuspended) as exc:
        raise CommandError(str(exc), 3) from exc
    except errors.LoginError as exc:
        raise CommandError(str(exc), 2) from exc
    except errors.PronoteError as exc:
        raise CommandError(str(exc), 1) from exc
    out = _out()
    clear_login_block(outcome.account.id)  # the user acted: logins may be tried again
    out.print(
        _text(
            _("Connecté : {name}. Enfants : {children}.").format(
                name=outcome.parent_name, children=", ".join(outcome.children)
            )
        )
    )
    if storage != "ask":
        out.print(_text(_("Secret enregistré dans : {store}.").format(store=store.describe())))
    return 0


def add_logout_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account", help=_("le compte à oublier (par défaut : le compte par défaut)"))
    parser.set_defaults(handler=run_logout)


def run_logout(args: argparse.Namespace) -> int:
    config = config_store()
    account = find_account(config, args.account)
    status = probe_keyring()
    try:
        forget_account(account.id, known_stores(status))
    except CredentialError as exc:
        raise CommandError(exc.user_message, 2) from exc
    delete_cache(cache_path(account.id))
    lock_path_for(cache_path(account.id)).unlink(missing_ok=True)
    config.remove(account.id)
    _out().print(
        _text(_("Compte « {account} » oublié : secrets effacés, cache supprimé.").format(account=account.id))
    )
    return 0


def add_accounts_arguments(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=run_accounts)


def run_accounts(args: argparse.Namespace) -> int:
    config = config_store()
    try:
        accounts = config.accounts()
        default = config.default_account()
    except ConfigError as exc:
        raise CommandError(exc.user_message, 2) from exc
    out = _out()
    if not accounts:
        out.print(_text(_("Aucun compte. Ajoutez-en un avec « espace-parents login ».")))
        return 0
    for account in accounts:
        mark = "*" if default and account.id == default.id else " "
        out.print(_text(f"{mark} {account.id}  {account.display_label}  ({account.server_url})"))
    return 0


def add_locate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(handler=run_locate)


def run_locate(args: argparse.Namespace) -> int:
    paths = app_paths()
    status = probe_keyring()
    out = _out()
    out.print(_text(_("Configuration : {path}").format(path=paths.config_file)))
    out.print(_text(_("Cache : {path}").format(path=paths.cache_dir)))
    out.print(_text(_("Données : {path}").format(path=paths.data_dir)))
    out.print(
        _text(_("Secrets : {backend} — {reason}").format(backend=status.backend_name, reason=status.reason))
    )
    return 0


# --- sync / show ---------------------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account", help=_("le compte (par défaut : le compte par défaut)"))
    parser.add_argument("--json", action="store_true", help=_("sortie JSON"))
    parser.add_argument(
        "--demo", action="store_true", help=_("utilise l'école de démonstration (serveur émulé)")
    )
    parser.add_argument("--school", metavar=_("FICHIER"), help=_("avec --demo : un autre fichier d'école"))
    parser.add_argument(
        "--replay",
        metavar=_("BUNDLE"),
        help=_("rejoue un bundle de support (espace-parents support bundle) : ce que voyait le parent"),
    )
    add_family_option(parser)
    parser.add_argument("--password-stdin", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--ask",
        action="store_true",
        help=_("demande le mot de passe pour cette fois (rien n'est enregistré), par exemple sans trousseau"),
    )


def add_sync_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument(
        "--retry-login",
        action="store_true",
        help=_("réessaie la connexion après un refus ou un blocage du serveur (sinon plus aucune tentative)"),
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help=_("enregistre les réponses brutes de cette synchronisation pour le support (support bundle)"),
    )
    parser.set_defaults(handler=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    async def go() -> Any:
        async with open_portal(args) as portal:
            portal.retry_login = args.retry_login
            if getattr(args, "record", False):
                from espace_parents_tui.service.sync_records import Recorder

                portal.recorder = Recorder()
            report = await portal.sync()
            from espace_parents_tui.service.actions import in_doubt  # a send cut: did it arrive?

            return report, await in_doubt.settle(portal)

    try:
        report, verdicts = asyncio.run(go())
    except PortalError as exc:
        raise CommandError(exc.user_message, exc.exit_code) from exc
    if args.json:
        print(
            json_dumps(
                codec.to_jsonable(
                    {
                        "datasets": report.datasets,
                        "requests": report.requests,
                        "new": [c for c in report.changes if c.kind == "new"],
                        "changed": [c for c in report.changes if c.kind == "changed"],
                        "problems": report.problems,
                        "drafts_checked": [{"received": v.received, "message": v.message} for v in verdicts],
                    }
                ),
                indent=2,
            )
        )
        return 0
    out = _out()
    out.print(
        _text(
            _("Synchronisation terminée : {datasets} jeux de données, {requests} requêtes.").format(
                datasets=report.datasets, requests=report.requests
            )
        )
    )
    if not report.changes:
        out.print(_text(_("Rien de nouveau depuis la dernière synchronisation.")))
    for change in report.changes:
        label = _("Nouveau") if change.kind == "new" else _("Modifié")
        who = "" if change.child == "*" else f"[{change.child}] "
        out.print(_text(f"• {label} — {who}{change.summary}"))
    for problem in report.problems:
        out.print(_text(_("! Rubrique non lue : {problem}").format(problem=problem)))
    for verdict in verdicts:
        out.print(_text(verdict.message))
    return 0


def add_show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("section", metavar=_("RUBRIQUE"), help=_("rubrique : ") + ", ".join(SHOW_SECTIONS))
    _common(parser)
    parser.add_argument("--child", help=_("l'enfant (nom ou prénom)"))
    parser.add_argument("--period", help=_("la période (ex. « Trimestre 1 »)"))
    parser.add_argument("--week", help=_("un jour de la semaine voulue (AAAA-MM-JJ)"))
    parser.add_argument("--offline", action="store_true", help=_("répond du cache seul, sans réseau"))
    parser.add_argument(
        "--markdown",
        action="store_true",
        help=_("avec --json : ajoute les textes mis en forme (travail à faire, informations) en Markdown"),
    )
    parser.set_defaults(handler=run_show)


def run_show(args: argparse.Namespace) -> int:
    from espace_parents_tui.cli.render import RENDERERS, render_children

    name = args.section
    if name not in SHOW_SECTIONS:
        raise CommandError(
            _("Rubrique inconnue : « {section} » (rubriques : {known}).").format(
                section=name, known=", ".join(SHOW_SECTIONS)
            ),
            2,
        )
    scope = None
    if args.week:
        try:
            scope = week_scope(date.fromisoformat(args.week))
        except ValueError as exc:
            raise CommandError(
                _("Date invalide : {week} (attendu AAAA-MM-JJ).").format(week=args.week), 2
            ) from exc
    elif args.period:
        scope = args.period

    clock: Clock = getattr(args, "clock", SYSTEM)

    async def go() -> tuple[Any, str | None, Any, str | None]:
        async with open_portal(args) as portal:
            note = None
            replay = getattr(portal, "replay_of", None)
            if replay is not None:  # the parent's view, as it was then: said, not part of the answer
                warn(
                    _("Rejeu d'un bundle de support : données du {when}.").format(
                        when=f"{replay:%d/%m/%Y %H:%M}"
                    )
                )
            if portal.cache.read_only:
                note = portal.cache.read_only  # nothing new could be kept: answer from the cache
            elif not args.offline:
                try:
                    await portal.connect()  # also refreshes the children in the cache
                except Offline:
                    note = _("Données du cache, {freshness}.").format(
                        freshness=portal.freshness().describe(clock.now())
                    )
                except SecretUnavailable as exc:
                    # No keyring in this session: say so, and answer from the cache all the same.
                    freshness = portal.freshness().describe(clock.now())
                    note = (
                        exc.user_message
                        + " "
                        + _("Données du cache, {freshness}.").format(freshness=freshness)
                    )
            if name == "children":
                kids = portal.children()
                if not kids:
                    raise CommandError(
                        _(
                            "Rien en cache pour « {section} » : synchronisez d'abord (espace-parents sync)."
                        ).format(section=name),
                        1,
                    )
                return kids, None, None, note
            section = RENDERERS[name][0]
            child = portal.child(args.child) if SECTIONS[section].per_child else None
            cached = None
            why = ""
            if not args.offline and note is None and not portal.cache.read_only:
                try:
                    cached = await portal.fetch(section, child, scope)
                except Offline as exc:
                    note = _("Données du cache, {freshness}.").format(
                        freshness=portal.freshness().describe(clock.now())
                    )
                    why = exc.user_message
            if cached is None:
                cached = portal.read(section, child, scope)
                if cached is None:  # say why it could not be fetched, when it was asked for
                    nothing = _(
                        "Rien en cache pour « {section} » : synchronisez d'abord (espace-parents sync)."
                    )
                    raise CommandError(" ".join(filter(None, [why, nothing.format(section=name)])), 1)
                if note is None:
                    note = _("Données du {when}.").format(when=f"{cached.fetched_at:%d/%m/%Y %H:%M}")
            spec = SECTIONS[section]
            title = _(spec.title_fr) + (f" — {child.name}" if child else "")
            return (
                cached.value,
                section,
                (title, cached.fetched_at, child.name if child else None, scope),
                note,
            )

    try:
        value, section, meta, note = asyncio.run(go())
    except PortalError as exc:
        raise CommandError(exc.user_message, exc.exit_code) from exc
    if note:
        warn(note)
    if args.json:
        payload: dict[str, Any] = {"section": name, "data": value}
        if meta:
            payload.update({"child": meta[2], "fetched_at": meta[1], "scope": meta[3]})
        payload["offline"] = bool(note)
        if section == "grades":
            from espace_parents_tui.service.averages import shown_averages

            # The averages as shown: the school's, else computed from the grades ("computed": true).
            payload["shown_averages"] = shown_averages(value)
        jsonable = codec.to_jsonable(payload)
        if args.markdown:
            with_markdown(section, jsonable["data"], value)
        print(json_dumps(jsonable, indent=2))
        return 0
    out = _out()
    if name == "children":
        out.print(render_children(value))
    else:
        extra = {"today": clock.today()} if name == "orientation" else {}  # a step's state: by the day
        out.print(RENDERERS[name][1](value, meta[0], **extra))
    return 0
