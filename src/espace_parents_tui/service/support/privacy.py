"""What a support bundle must not carry, and the pseudonyms of ``--anonymise``.

- :func:`exclude_medical` is the one hook the bundle writer calls on the school file, the manifest
  and the recorded answers, unless the parent passes ``--include-medical``: it drops every field that
  holds a child's medical information (allergies, treatments, doctor, health notes) in school-file
  terms and in PRONOTE's own words. A new medical field is one name in :data:`MEDICAL_FIELDS`.
  Menus' allergens (what a dish contains) are the school's, not a child's: they stay.
- :class:`Anonymiser` replaces every person's name, e-mail, phone and address, the same person getting
  the same pseudonym everywhere (message bodies included), and keeps everything else.
"""

from __future__ import annotations

import re
from typing import Any

from espace_parents_tui.models.account import MEDICAL

# A child's medical data, by field name (school file, cache models, PRONOTE answers). Compared
# case-insensitively; a field whose name contains "medic" is medical too.
MEDICAL_FIELDS = frozenset(
    name.casefold()
    for name in (
        "medical",
        "medical_info",
        "medical_notes",
        "allergies",
        "child_allergies",
        "treatments",
        "treatment",
        "doctor",
        "doctors",
        "health",
        "health_notes",
        "dietary_needs",
        "pai",  # projet d'accueil individualisé
        "infosMedicales",
        "informationsMedicales",
        "listeAllergies",
        "allergiesEleve",
        "traitements",
        "traitementsMedicaux",
        "medecin",
        "medecinTraitant",
        "listeMedecins",
        "sante",
        # The child's data (Compte, tab 22): models.account.MEDICAL, the school file's ChildAccount,
        # and PageMesEnfants / SaisieCompteEnfant in PRONOTE's words.
        *MEDICAL,
        "doctor_name",
        "doctor_phone",
        "doctor_city",
        "restrictionsAlimentaires",
        "regimesAlimentairesModifiables",
        "listeAllergenes",
        "allergiesModifiables",
        "autoriseConsultationAllergies",
        "autoriseHospitalisation",
        "mangeALaCantine",
    )
)


def is_medical(key: str) -> bool:
    folded = key.casefold()
    return folded in MEDICAL_FIELDS or "medic" in folded


def exclude_medical(value: Any) -> Any:
    """``value`` without any medical field, at any depth (a copy; ``value`` is not changed)."""
    if isinstance(value, dict):
        return {k: exclude_medical(v) for k, v in value.items() if not (isinstance(k, str) and is_medical(k))}
    if isinstance(value, list):
        return [exclude_medical(v) for v in value]
    return value


# A word of a person's name: a capital first ("Léa", "MARTIN", "J.", "Jean-Pierre", "D'ALMEIDA").
NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*\.?")
# Parts of names that are also words of any French text: never replaced alone.
PARTICLES = frozenset({"le", "la", "les", "de", "du", "des", "d'", "van", "von", "der", "den", "da", "di"})
PARTICLES |= frozenset({"del", "della", "el", "al", "ben", "mac", "saint", "sainte", "et"})
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
# Fields whose value is a person's name, an address line, a phone number (school file, manifest).
NAME_FIELDS = frozenset({"name", "author", "teacher", "teachers", "companions", "main_teacher"})
NAME_FIELDS |= frozenset({"tutor", "referent", "referents"})  # an internship's maître de stage, its teacher
ADDRESS_FIELDS = frozenset({"address", "postal_code", "city", "province", "country"})
# The same in PRONOTE's words (recorded answers: PageInfosPerso, a company on an internship sheet…).
ADDRESS_LINES = frozenset({"address", "adresse", "adresse1", "adresse2", "adresse3", "adresse4"})
POSTAL_CODES = frozenset({"postal_code", "codePostal"})
ADDRESS_FIELDS |= ADDRESS_LINES | POSTAL_CODES | {"ville", "pays", "libellePostal"}
PHONE_FIELDS = frozenset({"phone", "phone_prefix"})
# Name fields of objects that are not people (a school, a subject, a class, a period…).
PERSON_GENRES = frozenset({3, 4, 5, 34})
PERSON_KEYS = frozenset({"auteur", "emetteur", "public", "destinataire", "nomAuteur"})
NOT_PEOPLE = frozenset({"subjects", "classes", "periods", "holidays", "rooms", "news_categories"})
NOT_PEOPLE |= frozenset({"tracks", "companies"})  # orientation tracks; companies (their contacts go by field)


