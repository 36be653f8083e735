"""The table of ``docs/reliability.md``: one row per fault, counted from the runners' outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .answers import ROW_TITLES
from .world import Outcome

TITLES = {
    **ROW_TITLES,
    "session_expiry": "Session expirée au milieu d'une synchronisation (à chaque appel possible)",
    "refused": "Mot de passe enregistré refusé, puis nouvelles synchronisations",
    "error_25": "Erreur 25 (trop d'erreurs d'authentification), puis nouvelles synchronisations",
    "ip_suspended": "Adresse IP suspendue, puis nouvelles synchronisations",
    "cli_exit_codes": "La commande : codes de sortie 2 (refus) et 3 (blocage), rien renvoyé ensuite",
    "network_drop": "Réseau coupé au milieu d'une synchronisation (et pendant une écriture)",
    "parallel_syncs": "Deux ou trois synchronisations simultanées d'un compte",
    "cli_parallel_syncs": "Deux processus « espace-parents sync » simultanés",
    "app_during_cli_sync": "L'application synchronise pendant un « sync » en ligne de commande",
    "token_race": "Deux connexions par QR code (jeton tournant) en même temps",
    "first_opens": "Trois programmes créent le cache d'un nouveau compte au même instant",
    "read_only_cache": "Dossier du cache en lecture seule",
    "disk_full": "Disque plein pendant l'écriture du cache (SQLITE_FULL)",
    "disk_full_files": "Disque plein (ENOSPC) en écrivant les secrets ou la configuration",
    "db_locked": "Base du cache verrouillée par un autre processus",
    "invalid_config": "config.toml modifié à la main en TOML invalide (chaque commande)",
    "sigkill": "SIGKILL pendant une synchronisation",
    "sigkill_write": (
        "SIGKILL pendant un envoi (justification, réponse, dépôt, absence signalée, nouveau message), "
        "avant ou après que le serveur l'enregistre"
    ),
}

GROUPS = (
    ("Réponses malformées", tuple(ROW_TITLES)),
    (
        "Sessions et blocages",
        ("session_expiry", "refused", "error_25", "ip_suspended", "cli_exit_codes", "network_drop"),
    ),
    (
        "Concurrence",
        ("parallel_syncs", "cli_parallel_syncs", "app_during_cli_sync", "token_race", "first_opens"),
    ),
    ("Le disque", ("read_only_cache", "disk_full", "disk_full_files", "db_locked", "invalid_config")),
    ("Arrêts brutaux", ("sigkill", "sigkill_write")),
)


@dataclass
class Row:
    key: str
    cases: int = 0
    tracebacks: int = 0
    lost: int = 0
    broken: int = 0
    reported: int = 0
    tolerated: int = 0

    @property
    def title(self) -> str:
        return TITLES.get(self.key, self.key)


def summarise(outcomes: Iterable[Outcome]) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for outcome in outcomes:
        row = rows.setdefault(outcome.fault, Row(outcome.fault))
        row.cases += 1
        row.tracebacks += outcome.traceback is not None
        row.lost += outcome.lost is not None
        row.broken += outcome.violation is not None
        row.reported += outcome.reported and not outcome.tolerated
        row.tolerated += outcome.tolerated
    return rows


def markdown(rows: dict[str, Row], skipped: dict[str, str] | None = None) -> str:
    """The table, grouped by the issue's bullets; a fault not run says why."""
    lines = [
        "| Panne | Cas essayés | Tracebacks | Données perdues | Protection en défaut | Signalés | Absorbés |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for group, keys in GROUPS:
        lines.append(f"| **{group}** | | | | | | |")
        for key in keys:
            if key in rows:
                r = rows[key]
                lines.append(
                    f"| {r.title} | {r.cases} | {r.tracebacks} | {r.lost} | {r.broken} | {r.reported} | {r.tolerated} |"
                )
            elif skipped and key in skipped:
                lines.append(f"| {TITLES.get(key, key)} | non essayé : {skipped[key]} | | | | | |")
    total = Row("total")
    for r in rows.values():
        for name in ("cases", "tracebacks", "lost", "broken", "reported", "tolerated"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    lines.append(
        f"| **Total** | **{total.cases}** | **{total.tracebacks}** | **{total.lost}** | **{total.broken}** "
        f"| **{total.reported}** | **{total.tolerated}** |"
    )
    return "\n".join(lines) + "\n"


def failures(outcomes: Iterable[Outcome], limit: int = 10) -> list[str]:
    """The first failing cases, readable enough to replay them."""
    found = []
    for outcome in outcomes:
        if not outcome.ok:
            what = outcome.traceback or outcome.lost or outcome.violation
            found.append(f"[{outcome.fault}] {outcome.case} -> {what}")
            if len(found) >= limit:
                break
    return found
