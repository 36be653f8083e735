"""The account's forms: contact details and preferences, the parent's password, the child's data,
the child's password. Each shows what the school lets the parent change and what it does not (a
field the school keeps closed is shown, not editable). Contact and child forms keep their draft as
the parent types; the password forms keep nothing (a password is never written anywhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from espace_parents_tui.models.account import PREFERENCE_LABELS, ContactPreferences
from espace_parents_tui.service.actions import account as actions
from espace_parents_tui.tui.screens.action_form import ActionForm
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.models import Child
    from espace_parents_tui.models.account import ChildAccount
    from espace_parents_tui.models.people import AccountInfo
    from espace_parents_tui.service.portal import Portal
    from espace_parents_tui.store.drafts import Draft

CLOSED = _(" (non modifiable en ligne)")


def _label(text: str, editable: bool = True) -> Static:
    return Static(SafeText(text + ("" if editable else CLOSED)), classes="field-label")


FORM_HINT = _("ctrl+s envoyer · Échap fermer (le brouillon est gardé)")


class ContactForm(ActionForm):
    """E-mail, phones and contact preferences; the postal address is shown, never editable."""

    hint = FORM_HINT
    DEFAULT_CSS = """
    ContactForm Checkbox { height: 1; border: none; padding: 0; }
    """

    def __init__(self, portal: Portal, info: AccountInfo) -> None:
        self.portal, self.info = portal, info
        snap = portal.snapshot()
        account = snap.account if snap else None
        self.contact_open = actions.allowed(account, "avecSaisieInfosPersoCoordonnees")
        self.prefs_open = actions.allowed(account, "avecSaisieInfosPersoAutorisations")
        draft = actions.contact_draft(portal)
        self.contact, self.prefs = actions.contact_from_draft(draft, info)
        super().__init__(SafeText(_("Mes coordonnées — ")) + SafeText(info.name), draft)

    def compose_fields(self) -> ComposeResult:
        address = ", ".join([*self.info.address, f"{self.info.postal_code} {self.info.city}".strip()])
        yield Static(
            SafeText(_("Adresse : {value}{CLOSED}").format(value=address or "—", CLOSED=CLOSED), style="dim"),
            classes="form-info",
        )
        yield _label(_("E-mail"), self.contact_open)
        yield Input(self.contact.email, id="form-email", compact=True, disabled=not self.contact_open)
        yield _label(_("Téléphone portable"), self.contact_open)
        yield Input(self.contact.mobile, id="form-mobile", compact=True, disabled=not self.contact_open)
        yield _label(_("Téléphone fixe"), self.contact_open)
        yield Input(self.contact.landline, id="form-landline", compact=True, disabled=not self.contact_open)
        yield _label(_("Préférences de contact"), self.prefs_open)
        values = self.prefs.__dict__
        for key, label in PREFERENCE_LABELS.items():
            if values.get(key) is None:
                continue
            yield Checkbox(
                SafeText(_(label)),
                bool(values[key]),
                id=f"form-pref-{key}",
                compact=True,
                disabled=not self.prefs_open,
            )

    @on(Checkbox.Changed)
    def _checked(self, event: Any) -> None:
        self._changed(event)

    def fields(self) -> tuple[actions.Contact, ContactPreferences]:
        contact = actions.Contact(
            self.query_one("#form-email", Input).value,
            self.contact.mobile_prefix,
            self.query_one("#form-mobile", Input).value,
            self.contact.landline_prefix,
            self.query_one("#form-landline", Input).value,
        )
        values = dict(self.prefs.__dict__)
        for box in self.query(Checkbox):
            values[(box.id or "").removeprefix("form-pref-")] = box.value
        return contact, ContactPreferences(**values)

    def _changes(self) -> tuple[actions.Contact | None, ContactPreferences | None]:
        contact, prefs = self.fields()
        return (
            contact if self.contact_open and contact != actions.Contact.of(self.info) else None,
            prefs if self.prefs_open and prefs != self.info.preferences else None,
        )

    def problem(self) -> str | None:
        if self._changes() == (None, None):
            return _("Rien n'a changé.")
        return None

    def keep_draft(self) -> Draft | None:
        return actions.keep_contact_draft(self.portal, *self.fields())

    def current_draft(self) -> Draft | None:
        return actions.contact_draft(self.portal)

    async def deliver(self) -> str:
        await actions.save_contact(self.portal, *self._changes())
        return _("Coordonnées enregistrées par l'établissement.")


class PasswordForm(ActionForm):
    """The parent's password (current, new, confirmation), or a child's (new, confirmation)."""

    hint = _("ctrl+s changer · Échap fermer (aucun mot de passe n'est gardé)")

    def __init__(self, portal: Portal, child: Child | None = None) -> None:
        self.portal, self.child = portal, child
        snap = portal.snapshot()
        self.rules = actions.password_rules(snap.account if snap else None)
        title = _("Mot de passe de ") + child.name if child else _("Changer mon mot de passe")
        super().__init__(SafeText(title), None)

    def compose_fields(self) -> ComposeResult:
        yield Static(
            SafeText(_("Règles de l'établissement : ") + actions.describe_rules(self.rules), style="dim"),
            classes="form-info",
        )
        if self.child is None:
            yield _label(_("Mot de passe actuel"))
            yield Input(id="form-current", password=True, compact=True)
        yield _label(_("Nouveau mot de passe"))
        yield Input(id="form-new", password=True, compact=True)
        yield _label(_("Confirmation"))
        yield Input(id="form-confirm", password=True, compact=True)

    def _value(self, name: str) -> str:
        return self.query_one(f"#form-{name}", Input).value

    def problem(self) -> str | None:
        if self.child is None and not self._value("current"):
            return _("Saisissez votre mot de passe actuel.")
        if self._value("new") != self._value("confirm"):
            return _("Les deux saisies du nouveau mot de passe diffèrent.")
        login = self.portal.account.username if self.child is None else ""
        lacks = actions.password_problems(self.rules, self._value("new"), login)
        if lacks:
            return _("Le nouveau mot de passe doit avoir ") + ", ".join(lacks) + "."
        return None

    async def deliver(self) -> str:
        if self.child is not None:
            return await actions.set_child_password(self.portal, self.child, self._value("new"))
        return await actions.change_password(self.portal, self._value("current"), self._value("new"))


class ChildDataForm(ActionForm):
    """The child's medical comment, allergies, diet, exit authorisation and image right."""

    hint = FORM_HINT

    def __init__(self, portal: Portal, child: Child, data: ChildAccount) -> None:
        self.portal, self.child, self.data = portal, child, data
        draft = actions.child_draft(portal, child)
        self.form = actions.child_form_from_draft(draft, data)
        super().__init__(SafeText(_("Données de l'enfant — ")) + SafeText(child.name), draft)

    def compose_fields(self) -> ComposeResult:
        data = self.data
        yield _label(_("Informations médicales"), data.medical_comment_editable)
        yield TextArea(
            self.form.medical_comment,
            id="form-medical",
            compact=True,
            disabled=not data.medical_comment_editable,
        )
        yield _label(_("Allergies (séparées par des virgules)"), data.allergies_editable)
        yield Input(
            self.form.allergies, id="form-allergies", compact=True, disabled=not data.allergies_editable
        )
        yield _label(_("Régimes alimentaires"), data.diets_editable)
        yield Input(self.form.diets, id="form-diets", compact=True, disabled=not data.diets_editable)
        if data.exit_options:
            yield _label(_("Autorisation de sortie"), data.exit_editable)
            choices = [(SafeText(o.name), o.name) for o in data.exit_options]
            yield Select(
                choices,
                value=self.form.exit_choice
                if self.form.exit_choice in {o.name for o in data.exit_options}
                else Select.NULL,
                compact=True,
                id="form-exit",
                disabled=not data.exit_editable,
            )
        if data.image_right is not None:
            yield _label(_("Droit à l'image"))
            yield Select(
                [(SafeText(_("oui")), "oui"), (SafeText(_("non")), "non")],
                value=self.form.image_right or "non",
                allow_blank=False,
                compact=True,
                id="form-image",
            )

    def fields(self) -> actions.ChildForm:
        exits = list(self.query("#form-exit"))
        image = list(self.query("#form-image"))
        exit_value = exits[0].value if exits else ""
        return actions.ChildForm(
            self.query_one("#form-medical", TextArea).text,
            self.query_one("#form-allergies", Input).value,
            self.query_one("#form-diets", Input).value,
            exit_value if isinstance(exit_value, str) else "",
            image[0].value if image and isinstance(image[0].value, str) else "",
        )

    def problem(self) -> str | None:
        return actions.child_changes_refused(self.data, self.fields().applied(self.data))

    def keep_draft(self) -> Draft | None:
        return actions.keep_child_draft(self.portal, self.child, self.fields())

    def current_draft(self) -> Draft | None:
        return actions.child_draft(self.portal, self.child)

    async def deliver(self) -> str:
        await actions.save_child_data(self.portal, self.child, self.fields())
        return _("Données de {name} enregistrées par l'établissement.").format(name=self.child.name)


def editable(flag: bool) -> Text:
    """What a line of the Compte tabs says after its value: may the parent change it online?"""
    return (
        SafeText(_(" · modifiable"), style="green")
        if flag
        else SafeText(_(" · non modifiable en ligne"), style="dim")
    )
