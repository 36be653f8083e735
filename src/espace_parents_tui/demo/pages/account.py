"""The parent's account (tab 49) and the child's account (tab 22), parent-features.md §4.

- ``SaisieInformations`` (§4.1): ``informations`` (e-mail, phones; only with
  ``compte.avecSaisieInfosPersoCoordonnees``) and ``autorisations`` (contact preferences; only with
  ``avecSaisieInfosPersoAutorisations``). The postal address is not part of the write. Refused
  (``RapportSaisie``): a phone that is not 10 digits (with prefix 33) or 6 to 15 digits, an e-mail
  without "@". The refusal words are this server's guess (§17).
- ``SecurisationComptePreference`` action 8 (§4.2): ``ancienMDP`` and ``nouveauMDP`` AES-hex with the
  session key. A wrong current password answers ``erreurMDP.erreurAncienMDP``; a new password that
  breaks the announced rules ``erreurMDP`` with the rules broken (``reglesNonRespectees``, a guess)
  and ``messageErreur``; both with ``reglesSaisieMDP``. Success: an empty answer, and the new password
  is the one the next ``Identification`` checks.
- ``PageMesEnfants`` (§4.3): the child's identifier AES-hex, medical information, diet, allergies,
  exit authorisation, image right, and which of them may be edited.
- ``SaisieCompteEnfant``: what changed; refused when it touches what the school does not let the
  parents edit. ``SaisieMotDePasseEleve``: ``motDePasse`` AES-hex, the same rules as the parent's.
"""

from __future__ import annotations

import re
from typing import Any

from ..school import PasswordRules
from .contract import PageFault, PageRequest, SaisieRefused, page
from .params import password_rules
from .values import FAULT_ACCESS_DENIED, FAULT_PAGE_UNAVAILABLE, liste, request_child

ACCOUNT_TAB = 49
CHILD_ACCOUNT_TAB = 22
TABLE_EXIT = 133  # not seen anywhere: a guess
TABLE_DIET = 134
TABLE_ALLERGEN = 135
SET_OWN_PASSWORD = 8
RULE_WORDS = {
    0: "au moins une lettre",
    1: "au moins un chiffre",
    2: "au moins un caractère spécial",
    3: "des majuscules et des minuscules",
    4: "être différent de l'identifiant",
}


def broken_rules(rules: PasswordRules, password: str, login: str) -> list[int]:
    """The rule numbers ``password`` breaks; -1 for its length."""
    broken = []
    if not rules.min_length <= len(password) <= rules.max_length:
        broken.append(-1)
    checks = {
        0: any(c.isalpha() for c in password),
        1: any(c.isdigit() for c in password),
        2: any(not c.isalnum() for c in password),
        3: any(c.islower() for c in password) and any(c.isupper() for c in password),
        4: password.casefold() != login.casefold(),
    }
    broken += [rule for rule in rules.rules if not checks.get(rule, True)]
    return broken


def rules_message(rules: PasswordRules, broken: list[int]) -> str:
    parts = [RULE_WORDS[r] for r in broken if r in RULE_WORDS]
    if -1 in broken:
        parts.insert(0, f"entre {rules.min_length} et {rules.max_length} caractères")
    return "Le nouveau mot de passe doit contenir " + ", ".join(parts) + "."


def _unseal(request: PageRequest, value: Any) -> str:
    if request.unseal is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    try:
        return request.unseal(value)
    except ValueError:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.") from None


# --- the parent's own account ----------------------------------------------------------------------


def _phone_ok(prefix: str, number: str) -> bool:
    digits = re.sub(r"[ .\-]", "", number)
    if not digits:
        return True
    if not digits.isdigit():
        return False
    return len(digits) == 10 if prefix in ("", "33") else 6 <= len(digits) <= 15


