"""Vie scolaire actions: justify an absence or a delay, warn of an absence ahead (portal layer).

Every action keeps its form as a draft in the account's cache (per child) before anything is sent,
and keeps it, with what went wrong, when the send fails: offline, refused by the school, a file
that cannot be sent. The draft goes only once the school has the write. Nothing is ever sent
later on its own: the parent sends again.

PRONOTE ids only hold for the session that gave them: an action first re-reads the period
(``portal.fetch``), finds the absence again by its start (a delay by its time), checks what the
school allows (``avecSaisie``, the reasons, the comment and document rules, the date window),
sends through the protocol client, then reads the period again so the cache shows the school's
answer ("en attente de validation").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from espace_parents_tui.models import Child, Reason, UserAccount
from espace_parents_tui.models.school_life import Absence, Delay, SchoolLife
from espace_parents_tui.pronote.tabs import TAB_SCHOOL_LIFE
from espace_parents_tui.service.actions.uploads import (
    DRAFT_KEPT,
    ActionRefused,
    BadInput,
    cut_short,
    guarded_send,
    kept,
    read_document,
    upload_limit,
)
from espace_parents_tui.service.portal import PortalError
from espace_parents_tui.store.drafts import Draft, Drafts
from espace_parents_tui.util.i18n import _

if TYPE_CHECKING:
    from espace_parents_tui.pronote.upload import FileToSend
    from espace_parents_tui.service.portal import Portal

SECTION = "school_life"
JUSTIFY, DECLARE = "justify", "declare"
DECLARE_KEY = "prochaine"
__all__ = ["DRAFT_KEPT", "ActionRefused", "BadInput"]


# --- what may be done ----------------------------------------------------------------------------


def event_key(event: Absence | Delay) -> str:
    """A key that finds the same absence (by its start) or delay (by its time) in any session."""
    if isinstance(event, Absence):
        return f"absence|{event.start.isoformat()}"
    return f"retard|{event.when.isoformat()}"


def find_event(life: SchoolLife, key: str) -> Absence | Delay | None:
    for event in (*life.absences, *life.delays):
        if event_key(event) == key:
            return event
    return None


def why_not_justifiable(event: Absence | Delay) -> str | None:
    """None when the school lets the parents justify ``event`` now; else why not, in French."""
    absence = isinstance(event, Absence)
    what = _("Cette absence") if absence else _("Ce retard")
    if event.justified:
        return _("{what} est déjà {value} : il n'y a rien à faire.").format(
            what=what, value=_("justifiée") if absence else _("justifié")
        )
    if event.settled:
        return _("{what} a été {value} par la vie scolaire : il n'y a rien à faire.").format(
            what=what, value=_("réglée") if absence else _("réglé")
        )
    if absence and event.created_by_parent:
        return _("Vous avez signalé cette absence : la vie scolaire doit la valider.")
    if not event.editable:
        return _(
            "L'établissement ne permet pas de justifier {value} en ligne (délai dépassé, ou justification en ligne non ouverte) : contactez la vie scolaire."
        ).format(value=_("cette absence") if absence else _("ce retard"))
    return None


def reasons_for(account: UserAccount, event: Absence | Delay) -> tuple[Reason, ...]:
    return account.absence_reasons if isinstance(event, Absence) else account.delay_reasons


@dataclass(frozen=True)
class Justification:
    """What the parent fills in: a reason (its label), a comment, a file path ("" for none)."""

    reason: str = ""
    comment: str = ""
    file: str = ""

    def fields(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_draft(cls, draft: Draft | None) -> Justification:
        values = draft.fields if draft else {}
        return cls(values.get("reason", ""), values.get("comment", ""), values.get("file", ""))


def check_reason(
    reasons: tuple[Reason, ...], label: str, comment: str, has_file: bool, comment_required: bool
) -> tuple[Reason | None, str | None]:
    """The reason picked, and what is missing ("" problems: none) by the school's rules (§2.2)."""
    reason = next((r for r in reasons if r.label == label), None)
    if reason is None:
        known = ", ".join(r.label for r in reasons) or "aucun"
        return None, _("Choisissez un motif de la liste de l'établissement ({known}).").format(known=known)
    if comment_required and not comment.strip():
        return reason, _("L'établissement demande un commentaire avec chaque justification.")
    if reason.needs_justification and not comment.strip() and not has_file:
        return reason, _("Le motif « {label} » demande un commentaire ou un justificatif.").format(
            label=reason.label
        )
    return reason, None


