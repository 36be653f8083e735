"""Compte: the parent's tab (contact details, preferences, password) and the child's tab (login,
medical information, diet, authorisations), each line saying whether it may be changed online.
``o`` switches tab, Entrée opens the form of the tab shown, ``w`` changes the password (the
parent's, or on the child's tab the child's where the school allows it)."""

from __future__ import annotations

from dataclasses import asdict

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from espace_parents_tui.models.account import PREFERENCE_LABELS
from espace_parents_tui.service.actions import account as actions
from espace_parents_tui.tui.screens.account_forms import (
    ChildDataForm,
    ContactForm,
    PasswordForm,
    editable,
)
from espace_parents_tui.tui.screens.base import SectionView, text
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import N_, _


class AccountView(SectionView):
    key = "account"
    letter = "C"
    title_text = N_("Compte")
    sections = ("account", "child_account")

    BINDINGS = [
        Binding(
            "o",
            "switch",
            _("Parent/enfant"),
            id="account.switch",
            tooltip=_("Votre compte ou celui de l'enfant"),
        ),
        Binding("enter", "edit", _("Modifier"), id="account.edit", tooltip=_("Modifier ce qui peut l'être")),
        Binding(
            "w", "password", _("Mot de passe"), id="account.password", tooltip=_("Changer le mot de passe")
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tab = "parent"

    def compose(self) -> ComposeResult:
        yield Static(classes="view-title", id="account-title")
        with VerticalScroll(id="account-body"):
            yield Static(id="account-text")

    def on_section_shown(self) -> None:
        self.query_one("#account-body").focus()

    def _offered(self, section: str) -> bool:
        return self.portal is None or actions.offered(self.portal, section)

    def refresh_view(self) -> None:
        if self.portal is None:
            return
        name = self.child.name if self.child else ""
        which = _("Parent") if self.tab == "parent" else _("Enfant : {name}").format(name=name)
        self.query_one("#account-title", Static).update(
            text(
                _("Compte — {which}   (o : {value})").format(
                    which=which, value=_("enfant") if self.tab == "parent" else _("parent")
                )
            )
        )
        body = self._parent_text() if self.tab == "parent" else self._child_text()
        self.query_one("#account-text", Static).update(body)

    def _account(self):
        snap = self.portal.snapshot() if self.portal else None
        return snap.account if snap else None

    def _parent_text(self) -> Text:
        if not self._offered("account"):
            return SafeText(_("L'établissement n'ouvre pas « Mes informations » à ce compte."), style="dim")
        cached = self.read("account", "all")
        if cached is None:
            if getattr(self.app, "current", None) == self.key:
                self.want("account", "all")
            return SafeText(_("Chargement du compte…"), style="dim")
        info, account = cached.value, self._account()
        contact_open = actions.allowed(account, "avecSaisieInfosPersoCoordonnees")
        prefs_open = actions.allowed(account, "avecSaisieInfosPersoAutorisations")
        body = SafeText()
        body.append(info.name + "\n", style="bold")
        address = ", ".join([*info.address, f"{info.postal_code} {info.city}".strip()])
        body.append(_("Adresse : "), style="bold").append(address or "—").append_text(editable(False)).append(
            "\n"
        )
        for label, value in (
            (_("E-mail"), info.email),
            (_("Portable"), info.mobile_phone),
            (_("Fixe"), info.landline),
        ):
            body.append(f"{label} : ", style="bold").append(value or "—").append_text(editable(contact_open))
            body.append("\n")
        body.append(_("Préférences de contact"), style="bold").append_text(editable(prefs_open)).append("\n")
        prefs = asdict(info.preferences)
        shown = [
            f"{'☑' if prefs[k] else '☐'} {_(label)}"
            for k, label in PREFERENCE_LABELS.items()
            if prefs[k] is not None
        ]
        body.append("  " + "   ".join(shown) + "\n")
        rules = actions.password_rules(account)
        body.append(_("Mot de passe"), style="bold").append_text(
            editable(actions.allowed(account, "avecSaisieMotDePasse"))
        )
        body.append(f"\n  {actions.describe_rules(rules)}\n", style="dim")
        return body

    def _child_text(self) -> Text:
        if self.child is None:
            return SafeText(_("Aucun enfant."), style="dim")
        if not self._offered("child_account"):
            return SafeText(_("L'établissement n'ouvre pas le compte de l'enfant aux parents."), style="dim")
        cached = self.read("child_account", "all")
        if cached is None:
            if getattr(self.app, "current", None) == self.key:
                self.want("child_account", "all")
            return SafeText(_("Chargement des données de l'enfant…"), style="dim")
        data = cached.value
        body = SafeText()
        body.append(_("Identifiant : "), style="bold").append(data.login or "—").append("\n")
        child_pw = actions.allowed(self._account(), "avecSaisieMotDePasseEleve")
        body.append(_("Mot de passe"), style="bold").append_text(editable(child_pw)).append("\n")
        if data.medical_visible:
            body.append(_("Informations médicales : "), style="bold").append(data.medical_comment or "—")
            body.append_text(editable(data.medical_comment_editable)).append("\n")
            if data.hospitalisation_allowed is not None:
                body.append(
                    _("  Hospitalisation autorisée : {value}\n").format(
                        value=_("oui") if data.hospitalisation_allowed else _("non")
                    )
                )
            if data.doctor is not None:
                body.append(
                    _("  Médecin : {name} {phone}")
                    .format(name=data.doctor.name, phone=data.doctor.phone)
                    .rstrip()
                    + "\n"
                )
        body.append(_("Allergies : "), style="bold").append(
            ", ".join(o.name for o in data.allergies) or "aucune"
        )
        body.append_text(editable(data.allergies_editable)).append("\n")
        body.append(_("Régime : "), style="bold").append(", ".join(o.name for o in data.diets) or "aucun")
        body.append_text(editable(data.diets_editable)).append("\n")
        if data.exit_options:
            body.append(_("Sortie : "), style="bold").append(data.exit_choice or "—")
            body.append_text(editable(data.exit_editable)).append("\n")
        if data.image_right is not None:
            body.append(_("Droit à l'image : "), style="bold").append(
                _("oui") if data.image_right else _("non")
            )
            body.append_text(editable(True)).append("\n")
        return body

    def action_switch(self) -> None:
        self.tab = "child" if self.tab == "parent" else "parent"
        self.refresh_view()

    def _after(self, done: bool | None) -> None:
        self.refresh_view()

    def action_edit(self) -> None:
        if self.portal is None:
            return
        if self.tab == "parent":
            cached = self.read("account", "all")
            if cached is None:
                self.app.notify(_("Le compte n'est pas encore chargé."), markup=False)
                return
            account = self._account()
            if not (
                actions.allowed(account, "avecSaisieInfosPersoCoordonnees")
                or actions.allowed(account, "avecSaisieInfosPersoAutorisations")
            ):
                self.app.notify(
                    _("L'établissement ne permet pas de modifier vos coordonnées en ligne."), markup=False
                )
                return
            self.app.push_screen(ContactForm(self.portal, cached.value), self._after)
            return
        cached = self.read("child_account", "all")
        if cached is None or self.child is None:
            self.app.notify(_("Les données de l'enfant ne sont pas encore chargées."), markup=False)
            return
        self.app.push_screen(ChildDataForm(self.portal, self.child, cached.value), self._after)

    def action_password(self) -> None:
        if self.portal is None:
            return
        account = self._account()
        if self.tab == "child":
            if self.child is None or not actions.allowed(account, "avecSaisieMotDePasseEleve"):
                self.app.notify(
                    _("L'établissement ne permet pas de choisir le mot de passe de l'enfant."), markup=False
                )
                return
            self.app.push_screen(PasswordForm(self.portal, self.child), self._after)
            return
        if not actions.allowed(account, "avecSaisieMotDePasse"):
            self.app.notify(
                _("L'établissement ne permet pas de changer le mot de passe en ligne."), markup=False
            )
            return
        self.app.push_screen(PasswordForm(self.portal), self._after)
