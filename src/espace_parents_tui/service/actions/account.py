"""The parent's account and the child's data (portal layer): contact details and preferences, the
parent's password, the child's password and data.

**The password change** (parent-features.md §4.2) never loses the account:

1. the rules the server announced are checked first (nothing is sent when the new password breaks
   them);
2. a "password change pending" marker (the login block of kind ``password_change``, no password in
   it) is written in the account's cache before the change is sent;
3. once the server accepts, the credential store's secret is replaced (one ``set``: the keyring
   replaces an item atomically); then the marker is removed;
4. a refusal (wrong current password, rules) removes the marker and leaves the old secret.

A process killed between the server's acceptance and the store's write leaves the marker: the next
start makes no login with the stored (maybe old) password, says what happened, and asks for the
password once (:func:`resume_password_change`). Passwords are never kept in a draft, a log, or a
message. The child's health data (``models.account.MEDICAL``) never goes into an error message.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import Child, UserAccount
from espace_parents_tui.models.account import (
    ChildAccount,
    ContactPreferences,
    Option,
    PasswordReply,
    PasswordRules,
)
from espace_parents_tui.models.people import AccountInfo
from espace_parents_tui.service.actions.uploads import ActionRefused, BadInput, guarded_send, kept
from espace_parents_tui.service.portal import CredentialsProblem, Offline, PortalError
from espace_parents_tui.service.portal_guard import LOGIN_BLOCK, PASSWORD_CHANGE
from espace_parents_tui.service.sections import ACCOUNT, SECTIONS
from espace_parents_tui.settings.credentials import CredentialError
from espace_parents_tui.settings.deferred import TypedSecret
from espace_parents_tui.store.drafts import Draft, Drafts
from espace_parents_tui.util.i18n import N_, _

if TYPE_CHECKING:
    from espace_parents_tui.service.portal import Portal

CONTACT, CHILD_DATA = "contact", "child_data"
CONTACT_KEY = "compte"
RULE_WORDS = {
    0: N_("au moins une lettre"),
    1: N_("au moins un chiffre"),
    2: N_("au moins un caractère spécial"),
    3: N_("des majuscules et des minuscules"),
    4: N_("être différent de l'identifiant"),
}
__all__ = ["ActionRefused", "BadInput"]


# --- what may be changed ---------------------------------------------------------------------------


def offered(portal: Portal, section: str) -> bool:
    """Whether the school opens ``section`` to the account (its tab); unknown before the first login."""
    snap = portal.snapshot()
    return snap is None or SECTIONS[section].offered(snap.account.tabs)


def allowed(account: UserAccount | None, what: str) -> bool:
    """``compte.<what>`` in the account's rights (``avecSaisieMotDePasse``…)."""
    return bool(account and account.permissions.get(f"compte.{what}") is True)


def password_rules(account: UserAccount | None) -> PasswordRules:
    """The rules the server announced at login (``reglesSaisieMotDePasse``)."""
    from espace_parents_tui.pronote.parse import parse_password_rules  # a pure function

    permissions = account.permissions if account else {}
    raw = {
        "min": permissions.get("reglesSaisieMotDePasse.min"),
        "max": permissions.get("reglesSaisieMotDePasse.max"),
        "regles": permissions.get("reglesSaisieMotDePasse.regles"),
    }
    return parse_password_rules(raw) or PasswordRules()


def describe_rules(rules: PasswordRules) -> str:
    parts = []
    if rules.min_length and rules.max_length:
        parts.append(
            _("de {min_length} à {max_length} caractères").format(
                min_length=rules.min_length, max_length=rules.max_length
            )
        )
    elif rules.min_length:
        parts.append(_("au moins {min_length} caractères").format(min_length=rules.min_length))
    parts += [_(RULE_WORDS[r]) for r in sorted(rules.rules) if r in RULE_WORDS]
    return ", ".join(parts) if parts else _("aucune règle annoncée par l'établissement")


