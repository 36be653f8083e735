"""Adding an account from the app: the server first (its name shown before anything is sent), then a
QR code with its PIN, or a username and password. Errors are explained; two-factor accounts and a
missing keyring are asked about in dialogs.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Label, Static

from espace_parents_tui.service.onboarding import LoggedIn, Onboarding, TwoFactorRequired
from espace_parents_tui.tui.widgets.safe_text import SafeText
from espace_parents_tui.util.i18n import _


@dataclass(frozen=True)
class StorageChoice:
    storage: str  # "keyring" | "file" | "ask"
    store: object


class NoKeyringScreen(ModalScreen[str | None]):
    """No usable keyring: say so in plain words and offer the two choices."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Annuler"), id="nokeyring.cancel")]
    DEFAULT_CSS = """
    NoKeyringScreen { align: center middle; }
    NoKeyringScreen > Vertical { width: 72; height: auto; border: round $warning; background: $surface; padding: 0 1; }
    NoKeyringScreen Button { width: 100%; margin: 0 0 1 0; }
    """

    def __init__(self, message: str, *, allow_ask: bool) -> None:
        super().__init__()
        self._message = message
        self._allow_ask = allow_ask

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(SafeText(_("Pas de trousseau de clés"), style="bold"))
            yield Static(SafeText(self._message + "\n"))
            if self._allow_ask:
                yield Button(
                    compact=True,
                    label=_("Demander le mot de passe à chaque fois"),
                    id="choice-ask",
                    variant="primary",
                )
            yield Button(
                compact=True,
                label=_("Enregistrer dans un fichier NON CHIFFRÉ (0600)"),
                id="choice-file",
                variant="warning",
            )
            yield Button(compact=True, label=_("Annuler"), id="choice-cancel")

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss({"choice-ask": "ask", "choice-file": "file"}.get(event.button.id or ""))


class TwoFactorScreen(ModalScreen[tuple[str | None, str | None] | None]):
    """The account asks for a second factor: the account PIN and/or a name for this device."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Annuler"), id="twofactor.cancel")]
    DEFAULT_CSS = """
    TwoFactorScreen { align: center middle; }
    TwoFactorScreen > Vertical { width: 64; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, message: str, *, needs_pin: bool, needs_device_name: bool) -> None:
        super().__init__()
        self._message = message
        self._needs_pin = needs_pin
        self._needs_name = needs_device_name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(SafeText(self._message))
            if self._needs_pin:
                yield Label(_("Code PIN du compte"))
                yield Input(compact=True, password=True, max_length=4, id="twofactor-pin")
            if self._needs_name:
                yield Label(_("Nom de cet appareil"))
                yield Input(compact=True, value="Terminal espace-parents", id="twofactor-name")
            yield Button(compact=True, label=_("Valider"), id="twofactor-ok", variant="primary")

    @on(Button.Pressed, "#twofactor-ok")
    @on(Input.Submitted)
    def _done(self) -> None:
        pin = self.query_one("#twofactor-pin", Input).value if self._needs_pin else None
        name = self.query_one("#twofactor-name", Input).value if self._needs_name else None
        self.dismiss((pin, name))


