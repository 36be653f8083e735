"""School-file checks for the Messagerie (``parents[].discussions``) and Informations et sondages
(``news_categories``, ``news``): references, kinds and ranges, as French messages "« où » : quoi".

Called by :func:`espace_parents_tui.demo.school.fileformat.validate_school`.
"""

from __future__ import annotations

from typing import Any

from .model import School
from .records import DISCUSSION_FOLDERS, NEWS_QUESTION_KINDS


def _attachments(attachments: list[Any], where: str, documents: set[str], problems: list[str]) -> None:
    for k, attachment in enumerate(attachments):
        at = f"{where}.attachments[{k}]"
        if (attachment.document is None) == (attachment.url is None):
            problems.append(f"« {at} » : donner soit « document », soit « url ».")
        elif attachment.document is not None and attachment.document not in documents:
            problems.append(f"« {at}.document » : document inconnu « {attachment.document} ».")


def messaging_problems(school: School) -> list[str]:
    problems: list[str] = []
    people = {t.name for t in school.teachers} | {s.name for s in school.staff}
    documents = {d.key for d in school.documents}
    for i, parent in enumerate(school.parents):
        children = {c.key if hasattr(c, "key") else c for c in parent.children}
        seen: set[str] = set()
        for j, discussion in enumerate(parent.discussions):
            at = f"parents[{i}].discussions[{j}]"
            if discussion.key in seen:
                problems.append(f"« {at}.key » : « {discussion.key} » apparaît deux fois.")
            seen.add(discussion.key)
            if not discussion.participants:
                problems.append(f"« {at}.participants » : au moins un professeur ou personnel.")
            for k, name in enumerate(discussion.participants):
                if name not in people:
                    problems.append(f"« {at}.participants[{k}] » : ni professeur ni personnel « {name} ».")
            if not discussion.messages:
                problems.append(f"« {at}.messages » : une discussion a au moins un message.")
            if discussion.folder is not None and discussion.folder not in DISCUSSION_FOLDERS:
                problems.append(
                    f"« {at}.folder » : « {discussion.folder} » inconnu ({', '.join(DISCUSSION_FOLDERS)})."
                )
            if discussion.child is not None and discussion.child not in children:
                problems.append(f"« {at}.child » : « {discussion.child} » n'est pas un enfant de ce parent.")
            authors = {*discussion.participants, parent.name}
            previous = None
            for k, message in enumerate(discussion.messages):
                where = f"{at}.messages[{k}]"
                if message.author not in authors:
                    problems.append(
                        f"« {where}.author » : « {message.author} » ne participe pas à la discussion."
                    )
                if previous is not None and message.sent < previous:
                    problems.append(f"« {where}.sent » : avant le message précédent.")
                previous = message.sent
                _attachments(message.attachments, where, documents, problems)
    return problems


def news_problems(school: School) -> list[str]:
    problems: list[str] = []
    categories = set(school.news_categories)
    if len(categories) != len(school.news_categories):
        problems.append("« news_categories » : une catégorie apparaît deux fois.")
    children = {c.key for c in school.children}
    documents = {d.key for d in school.documents}
    seen: set[str] = set()
    for i, item in enumerate(school.news):
        at = f"news[{i}]"
        if item.key in seen:
            problems.append(f"« {at}.key » : « {item.key} » apparaît deux fois.")
        seen.add(item.key)
        if item.category not in categories:
            problems.append(
                f"« {at}.category » : catégorie inconnue « {item.category} » (voir news_categories)."
            )
        if item.end < item.start:
            problems.append(f"« {at}.end » : l'information finit avant de commencer.")
        for j, key in enumerate(item.children):
            if key not in children:
                problems.append(f"« {at}.children[{j}] » : aucun enfant n'a la clé « {key} ».")
        for j, question in enumerate(item.questions):
            where = f"{at}.questions[{j}]"
            if question.kind not in NEWS_QUESTION_KINDS:
                problems.append(
                    f"« {where}.kind » : « {question.kind} » inconnu ({', '.join(NEWS_QUESTION_KINDS)})."
                )
                continue
            _attachments(question.attachments, where, documents, problems)
            choice = question.kind in ("choix_unique", "choix_multiple")
            if choice and not question.choices:
                problems.append(f"« {where}.choices » : une question à choix a des choix.")
            if not choice and (question.choices or question.chosen):
                problems.append(f"« {where}.choices » : seules les questions à choix ont des choix.")
            for k, rank in enumerate(question.chosen):
                if not 1 <= rank <= len(question.choices):
                    problems.append(f"« {where}.chosen[{k}] » : rang de 1 à {len(question.choices)}.")
            if question.kind == "choix_unique" and len(question.chosen) > 1:
                problems.append(f"« {where}.chosen » : un seul choix possible.")
            if question.max_choices is not None and (
                question.max_choices < 1 or len(question.chosen) > question.max_choices
            ):
                problems.append(f"« {where}.max_choices » : au moins 1, et pas moins que de choix faits.")
            if question.max_length < 1:
                problems.append(f"« {where}.max_length » : au moins 1 caractère.")
            if question.answer is not None and question.kind not in ("texte", "accuse"):
                problems.append(
                    f"« {where}.answer » : seules les questions « texte » et « accuse » ont une réponse écrite."
                )
            if question.answer is not None and len(question.answer) > question.max_length:
                problems.append(f"« {where}.answer » : plus de {question.max_length} caractères.")
    return problems