def password_problems(rules: PasswordRules, password: str, login: str) -> list[str]:
    """What ``password`` lacks by the announced rules (French, never quoting the password)."""
    problems = []
    if rules.min_length and len(password) < rules.min_length:
        problems.append(_("au moins {min_length} caractères").format(min_length=rules.min_length))
    if rules.max_length and len(password) > rules.max_length:
        problems.append(_("au plus {max_length} caractères").format(max_length=rules.max_length))
    checks = {
        0: any(c.isalpha() for c in password),
        1: any(c.isdigit() for c in password),
        2: any(not c.isalnum() for c in password),
        3: any(c.islower() for c in password) and any(c.isupper() for c in password),
        4: password.casefold() != login.casefold(),
    }
    problems += [_(RULE_WORDS[r]) for r in sorted(rules.rules) if not checks.get(r, True)]
    return problems


def refusal(reply: PasswordReply, whose: str = _("Le nouveau mot de passe")) -> str:
    if reply.wrong_current:
        return _("Le mot de passe actuel est incorrect : rien n'a été changé.")
    if reply.message:
        return _("Le serveur PRONOTE a refusé le mot de passe : {message}").format(message=reply.message)
    if reply.broken_rules and reply.rules is not None:
        return _("{whose} ne suit pas les règles de l'établissement ({describe_rules}).").format(
            whose=whose, describe_rules=describe_rules(reply.rules)
        )
    return _("Le serveur PRONOTE a refusé le nouveau mot de passe : rien n'a été changé.")


# --- contact details and preferences ---------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """What the parent may change of their contact details (the postal address is not)."""

    email: str = ""
    mobile_prefix: str = "33"
    mobile: str = ""
    landline_prefix: str = "33"
    landline: str = ""

    @classmethod
    def of(cls, info: AccountInfo) -> Contact:
        return cls(
            info.email,
            info.phone_prefix or "33",
            info.mobile_phone,
            info.landline_prefix or "33",
            info.landline,
        )

    def wire(self) -> dict[str, str]:
        return {
            "eMail": self.email.strip(),
            "indicatifTel": self.mobile_prefix.strip(),
            "telephonePortable": self.mobile.strip(),
            "indicatifFixe": self.landline_prefix.strip(),
            "telephoneFixe": self.landline.strip(),
        }


def contact_draft(portal: Portal) -> Draft | None:
    return Drafts(portal.cache).get(ACCOUNT, CONTACT, CONTACT_KEY)


def _contact_fields(contact: Contact | None, prefs: ContactPreferences | None) -> dict[str, str]:
    fields: dict[str, str] = {}
    if contact is not None:
        fields.update({k: v for k, v in asdict(contact).items()})
    if prefs is not None:
        fields["preferences"] = json.dumps(asdict(prefs))
    return fields


def keep_contact_draft(portal: Portal, contact: Contact | None, prefs: ContactPreferences | None) -> Draft:
    return Drafts(portal.cache).save(ACCOUNT, CONTACT, CONTACT_KEY, _contact_fields(contact, prefs))


def contact_from_draft(draft: Draft | None, info: AccountInfo) -> tuple[Contact, ContactPreferences]:
    contact, prefs = Contact.of(info), info.preferences
    if draft is None:
        return contact, prefs
    values = draft.fields
    contact = Contact(**{k: values.get(k, getattr(contact, k)) for k in asdict(contact)})
    try:
        saved = json.loads(values.get("preferences", "null"))
        if isinstance(saved, dict):
            prefs = ContactPreferences(**{k: saved.get(k) for k in asdict(prefs)})
    except (ValueError, TypeError):
        pass
    return contact, prefs


async def save_contact(
    portal: Portal, contact: Contact | None, prefs: ContactPreferences | None
) -> AccountInfo | None:
    """Send contact details and/or preferences; returns the account as the school now holds it."""
    drafts = Drafts(portal.cache)
    fields = _contact_fields(contact, prefs)
    drafts.save(ACCOUNT, CONTACT, CONTACT_KEY, fields)
    try:
        await portal.connect()
        snap = portal.snapshot()
        account = snap.account if snap else None
        if contact is not None and not allowed(account, "avecSaisieInfosPersoCoordonnees"):
            raise ActionRefused(_("L'établissement ne permet pas de modifier vos coordonnées en ligne."))
        if prefs is not None and not allowed(account, "avecSaisieInfosPersoAutorisations"):
            raise ActionRefused(
                _("L'établissement ne permet pas de modifier vos préférences de contact en ligne.")
            )
        wire = contact.wire() if contact is not None else None
        await guarded_send(portal, lambda client: client.save_contact(wire, prefs))
    except PortalError as exc:
        drafts.save(ACCOUNT, CONTACT, CONTACT_KEY, fields, problem=exc.user_message)
        raise kept(exc) from exc
    drafts.delete(ACCOUNT, CONTACT, CONTACT_KEY)
    try:
        return (await portal.fetch("account", None)).value
    except PortalError:
        return None


