"""``PageMesEnfants`` (tab 22, the child's account and data) and the answer to a password change
(``SecurisationComptePreference``, ``SaisieMotDePasseEleve``), parent-features.md §4.2–4.3.

The child's identifier comes AES-hex with the session key: the caller passes ``unseal``. Health
fields (``models.account.MEDICAL``) are read like the others; no error message here quotes a value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from espace_parents_tui.models.account import ChildAccount, Doctor, Option, PasswordReply, PasswordRules
from espace_parents_tui.pronote.parse._read import Node, unwrap

FUNCTION = "PageMesEnfants"


def _options(node: Node | None, key: str) -> tuple[Option, ...]:
    if node is None:
        return ()
    found = []
    for item in node.objs(key, required=False):
        if item.flag("Actif", True):
            found.append(Option(item.ident("N", None), item.text("L", "")))
    return tuple(found)


def parse_child_account(data: Any, unseal: Callable[[str], str] | None = None) -> ChildAccount:
    root = Node.root(data, FUNCTION)
    login = ""
    account = root.opt_obj("informationsCompte")
    if account is not None:
        sealed = account.text("Identifiant", "")
        if sealed and unseal is not None:
            try:
                login = unseal(sealed)
            except ValueError:
                login = ""
    medical = root.opt_obj("infosMedicales")
    doctor = None
    if medical is not None and medical.has("medecin"):
        node = medical.obj("medecin")
        doctor = Doctor(
            node.text("nomMedecin", ""),
            node.text("telFixe", "") or node.text("telMobile", ""),
            node.text("libellePostal", ""),
        )
        if not (doctor.name or doctor.phone):
            doctor = None
    exits = root.opt_obj("autorisationSortie")
    choice = ""
    if exits is not None and exits.has("selectionEleve"):
        choice = exits.obj("selectionEleve").text("L", "")
    image = root.opt_obj("droitImage")
    return ChildAccount(
        login=login,
        medical_visible=medical.flag("estConsultable", True) if medical else False,
        medical_comment=medical.text("commentaire", "") if medical else "",
        medical_comment_editable=medical.flag("avecCommentaireAutorise") if medical else False,
        hospitalisation_allowed=medical.flag("autoriseHospitalisation") if medical else None,
        doctor=doctor,
        allergies=_options(root.opt_obj("allergies"), "listeAllergenes"),
        allergies_editable=root.flag("allergiesModifiables"),
        diets=_options(root, "restrictionsAlimentaires"),
        diets_editable=root.flag("regimesAlimentairesModifiables"),
        eats_at_canteen=root.flag("mangeALaCantine") if root.has("mangeALaCantine") else None,
        exit_options=_options(exits, "listeAutorisationsSortie"),
        exit_choice=choice,
        exit_editable=exits.flag("avecSaisie") if exits else False,
        image_right=image.flag("autoriser") if image is not None else None,
        message=root.text("message", ""),
    )


def parse_password_rules(raw: Any) -> PasswordRules | None:
    """``reglesSaisieMDP`` / ``reglesSaisieMotDePasse``: ``{min, max, regles}`` (``regles`` a number
    set ``{_T: 26, V: "[0..1,4]"}``, or a list)."""
    raw = unwrap(raw)
    if not isinstance(raw, dict):
        return None
    rules = unwrap(raw.get("regles"))
    numbers: set[int] = set()
    if isinstance(rules, str):
        for part in rules.strip("[] ").split(","):
            part = part.strip()
            if ".." in part:
                low, _, high = part.partition("..")
                if low.isdigit() and high.isdigit() and int(high) - int(low) < 100:
                    numbers.update(range(int(low), int(high) + 1))
            elif part.isdigit():
                numbers.add(int(part))
    elif isinstance(rules, list):
        numbers = {r for r in rules if isinstance(r, int) and not isinstance(r, bool)}

    def number(key: str) -> int:
        value = raw.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1000 else 0

    return PasswordRules(number("min"), number("max"), frozenset(numbers))


def parse_password_reply(data: Any, function: str) -> PasswordReply:
    """Accepted when there is no ``erreurMDP`` and no ``messageErreur`` (§4.2)."""
    if data is None:
        return PasswordReply(True)
    root = Node.root(data, function)
    errors = root.opt_obj("erreurMDP")
    message = root.text("messageErreur", "") if root.has("messageErreur") else ""
    rules = parse_password_rules(root.raw("reglesSaisieMDP", None))
    if errors is None and not message:
        return PasswordReply(True, rules=rules)
    broken = ()
    if errors is not None:
        raw = unwrap(errors.data.get("reglesNonRespectees"))
        if isinstance(raw, list):
            broken = tuple(r for r in raw if isinstance(r, int) and not isinstance(r, bool))
    return PasswordReply(
        False,
        wrong_current=errors.flag("erreurAncienMDP") if errors is not None else False,
        broken_rules=broken,
        message=message,
        rules=rules,
    )
