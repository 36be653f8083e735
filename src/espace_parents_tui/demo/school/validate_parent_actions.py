"""School-file checks for what parents do online: reasons needing a justification, the parents'
side of absences and delays, the documents to provide, to download and in the locker, the upload
rules. French messages "« où » : quoi"; called by :func:`.fileformat.validate_school`.
"""

from __future__ import annotations

from .model import School
from .parent_records import DEPOSIT_STATES


def parent_actions_problems(school: School) -> list[str]:
    problems: list[str] = []
    documents = {d.key for d in school.documents}

    def check(ok: bool, where: str, message: str) -> None:
        if not ok:
            problems.append(f"« {where} » : {message}")

    def document(key: str | None, where: str) -> None:
        check(key is None or key in documents, where, f"aucun document n'a la clé « {key} ».")

    for i, reason in enumerate(school.reasons_needing_justification):
        check(
            reason in school.absence_reasons or reason in school.delay_reasons,
            f"reasons_needing_justification[{i}]",
            f"motif inconnu « {reason} ».",
        )
    check(school.uploads.max_bytes > 0, "uploads.max_bytes", "la taille maximale doit être positive.")
    for i, extension in enumerate(school.uploads.extensions):
        check(
            extension.isalnum() and extension == extension.lower(),
            f"uploads.extensions[{i}]",
            "une extension en minuscules, sans point (« pdf »).",
        )
    check(
        school.declare_absence_days is None or school.declare_absence_days >= 0,
        "declare_absence_days",
        "un nombre de jours positif.",
    )
    for i, offered in enumerate(school.offered_documents):
        document(offered.document, f"offered_documents[{i}].document")
    for i, child in enumerate(school.children):
        at = f"children[{i}]"
        rules = child.parent_rules
        check(
            rules.justify_within_days is None or rules.justify_within_days >= 0,
            f"{at}.parent_rules.justify_within_days",
            "un nombre de jours positif.",
        )
        for j, absence in enumerate(child.absences):
            where = f"{at}.absences[{j}]"
            check(
                absence.parent_reason is None or absence.parent_reason in school.absence_reasons,
                f"{where}.parent_reason",
                f"motif inconnu « {absence.parent_reason} ».",
            )
            for k, attachment in enumerate(absence.parent_documents):
                document(attachment.document, f"{where}.parent_documents[{k}].document")
                check(attachment.url is None, f"{where}.parent_documents[{k}]", "un fichier, pas un lien.")
            check(
                not absence.declared_by_parent or absence.parent_reason is not None,
                f"{where}.parent_reason",
                "une absence signalée par les parents a un motif.",
            )
        for j, delay in enumerate(child.delays):
            check(
                delay.parent_reason is None or delay.parent_reason in school.delay_reasons,
                f"{at}.delays[{j}].parent_reason",
                f"motif inconnu « {delay.parent_reason} ».",
            )
        keys: set[str] = set()
        for j, wanted in enumerate(child.requested_documents):
            where = f"{at}.requested_documents[{j}]"
            check(wanted.key not in keys, f"{where}.key", f"« {wanted.key} » apparaît deux fois.")
            keys.add(wanted.key)
            check(
                wanted.state in DEPOSIT_STATES,
                f"{where}.state",
                f"« {wanted.state} » inconnu ({', '.join(DEPOSIT_STATES)}).",
            )
            check(
                (wanted.document is None) == (wanted.state == "manquant"),
                f"{where}.document",
                "un document « manquant » n'a pas de fichier, les autres en ont un.",
            )
            document(wanted.document, f"{where}.document")
        for j, offered in enumerate(child.offered_documents):
            document(offered.document, f"{at}.offered_documents[{j}].document")
        for j, item in enumerate(child.locker):
            document(item.document, f"{at}.locker[{j}].document")
    return problems