# --- the parent's password -------------------------------------------------------------------------


def pending_password_change(portal: Portal) -> dict[str, str] | None:
    """The marker of an interrupted password change, or None."""
    block = portal.login_block()
    return block if block is not None and block.get("kind") == PASSWORD_CHANGE else None


def _mark_pending(portal: Portal) -> None:
    since = portal.cache.clock().isoformat(timespec="seconds")
    message = _("Changement de mot de passe en cours")
    portal.cache.set_meta(
        LOGIN_BLOCK, json.dumps({"kind": PASSWORD_CHANGE, "message": message, "since": since})
    )


async def change_password(portal: Portal, current: str, new: str) -> str:
    """Change the parent's password; the stored secret follows. Returns what to tell the parent."""
    await portal.connect()
    snap = portal.snapshot()
    account = snap.account if snap else None
    if not allowed(account, "avecSaisieMotDePasse"):
        raise ActionRefused(_("L'établissement ne permet pas de changer le mot de passe en ligne."))
    problems = password_problems(password_rules(account), new, portal.account.username)
    if problems:
        raise BadInput(_("Le nouveau mot de passe doit avoir ") + ", ".join(problems) + ".")
    if new == current:
        raise BadInput(_("Le nouveau mot de passe doit être différent de l'actuel."))
    stored = portal.account.login_mode == "password"
    if stored:
        _mark_pending(portal)  # before anything is sent: a crash from now on is noticed
    try:
        reply = await guarded_send(portal, lambda client: client.change_password(current, new))
    except Offline as exc:
        # The answer never came: the server may have the new password or not.
        raise Offline(
            _(
                "{user_message} On ne sait pas si le serveur a changé le mot de passe : à la prochaine connexion, le mot de passe en vigueur vous sera demandé une fois."
            ).format(user_message=exc.user_message)
        ) from exc
    except BaseException:
        if stored:
            portal.clear_login_block()
        raise
    if not reply.accepted:
        if stored:
            portal.clear_login_block()
        raise ActionRefused(refusal(reply))
    if not stored:
        return _("Mot de passe changé. La connexion de cet appareil (jeton) reste valable.")
    try:
        await asyncio.to_thread(portal.store.set, portal.account.id, "password", new)
    except CredentialError as exc:
        raise CredentialsProblem(
            _(
                "Le serveur a accepté le nouveau mot de passe, mais il n'a pas pu être enregistré ({user_message}) : à la prochaine connexion, il vous sera demandé une fois."
            ).format(user_message=exc.user_message)
        ) from exc
    portal.clear_login_block()
    return _("Mot de passe changé : le nouveau est enregistré pour les prochaines connexions.")


async def resume_password_change(portal: Portal, password: str) -> None:
    """After an interrupted change: one login with the password the parent typed; when the server
    takes it, it replaces the stored one and logins go on as usual. A refusal is said at once (one
    failed login), the marker stays, nothing else is tried."""
    real = portal.store
    typed = TypedSecret()
    typed.set(portal.account.id, portal.account.secret_kind, password)
    block = portal.login_block()
    portal.store = typed
    try:
        await portal.connect()
    except PortalError:
        if block is not None:
            portal.cache.set_meta(LOGIN_BLOCK, json.dumps(block))  # still unknown: keep asking
        raise
    finally:
        portal.store = real
    try:
        await asyncio.to_thread(real.set, portal.account.id, "password", password)
    except CredentialError as exc:
        if block is not None:
            portal.cache.set_meta(LOGIN_BLOCK, json.dumps(block))
        raise CredentialsProblem(
            _("Le mot de passe est le bon, mais il n'a pas pu être enregistré : {user_message}").format(
                user_message=exc.user_message
            )
        ) from exc
    portal.clear_login_block()