@page("SaisieInformations", ACCOUNT_TAB)
def saisie_informations(request: PageRequest) -> dict[str, Any]:
    parent, data = request.parent, request.data
    infos, prefs = data.get("informations"), data.get("autorisations")
    if infos is None and prefs is None:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    if infos is not None:
        if not parent.account.may_edit_contact or not isinstance(infos, dict):
            raise SaisieRefused("Vous n'êtes pas autorisé à modifier vos coordonnées.")
        mobile = str(infos.get("telephonePortable", parent.phone) or "")
        mobile_prefix = str(infos.get("indicatifTel", parent.phone_prefix) or "")
        landline = str(infos.get("telephoneFixe", parent.account.landline) or "")
        landline_prefix = str(infos.get("indicatifFixe", parent.account.landline_prefix) or "")
        email = str(infos.get("eMail", parent.email or "") or "")
        if not _phone_ok(mobile_prefix, mobile):
            raise SaisieRefused("Le numéro de téléphone portable n'est pas valide.")
        if not _phone_ok(landline_prefix, landline):
            raise SaisieRefused("Le numéro de téléphone fixe n'est pas valide.")
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise SaisieRefused("L'adresse e-mail n'est pas valide.")
    if prefs is not None and (not parent.account.may_edit_preferences or not isinstance(prefs, dict)):
        raise SaisieRefused("Vous n'êtes pas autorisé à modifier vos préférences de contact.")
    if infos is not None:
        parent.phone, parent.phone_prefix = re.sub(r"[ .\-]", "", mobile), mobile_prefix
        parent.account.landline, parent.account.landline_prefix = re.sub(r"[ .\-]", "", landline), landline_prefix
        parent.email = email or None
    if prefs is not None:
        kept = parent.account.preferences
        for key, name in (
            ("SMSAutorise", "sms"),
            ("emailAutorise", "email"),
            ("eMailEtablissementAutorise", "school_email"),
            ("courrierPapierAutorise", "paper_mail"),
            ("estDestinataireInfosGenerales", "general_info"),
        ):
            if isinstance(prefs.get(key), bool):
                setattr(kept, name, prefs[key])
    return {}


@page("SecurisationComptePreference", ACCOUNT_TAB)
def securisation_compte(request: PageRequest) -> dict[str, Any]:
    parent = request.parent
    if request.data.get("action") != SET_OWN_PASSWORD:
        raise PageFault(FAULT_PAGE_UNAVAILABLE, "Impossible d'afficher la page.")
    if not parent.account.may_change_password:
        raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé")
    old = _unseal(request, request.data.get("ancienMDP"))
    new = _unseal(request, request.data.get("nouveauMDP"))
    rules = password_rules(parent)
    if old != parent.password:
        return {"erreurMDP": {"erreurAncienMDP": True}, "reglesSaisieMDP": rules}
    broken = broken_rules(parent.account.password_rules, new, parent.login)
    if new == old:
        return {
            "erreurMDP": {"identiqueAncien": True},
            "messageErreur": "Le nouveau mot de passe doit être différent de l'ancien.",
            "reglesSaisieMDP": rules,
        }
    if broken:
        return {
            "erreurMDP": {"reglesNonRespectees": broken},
            "messageErreur": rules_message(parent.account.password_rules, broken),
            "reglesSaisieMDP": rules,
        }
    parent.password = new
    return {}


# --- the child's account ---------------------------------------------------------------------------


def _element(request: PageRequest, table: int, key: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"N": request.ids.mint(table, key), "L": label, **extra}