class Anonymiser:
    """Pseudonyms for the people of one school file, applied to any text of the same bundle."""

    def __init__(self, school: dict[str, Any]) -> None:
        self.words: dict[str, str] = {}
        self._people = 0
        self.emails: dict[str, str] = {}
        self.phones: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self._compiled_for = -1
        self._compiled: tuple[re.Pattern[str] | None, re.Pattern[str] | None] = (None, None)
        self._collect(school, "")

    # --- who is a person ---------------------------------------------------------------------

    def _collect(self, value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in NOT_PEOPLE or (key == "name" and where in ("", "school", "meeting_sessions")):
                    continue
                if key in NAME_FIELDS:
                    for name in item if isinstance(item, list) else [item]:
                        if isinstance(name, str):
                            self._person(name)
                else:
                    self._collect(item, key)
        elif isinstance(value, list):
            for item in value:
                self._collect(item, where)

    def add_answers(self, answers: Any) -> None:
        """The people named in recorded PRONOTE answers: an object of a person's genre (teacher 3,
        pupil 4, parent 5, staff 34) names one in ``L``; so do authors and senders."""
        if isinstance(answers, dict):
            if answers.get("G") in PERSON_GENRES and isinstance(answers.get("L"), str):
                self._person(answers["L"])
            for key, item in answers.items():
                if (
                    key in PERSON_KEYS
                    and isinstance(item, str)
                    and any(w.isupper() and len(w) > 1 for w in item.split())
                ):
                    self._person(item)
                else:
                    self.add_answers(item)
        elif isinstance(answers, list):
            for item in answers:
                self.add_answers(item)

    def _person(self, name: str) -> None:
        if not name.strip() or name in self.names:
            return
        self._people += 1
        number = self._people
        pseudonym = []
        for index, word in enumerate(name.split()):
            if not NAME_WORD.fullmatch(word) or word.casefold() in PARTICLES:
                pseudonym.append(word)  # "(non", "conservé", "Le" of "Le Bihan": words of any text
                continue
            if word.rstrip(".") in ("M", "Mme", "Mlle", "Dr") or word in self.words.values():
                pseudonym.append(word)
                continue
            if word not in self.words:
                if len(word.rstrip(".")) <= 1:
                    self.words[word] = "X."
                elif word.isupper():
                    self.words[word] = f"NOM{number}{'ABCDEFGH'[index % 8]}"
                else:
                    self.words[word] = f"Prénom{number}{'abcdefgh'[index % 8]}"
            pseudonym.append(self.words[word])
        self.names[name] = " ".join(pseudonym)

    # --- replacing ---------------------------------------------------------------------------

    def text(self, text: str) -> str:
        text = EMAIL.sub(self._email, text)
        text = PHONE.sub(self._phone, text)
        names, words = self._patterns()
        if names is not None:
            text = names.sub(lambda m: self.names[m.group(0)], text)
        if words is not None:
            text = words.sub(lambda m: self.words[m.group(1)], text)
        return text

    def _patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """Full names first (longest first), then the words of names; built again only when a
        person was added since."""
        if self._compiled_for != self._people:
            full = sorted(self.names, key=len, reverse=True)
            words = sorted((w for w in self.words if len(w.rstrip(".")) > 1), key=len, reverse=True)
            self._compiled = (
                re.compile("|".join(map(re.escape, full))) if full else None,
                re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None,
            )
            self._compiled_for = self._people
        return self._compiled

    def _email(self, match: re.Match[str]) -> str:
        found = match.group(0)
        return self.emails.setdefault(found, f"personne{len(self.emails) + 1}@exemple.invalid")

    def _phone(self, match: re.Match[str]) -> str:
        found = match.group(0)
        return self.phones.setdefault(found, f"01 00 00 00 {len(self.phones) + 1:02d}")

    def apply(self, value: Any, key: str = "") -> Any:
        """``value`` with every person replaced (a copy). Addresses and phones by field, the rest by text."""
        if isinstance(value, dict):
            # A key is a field's name, or a person's full name (the manifest's children): only the latter changes.
            return {
                self.names.get(k, k) if isinstance(k, str) else k: self.apply(v, k) for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.apply(v, key) for v in value]
        if isinstance(value, str):
            if key in ADDRESS_FIELDS and value:
                return (
                    "1 rue de l'Exemple"
                    if key in ADDRESS_LINES
                    else ("00000" if key in POSTAL_CODES else "Exemple")
                )
            if key in PHONE_FIELDS and value:
                return "0100000000" if key == "phone" else "33"
            return self.text(value)
        return value
