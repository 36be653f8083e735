"""The PRONOTE wire format: the space page's ``Start({...})``, the three protocol eras, the envelope.

Eras (pronotepy.md §1.1, pawnote-papillon.md §2.3), chosen from what the page and the version say:

====  ===================================  =====================  ==================
era   envelope keys                        payload keys           page crypto flags
====  ===================================  =====================  ==================
1     session, numeroOrdre, nom, donneesSec  donnees, _Signature_   sCrA/sCoA ("skip")
2     session, numeroOrdre, nom, donneesSec  data, Signature        sCrA/sCoA ("skip")
3     session, no, id, dataSec             data, Signature        CrA/CoA ("active")
====  ===================================  =====================  ==================

Era 1 ends with PRONOTE 2024.3.9, era 2 with 2025.1.3.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Any

from espace_parents_tui.pronote import errors
from espace_parents_tui.util.i18n import _


class Era(enum.IntEnum):
    DONNEES = 1
    DATA_SIGNATURE = 2
    DATASEC = 3

    @property
    def order_key(self) -> str:
        return "no" if self is Era.DATASEC else "numeroOrdre"

    @property
    def function_key(self) -> str:
        return "id" if self is Era.DATASEC else "nom"

    @property
    def secure_key(self) -> str:
        return "dataSec" if self is Era.DATASEC else "donneesSec"

    @property
    def data_key(self) -> str:
        return "donnees" if self is Era.DONNEES else "data"

    @property
    def signature_key(self) -> str:
        return "_Signature_" if self is Era.DONNEES else "Signature"


ERA_2_SINCE = (2024, 3, 9)
ERA_3_SINCE = (2025, 1, 3)
# From PRONOTE 2026.2.5 the login challenge is encrypted as received, with no alea interleaving.
RAW_CHALLENGE_SINCE = (2026, 2, 5)


def era_for_version(version: tuple[int, ...]) -> Era:
    if version >= ERA_3_SINCE:
        return Era.DATASEC
    if version >= ERA_2_SINCE:
        return Era.DATA_SIGNATURE
    return Era.DONNEES


def challenge_style_for(version: tuple[int, ...] | None) -> str:
    """``"2026"`` (raw challenge) or ``"legacy"`` (alea-interleaved challenge)."""
    if version is not None and version >= RAW_CHALLENGE_SINCE:
        return "2026"
    return "legacy"


@dataclass(frozen=True)
class SpacePage:
    """What the space page (``parent.html``) says about the session to open."""

    session_id: int
    space: int
    encrypt: bool
    compress: bool
    era: Era
    # The era is certain when the page shows the version or the era-3 flags; otherwise it is a
    # best guess between eras 1 and 2, settled by the version FonctionParametres gives.
    era_certain: bool
    version: tuple[int, ...] | None
    plain_http: bool = False
    rsa_modulus: int | None = None
    rsa_exponent: int | None = None
    ent_login: str | None = None
    ent_password: str | None = None
    attributes: dict[str, str] = field(default_factory=dict, repr=False)


_START_RE = re.compile(r"Start\s*\(\s*\{(?P<body>[^}]*)\}\s*\)", re.DOTALL)
_PAIR_RE = re.compile(
    r"""(?P<q>["']?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P=q)\s*:\s*"""
    r"""(?P<value>"[^"]*"|'[^']*'|[^,]*)"""
)
_VERSION_RE = re.compile(r"PRONOTE\s+(\d{4})\.(\d{1,2})\.(\d{1,3})")

_IP_SUSPENDED = ("Votre adresse IP est provisoirement suspendue", "adresse IP est suspendue")
_UNAVAILABLE = ("Le site n'est pas disponible", "Le site est momentanément indisponible")


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in ("", "false", "0", "null", "undefined")


def parse_space_page(html: str) -> SpacePage:
    """Read ``Start({...})`` anywhere in the page (quoted or bare keys); recognise error pages."""
    normalised = html.replace("&#039;", "'").replace("&nbsp;", " ")
    if any(marker in normalised for marker in _IP_SUSPENDED):
        raise errors.IpSuspended()
    if any(marker in normalised for marker in _UNAVAILABLE):
        raise errors.SiteUnavailable()
    match = _START_RE.search(html)
    if not match:
        raise errors.NotAPronotePage()
    attributes: dict[str, str] = {}
    for pair in _PAIR_RE.finditer(match.group("body")):
        value = pair.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        attributes[pair.group("key")] = value
    try:
        session_id = int(attributes["h"])
        space = int(attributes["a"])
    except (KeyError, ValueError) as exc:
        raise errors.NotAPronotePage() from exc

    version_match = _VERSION_RE.search(html)
    version = tuple(int(part) for part in version_match.groups()) if version_match else None

    has_new_flags = "CrA" in attributes or "CoA" in attributes
    has_old_flags = "sCrA" in attributes or "sCoA" in attributes
    if version is not None:
        era, certain = era_for_version(version), True
    elif has_new_flags:
        era, certain = Era.DATASEC, True
    elif has_old_flags:
        era, certain = Era.DATA_SIGNATURE, False
    else:
        # Nothing says otherwise: today's protocol, with neither encryption nor compression.
        era, certain = Era.DATASEC, False

    if era is Era.DATASEC:
        encrypt, compress = _truthy(attributes.get("CrA")), _truthy(attributes.get("CoA"))
    else:
        encrypt, compress = not _truthy(attributes.get("sCrA")), not _truthy(attributes.get("sCoA"))

    def _hex_int(name: str) -> int | None:
        try:
            return int(attributes[name], 16) if attributes.get(name) else None
        except ValueError:
            return None

    return SpacePage(
        session_id=session_id,
        space=space,
        encrypt=encrypt,
        compress=compress,
        era=era,
        era_certain=certain,
        version=version,
        plain_http=_truthy(attributes.get("http")),
        rsa_modulus=_hex_int("MR"),
        rsa_exponent=_hex_int("ER"),
        ent_login=attributes.get("e") or None,
        ent_password=attributes.get("f") or None,
        attributes=attributes,
    )


def parse_version_text(text: Any) -> tuple[int, ...] | None:
    if not isinstance(text, str):
        return None
    match = re.search(r"(\d{4})\.(\d{1,2})\.(\d{1,3})", text)
    return tuple(int(part) for part in match.groups()) if match else None


def build_payload(
    era: Era, data: dict | None, signature: dict | None, *, both_data_keys: bool = False
) -> dict:
    """The plain ``dataSec`` payload. ``data`` is left out when empty, as PRONOTE's client does."""
    payload: dict[str, Any] = {}
    if signature:
        payload[era.signature_key] = signature
    if data:
        payload[era.data_key] = data
        if both_data_keys:
            # Before the version is known (eras 1 and 2 look alike), send the data under both names.
            payload["donnees" if era.data_key == "data" else "data"] = data
    return payload


def build_envelope(era: Era, session_id: int, order_token: str, function: str, secure: Any) -> dict:
    return {
        "session": session_id,
        era.order_key: order_token,
        era.function_key: function,
        era.secure_key: secure,
    }


def check_error(body: Any, function: str) -> None:
    """Raise the typed error for an ``Erreur`` answer (top level of the body)."""
    if not isinstance(body, dict):
        raise errors.ProtocolError(_("la réponse n'est pas un objet JSON"), function=function)
    error = body.get("Erreur")
    if error is None:
        return
    code: int | None = None
    title = ""
    if isinstance(error, dict):
        try:
            code = int(error.get("G")) if error.get("G") is not None else None
        except (TypeError, ValueError):
            code = None
        title = str(error.get("Titre") or error.get("Message") or "")
    else:
        title = str(error)
    raise errors.from_error_payload(code, title, function)


def secure_part(era: Era, body: dict, function: str) -> Any:
    for key in (era.secure_key, "dataSec", "donneesSec"):
        if key in body:
            return body[key]
    raise errors.ProtocolError(_("enveloppe sans données sécurisées"), function=function)


def read_payload(payload: dict, function: str) -> tuple[dict, dict]:
    """``(data, signature)`` of a decoded payload, whatever the era; raises errors it reports."""
    signature = payload.get("Signature", payload.get("_Signature_")) or {}
    if not isinstance(signature, dict):
        signature = {}
    if signature.get("Erreur") or signature.get("MessageErreur"):
        message = signature.get("MessageErreur") or signature.get("Erreur")
        raise errors.ServerError(None, str(message), function=function)
    data = payload.get("data", payload.get("donnees"))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise errors.ProtocolError(_("le champ data n'est pas un objet"), function=function)
    report = payload.get("RapportSaisie")
    if report is not None:
        refused = write_report_messages(report)
        if refused is not None:
            raise errors.WriteRefused(refused, function=function)
        if isinstance(report, dict) and "RapportSaisie" not in data:
            # What the write reports besides errors (``absence`` for SaisieVieScolaire…), for the
            # caller: it sits beside ``data`` in the payload (parent-features.md §1.3).
            data = {**data, "RapportSaisie": report}
    return data, signature


def write_report_messages(report: Any) -> list[str] | None:
    """The refusal a write's ``RapportSaisie`` reports (its messages, as sent), or None when it
    reports none: ``_erreurSaisie_`` and/or ``_messagesErreur_`` (parent-features.md §1.3)."""
    if not isinstance(report, dict):
        return None
    raw = report.get("_messagesErreur_")
    if isinstance(raw, dict):
        raw = raw.get("V")
    messages = [m for m in raw if isinstance(m, str) and m.strip()] if isinstance(raw, list) else []
    title = report.get("titre_Messages_Erreur")
    if messages and isinstance(title, str) and title.strip():
        messages.insert(0, title.strip().rstrip(" :") + " :")
    if messages or report.get("_erreurSaisie_"):
        return messages
    return None
