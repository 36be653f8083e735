"""People in the school file: a child's teaching team as its page listed it, and the parent's own
contact details as the school holds them (personal data: ``--anonymise`` replaces them)."""

from __future__ import annotations

from typing import Any

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


CHILD_PEOPLE = {"team": _team}
ACCOUNT_PEOPLE = {"account": _account}