class LoginScreen(Screen[LoggedIn | None]):
    """Add an account. Dismissed with the account once logged in."""

    BINDINGS = [
        Binding("escape", "cancel", _("Annuler"), id="login.cancel"),
        Binding("ctrl+s", "submit", _("Se connecter"), id="login.submit", tooltip=_("Se connecter")),
    ]
    DEFAULT_CSS = """
    LoginScreen { align: center top; }
    LoginScreen VerticalScroll { width: 80; max-width: 100%; padding: 0 1; }
    LoginScreen .login-title { text-style: bold; color: $accent; margin: 0 0 1 0; }
    LoginScreen .login-section { text-style: bold; margin: 1 0 0 0; }
    LoginScreen Horizontal Input { width: 1fr; }
    LoginScreen Horizontal Button { margin: 0 0 0 1; }
    LoginScreen #login-submit { margin: 1 0 0 0; }
    LoginScreen Horizontal { height: 1; }
    LoginScreen Label { height: 1; }
    LoginScreen #login-school { color: $success; height: auto; }
    LoginScreen #login-error { color: $error; height: auto; }
    """

    def __init__(self, onboarding_factory, *, can_cancel: bool = True) -> None:
        super().__init__()
        self._factory = onboarding_factory
        self._can_cancel = can_cancel
        self._onboarding: Onboarding | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(SafeText(_("Connexion à un Espace Parents PRONOTE")), classes="login-title")
            yield Static(id="login-error")
            yield Label(_("Adresse de l'Espace Parents (…/pronote/parent.html)"))
            with Horizontal():
                yield Input(compact=True, placeholder=_("https://…/pronote/parent.html"), id="login-url")
                yield Button(compact=True, label=_("Vérifier"), id="login-check")
            yield Static(id="login-school")
            yield Static(
                SafeText(_("Avec le QR code de l'application mobile (conseillé)")), classes="login-section"
            )
            yield Input(
                compact=True,
                placeholder=_("texte JSON du QR code, ou chemin d'une image / d'un fichier"),
                id="login-qr",
            )
            yield Input(
                compact=True,
                placeholder=_("code PIN à 4 chiffres choisi pour ce QR code"),
                password=True,
                max_length=4,
                id="login-qr-pin",
            )
            yield Static(SafeText(_("Ou avec l'identifiant et le mot de passe")), classes="login-section")
            yield Input(compact=True, placeholder=_("identifiant"), id="login-username")
            yield Input(compact=True, placeholder=_("mot de passe"), password=True, id="login-password")
            yield Button(compact=True, label=_("Se connecter"), id="login-submit", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#login-url", Input).focus()

    def show_error(self, message: str) -> None:
        self.query_one("#login-error", Static).update(SafeText(message))
        if message:
            self.query_one(VerticalScroll).scroll_home(animate=False)

    # --- the server -------------------------------------------------------------------------

    @on(Button.Pressed, "#login-check")
    @on(Input.Submitted, "#login-url")
    def _check(self) -> None:
        url = self.query_one("#login-url", Input).value.strip()
        if url:
            self.check_server(url)

    @work(exclusive=True, group="login-check", exit_on_error=False)
    async def check_server(self, url: str) -> None:
        self.show_error("")
        try:
            info = await self._onboarding_for_check().check_server(url)
        except Exception as exc:  # every failure becomes one sentence
            self.query_one("#login-school", Static).update("")
            self.show_error(getattr(exc, "user_message", None) or str(exc))
            return
        text = SafeText(_("Établissement : {school_name}").format(school_name=info.school_name))
        if info.version:
            text.append(_(" (PRONOTE {join})").format(join=".".join(map(str, info.version))), style="dim")
        if not info.has_parent_space:
            text.append(_("\nAttention : ce serveur n'annonce pas d'Espace Parents."), style="yellow")
        self.query_one("#login-school", Static).update(text)

    def _onboarding_for_check(self) -> Onboarding:
        return self._factory(None)

    # --- logging in -------------------------------------------------------------------------

    @on(Button.Pressed, "#login-submit")
    @on(Input.Submitted, "#login-password,#login-qr-pin")
    def action_submit(self) -> None:
        self.log_in()

    def action_cancel(self) -> None:
        if self._can_cancel:
            self.dismiss(None)
        else:
            self.app.exit()

    @work(exclusive=True, group="login", exit_on_error=False)
    async def log_in(self) -> None:
        self.show_error("")
        url = self.query_one("#login-url", Input).value.strip()
        qr = self.query_one("#login-qr", Input).value.strip()
        qr_pin = self.query_one("#login-qr-pin", Input).value.strip()
        username = self.query_one("#login-username", Input).value.strip()
        password = self.query_one("#login-password", Input).value
        if not qr and not (url and username and password):
            self.show_error(
                _("Donnez le QR code et son PIN, ou l'adresse, l'identifiant et le mot de passe.")
            )
            return
        storage = await self.app.choose_storage(allow_ask=not qr)  # type: ignore[attr-defined]
        if storage is None:
            self.show_error(_("Connexion annulée : aucun endroit pour garder le secret."))
            return
        self._onboarding = self._factory(storage)
        try:
            if qr:
                outcome = await self._onboarding.login_qr(qr, qr_pin, storage=storage.storage)
            else:
                outcome = await self._onboarding.login_password(
                    url, username, password, storage=storage.storage
                )
        except Exception as exc:
            outcome = await self._second_factor(exc)
            if outcome is None:
                return
        self.dismiss(outcome)

    async def _second_factor(self, exc: Exception) -> LoggedIn | None:
        if not isinstance(exc, TwoFactorRequired):
            self.show_error(getattr(exc, "user_message", None) or str(exc))
            return None
        answer = await self.app.push_screen_wait(
            TwoFactorScreen(str(exc), needs_pin=exc.needs_pin, needs_device_name=exc.needs_device_name)
        )
        if answer is None or self._onboarding is None:
            self.show_error(_("Double authentification annulée."))
            return None
        try:
            return await self._onboarding.complete_two_factor(pin=answer[0], device_name=answer[1])
        except Exception as again:
            self.show_error(getattr(again, "user_message", None) or str(again))
            return None


class PasswordScreen(ModalScreen[str | None]):
    """An account that keeps no secret ("ask each time"): its password, for this session only."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Annuler"), id="password.cancel")]
    DEFAULT_CSS = """
    PasswordScreen { align: center middle; }
    PasswordScreen > Vertical { width: 64; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, label: str, note: str | None = None) -> None:
        super().__init__()
        self._label = label
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            if self._note:
                yield Static(SafeText(self._note, style="yellow"), id="password-note")
            yield Static(SafeText(_("Mot de passe de {label}").format(label=self._label)))
            yield Input(compact=True, password=True, id="password-input")
            if self._note is None:
                yield Static(
                    SafeText(_("Il n'est pas enregistré (choix « demander à chaque fois »)."), style="dim")
                )

    def on_mount(self) -> None:
        self.query_one("#password-input", Input).focus()

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value or None)
