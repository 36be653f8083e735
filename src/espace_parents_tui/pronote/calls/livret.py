"""The livret scolaire (tab 83, parent-features.md §9): ``LivretScolaire`` with ``{Classe: {N},
AvecDonneesClasse: true, Eleve: {N}}`` for each class of the child's ``listeClassesHistoriques``
(the class picker of PRONOTE's page), oldest first.

A past class's livret, once published, is final (the school year is over): :meth:`livret` is given
the years a previous read kept and does not ask for those classes again (see :func:`is_final`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from espace_parents_tui.models import Child, ChildClass
from espace_parents_tui.models.livret import Livret, LivretYear
from espace_parents_tui.pronote.calls.base import CallsBase
from espace_parents_tui.pronote.parse.livret import livret_message, parse_livret_year
from espace_parents_tui.pronote.tabs import TAB_LIVRET

NO_CLASS = "Aucune classe n'est connue pour cet élève."
# strInfoDatePublication of a published livret carries its date ("Livret publié le 03/07/2025");
# one still being written does not. Guessed (the field is seen in PRONOTE's client, not its text):
# a text without a date is taken as "not published yet", so the class is asked again.
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def is_published(year: LivretYear) -> bool:
    return bool(_DATE.search(year.publication))


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

    async def livret(self, child: Child | str, kept: Iterable[LivretYear] = ()) -> Livret:
        """The livret of every class the child has been in that the school has one for.

        ``kept``: the years of a previous read. A past class's (not the current one's) published
        livret among them is final and taken as it is, without asking the server; a class whose
        name the history lists twice (a year repeated) is asked again, not guessed."""
        classes = self.current_child(child).classes
        if not classes:
            return Livret(message=NO_CLASS, offered=False)
        final = final_years(classes, kept)
        years, messages = [], []
        for index, klass in enumerate(classes):
            if klass.name in final:
                years.append(final[klass.name])
                continue
            year, message = await self.livret_year(child, index)
            if year is not None:
                years.append(year)
            elif message:
                messages.append(message)
        years.sort(key=lambda y: y.year)
        if not years:
            return Livret(message=messages[0] if messages else "", offered=False)
        return Livret(years=tuple(years))


def final_years(classes: Iterable[ChildClass], kept: Iterable[LivretYear]) -> dict[str, LivretYear]:
    """The kept years that are final, by class name: published, of a past class (the server marks
    the current one; none marked: nothing is final), whose name is in the history once only."""
    classes = tuple(classes)
    if not any(klass.current for klass in classes):
        return {}
    names = [klass.name for klass in classes]
    past = {klass.name for klass in classes if not klass.current and names.count(klass.name) == 1}
    kept = tuple(kept)
    kept_names = [year.class_name for year in kept]
    return {
        year.class_name: year
        for year in kept
        if year.class_name in past and kept_names.count(year.class_name) == 1 and is_published(year)
    }
