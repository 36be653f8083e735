"""The livret scolaire (tab 83, parent-features.md §9): ``LivretScolaire`` with ``{Classe: {N},
AvecDonneesClasse: true, Eleve: {N}}`` for each class of the child's ``listeClassesHistoriques``
(the class picker of PRONOTE's page), oldest first."""

from __future__ import annotations

from espace_parents_tui.models import Child
from espace_parents_tui.models.livret import Livret, LivretYear
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.parse.livret import livret_message, parse_livret_year
from espace_parents_tui.pronote.tabs import TAB_LIVRET

NO_CLASS = "Aucune classe n'est connue pour cet élève."


class LivretCalls(CallsBase):
    async def livret_year(self, child: Child | str, index: int) -> tuple[LivretYear | None, str]:
        """The livret of the ``index``-th class of the child's history (the ids are the session's:
        a re-login finds the class again by its place in the list); ``(None, message)`` when the
        server has none for that class."""

        def data() -> dict:
            current = self.current_child(child)
            return {
                "Classe": {"N": current.classes[index].id},
                "AvecDonneesClasse": True,
                "Eleve": {"N": current.id},
            }

        name = self.current_child(child).classes[index].name
        raw = await self.call("LivretScolaire", data, tab=TAB_LIVRET, child=child)
        year = parse_livret_year(raw, name)
        return year, ("" if year is not None else livret_message(raw))

    async def livret(self, child: Child | str) -> Livret:
        """The livret of every class the child has been in that the school has one for."""
        classes = self.current_child(child).classes
        if not classes:
            return Livret(message=NO_CLASS, offered=False)
        years, messages = [], []
        for index in range(len(classes)):
            year, message = await self.livret_year(child, index)
            if year is not None:
                years.append(year)
            elif message:
                messages.append(message)
        years.sort(key=lambda y: y.year)
        if not years:
            return Livret(message=messages[0] if messages else "", offered=False)
        return Livret(years=tuple(years))
