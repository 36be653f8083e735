"""The parent's account (tab 49) and the child's (tab 22), parent-features.md §4.

Secrets sent inside a call (the current and the new password) are AES-hex with the session key,
built when the call is sent (a re-login changes the key). The password change is never sent twice
on its own: ``SecurisationComptePreference`` is not retried after a network failure (transport).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.account import ChildAccount, ContactPreferences, PasswordReply
from espace_parents_tui.pronote import auth, errors, parse
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.tabs import TAB_ACCOUNT, TAB_CHILD_ACCOUNT
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.pronote.session import ServerSession

SET_PASSWORD = "SecurisationComptePreference"
ACTION_SET_OWN_PASSWORD = 8  # csch_AffecterMotDePassePersonnalise
# The contact details a parent may change (the postal address is not part of the write, §4.1).
CONTACT_FIELDS = ("eMail", "indicatifTel", "telephonePortable", "indicatifFixe", "telephoneFixe")
PREFERENCE_FIELDS = {
    "sms": "SMSAutorise",
    "email": "emailAutorise",
    "school_email": "eMailEtablissementAutorise",
    "paper_mail": "courrierPapierAutorise",
    "general_info": "estDestinataireInfosGenerales",
}


class AccountCalls(CallsBase):
    if TYPE_CHECKING:
        _session: ServerSession | None

    def _seal(self, text: str) -> str:
        if self._session is None:
            raise errors.LoginError(_("Pas de session PRONOTE ouverte."))
        return auth.encrypt_with_session(self._session.state, text)

    def _unseal(self, hexa: str) -> str:
        if self._session is None:
            raise ValueError("no session")
        try:
            return self._session.state.decrypt(bytes.fromhex(hexa)).decode("utf-8")
        except Exception as exc:  # noqa: BLE001 - any undecryptable value reads as "unknown"
            raise ValueError("does not decrypt") from exc

    async def save_contact(
        self, contact: dict[str, str] | None, preferences: ContactPreferences | None
    ) -> None:
        """``SaisieInformations``: contact details (``CONTACT_FIELDS``) and/or contact preferences."""
        data: dict[str, Any] = {}
        if contact is not None:
            data["informations"] = {k: v for k, v in contact.items() if k in CONTACT_FIELDS}
        if preferences is not None:
            data["autorisations"] = {
                wire: getattr(preferences, name)
                for name, wire in PREFERENCE_FIELDS.items()
                if getattr(preferences, name) is not None
            }
        raw = await self.call("SaisieInformations", data, tab=TAB_ACCOUNT)
        _check(raw, "SaisieInformations")

    async def change_password(self, current: str, new: str) -> PasswordReply:
        """``SecurisationComptePreference`` action 8 (§4.2): the server's verdict, as it gave it."""

        def data() -> dict[str, Any]:
            return {
                "action": ACTION_SET_OWN_PASSWORD,
                "ancienMDP": self._seal(current),
                "nouveauMDP": self._seal(new),
            }

        raw = await self.call(SET_PASSWORD, data, tab=TAB_ACCOUNT)
        return parse.parse_password_reply(raw, SET_PASSWORD)

    async def child_account(self, child: Child | str) -> ChildAccount:
        raw = await self.call("PageMesEnfants", None, tab=TAB_CHILD_ACCOUNT, child=child)
        return parse.parse_child_account(raw, self._unseal)

    async def set_child_password(self, child: Child | str, new: str) -> PasswordReply:
        """``SaisieMotDePasseEleve`` ``{motDePasse}`` (no current password needed, §4.3)."""
        raw = await self.call(
            "SaisieMotDePasseEleve",
            lambda: {"motDePasse": self._seal(new)},
            tab=TAB_CHILD_ACCOUNT,
            child=child,
        )
        return parse.parse_password_reply(raw, "SaisieMotDePasseEleve")

    async def save_child_account(self, child: Child | str, data: ChildAccount, changed: ChildAccount) -> None:
        """``SaisieCompteEnfant``: the web page's whole structure (§4.3), from ``data`` as the server
        sent it in this session, with ``changed``'s values. Lists: every item, removed ones
        ``Actif: false, E: 2``, new ones with a negative ``N``."""
        body: dict[str, Any] = {
            "informationsMedicales": {"commentaire": changed.medical_comment},
            "listeAllergenes": _list(data.allergies, changed.allergies, every=True),
            "restrictionsAlimentaires": _list(data.diets, changed.diets, every=False),
        }
        chosen = next((o for o in data.exit_options if o.name == changed.exit_choice), None)
        if chosen is not None:
            body["autorisationSortie"] = {"N": chosen.id, "L": chosen.name}
        if data.image_right is not None and changed.image_right is not None:
            body["autorisationImage"] = not changed.image_right  # the web client sends the inverse
        raw = await self.call("SaisieCompteEnfant", body, tab=TAB_CHILD_ACCOUNT, child=child)
        _check(raw, "SaisieCompteEnfant")


def _list(before: tuple, after: tuple, *, every: bool) -> list[dict[str, Any]]:
    names = {o.name for o in after}
    old = {o.name for o in before}
    items: list[dict[str, Any]] = []
    for option in before:
        kept = option.name in names
        if every or not kept:
            item: dict[str, Any] = {"N": option.id, "L": option.name, "Actif": kept}
            if not kept:
                item["E"] = 2
            items.append(item)
    number = -1000
    for option in after:
        if option.name not in old:
            number -= 1
            items.append({"N": number, "L": option.name, "E": 1, "Actif": True})
    return items


def _check(raw: Any, function: str) -> None:
    problems = parse.parse_write_reply(raw, function)
    if problems:
        raise errors.WriteRefused(problems, function=function)
