"""No keyring in this session (over SSH): the app stays on its cache, and asks only to go online.

A mixin of the app. The start-up sync that finds no keyring says so and keeps the cached data on
screen; when the user then asks to sync (``s``), the choices of the no-keyring path are offered in a
dialog (type the password for this session, or keep it in the opt-in unencrypted file), then the
password is asked and the sync runs.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work

from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.service.portal import Portal


class SecretChoices:
    portal: Portal | None
    # The keyring's reason when a login found none in this session, else None.
    _secret_unavailable: str | None = None

    def secret_unavailable(self, error: BaseException, message: str) -> str:
        """The message for a login that found no keyring; remembers to ask at the next sync."""
        if self.portal is not None and self.portal.account.login_mode == "password":
            self._secret_unavailable = getattr(error, "reason", message)
            return _("{secret_unavailable} Appuyez sur « s » pour saisir le mot de passe.").format(
                secret_unavailable=self._secret_unavailable
            )
        return message

    def wants_secret(self) -> bool:
        """Whether a sync must first ask how to log in (no keyring in this session, or a password
        change was interrupted: the stored password may be the old one)."""
        from espace_parents_tui.service.actions.account import pending_password_change

        if self.portal is not None and pending_password_change(self.portal) is not None:
            self.ask_after_interrupted_change()
            return True
        if self._secret_unavailable is None:
            return False
        self.offer_secret_choices(self._secret_unavailable)
        return True

    @work(group="secret", exit_on_error=False)
    async def offer_secret_choices(self, reason: str) -> None:
        from espace_parents_tui.settings.config import ConfigStore
        from espace_parents_tui.settings.credentials import FileStore
        from espace_parents_tui.settings.deferred import TypedSecret
        from espace_parents_tui.tui.screens.login import NoKeyringScreen, PasswordScreen

        portal = self.portal
        if portal is None:
            return
        choice = await self.push_screen_wait(NoKeyringScreen(reason, allow_ask=True))  # type: ignore[attr-defined]
        if choice not in ("ask", "file"):
            return
        password = await self.push_screen_wait(PasswordScreen(portal.account.display_label))  # type: ignore[attr-defined]
        if not password:
            return
        if choice == "file":
            store = FileStore()
            await asyncio.to_thread(store.set, portal.account.id, "password", password)
            portal.account = replace(portal.account, storage="file")
            ConfigStore().update(portal.account)
        else:
            store = TypedSecret()
            store.set(portal.account.id, "password", password)
        portal.store = store
        self._secret_unavailable = None
        self.run_sync()  # type: ignore[attr-defined]

    @work(group="secret", exclusive=True, exit_on_error=False)
    async def ask_after_interrupted_change(self) -> None:
        """Say what happened, ask the password in force once, log in with it (one attempt), keep it."""
        from espace_parents_tui.service.actions.account import resume_password_change
        from espace_parents_tui.tui.screens.login import PasswordScreen

        portal = self.portal
        if portal is None:
            return
        note = _(
            "Un changement de mot de passe a été interrompu : le serveur a peut-être déjà le nouveau. "
            "Aucune connexion n'est tentée avec le mot de passe enregistré. Saisissez le mot de passe "
            "en vigueur (une seule tentative)."
        )
        password = await self.push_screen_wait(PasswordScreen(portal.account.display_label, note=note))  # type: ignore[attr-defined]
        if not password:
            return
        await resume_password_change(portal, password)
        self.notify(_("Connexion réussie : ce mot de passe est enregistré."), markup=False)  # type: ignore[attr-defined]
        self.run_sync()  # type: ignore[attr-defined]