def check_justification(
    account: UserAccount, life: SchoolLife, event: Absence | Delay, form: Justification
) -> str | None:
    why = why_not_justifiable(event)
    if why:
        return why
    if form.file and isinstance(event, Delay):
        return _("Un retard se justifie sans document : retirez le fichier.")
    required = life.comment_required_absence if isinstance(event, Absence) else life.comment_required_delay
    return check_reason(reasons_for(account, event), form.reason, form.comment, bool(form.file), required)[1]


def scope_of(portal: Portal, child: Child, day: date) -> str | None:
    """The period of the Vie scolaire tab holding ``day`` (the shortest: a trimester, not the year)."""
    entry = child.periods_for(TAB_SCHOOL_LIFE)
    periods = list(entry.periods) if entry else []
    snap = portal.snapshot()
    if not periods and snap is not None:
        periods = list(snap.settings.periods)
    holding = [p for p in periods if p.start <= day <= p.end]
    if not holding:
        return portal.default_scope(SECTION, child)
    return min(holding, key=lambda p: p.end - p.start).name


def _account(portal: Portal) -> UserAccount:
    snap = portal.snapshot()
    if snap is None:
        raise PortalError(_("Le compte n'est pas encore connu : synchronisez d'abord."))
    return snap.account


# --- justify ----------------------------------------------------------------------------------------


def justify_draft(portal: Portal, child: Child, event: Absence | Delay) -> Draft | None:
    return Drafts(portal.cache).get(child.name, JUSTIFY, event_key(event))


def keep_justify_draft(portal: Portal, child: Child, event: Absence | Delay, form: Justification) -> Draft:
    return Drafts(portal.cache).save(child.name, JUSTIFY, event_key(event), form.fields())


async def justify(
    portal: Portal, child: Child, event: Absence | Delay, form: Justification, *, scope: str | None = None
) -> Absence | Delay:
    """Send the justification of ``event`` (from the cache); returns the event as the school now
    shows it. On failure the draft is kept with the reason, and the error says so."""
    drafts, key = Drafts(portal.cache), event_key(event)
    drafts.save(child.name, JUSTIFY, key, form.fields())
    started: list[bool] = []  # the write request left (its outcome is then unknown until answered)
    day = event.start.date() if isinstance(event, Absence) else event.when.date()
    scope = scope or scope_of(portal, child, day)
    try:
        document = read_document(form.file, upload_limit(portal)) if form.file else None
        fresh = (await portal.fetch(SECTION, child, scope)).value
        target = find_event(fresh, key)
        if target is None:
            raise ActionRefused(
                _("{value} n'est plus dans la vie scolaire : la liste a été mise à jour.").format(
                    value=_("Cette absence") if isinstance(event, Absence) else _("Ce retard")
                )
            )
        problem = check_justification(_account(portal), fresh, target, form)
        if problem:
            raise BadInput(problem) if target.editable else ActionRefused(problem)

        async def send(client: Any) -> None:
            drafts.mark_sending(child.name, JUSTIFY, key)  # a kill from here on leaves it in doubt
            started.append(True)
            await _send_justification(client, child, target, form, document)

        await guarded_send(portal, send)
    except PortalError as exc:
        if doubt := cut_short(exc, bool(started)):
            raise doubt from exc
        drafts.save(child.name, JUSTIFY, key, form.fields(), problem=exc.user_message)
        raise kept(exc) from exc
    drafts.delete(child.name, JUSTIFY, key)
    try:  # the school has it: read the period again (what it says now), offline or not
        after = (await portal.fetch(SECTION, child, scope)).value
    except PortalError:
        return target
    return find_event(after, key) or target


async def _send_justification(
    client: Any, child: Child, target: Absence | Delay, form: Justification, document: FileToSend | None
) -> None:
    reasons = reasons_for(client.account, target)
    reason = next((r for r in reasons if r.label == form.reason), None)
    if reason is None:
        raise ActionRefused(
            _("Le motif « {reason} » n'est plus dans la liste de l'établissement.").format(reason=form.reason)
        )
    await client.justify(child.name, target, reason, form.comment.strip(), document)