@page("PageMesEnfants", CHILD_ACCOUNT_TAB)
def page_mes_enfants(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    data = child.account
    seal = request.seal or (lambda text: text)
    exits = [_element(request, TABLE_EXIT, f"exit:{name}", name) for name in data.exit_choices]
    chosen = next((e for e in exits if e["L"] == data.exit_choice), None)
    answer: dict[str, Any] = {
        "informationsCompte": {"Identifiant": seal(data.login), "MotDePasse": ""},
        "autorisationSortie": {
            "listeAutorisationsSortie": liste(exits),
            "selectionEleve": chosen or {},
            "avecSaisie": data.exit_editable,
        },
        "infosMedicales": {
            "commentaire": data.medical_comment,
            "avecCommentaireAutorise": data.medical_comment_editable,
            "estConsultable": True,
            "autoriseHospitalisation": data.hospitalisation_allowed,
            "medecin": {
                "nomMedecin": data.doctor_name,
                "adresse1": "",
                "codePostal": "",
                "libellePostal": data.doctor_city,
                "indFixe": "33" if data.doctor_phone else "",
                "telFixe": data.doctor_phone,
            },
        },
        "restrictionsAlimentaires": liste(
            [_element(request, TABLE_DIET, f"diet:{d}", d, Actif=True) for d in data.diets]
        ),
        "mangeALaCantine": data.eats_at_canteen,
        "allergies": {
            "listeAllergenes": liste(
                [_element(request, TABLE_ALLERGEN, f"allergen:{a}", a, Actif=True) for a in data.allergies]
            ),
            "autoriseConsultationAllergies": True,
        },
        "allergiesModifiables": data.allergies_editable,
        "regimesAlimentairesModifiables": data.diets_editable,
        "numeroINE": "",
    }
    if data.image_right is not None:
        answer["droitImage"] = {"autoriser": data.image_right}
    return answer


def _labels(items: Any, current: list[str]) -> list[str]:
    """A list sent back (``[{N, L, E, Actif}]``): the labels kept active, new ones added."""
    result = list(current)
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("L"), str) or not item["L"].strip():
            raise SaisieRefused("Liste invalide.")
        label = item["L"].strip()
        if item.get("Actif", True) is False:
            result = [x for x in result if x != label]
        elif label not in result:
            result.append(label)
    return result


@page("SaisieCompteEnfant", CHILD_ACCOUNT_TAB)
def saisie_compte_enfant(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    data, sent = child.account, request.data
    medical = sent.get("informationsMedicales")
    comment = medical.get("commentaire") if isinstance(medical, dict) else None
    if isinstance(comment, str) and comment != data.medical_comment and not data.medical_comment_editable:
        raise SaisieRefused("L'établissement ne permet pas de modifier les informations médicales.")
    allergies = _labels(sent.get("listeAllergenes"), data.allergies)
    if allergies != data.allergies and not data.allergies_editable:
        raise SaisieRefused("L'établissement ne permet pas de modifier les allergies.")
    diets = _labels(sent.get("restrictionsAlimentaires"), data.diets)
    if diets != data.diets and not data.diets_editable:
        raise SaisieRefused("L'établissement ne permet pas de modifier le régime alimentaire.")
    exit_choice = data.exit_choice
    chosen = sent.get("autorisationSortie")
    if isinstance(chosen, dict) and chosen.get("L"):
        exit_choice = str(chosen["L"])
        if exit_choice not in data.exit_choices:
            raise SaisieRefused("Autorisation de sortie inconnue.")
        if exit_choice != data.exit_choice and not data.exit_editable:
            raise SaisieRefused("L'établissement ne permet pas de modifier l'autorisation de sortie.")
    image = data.image_right
    if isinstance(sent.get("autorisationImage"), bool) and data.image_right is not None:
        image = not sent["autorisationImage"]  # the web client sends the inverse (§4.3)
    if isinstance(comment, str):
        data.medical_comment = comment
    data.allergies, data.diets, data.exit_choice, data.image_right = allergies, diets, exit_choice, image
    return {}


@page("SaisieMotDePasseEleve", CHILD_ACCOUNT_TAB)
def saisie_mot_de_passe_eleve(request: PageRequest) -> dict[str, Any]:
    child = request_child(request)
    if not child.account.parents_set_password:
        raise PageFault(FAULT_ACCESS_DENIED, "Accès refusé")
    new = _unseal(request, request.data.get("motDePasse"))
    broken = broken_rules(request.parent.account.password_rules, new, child.account.login)
    if broken:
        return {
            "erreurMDP": {"reglesNonRespectees": broken},
            "messageErreur": rules_message(request.parent.account.password_rules, broken),
            "reglesSaisieMDP": password_rules(request.parent),
        }
    child.account.password = new
    return {}
