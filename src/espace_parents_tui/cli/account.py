"""The command line's account and meetings commands.

- ``account show`` (the parent's contact details and preferences, what may be changed, the password
  rules; with ``--child``, the child's data), ``account set`` (contact details, preferences, or with
  ``--child`` the child's data), ``account password`` (the parent's; with ``--child``, the child's;
  ``--resume`` after an interrupted change). Passwords are read from standard input (one per line:
  current then new; the new one only for a child or ``--resume``) or typed at a prompt, never
  given as an argument.
- ``meetings list`` (sessions, teachers and wishes, the planning with its conflicts),
  ``meetings wish SESSION PROFESSEUR VŒU``.

Exit codes as for every command: 0 done, 1 server, network or a refusal by the school, 2 what was
given cannot be used or credentials, 3 lockout. A failed write keeps its draft (never a password).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import asdict, replace
from typing import Any

from espace_parents_tui.cli.actions import _child, _child_option, _out, _print_json, _run
from espace_parents_tui.cli.commands import CommandError, _common, _text
from espace_parents_tui.models.account import PREFERENCE_LABELS, WISH_LABELS, without_medical
from espace_parents_tui.service.actions import account as actions
from espace_parents_tui.service.actions import meetings as meeting_actions
from espace_parents_tui.service.portal import Portal
from espace_parents_tui.util.i18n import _

ON = {"oui": True, "non": False, "on": True, "off": False}


def _flag(text: str | None, option: str) -> bool | None:
    if text is None:
        return None
    try:
        return ON[text.strip().casefold()]
    except KeyError:
        raise CommandError(
            _("Valeur invalide pour {option} : « {text} » (oui ou non).").format(option=option, text=text), 2
        ) from None


def add_account_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    show = sub.add_parser(
        "show", help=_("vos coordonnées et préférences (avec --child : les données de l'enfant)")
    )
    _common(show)
    _child_option(show)
    show.set_defaults(handler=run_account_show)
    put = sub.add_parser("set", help=_("changer vos coordonnées, vos préférences ou les données de l'enfant"))
    _common(put)
    _child_option(put)
    put.add_argument("--email", help=_("votre adresse e-mail"))
    put.add_argument("--mobile", help=_("votre téléphone portable"))
    put.add_argument("--landline", help=_("votre téléphone fixe"))
    for name, label in PREFERENCE_LABELS.items():
        put.add_argument(
            f"--allow-{name.replace('_', '-')}",
            dest=f"allow_{name}",
            metavar=_("oui|non"),
            help=_("préférence : {label}").format(label=_(label)),
        )
    put.add_argument("--medical-comment", help=_("avec --child : le commentaire médical"))
    put.add_argument(
        "--allergies", help=_("avec --child : la liste des allergies (séparées par des virgules)")
    )
    put.add_argument("--diets", help=_("avec --child : les régimes alimentaires (séparés par des virgules)"))
    put.add_argument("--exit", dest="exit_choice", help=_("avec --child : l'autorisation de sortie"))
    put.add_argument("--image-right", metavar=_("oui|non"), help=_("avec --child : le droit à l'image"))
    put.set_defaults(handler=run_account_set)
    password = sub.add_parser(
        "password",
        help=_("changer votre mot de passe (lu sur l'entrée standard ou demandé ; jamais en argument)"),
    )
    _common(password)
    password.add_argument(
        "--child", help=_("changer le mot de passe de cet enfant (si l'établissement le permet)")
    )
    password.add_argument(
        "--resume",
        action="store_true",
        help=_("après un changement interrompu : saisir une fois le mot de passe en vigueur"),
    )
    password.set_defaults(handler=run_account_password)


def add_meetings_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="meetings_command", metavar="ACTION", required=True)
    listing = sub.add_parser(
        "list", help=_("sessions, professeurs, vœux et planning (avec les chevauchements)")
    )
    _common(listing)
    _child_option(listing)
    listing.set_defaults(handler=run_meetings_list)
    wish = sub.add_parser("wish", help=_("indiquer un vœu pour un professeur d'une session"))
    _common(wish)
    _child_option(wish)
    wish.add_argument("session", help=_("la session (une partie de son nom)"))
    wish.add_argument("teacher", help=_("le professeur (une partie de son nom, ou sa matière)"))
    wish.add_argument("wish", help=_("facultatif, souhaite, indispensable, non, ou aucun (effacer)"))
    wish.set_defaults(handler=run_meetings_wish)


# --- account -----------------------------------------------------------------------------------------


def run_account_show(args: argparse.Namespace) -> int:
    async def go(portal: Portal) -> Any:
        if args.child is not None:
            child = await _child(portal, args.child)
            return "child", child, (await portal.fetch("child_account", child, "all")).value, None
        info = (await portal.fetch("account", None, "all")).value
        return "parent", None, info, portal.snapshot()

    kind, child, value, snap = _run(args, go)
    out = _out()
    if kind == "child":
        if args.json:
            _print_json({"child": child.name, "account": value})
            return 0
        _print_child(out, child.name, value)
        return 0
    account = snap.account if snap else None
    rights = {
        "contact": actions.allowed(account, "avecSaisieInfosPersoCoordonnees"),
        "preferences": actions.allowed(account, "avecSaisieInfosPersoAutorisations"),
        "password": actions.allowed(account, "avecSaisieMotDePasse"),
        "child_password": actions.allowed(account, "avecSaisieMotDePasseEleve"),
    }
    rules = actions.password_rules(account)
    if args.json:
        _print_json({"account": value, "editable": rights, "password_rules": rules})
        return 0
    editable = _(" (modifiable)") if rights["contact"] else _(" (non modifiable en ligne)")
    out.print(_text(value.name or _("Compte")))
    address = ", ".join([*value.address, f"{value.postal_code} {value.city}".strip()])
    out.print(_text(_("  Adresse : {value} (non modifiable en ligne)").format(value=address or "—")))
    out.print(_text(_("  E-mail : {value}{editable}").format(value=value.email or "—", editable=editable)))
    out.print(
        _text(
            _("  Portable : {phone}{editable}").format(
                phone=_phone(value.phone_prefix, value.mobile_phone), editable=editable
            )
        )
    )
    out.print(
        _text(
            _("  Fixe : {phone}{editable}").format(
                phone=_phone(value.landline_prefix, value.landline), editable=editable
            )
        )
    )
    prefs = asdict(value.preferences)
    shown = [
        f"{_(label)} {_('oui') if prefs[k] else _('non')}"
        for k, label in PREFERENCE_LABELS.items()
        if prefs[k] is not None
    ]
    tail = "" if rights["preferences"] else _(" (non modifiables en ligne)")
    out.print(_text(_("  Préférences : {value}{tail}").format(value=", ".join(shown) or "—", tail=tail)))
    if rights["password"]:
        out.print(
            _text(
                _("  Mot de passe : modifiable ({describe_rules})").format(
                    describe_rules=actions.describe_rules(rules)
                )
            )
        )
    else:
        out.print(_text(_("  Mot de passe : non modifiable en ligne")))
    return 0


def _phone(prefix: str, number: str) -> str:
    if not number:
        return "—"
    return f"+{prefix} {number}" if prefix and prefix != "33" else number


def _print_child(out: Any, name: str, data: Any) -> None:
    def editable(flag: bool) -> str:
        return _(" (modifiable)") if flag else _(" (non modifiable en ligne)")

    out.print(_text(_("{name} — identifiant : {value}").format(name=name, value=data.login or "—")))
    if data.medical_visible:
        out.print(
            _text(
                _("  Informations médicales : {value}{editable}").format(
                    value=data.medical_comment or "—", editable=editable(data.medical_comment_editable)
                )
            )
        )
        if data.hospitalisation_allowed is not None:
            out.print(
                _text(
                    _("  Hospitalisation autorisée : {value}").format(
                        value=_("oui") if data.hospitalisation_allowed else _("non")
                    )
                )
            )
        if data.doctor is not None:
            out.print(
                _text(
                    _("  Médecin : {name} {phone} {city}")
                    .format(name=data.doctor.name, phone=data.doctor.phone, city=data.doctor.city)
                    .rstrip()
                )
            )
    allergies = ", ".join(o.name for o in data.allergies) or "aucune"
    out.print(
        _text(
            _("  Allergies : {allergies}{editable}").format(
                allergies=allergies, editable=editable(data.allergies_editable)
            )
        )
    )
    diets = ", ".join(o.name for o in data.diets) or "aucun"
    out.print(
        _text(
            _("  Régime alimentaire : {diets}{editable}").format(
                diets=diets, editable=editable(data.diets_editable)
            )
        )
    )
    if data.exit_options:
        choices = ", ".join(o.name for o in data.exit_options)
        out.print(
            _text(
                _("  Autorisation de sortie : {value}{editable} — choix : {choices}").format(
                    value=data.exit_choice or "—", editable=editable(data.exit_editable), choices=choices
                )
            )
        )
    if data.image_right is not None:
        out.print(
            _text(_("  Droit à l'image : {value}").format(value=_("oui") if data.image_right else _("non")))
        )


def run_account_set(args: argparse.Namespace) -> int:
    child_options = (args.medical_comment, args.allergies, args.diets, args.exit_choice, args.image_right)
    parent_options = (args.email, args.mobile, args.landline)
    prefs_given = {
        k: _flag(getattr(args, f"allow_{k}"), f"--allow-{k.replace('_', '-')}") for k in PREFERENCE_LABELS
    }
    if args.child is None and any(v is not None for v in child_options):
        raise CommandError(
            _("--medical-comment, --allergies, --diets, --exit et --image-right vont avec --child."), 2
        )
    if args.child is not None and (
        any(v is not None for v in parent_options) or any(v is not None for v in prefs_given.values())
    ):
        raise CommandError(_("Avec --child, seules les données de l'enfant peuvent être changées."), 2)

    async def go(portal: Portal) -> Any:
        if args.child is not None:
            child = await _child(portal, args.child)
            data = (await portal.fetch("child_account", child, "all")).value
            form = actions.ChildForm.of(data)
            image = _flag(args.image_right, "--image-right")
            form = replace(
                form,
                medical_comment=form.medical_comment
                if args.medical_comment is None
                else args.medical_comment,
                allergies=form.allergies if args.allergies is None else args.allergies,
                diets=form.diets if args.diets is None else args.diets,
                exit_choice=form.exit_choice if args.exit_choice is None else args.exit_choice,
                image_right=form.image_right if image is None else ("oui" if image else "non"),
            )
            return "child", child, await actions.save_child_data(portal, child, form)
        info = (await portal.fetch("account", None, "all")).value
        contact = None
        if any(v is not None for v in parent_options):
            contact = actions.Contact.of(info)
            contact = replace(
                contact,
                email=contact.email if args.email is None else args.email,
                mobile=contact.mobile if args.mobile is None else args.mobile,
                landline=contact.landline if args.landline is None else args.landline,
            )
        prefs = None
        if any(v is not None for v in prefs_given.values()):
            prefs = replace(info.preferences, **{k: v for k, v in prefs_given.items() if v is not None})
        if contact is None and prefs is None:
            raise CommandError(
                _("Rien à changer : donnez --email, --mobile, --landline ou une préférence."), 2
            )
        return "parent", None, await actions.save_contact(portal, contact, prefs)

    kind, child, value = _run(args, go)
    if args.json:
        _print_json({"child": child.name, "account": value} if kind == "child" else {"account": value})
        return 0
    if kind == "child":
        _out().print(_text(_("Données de {name} enregistrées par l'établissement.").format(name=child.name)))
    else:
        _out().print(_text(_("Coordonnées enregistrées par l'établissement.")))
    return 0


def _read_passwords(prompts: list[str], from_stdin: bool) -> list[str]:
    """One line each from standard input, or typed at a prompt (never echoed, never an argument)."""
    values = []
    for prompt in prompts:
        if from_stdin or not sys.stdin.isatty():
            value = sys.stdin.readline().rstrip("\r\n")
        else:
            value = getpass.getpass(prompt)
        if not value:
            raise CommandError(_("Mot de passe manquant : rien n'a été changé."), 2)
        values.append(value)
    return values


def run_account_password(args: argparse.Namespace) -> int:
    interactive = not args.password_stdin and sys.stdin.isatty()
    if args.resume:
        (password,) = _read_passwords([_("Mot de passe en vigueur : ")], args.password_stdin)

        async def resume(portal: Portal) -> str:
            if actions.pending_password_change(portal) is None:
                raise CommandError(_("Aucun changement de mot de passe interrompu pour ce compte."), 2)
            await actions.resume_password_change(portal, password)
            return _("Connexion réussie : ce mot de passe est enregistré pour les prochaines connexions.")

        said = _run(args, resume)
    elif args.child is not None:
        prompts = [_("Nouveau mot de passe de l'enfant : ")] + ([_("Confirmation : ")] if interactive else [])
        values = _read_passwords(prompts, args.password_stdin)
        if interactive and values[0] != values[1]:
            raise CommandError(_("Les deux saisies diffèrent : rien n'a été changé."), 2)

        async def child_password(portal: Portal) -> str:
            child = await _child(portal, args.child)
            return await actions.set_child_password(portal, child, values[0])

        said = _run(args, child_password)
    else:
        prompts = [_("Mot de passe actuel : "), _("Nouveau mot de passe : ")] + (
            [_("Confirmation : ")] if interactive else []
        )
        values = _read_passwords(prompts, args.password_stdin)
        if interactive and values[1] != values[2]:
            raise CommandError(
                _("Les deux saisies du nouveau mot de passe diffèrent : rien n'a été changé."), 2
            )

        async def change(portal: Portal) -> str:
            return await actions.change_password(portal, values[0], values[1])

        said = _run(args, change)
    if args.json:
        _print_json({"done": True, "message": said})
    else:
        _out().print(_text(said))
    return 0


# --- meetings ----------------------------------------------------------------------------------------


def run_meetings_list(args: argparse.Namespace) -> int:
    async def go(portal: Portal) -> Any:
        child = await _child(portal, args.child)
        page = (await portal.fetch("meetings", child, "all")).value
        for other in portal.children():
            if other.name != child.name and portal.read("meetings", other, "all") is None:
                try:
                    await portal.fetch("meetings", other, "all")
                except Exception:  # noqa: BLE001 - the other child's planning only adds conflicts
                    pass
        planned = meeting_actions.planning(portal, portal.children())
        return child, page, planned

    child, page, planned = _run(args, go)
    if args.json:
        _print_json(
            {
                "child": child.name,
                "sessions": page.sessions,
                "planning": [
                    {"child": p.child, "session": p.session, "meeting": p.meeting, "conflict": p.conflict}
                    for p in planned
                ],
            }
        )
        return 0
    out = _out()
    if not page.sessions:
        out.print(_text(_("Aucune session de rencontres.")))
    for detail in page.sessions:
        session = detail.session
        when = f"{session.day:%d/%m/%Y}" if session.day else ""
        out.print(_text(f"{session.name} — {when} {session.start}–{session.end}".rstrip("– ")))
        if detail.message:
            out.print(_text(f"  {detail.message}"))
            continue
        if detail.wishes_open:
            out.print(
                _text(
                    _("  Vœux ouverts jusqu'au {wishes_until:%d/%m/%Y}").format(
                        wishes_until=detail.wishes_until
                    )
                    if detail.wishes_until
                    else _("  Vœux ouverts")
                )
            )
        else:
            why = meeting_actions.why_no_wish(detail, args.clock.today())
            out.print(_text(f"  {why}"))
        for meeting in detail.meetings:
            asked = _(" — demandé par le professeur") if meeting.requested_by_teacher else ""
            out.print(
                _text(
                    _("  {teacher} ({role}, {minutes} min) : {wish_label}{asked}").format(
                        teacher=meeting.teacher,
                        role=meeting.role,
                        minutes=meeting.minutes,
                        wish_label=meeting_actions.wish_label(meeting.wish),
                        asked=asked,
                    )
                )
            )
        if detail.planning_message:
            out.print(
                _text(_("  Planning : {planning_message}").format(planning_message=detail.planning_message))
            )
    mine = [p for p in planned if p.child == child.name or p.conflict]
    if mine:
        out.print(_text(_("Planning publié")))
    for item in mine:
        meeting = item.meeting
        who = ", ".join(meeting.teachers) or meeting.role
        flag = _(" ⚠ CHEVAUCHEMENT") if item.conflict else ""
        room = f", {meeting.room}" if meeting.room else ""
        out.print(
            _text(f"  {meeting.start:%d/%m %Hh%M}–{meeting.end:%Hh%M} {who} ({item.child}{room}){flag}")
        )
    return 0


def run_meetings_wish(args: argparse.Namespace) -> int:
    wish = meeting_actions.wish_code(args.wish)

    async def go(portal: Portal) -> Any:
        child = await _child(portal, args.child)
        return await meeting_actions.set_wish(
            portal, child, args.session, args.teacher, wish, args.clock.today()
        )

    meeting = _run(args, go)
    if args.json:
        _print_json({"meeting": meeting})
    else:
        _out().print(
            _text(
                _("Vœu enregistré : {teacher} — {wish_label}.").format(
                    teacher=meeting.teacher, wish_label=meeting_actions.wish_label(meeting.wish)
                )
            )
        )
    return 0


__all__ = ["WISH_LABELS", "without_medical"]
