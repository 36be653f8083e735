"""Orientation (tab 15) and internships (tabs 42 and 101), parent-features.md §6-§7.

- ``PageOrientations`` (no data for parents); ``SaisieOrientations`` with ``{Voeux, eleve,
  donneesAR?}``: the wishes of one step in rank order (kept ones ``E: 2``, new ones ``E: 1`` with
  ``N`` −1001, −1002…, removed ones ``E: 3``), ``G`` 0 for intentions, 2 for final wishes;
  ``donneesAR`` acknowledges the council's answer (``estAccuse: true``).
- ``PageStage.General`` with ``{Eleve: {N}}``, then ``PageAppreciationFinDeStage`` with
  ``{eleve: {N}, stage: {N}}`` for each sheet; ``ListeOffresStages`` (tab 101, no data) when the
  account has that tab.

A write's refusal (``RapportSaisie``) is :class:`~espace_parents_tui.pronote.errors.WriteRefused`
with the server's words. Ids are the current session's: the page is read again before a write.
"""

from __future__ import annotations

from typing import Any

from espace_parents_tui.models import Child
from espace_parents_tui.models.orientation import WISH_KINDS, InternshipsPage, OrientationPage
from espace_parents_tui.pronote import errors, parse
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.parse.orientation import (
    internship_refs,
    internships_page,
    parse_companies,
    parse_internship,
    parse_orientation,
)
from espace_parents_tui.pronote.tabs import TAB_COMPANIES, TAB_INTERNSHIP, TAB_ORIENTATION

SAISIE = "SaisieOrientations"

UnknownTrack = errors.UnknownTrack  # re-exported

class OrientationCalls(CallsBase):
    async def orientation(self, child: Child | str) -> OrientationPage:
        """The orientation steps of the year, the tracks, the wishes and the council's answers."""
        raw = await self.call("PageOrientations", None, tab=TAB_ORIENTATION, child=child)
        return parse_orientation(raw)

    async def save_orientation_wishes(
        self, child: Child | str, kind: str, wanted: list[tuple[str, str]]
    ) -> OrientationPage:
        """Make ``wanted`` — (track name, comment) in rank order — the wishes of step ``kind``
        ("intentions" or "voeux"); returns the page as the server then holds it."""
        if kind not in WISH_KINDS:
            raise errors.WriteRefused([f"Étape d'orientation inconnue : {kind}."], function=SAISIE)
        page = await self.orientation(child)
        step = page.step(kind)
        if not page.offered or step is None:
            raise errors.WriteRefused(["Cette étape de l'orientation n'est pas proposée."], function=SAISIE)
        code = WISH_KINDS[kind]
        existing = {w.track_id: w for w in step.wishes}
        items: list[dict[str, Any]] = []
        created = -1000
        for name, comment in wanted:
            track = page.track(name)
            if track is None:
                known = ", ".join(t.name for t in page.tracks)
                raise UnknownTrack(f"Voie inconnue : « {name} » (voies proposées : {known}). Rien n'a été envoyé.")
            item: dict[str, Any] = {"G": code, "L": track.name, "Orientation": {"N": track.id, "L": track.name}}
            if comment:
                item["Commentaire"] = comment
            old = existing.pop(track.id, None)
            if old is not None:
                item |= {"N": old.id, "E": 2}
            else:
                created -= 1
                item |= {"N": created, "E": 1}
            items.append(item)
        for old in existing.values():
            items.append({"N": old.id, "G": code, "L": old.track, "E": 3, "Orientation": {"N": old.track_id}})
        if not items:
            return page
        await self._write_orientation(child, {"Voeux": items, "eleve": self.child_ref(child)})
        return await self.orientation(child)

    async def acknowledge_orientation(self, child: Child | str, kind: str) -> OrientationPage:
        """Acknowledge the council's answer of step ``kind`` (where the school asks for it)."""
        page = await self.orientation(child)
        step = page.step(kind)
        if step is None:
            raise errors.WriteRefused(["Cette étape de l'orientation n'existe pas."], function=SAISIE)
        ar = {"N": step.id, "G": step.kind_code, "L": step.title, "E": 2, "estAccuse": True}
        await self._write_orientation(child, {"Voeux": [], "eleve": self.child_ref(child), "donneesAR": ar})
        return await self.orientation(child)

    async def _write_orientation(self, child: Child | str, data: dict[str, Any]) -> None:
        raw = await self.call(SAISIE, data, tab=TAB_ORIENTATION, child=child)
        problems = parse.parse_write_reply(raw, SAISIE)
        if problems:
            raise errors.WriteRefused(problems, function=SAISIE)

    async def internships(self, child: Child | str) -> InternshipsPage:
        """The child's internship sheets, and the company list when the school shares it."""

        def data() -> dict:
            return {"Eleve": {"N": self.current_child(child).id}}

        refs = internship_refs(await self.call("PageStage.General", data, tab=TAB_INTERNSHIP, child=child))
        sheets = []
        if not isinstance(refs, str):
            for ident, summary in refs:
                body = {"eleve": {"N": self.current_child(child).id}, "stage": {"N": ident, "L": summary.subject}}
                raw = await self.call("PageAppreciationFinDeStage", body, tab=TAB_INTERNSHIP, child=child)
                sheets.append(parse_internship(raw))
        companies: tuple = ()
        if self.account is not None and TAB_COMPANIES in self.account.tabs:
            companies = parse_companies(await self.call("ListeOffresStages", None, tab=TAB_COMPANIES, child=child))
        return internships_page(refs if isinstance(refs, str) else sheets, companies)
