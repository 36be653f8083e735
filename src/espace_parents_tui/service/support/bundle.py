"""The support bundle: one zip file from an account's cache, and reading it back for ``--replay``.

Inside (format :data:`FORMAT_VERSION`):

- ``manifest.json``: the format and its version, the app's version, when the data was fetched and the
  bundle made, the server's version and settings, each section's scopes and state (in the bundle,
  or not), the failures of the last sync, whether it is anonymised and holds medical data;
- ``school.json``: the children's data as a school file (``school_file.py``) the emulated server
  serves;
- ``recording/NNN-Fonction.json``: when the parent synced with ``sync --record``, each answer of
  that sync, decrypted, ids kept, in the form ``debug parse`` reads (``{"nom", "Signature", "data"}``).

Never a password, token, cookie, session key or device identifier: the cache holds none but the
device identifier of the school's settings, which is left out; the recording drops the login
exchange and those keys (``sync_records.py``).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from espace_parents_tui.service.portal import Portal
from espace_parents_tui.service.sections import ACCOUNT, SECTIONS
from espace_parents_tui.service.support.privacy import Anonymiser, exclude_medical
from espace_parents_tui.service.support.school_file import COVERED, school_from_cache
from espace_parents_tui.service.sync_records import load_failures, load_recording
from espace_parents_tui.store import codec
from espace_parents_tui.util.fsutil import atomic_write
from espace_parents_tui.util.i18n import _

FORMAT = "espace-parents-support"
FORMAT_VERSION = 1
OLDEST_READABLE = 1


class BundleError(Exception):
    """A bundle that cannot be replayed: one French sentence; exit code 2."""

    exit_code = 2

    @property
    def user_message(self) -> str:
        return str(self)


@dataclass(frozen=True)
class BundleSummary:
    path: Path
    children: int
    sections: list[str]
    recorded: int
    fetched_at: datetime | None
    anonymised: bool
    medical: bool


@dataclass(frozen=True)
class Bundle:
    manifest: dict[str, Any]
    school: dict[str, Any]
    fetched_at: datetime


def _settings(portal: Portal) -> dict[str, Any]:
    snap = portal.snapshot()
    if snap is None:
        return {}
    settings = codec.to_jsonable(snap.settings)
    settings.pop("device_id", None)  # the server's identifier of this device: never in a bundle
    return settings


def _sections(portal: Portal, children: list[str]) -> dict[str, Any]:
    held: dict[str, Any] = {}
    for name in SECTIONS:
        scopes = {
            owner: sorted(scope for scope, _when in portal.cache.scopes(owner, name))
            for owner in [ACCOUNT, *children]
        }
        scopes = {owner: found for owner, found in scopes.items() if found}
        if scopes:
            held[name] = {"in_bundle": name in COVERED, "scopes": scopes}
    return held


def make_bundle(
    portal: Portal,
    output: Path,
    *,
    app_version: str,
    anonymise: bool = False,
    include_medical: bool = False,
) -> BundleSummary:
    """Write the bundle of ``portal``'s cache to ``output`` (mode 0600); what it holds."""
    school = school_from_cache(portal)
    fetched = portal.cache.last_sync()
    recording = load_recording(portal.cache)
    children = [c.name for c in portal.children()]
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version,
        "created_at": portal.clock.now().isoformat(timespec="seconds"),
        "fetched_at": fetched.isoformat(timespec="seconds") if fetched else None,
        "server": {"version": school.get("version"), "settings": _settings(portal)},
        "children": children,
        "sections": _sections(portal, children),
        "failures": load_failures(portal.cache),
        "anonymised": anonymise,
        "medical": include_medical,
        "recording": bool(recording and recording.get("answers")),
    }
    answers = list(recording.get("answers", [])) if recording else []
    if not include_medical:
        school, manifest, answers = (
            exclude_medical(school),
            exclude_medical(manifest),
            exclude_medical(answers),
        )
    if anonymise:
        anonymiser = Anonymiser(school)
        anonymiser.add_answers([answer.get("data") for answer in answers])
        school, manifest, answers = (
            anonymiser.apply(school),
            anonymiser.apply(manifest),
            anonymiser.apply(answers),
        )
        manifest["anonymised"] = True
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _json(manifest))
        archive.writestr("school.json", _json(school))
        for answer in answers:
            name = f"recording/{int(answer.get('order', 0)):03d}-{answer.get('function', 'inconnue')}.json"
            archive.writestr(
                name,
                _json(
                    {
                        "nom": answer.get("function"),
                        "Signature": answer.get("signature"),
                        "data": answer.get("data"),
                    }
                ),
            )
    atomic_write(output, buffer.getvalue(), private_dir=False)
    return BundleSummary(
        path=output,
        children=len(school.get("children", [])),
        sections=sorted(manifest["sections"]),
        recorded=len(answers),
        fetched_at=fetched,
        anonymised=anonymise,
        medical=include_medical,
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


def read_bundle(path: Path) -> Bundle:
    """The bundle at ``path``, or :class:`BundleError` saying in one sentence why it cannot be replayed."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "manifest.json" not in names:
                raise BundleError(
                    _(
                        "{path} n'est pas un bundle de support d'espace-parents (pas de manifest.json)."
                    ).format(path=path)
                )
            manifest = json.loads(archive.read("manifest.json").decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BundleError(
                    _("{path} n'est pas un bundle de support d'espace-parents.").format(path=path)
                )
            _check_version(path, manifest.get("format_version"))
            if "school.json" not in names:
                raise BundleError(_("Le bundle {path} est incomplet (pas de school.json).").format(path=path))
            school = json.loads(archive.read("school.json").decode("utf-8"))
    except FileNotFoundError:
        raise BundleError(_("Bundle introuvable : {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise BundleError(_("{path} est un dossier, pas un bundle de support.").format(path=path)) from None
    except zipfile.BadZipFile:
        raise BundleError(
            _("{path} n'est pas un bundle de support (fichier zip illisible ou abîmé).").format(path=path)
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BundleError(_("Le bundle {path} est abîmé (JSON illisible).").format(path=path)) from None
    except OSError as exc:
        raise BundleError(
            _("Impossible de lire le bundle {path} ({reason}).").format(reason=exc.strerror or exc, path=path)
        ) from None
    try:
        fetched = datetime.fromisoformat(str(manifest.get("fetched_at")))
    except ValueError:
        raise BundleError(
            _("Le bundle {path} ne dit pas quand les données ont été récupérées.").format(path=path)
        ) from None
    if not isinstance(school, dict):
        raise BundleError(_("Le bundle {path} est abîmé (school.json n'est pas un objet).").format(path=path))
    return Bundle(manifest=manifest, school=school, fetched_at=fetched)


def _check_version(path: Path, version: Any) -> None:
    if not isinstance(version, int) or isinstance(version, bool):
        raise BundleError(_("Le bundle {path} n'indique pas la version de son format.").format(path=path))
    if version > FORMAT_VERSION:
        raise BundleError(
            _(
                "Le bundle {path} est au format {version}, plus récent que celui que cette version lit ({newest}) : mettez espace-parents à jour."
            ).format(newest=FORMAT_VERSION, path=path, version=version)
        )
    if version < OLDEST_READABLE:
        raise BundleError(
            _(
                "Le bundle {path} est au format {version}, trop ancien pour être rejoué (formats lus : {oldest} à {newest}) : demandez-en un nouveau."
            ).format(newest=FORMAT_VERSION, oldest=OLDEST_READABLE, path=path, version=version)
        )
