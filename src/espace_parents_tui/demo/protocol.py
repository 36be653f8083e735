"""Wire-level pieces of the emulated PRONOTE server: eras, versions, errors, envelope and HTML pages.

Nothing here keeps state or does I/O; ``server.py`` puts these pieces together.

Protocol facts (pronotepy.md §1.1-1.5, §1.11, §1.13; pawnote-papillon.md §2.2-2.3):

- era 1 (PRONOTE 2024.2): envelope ``session/numeroOrdre/nom/donneesSec``, payload ``donnees`` and
  ``_Signature_``, page flags ``sCrA``/``sCoA`` ("skip": true when encryption/compression is off),
  ``Presence`` keep-alive;
- era 2 (2024.3.9 to 2025.1.2): same envelope, payload ``data`` and ``Signature``, ``Navigation``;
- era 3 (2025.1.3 and later): envelope ``session/no/id/dataSec``, payload ``data``/``Signature``, page
  flags ``CrA``/``CoA`` ("active": present only when on, because pronotepy reads any string as true).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

# --- PRONOTE error codes and the titles the server sends with them ------------------------------

ERR_ACCESS_DENIED = 3
ERR_SESSION_EXPIRED = 10
ERR_PAGE_EXPIRED = 13
ERR_PAGE_UNAVAILABLE = 21
ERR_STALE_OBJECT = 22
ERR_TOO_MANY_ATTEMPTS = 25

ERROR_TITLES: dict[int, str] = {
    ERR_ACCESS_DENIED: "Accès refusé",
    ERR_SESSION_EXPIRED: "La page a expiré !",
    ERR_PAGE_EXPIRED: "La page a expiré ! (13)",
    ERR_PAGE_UNAVAILABLE: "Impossible d'afficher la page demandée.",
    ERR_STALE_OBJECT: "Les données demandées ne sont plus disponibles : actualisez la page.",
    ERR_TOO_MANY_ATTEMPTS: (
        "Vous avez dépassé le nombre d'erreurs d'authentification autorisées. "
        "Veuillez patienter avant de réessayer."
    ),
}


class WireFault(Exception):
    """An answer ``{"Erreur": {"G": code, "Titre": title}}`` at the top level of the JSON body."""

    def __init__(self, code: int, title: str | None = None) -> None:
        self.code = code
        self.title = title or ERROR_TITLES.get(code, "Erreur")
        super().__init__(f"{code}: {self.title}")

    def body(self) -> dict:
        return {"Erreur": {"G": self.code, "Titre": self.title}}


# --- eras ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Era:
    number: int
    # envelope keys
    order_key: str
    name_key: str
    payload_key: str
    # keys inside the decoded payload
    data_key: str
    signature_key: str
    # the keep-alive this era answers
    keep_alive: str


ERAS: dict[int, Era] = {
    1: Era(1, "numeroOrdre", "nom", "donneesSec", "donnees", "_Signature_", "Presence"),
    2: Era(2, "numeroOrdre", "nom", "donneesSec", "data", "Signature", "Navigation"),
    3: Era(3, "no", "id", "dataSec", "data", "Signature", "Navigation"),
}

CHALLENGE_LEGACY = "legacy"
CHALLENGE_2026 = "2026"


def server_version(era: int, challenge: str) -> tuple[int, int, int]:
    """The PRONOTE version a server of this era and challenge style announces."""
    if era == 1:
        return (2024, 2, 8)
    if era == 2:
        return (2025, 1, 2)
    if challenge == CHALLENGE_2026:
        return (2026, 2, 5)
    return (2025, 2, 6)


def version_text(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


# --- envelope -----------------------------------------------------------------------------------


@dataclass
class Call:
    """One ``appelfonction`` request, envelope read, payload still encoded."""

    session: Any
    order: str
    function: str
    payload: Any


def read_envelope(era: Era, body: bytes) -> Call:
    """Parse the JSON body of a call; :class:`ValueError` when it is not an envelope of this era."""
    try:
        envelope = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError("le corps de la requête n'est pas du JSON") from exc
    if not isinstance(envelope, dict):
        raise ValueError("le corps de la requête n'est pas un objet JSON")
    missing = [key for key in (era.order_key, era.name_key, era.payload_key) if key not in envelope]
    if missing:
        raise ValueError("champs manquants dans l'enveloppe : " + ", ".join(missing))
    order, function = envelope[era.order_key], envelope[era.name_key]
    if not isinstance(order, str) or not isinstance(function, str):
        raise ValueError("enveloppe mal formée")
    return Call(envelope.get("session"), order, function, envelope[era.payload_key])


def build_envelope(era: Era, session_id: int, order: str, function: str, payload: Any) -> dict:
    return {"session": session_id, era.order_key: order, era.name_key: function, era.payload_key: payload}


def split_payload(era: Era, payload: dict) -> tuple[dict, dict]:
    """``(data, signature)`` of a decoded payload; both default to empty objects."""
    data = payload.get(era.data_key) or {}
    signature = payload.get(era.signature_key) or {}
    if not isinstance(data, dict) or not isinstance(signature, dict):
        raise ValueError("payload mal formé")
    return data, signature


def answer_payload(era: Era, function: str, data: dict) -> dict:
    return {"nom": function, era.data_key: data}


# --- HTML pages ---------------------------------------------------------------------------------


def no_ip(text: str) -> str:
    """HTML-escape ``text`` so that the raw page never holds the substring ``IP``.

    pronotepy rejects any page containing "IP" (it takes it for the IP-suspended page), so an
    ``I`` followed by ``P`` is written as the character reference ``&#73;``.
    """
    return html.escape(text).replace("IP", "&#73;P")


def start_parameters(
    *,
    session_id: int,
    space: int,
    era: int,
    encrypt: bool,
    compress: bool,
    rsa_modulus_hex: str | None = None,
    rsa_exponent_hex: str | None = None,
) -> str:
    """The object passed to ``Start(...)``: quoted keys, no braces inside, no ``,``/``:`` in values."""
    params: dict[str, Any] = {"h": str(session_id), "a": space, "d": True}
    if era >= 3:
        if encrypt:
            params["CrA"] = True
        if compress:
            params["CoA"] = True
    else:
        if not encrypt:
            params["sCrA"] = True
        if not compress:
            params["sCoA"] = True
    if rsa_modulus_hex is not None and rsa_exponent_hex is not None:
        params["http"] = True
        params["MR"] = rsa_modulus_hex
        params["ER"] = rsa_exponent_hex
    return json.dumps(params, separators=(",", ":"))


def render_space_page(*, school_name: str, space_label: str, version: tuple[int, ...], start: str) -> str:
    title = no_ip(f"PRONOTE - {space_label} - {school_name}")
    footer = f"PRONOTE {version_text(version)}"
    page = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body id="id_body">
<noscript>Activez JavaScript pour utiliser PRONOTE.</noscript>
<div id="div">{no_ip(school_name)}</div>
<script>try {{ Start({start}) }} catch (e) {{}}</script>
<footer><span>{footer}</span> - serveur de démonstration espace-parents</footer>
</body>
</html>
"""
    if "IP" in page:  # pragma: no cover - a guard for whoever edits the template
        raise AssertionError("the PRONOTE page must not contain 'IP'")
    return page


def render_message_page(title: str, message: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(message)}</p>
</body>
</html>
"""


IP_SUSPENDED_PAGE = render_message_page(
    "PRONOTE",
    "Votre adresse IP est provisoirement suspendue. Veuillez réessayer ultérieurement.",
)
SITE_UNAVAILABLE_PAGE = render_message_page(
    "PRONOTE",
    "Le site est momentanément indisponible. Veuillez réessayer ultérieurement.",
)
