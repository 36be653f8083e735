"""School-file checks for the account, the child's data and parent–teacher meetings: password rules,
exit authorisations, meeting sessions and their offers. French messages "« où » : quoi"; called by
:func:`.fileformat.validate_school`.
"""

from __future__ import annotations

from .account_records import PASSWORD_RULES, WISH_KINDS
from .model import School


def account_problems(school: School) -> list[str]:
    problems: list[str] = []

    def check(ok: bool, where: str, message: str) -> None:
        if not ok:
            problems.append(f"« {where} » : {message}")

    for p, parent in enumerate(school.parents):
        rules, at = parent.account.password_rules, f"parents[{p}].account.password_rules"
        check(1 <= rules.min_length <= rules.max_length, at, "il faut 1 ≤ min_length ≤ max_length.")
        for i, rule in enumerate(rules.rules):
            check(rule in PASSWORD_RULES, f"{at}.rules[{i}]", "règle inconnue (0 à 4).")
    for child in school.children:
        data = child.account
        where = f"children[{child.key}].account"
        check(
            not data.exit_choice or data.exit_choice in data.exit_choices,
            f"{where}.exit_choice",
            f"« {data.exit_choice} » n'est pas dans exit_choices.",
        )
    children = {c.key for c in school.children}
    seen: set[str] = set()
    for i, session in enumerate(school.meeting_sessions):
        where = f"meeting_sessions[{i}]"
        check(session.key not in seen, f"{where}.key", f"clé « {session.key} » en double.")
        seen.add(session.key)
        check(session.start < session.end, where, "start doit précéder end.")
        check(session.wishes_from <= session.wishes_until, where, "wishes_from doit précéder wishes_until.")
        offers: set[str] = set()
        for j, offer in enumerate(session.offers):
            at = f"{where}.offers[{j}]"
            check(offer.key not in offers, f"{at}.key", f"clé « {offer.key} » en double.")
            offers.add(offer.key)
            check(offer.child in children, f"{at}.child", f"aucun enfant n'a la clé « {offer.child} ».")
            check(offer.minutes > 0, f"{at}.minutes", "la durée doit être positive.")
            check(offer.wish is None or offer.wish in WISH_KINDS, f"{at}.wish", "vœu inconnu (0 à 3).")
            if offer.slot is not None:
                check(
                    session.start <= offer.slot < session.end,
                    f"{at}.slot",
                    "le créneau doit être dans les heures de la session.",
                )
    return problems