# --- warn of an absence ahead -----------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    """An absence to come: from the morning (or the afternoon) of ``start`` to the end of the
    morning (or of the day) of ``end``; a reason, a comment, a file path ("" for none)."""

    start: date
    end: date
    start_morning: bool = True
    end_morning: bool = False
    reason: str = ""
    comment: str = ""
    file: str = ""

    def fields(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "start_half": "matin" if self.start_morning else _("après-midi"),
            "end_half": "matin" if self.end_morning else _("après-midi"),
            "reason": self.reason,
            "comment": self.comment,
            "file": self.file,
        }

    @classmethod
    def from_fields(cls, values: dict[str, str], today: date) -> Declaration:
        def day(name: str) -> date:
            try:
                return date.fromisoformat(values.get(name, ""))
            except ValueError:
                return today + timedelta(days=1)

        return cls(
            day("start"),
            day("end"),
            values.get("start_half", "matin") == "matin",
            values.get("end_half", "après-midi") == "matin",
            values.get("reason", ""),
            values.get("comment", ""),
            values.get("file", ""),
        )


def why_no_declaration(account: UserAccount) -> str | None:
    if not account.permissions.get("AvecDeclarerUneAbsence"):
        return _(
            "L'établissement ne permet pas de prévenir d'une absence depuis ce compte : "
            "contactez la vie scolaire."
        )
    return None


def declaration_window(portal: Portal, today: date) -> tuple[date, date]:
    """The first and last days an absence may be declared for (§2.4)."""
    snap = portal.snapshot()
    last = snap.settings.last_date if snap else today + timedelta(days=365)
    days = snap.account.declare_absence_days if snap else None
    if days is not None:
        last = min(last, today + timedelta(days=days))
    return today, last


def check_declaration(portal: Portal, child: Child, form: Declaration, today: date) -> str | None:
    account = _account(portal)
    why = why_no_declaration(account)
    if why:
        return why
    first, last = declaration_window(portal, today)
    if form.start < first:
        return _(
            "La date de début est passée : on prévient d'une absence à venir (à partir du {first:%d/%m/%Y})."
        ).format(first=first)
    if (form.end, 0 if form.end_morning else 1) < (form.start, 0 if form.start_morning else 1):
        return _("L'absence se termine avant de commencer.")
    if form.end > last:
        return _("On ne peut prévenir d'une absence que jusqu'au {last:%d/%m/%Y}.").format(last=last)
    cached = portal.read(SECTION, child, scope_of(portal, child, form.start))
    required = cached.value.comment_required_absence if cached else False
    return check_reason(account.absence_reasons, form.reason, form.comment, bool(form.file), required)[1]


def declare_draft(portal: Portal, child: Child) -> Draft | None:
    return Drafts(portal.cache).get(child.name, DECLARE, DECLARE_KEY)


def keep_declare_draft(portal: Portal, child: Child, form: Declaration) -> Draft:
    return Drafts(portal.cache).save(child.name, DECLARE, DECLARE_KEY, form.fields())


async def declare(portal: Portal, child: Child, form: Declaration, today: date) -> Absence | None:
    """Warn the school of an absence to come; returns it as the school now lists it."""
    drafts = Drafts(portal.cache)
    drafts.save(child.name, DECLARE, DECLARE_KEY, form.fields())
    started: list[bool] = []  # the write request left (its outcome is then unknown until answered)
    try:
        document = read_document(form.file, upload_limit(portal)) if form.file else None
        await portal.connect()  # the account's rights and reasons of this session
        problem = check_declaration(portal, child, form, today)
        if problem:
            raise BadInput(problem)

        async def send(client: Any) -> None:
            drafts.mark_sending(child.name, DECLARE, DECLARE_KEY)  # a kill from here on: in doubt
            started.append(True)
            await _send_declaration(client, child, form, document)

        await guarded_send(portal, send)
    except PortalError as exc:
        if doubt := cut_short(exc, bool(started)):
            raise doubt from exc
        drafts.save(child.name, DECLARE, DECLARE_KEY, form.fields(), problem=exc.user_message)
        raise kept(exc) from exc
    drafts.delete(child.name, DECLARE, DECLARE_KEY)
    try:
        after = (await portal.fetch(SECTION, child, scope_of(portal, child, form.start))).value
    except PortalError:
        return None
    return next((a for a in after.absences if a.created_by_parent and a.start.date() == form.start), None)


async def _send_declaration(
    client: Any, child: Child, form: Declaration, document: FileToSend | None
) -> None:
    from espace_parents_tui.pronote.calls.presence import HalfDay

    reason = next((r for r in client.account.absence_reasons if r.label == form.reason), None)
    if reason is None:
        raise ActionRefused(
            _("Le motif « {reason} » n'est plus dans la liste de l'établissement.").format(reason=form.reason)
        )
    await client.declare_absence(
        child.name,
        HalfDay(form.start, form.start_morning),
        HalfDay(form.end, form.end_morning),
        reason,
        form.comment.strip(),
        document,
    )
