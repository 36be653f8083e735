"""``PageInfosPerso``: the parent's own contact details as the school holds them, and the account's
two-factor mode (pronotepy.md §2 "Personal info", pawnote-papillon.md §1.2, parent-features.md §4.1).
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models.account import ContactPreferences
from espace_parents_tui.models.people import AccountInfo
from espace_parents_tui.pronote.parse._read import Node

FUNCTION = "PageInfosPerso"


def parse_account_info(data: Any) -> AccountInfo:
    """The decoded ``data`` of a ``PageInfosPerso`` answer → :class:`AccountInfo`.

    Required: ``Informations`` (an object); each of its fields may be missing. The address lines
    ``adresse1``..``adresse4`` that are empty are left out.
    """
    root = Node.root(data, FUNCTION)
    info = root.obj("Informations")
    security = root.opt_obj("securisation")
    prefs = root.opt_obj("Autorisations")
    address = tuple(
        line for key in ("adresse1", "adresse2", "adresse3", "adresse4") if (line := info.text(key, ""))
    )
    return AccountInfo(
        name=info.text("nom", ""),
        address=address,
        postal_code=info.text("codePostal", ""),
        city=info.text("ville", ""),
        province=info.text("province", ""),
        country=info.text("pays", ""),
        email=info.text("eMail", ""),
        phone_prefix=info.text("indicatifTel", ""),
        mobile_phone=info.text("telephonePortable", ""),
        landline_prefix=info.text("indicatifFixe", ""),
        landline=info.text("telephoneFixe", ""),
        security_mode=security.integer("mode", None) if security is not None else None,
        preferences=_preferences(prefs),
    )


def _preferences(node: Node | None) -> ContactPreferences:
    if node is None:
        return ContactPreferences()

    def flag(key: str) -> bool | None:
        return node.flag(key) if node.has(key) else None

    return ContactPreferences(
        sms=flag("SMSAutorise"),
        email=flag("emailAutorise"),
        school_email=flag("eMailEtablissementAutorise"),
        paper_mail=flag("courrierPapierAutorise"),
        general_info=flag("estDestinataireInfosGenerales"),
    )
