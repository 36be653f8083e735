"""What a sync leaves behind for support, beside the data: the sections that failed, and (when the
parent turned recording on) the raw answers of the sync.

Both are kept in the account's cache (its ``meta`` table) and read by the support bundle
(``service/support/``): a section that failed in the parent's cache fails the same way in the replay,
and support can run the recorded answers through ``debug parse``.

The recording keeps the decrypted ``data`` of each answer with its PRONOTE ids (``N``), as the client
received it, never the login exchange (challenge, keys) nor the device's identifier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from espace_parents_tui.store import Cache

FAILURES_META = "sync_failures"
RECORDING_META = "sync_recording"

# The login exchange carries the challenge and the session's keys; the mobile token call, a token.
NOT_RECORDED = frozenset(
    {"Identification", "Authentification", "JetonAppliMobile", "SecurisationCompteDoubleAuth"}
)
# Keys whose values identify the device or hold a secret, wherever they appear in an answer.
SECRET_KEYS = frozenset(
    {"identifiantNav", "jetonConnexionAppliMobile", "cle", "challenge", "motDePasse", "jeton"}
)


def failure_of(exc: Exception, child: str, section: str, scope: str) -> dict[str, Any]:
    """One dataset's failure, as the replay's server must reproduce it."""
    return {
        "child": child,
        "section": section,
        "scope": scope,
        "function": getattr(exc, "function", None),
        "code": getattr(exc, "code", None),
        "status": getattr(exc, "status", None),
        "title": getattr(exc, "title", None) or "",
        "message": str(exc),
    }


def save_failures(cache: Cache, failures: list[dict[str, Any]]) -> None:
    """The failures of the last full sync (an empty list clears those of the one before)."""
    cache.set_meta(FAILURES_META, json.dumps(failures, ensure_ascii=False) if failures else None)


def load_failures(cache: Cache) -> list[dict[str, Any]]:
    raw = cache.get_meta(FAILURES_META)
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [f for f in value if isinstance(f, dict)] if isinstance(value, list) else []


def _without_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_secrets(v) for k, v in value.items() if k not in SECRET_KEYS}
    if isinstance(value, list):
        return [_without_secrets(v) for v in value]
    return value


@dataclass
class Recorder:
    """Collects a sync's answers: ``add`` is the protocol client's ``on_answer`` hook."""

    answers: list[dict[str, Any]] = field(default_factory=list)

    def add(self, function: str, signature: dict[str, Any] | None, data: dict[str, Any]) -> None:
        if function in NOT_RECORDED:
            return
        self.answers.append(
            {
                "order": len(self.answers) + 1,
                "function": function,
                "signature": _without_secrets(signature or {}),
                "data": _without_secrets(data),
            }
        )

    def save(self, cache: Cache, moment: str) -> None:
        cache.set_meta(
            RECORDING_META, json.dumps({"recorded_at": moment, "answers": self.answers}, ensure_ascii=False)
        )


def load_recording(cache: Cache) -> dict[str, Any] | None:
    raw = cache.get_meta(RECORDING_META)
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
