"""The command line's actions: justify, declare-absence, documents (list, upload, download), reply, write,
drafts.

Non-interactive: everything comes from the options (nothing is asked), so scripts can use them.
Exit codes as for every command: 0 done, 1 server or network error or a refusal by the school,
2 what was given cannot be used (unknown child, reason, file…) or credentials, 3 lockout. A failed
send keeps its draft in the account's cache and says so; nothing is sent later on its own.

A send cut before its answer (the process killed) leaves its draft *in doubt*: every action here
first asks the server about such drafts (``service/actions/in_doubt.py``) and says, on the error
stream, whether each was sent (draft deleted) or not received (draft kept); ``drafts`` says it on
its output.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from espace_parents_tui.cli.commands import CommandError, _common, _text
from espace_parents_tui.cli.options import add_today_option
from espace_parents_tui.clock import SYSTEM, Clock
from espace_parents_tui.models.school_life import Absence
from espace_parents_tui.service.actions import documents as actions_documents
from espace_parents_tui.service.actions import in_doubt
from espace_parents_tui.service.actions import messaging as actions_messaging
from espace_parents_tui.service.actions import school_life as actions_school_life
from espace_parents_tui.service.actions.school_life import Declaration, Justification
from espace_parents_tui.service.portal import Portal, PortalError
from espace_parents_tui.store import codec
from espace_parents_tui.store.drafts import Drafts
from espace_parents_tui.util.i18n import _
from espace_parents_tui.util.textsafe import clean, json_dumps
from espace_parents_tui.wiring.portals import open_portal

HALVES = {"matin": True, "apres-midi": False, "après-midi": False}


def _out() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _print_json(value: Any) -> None:
    print(json_dumps(codec.to_jsonable(value), indent=2))  # no control or bidi character left raw


def _run(args: argparse.Namespace, action: Callable[[Portal], Awaitable[Any]], *, settle: bool = True) -> Any:
    async def go() -> Any:
        async with open_portal(args) as portal:
            if settle:
                for verdict in await in_doubt.settle(portal):
                    print(clean(verdict.message), file=sys.stderr)
            return await action(portal)

    try:
        return asyncio.run(go())
    except PortalError as exc:
        raise CommandError(exc.user_message, exc.exit_code) from exc


async def _child(portal: Portal, name: str | None):
    await portal.connect()
    child = portal.child(name)
    if child is None:
        raise CommandError(_("Aucun enfant sur ce compte."), 2)
    return child


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            _("Date invalide pour {option} : {text} (attendu AAAA-MM-JJ).").format(option=option, text=text),
            2,
        ) from exc


def _child_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--child", help=_("l'enfant (nom ou prénom ; par défaut : le premier)"))


# --- justify -----------------------------------------------------------------------------------------


def add_justify_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    _child_option(parser)
    parser.add_argument(
        "--when",
        metavar=_("AAAA-MM-JJTHH:MM"),
        help=_("le début de l'absence ou l'heure du retard (sans --when : ce qu'il y a à justifier)"),
    )
    parser.add_argument("--reason", help=_("le motif, tel que l'établissement le nomme"))
    parser.add_argument("--comment", default="", help=_("un commentaire pour la vie scolaire"))
    parser.add_argument("--file", default="", help=_("un justificatif (PDF ou image ; absences seulement)"))
    parser.add_argument("--period", help=_("la période où chercher (par défaut : celle de la date)"))
    parser.set_defaults(handler=run_justify)


def _event_json(event: Any) -> dict[str, Any]:
    kind = "absence" if isinstance(event, Absence) else "retard"
    data = codec.to_jsonable(event)
    data.pop("id", None)
    return {"kind": kind, "key": actions_school_life.event_key(event), **data}


def run_justify(args: argparse.Namespace) -> int:
    async def go(portal: Portal) -> Any:
        child = await _child(portal, args.child)
        if not args.when:
            scope = args.period or portal.default_scope("school_life", child)
            life = (await portal.fetch("school_life", child, scope)).value
            events = [*life.absences, *life.delays]
            return "list", child, [(e, actions_school_life.why_not_justifiable(e)) for e in events]
        try:
            moment = datetime.fromisoformat(args.when)
        except ValueError as exc:
            raise CommandError(
                _("Moment invalide : {when} (attendu AAAA-MM-JJTHH:MM).").format(when=args.when), 2
            ) from exc
        scope = args.period or actions_school_life.scope_of(portal, child, moment.date())
        life = (await portal.fetch("school_life", child, scope)).value
        event = next(
            (
                e
                for e in (*life.absences, *life.delays)
                if getattr(e, "start", getattr(e, "when", None)) == moment
            ),
            None,
        )
        if event is None:
            raise CommandError(
                _(
                    "Aucune absence ni aucun retard ne commence le {moment:%d/%m/%Y à %Hh%M} pour {name} (période {scope})."
                ).format(moment=moment, name=child.name, scope=scope),
                2,
            )
        if not args.reason:
            reasons = actions_school_life.reasons_for(portal.snapshot().account, event)
            raise CommandError(
                _("Indiquez le motif avec --reason (") + ", ".join(r.label for r in reasons) + ").", 2
            )
        form = Justification(args.reason, args.comment, args.file)
        return "done", child, await actions_school_life.justify(portal, child, event, form, scope=scope)

    what, child, result = _run(args, go)
    if what == "list":
        rows = [(e, why) for e, why in result if not e.justified]
        if args.json:
            _print_json(
                {"child": child.name, "events": [{**_event_json(e), "why_not": why or ""} for e, why in rows]}
            )
            return 0
        out = _out()
        for event, why in rows:
            when = event.start if isinstance(event, Absence) else event.when
            label = _("Absence") if isinstance(event, Absence) else _("Retard")
            state = _("en attente de validation") if event.pending else (_("à justifier") if not why else why)
            out.print(_text(f"{when:%Y-%m-%dT%H:%M}  {label:<8} {state}"))
        if not rows:
            out.print(_text(_("Rien à justifier.")))
        return 0
    if args.json:
        _print_json({"child": child.name, "event": _event_json(result)})
        return 0
    message = result.server_message or (_("en attente de validation") if result.pending else _("enregistrée"))
    _out().print(
        _text(_("Justification envoyée pour {name} : {message}").format(name=child.name, message=message))
    )
    return 0


# --- declare-absence ---------------------------------------------------------------------------------


def add_declare_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    _child_option(parser)
    parser.add_argument(
        "--from", dest="start", required=True, metavar=_("AAAA-MM-JJ"), help=_("premier jour")
    )
    parser.add_argument(
        "--from-half",
        choices=("matin", "apres-midi"),
        default="matin",
        help=_("à partir du matin (défaut) ou de l'après-midi"),
    )
    parser.add_argument(
        "--to", dest="end", metavar=_("AAAA-MM-JJ"), help=_("dernier jour (par défaut : le premier)")
    )
    parser.add_argument(
        "--to-half",
        choices=("matin", "apres-midi"),
        default="apres-midi",
        help=_("jusqu'à la fin du matin ou de la journée (défaut)"),
    )
    parser.add_argument("--reason", required=True, help=_("le motif, tel que l'établissement le nomme"))
    parser.add_argument("--comment", default="", help=_("un commentaire pour la vie scolaire"))
    parser.add_argument("--file", default="", help=_("un justificatif (PDF ou image)"))
    parser.set_defaults(handler=run_declare)


def run_declare(args: argparse.Namespace) -> int:
    clock: Clock = getattr(args, "clock", SYSTEM)
    start = _day(args.start, "--from")
    end = _day(args.end, "--to") if args.end else start
    form = Declaration(
        start, end, HALVES[args.from_half], HALVES[args.to_half], args.reason, args.comment, args.file
    )

    async def go(portal: Portal) -> Any:
        child = await _child(portal, args.child)
        return child, await actions_school_life.declare(portal, child, form, clock.today())

    child, absence = _run(args, go)
    if args.json:
        _print_json({"child": child.name, "absence": _event_json(absence) if absence else None})
        return 0
    message = absence.server_message if absence and absence.server_message else _("absence signalée")
    _out().print(_text(f"{child.name} : {message}"))
    return 0


# --- documents ---------------------------------------------------------------------------------------


def add_documents_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="documents_command", metavar=_("ACTION"), required=True)
    listing = sub.add_parser("list", help=_("documents à fournir, documents de l'établissement, casier"))
    upload = sub.add_parser("upload", help=_("déposer (ou remplacer) le fichier d'un document à fournir"))
    upload.add_argument("name", metavar=_("DOCUMENT"), help=_("le document à fournir (son nom)"))
    upload.add_argument("file", metavar=_("FICHIER"), help=_("le fichier à déposer (PDF ou image)"))
    download = sub.add_parser("download", help=_("télécharger un document (déposé, proposé, du casier)"))
    download.add_argument("name", metavar=_("DOCUMENT"), help=_("le nom du document ou du fichier"))
    download.add_argument(
        "--output", metavar=_("DOSSIER"), help=_("où l'enregistrer (défaut : Téléchargements)")
    )
    for command in (listing, upload, download):
        _common(command)
        _child_option(command)
        add_today_option(command)
    parser.set_defaults(handler=run_documents)


def run_documents(args: argparse.Namespace) -> int:
    clock: Clock = getattr(args, "clock", SYSTEM)
    today = clock.today()

    async def go(portal: Portal) -> Any:
        child = await _child(portal, args.child)
        if args.documents_command == "upload":
            return child, await actions_documents.deposit(portal, child, args.name, args.file, today)
        if args.documents_command == "download":
            folder = Path(args.output).expanduser() if args.output else None
            return child, await actions_documents.download_any(portal, child, args.name, folder)
        return child, await actions_documents.refresh(portal, child)

    child, result = _run(args, go)
    if args.documents_command == "upload":
        if args.json:
            _print_json({"child": child.name, "document": result})
        else:
            _out().print(
                _text(
                    f"« {result.name} » : {_(result.state.label)} ({result.file.name if result.file else '—'})"
                )
            )
        return 0
    if args.documents_command == "download":
        path, content = result
        if args.json:
            _print_json(
                {
                    "child": child.name,
                    "path": str(path),
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                }
            )
        else:
            _out().print(_text(_("Enregistré : {path}").format(path=path)))
        return 0
    page = result
    if args.json:
        requested = [
            {**codec.to_jsonable(d), "why_not": actions_documents.why_no_deposit(d, today) or ""}
            for d in page.requested
        ]
        _print_json(
            {"child": child.name, "requested": requested, "school": page.school, "locker": page.locker}
        )
        return 0
    out = _out()
    out.print(_text(_("À fournir")))
    for d in page.requested:
        deadline = _(" avant le {deadline:%d/%m/%Y}").format(deadline=d.deadline) if d.deadline else ""
        file = f" — {d.file.name}" if d.file else ""
        out.print(_text(f"  {d.name} : {_(d.state.label)}{deadline}{file}"))
        if d.refusal:
            out.print(_text(_("    refusé : {refusal}").format(refusal=d.refusal)))
    out.print(_text(_("Documents de l'établissement")))
    for s in page.school:
        out.print(_text(f"  {s.name}" + (f" ({s.category})" if s.category else "")))
    if page.locker:
        out.print(_text(_("Casier")))
        for item in page.locker:
            out.print(_text(f"  {item.file.name}" + (_(" (non lu)") if item.unread else "")))
    return 0


# --- drafts ------------------------------------------------------------------------------------------


def add_drafts_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.set_defaults(handler=run_drafts)


def run_drafts(args: argparse.Namespace) -> int:
    async def go(portal: Portal) -> Any:
        problem = ""
        verdicts: list[in_doubt.Verdict] = []
        if Drafts(portal.cache).in_doubt():
            try:
                verdicts = await in_doubt.check_in_doubt(portal)
            except PortalError as exc:
                problem = exc.user_message
        return verdicts, problem, Drafts(portal.cache).list()

    verdicts, problem, drafts = _run(args, go, settle=False)
    if args.json:
        checked = [{"received": v.received, "message": v.message} for v in verdicts]
        _print_json({"checked": checked, "check_problem": problem, "drafts": drafts})
        return 1 if problem else 0
    out = _out()
    for verdict in verdicts:
        out.print(_text(verdict.message))
    if problem:
        print(clean(problem), file=sys.stderr)
    if not drafts:
        out.print(_text(_("Aucun brouillon.")))
    for draft in drafts:
        line = _("Brouillon : {what} (enregistré le {when})")
        out.print(_text(line.format(what=in_doubt.what(draft), when=f"{draft.saved_at:%d/%m/%Y %H:%M}")))
        if draft.in_doubt:
            out.print(_text(f"  {in_doubt.in_doubt_sentence(draft)}"))
        elif draft.problem:
            out.print(_text(_("  non envoyé : {problem}").format(problem=draft.problem)))
    return 1 if problem else 0


# --- reply -------------------------------------------------------------------------------------------


def add_reply_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("subject", metavar=_("OBJET"), help=_("l'objet de la discussion"))
    parser.add_argument("--text", required=True, help=_("le texte de la réponse"))
    parser.add_argument(
        "--initiator", help=_("qui a commencé la discussion (quand deux discussions ont le même objet)")
    )
    parser.set_defaults(handler=run_reply)


def run_reply(args: argparse.Namespace) -> int:
    if not args.text.strip():
        raise CommandError(_("Le message est vide."), 2)

    async def go(portal: Portal) -> Any:
        await portal.connect()
        initiator = args.initiator
        if initiator is None:  # the discussion by its subject alone, as the parent reads it
            box = await actions_messaging.refresh_mailbox(portal)
            found = [d for d in box.discussions if d.subject == args.subject]
            if len(found) != 1:
                raise CommandError(
                    _("Aucune discussion « {subject} ».").format(subject=args.subject)
                    if not found
                    else _("Plusieurs discussions « {subject} » : précisez --initiator.").format(
                        subject=args.subject
                    ),
                    2,
                )
            initiator = found[0].initiator
        return await actions_messaging.reply(portal, args.subject, initiator, args.text.strip())

    opened = _run(args, go)
    if args.json:
        _print_json({"subject": opened.discussion.subject, "messages": len(opened.thread.messages)})
        return 0
    _out().print(_text(_("Réponse envoyée dans « {subject} ».").format(subject=opened.discussion.subject)))
    return 0


# --- write (a new discussion) ----------------------------------------------------------------------


def add_write_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    _child_option(parser)
    parser.add_argument(
        "--to",
        action="append",
        required=True,
        metavar=_("NOM"),
        help=_("un destinataire (son nom, ou une partie qui ne désigne que lui) ; répétable"),
    )
    parser.add_argument("--subject", required=True, help=_("l'objet du message"))
    parser.add_argument("--text", required=True, help=_("le texte du message"))
    parser.set_defaults(handler=run_write)


def _recipient(people: Any, wanted: str) -> actions_messaging.Chosen:
    exact = [p for p in people if p.can_discuss and p.name == wanted]
    found = exact or [p for p in people if p.can_discuss and wanted.casefold() in p.name.casefold()]
    if len(found) != 1:
        message = (
            _("Aucun destinataire « {name} ».")
            if not found
            else _("Plusieurs destinataires « {name} » : précisez.")
        )
        raise CommandError(message.format(name=wanted), 2)
    return actions_messaging.Chosen(found[0].name, int(found[0].kind))


def run_write(args: argparse.Namespace) -> int:
    if not args.text.strip():
        raise CommandError(_("Le message est vide."), 2)
    if not args.subject.strip():
        raise CommandError(_("Indiquez l'objet du message."), 2)

    async def go(portal: Portal) -> Any:
        child = await _child(portal, args.child)
        people = await actions_messaging.recipients(portal, child)
        chosen = [_recipient(people, name) for name in args.to]
        await actions_messaging.new_discussion(portal, child, args.subject, args.text.strip(), chosen)
        return child

    child = _run(args, go)
    if args.json:
        _print_json({"child": child.name, "subject": args.subject.strip(), "sent": True})
        return 0
    _out().print(_text(_("Message « {subject} » envoyé.").format(subject=args.subject.strip())))
    return 0