# --- the child's data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildForm:
    """What the parent may change for a child (a field the school does not open is sent unchanged)."""

    medical_comment: str = ""
    allergies: str = ""  # comma-separated
    diets: str = ""
    exit_choice: str = ""
    image_right: str = ""  # "oui", "non" or "" (the school does not ask)

    @classmethod
    def of(cls, data: ChildAccount) -> ChildForm:
        image = "" if data.image_right is None else ("oui" if data.image_right else "non")
        return cls(
            data.medical_comment,
            ", ".join(o.name for o in data.allergies),
            ", ".join(o.name for o in data.diets),
            data.exit_choice,
            image,
        )

    def applied(self, data: ChildAccount) -> ChildAccount:
        def options(text: str, before: tuple[Option, ...]) -> tuple[Option, ...]:
            names = [n.strip() for n in text.split(",") if n.strip()]
            known = {o.name: o for o in before}
            return tuple(known.get(n, Option(None, n)) for n in dict.fromkeys(names))

        image = data.image_right if not self.image_right else self.image_right == "oui"
        return replace(
            data,
            medical_comment=self.medical_comment.strip(),
            allergies=options(self.allergies, data.allergies),
            diets=options(self.diets, data.diets),
            exit_choice=self.exit_choice or data.exit_choice,
            image_right=image,
        )


def child_changes_refused(before: ChildAccount, after: ChildAccount) -> str | None:
    """Why the school will not take these changes (what it does not open), or None."""
    if after.medical_comment != before.medical_comment and not before.medical_comment_editable:
        return _("L'établissement ne permet pas de modifier les informations médicales en ligne.")
    if {o.name for o in after.allergies} != {
        o.name for o in before.allergies
    } and not before.allergies_editable:
        return _("L'établissement ne permet pas de modifier les allergies en ligne.")
    if {o.name for o in after.diets} != {o.name for o in before.diets} and not before.diets_editable:
        return _("L'établissement ne permet pas de modifier le régime alimentaire en ligne.")
    if after.exit_choice != before.exit_choice:
        if not before.exit_editable:
            return _("L'établissement ne permet pas de modifier l'autorisation de sortie en ligne.")
        if after.exit_choice not in {o.name for o in before.exit_options}:
            choices = ", ".join(o.name for o in before.exit_options)
            return _("Autorisation de sortie inconnue (choix : {choices}).").format(choices=choices)
    return None


def child_draft(portal: Portal, child: Child) -> Draft | None:
    return Drafts(portal.cache).get(child.name, CHILD_DATA, "donnees")


def keep_child_draft(portal: Portal, child: Child, form: ChildForm) -> Draft:
    return Drafts(portal.cache).save(child.name, CHILD_DATA, "donnees", asdict(form))


def child_form_from_draft(draft: Draft | None, data: ChildAccount) -> ChildForm:
    form = ChildForm.of(data)
    if draft is None:
        return form
    return ChildForm(**{k: draft.fields.get(k, v) for k, v in asdict(form).items()})


async def save_child_data(portal: Portal, child: Child, form: ChildForm) -> ChildAccount:
    """Send the child's data as changed; returns it as the school now holds it."""
    drafts = Drafts(portal.cache)
    drafts.save(child.name, CHILD_DATA, "donnees", asdict(form))
    try:
        before = (await portal.fetch("child_account", child, "all")).value  # this session's ids
        after = form.applied(before)
        why = child_changes_refused(before, after)
        if why:
            raise ActionRefused(why)
        await guarded_send(portal, lambda client: client.save_child_account(child, before, after))
    except PortalError as exc:
        drafts.save(child.name, CHILD_DATA, "donnees", asdict(form), problem=exc.user_message)
        raise kept(exc) from exc
    drafts.delete(child.name, CHILD_DATA, "donnees")
    return (await portal.fetch("child_account", child, "all")).value


async def set_child_password(portal: Portal, child: Child, new: str) -> str:
    await portal.connect()
    snap = portal.snapshot()
    account = snap.account if snap else None
    if not allowed(account, "avecSaisieMotDePasseEleve"):
        raise ActionRefused(
            _("L'établissement ne permet pas aux parents de choisir le mot de passe de l'enfant.")
        )
    cached = portal.read("child_account", child, "all")
    login = cached.value.login if cached else ""
    problems = password_problems(password_rules(account), new, login)
    if problems:
        raise BadInput(_("Le mot de passe doit avoir ") + ", ".join(problems) + ".")
    reply: Any = await guarded_send(portal, lambda client: client.set_child_password(child, new))
    if not reply.accepted:
        raise ActionRefused(refusal(reply, _("Le mot de passe")))
    return _("Mot de passe de {name} changé.").format(name=child.name)
