"""People in the school file: a child's teaching team as its page listed it, and the parent's own
contact details as the school holds them (personal data: ``--anonymise`` replaces them)."""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import Attachment
from espace_parents_tui.models.people import AccountInfo
from espace_parents_tui.service.support.collect import Conversion


def _team(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    values = conversion.values("team", child)
    if not values:
        return
    team = []
    for member in values[-1]:
        found: dict[str, Any] = {"name": member.name}
        if not member.is_teacher:
            found["kind"] = "staff"
        if member.subjects:
            found["subjects"] = [
                {"name": s.name, **({"hours": s.weekly_hours} if s.weekly_hours else {})}
                for s in member.subjects
            ]
        for key, value in (
            ("function", member.function),
            ("email", member.email),
            ("main_teacher", member.is_main_teacher),
            ("tutor", member.is_tutor),
            ("left", member.has_left),
        ):
            if value:
                found[key] = value
        team.append(found)
    entry["team"] = team


def _account(conversion: Conversion, account: Any) -> None:
    values: list[AccountInfo] = conversion.values("account", None)
    if not values:
        return
    info = values[-1]
    found = {
        "address": list(info.address),
        "postal_code": info.postal_code,
        "city": info.city,
        "province": info.province,
        "country": info.country,
        "email": info.email or None,
        "phone_prefix": info.phone_prefix,
        "phone": info.mobile_phone,
    }
    conversion.parent.update({k: v for k, v in found.items() if v not in (None, "", [])})
    settings = _parent_account(info, account)
    if settings:
        conversion.parent["account"] = settings


# The school file's rights of the parent (``parents[].account``) and the permission each comes from.
RIGHTS = {
    "may_change_password": "compte.avecSaisieMotDePasse",
    "may_edit_contact": "compte.avecSaisieInfosPersoCoordonnees",
    "may_edit_preferences": "compte.avecSaisieInfosPersoAutorisations",
}


def _parent_account(info: AccountInfo, account: Any) -> dict[str, Any]:
    """``parents[].account``: the landline, the contact preferences, the rights, the password rules."""
    from dataclasses import asdict

    from espace_parents_tui.service.actions.account import password_rules

    found: dict[str, Any] = {
        k: v for k, v in (("landline_prefix", info.landline_prefix), ("landline", info.landline)) if v
    }
    preferences = {k: v for k, v in asdict(info.preferences).items() if v is not None}
    if preferences:
        found["preferences"] = preferences
    permissions = getattr(account, "permissions", {}) or {}
    found.update({name: False for name, flag in RIGHTS.items() if permissions.get(flag) is False})
    rules = password_rules(account)
    if rules.min_length and rules.max_length:
        found["password_rules"] = {
            "min_length": rules.min_length,
            "max_length": rules.max_length,
            "rules": sorted(rules.rules),
        }
    return found


CHILD_PEOPLE = {"team": _team}
ACCOUNT_PEOPLE = {"account": _account}


DEPOSIT_STATES = {"manquant": "manquant", "fourni": "fourni", "validé": "valide", "refusé": "refuse"}


def _documents(conversion: Conversion, child: Any, entry: dict[str, Any]) -> None:
    values = conversion.values("documents", child)
    if not values:
        return
    page = values[-1]
    requested = []
    for number, wanted in enumerate(page.requested, start=1):
        found: dict[str, Any] = {"key": f"document-demande-{number}", "name": wanted.name}
        optional = {
            "deadline": wanted.deadline.isoformat() if wanted.deadline else None,
            "late_allowed": wanted.late_allowed or None,
            "editable": None if wanted.editable else False,
            "state": DEPOSIT_STATES.get(wanted.state.value, "manquant"),
            "document": conversion.documents.attachment(wanted.file).get("document") if wanted.file else None,
            "deposited": wanted.deposited_on.isoformat() if wanted.deposited_on else None,
            "by_school": wanted.by_school or None,
            "refusal": wanted.refusal or None,
        }
        if optional["state"] == "valide":
            optional["editable"] = None  # the server offers no deposit on a validated one anyway
        found.update({k: v for k, v in optional.items() if v is not None and v != "manquant"})
        requested.append(found)
    if requested:
        entry["requested_documents"] = requested
    shared = conversion.extra.setdefault("offered_documents", [])
    own = []
    for document in page.school:
        offered: dict[str, Any] = {
            "name": document.name,
            "document": conversion.documents.attachment(_file(document.name)).get("document"),
        }
        if document.category:
            offered["category"] = document.category
        if document.day:
            offered["date"] = document.day.isoformat()
        if document.for_child:
            own.append(offered)
        elif offered not in shared:
            shared.append(offered)
    if own:
        entry["offered_documents"] = own
    if not shared:
        conversion.extra.pop("offered_documents")
    locker = []
    for item in page.locker:
        kept = conversion.documents.attachment(item.file)
        found = {"name": item.file.name, "document": kept.get("document") or ""}
        for key, value in (
            ("category", item.category),
            ("date", item.day.isoformat() if item.day else None),
            ("read", not item.unread),
            ("author", item.author),
        ):
            if value:
                found[key] = value
        locker.append(found)
    if locker:
        entry["locker"] = locker


def _file(name: str) -> Attachment:
    return Attachment(name=name)


CHILD_PEOPLE["documents"] = _documents
