"""Menus de la cantine (``PageMenus``, pronotepy.md §2 "Menus")."""

from __future__ import annotations

import enum
from datetime import date

from espace_parents_tui.models.record import dataclass
from espace_parents_tui.models.text import N_


class MealKind(enum.IntEnum):
    """``ListeRepas[].G``."""

    LUNCH = 0
    DINNER = 1

    @property
    def label(self) -> str:
        return N_("Déjeuner") if self is MealKind.LUNCH else N_("Dîner")


class Course(enum.IntEnum):
    """``ListePlats[].G``: the part of the meal a dish belongs to."""

    STARTER = 0
    MAIN = 1
    SIDE = 2
    OTHER = 3
    DESSERT = 4
    CHEESE = 5

    @property
    def label(self) -> str:
        return COURSE_LABELS[self]


COURSE_LABELS = {
    Course.STARTER: N_("Entrée"),
    Course.MAIN: N_("Plat principal"),
    Course.SIDE: N_("Accompagnement"),
    Course.OTHER: N_("Autre"),
    Course.DESSERT: N_("Dessert"),
    Course.CHEESE: N_("Fromage ou laitage"),
}
# The order a menu is read in (PRONOTE shows cheese before dessert).
COURSE_ORDER = (Course.STARTER, Course.MAIN, Course.SIDE, Course.CHEESE, Course.DESSERT, Course.OTHER)


@dataclass(frozen=True)
class FoodTag:
    """A food label ("Bio", "Fait maison"…) or an allergen ("Gluten"…), with its colour."""

    name: str
    color: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Dish:
    name: str
    labels: tuple[FoodTag, ...] = ()
    allergens: tuple[FoodTag, ...] = ()
    id: str | None = None


@dataclass(frozen=True)
class MenuCourse:
    """The dishes of one part of a meal. ``kind`` is a :class:`Course`, or the server's number."""

    kind: Course | int
    dishes: tuple[Dish, ...] = ()

    @property
    def label(self) -> str:
        return self.kind.label if isinstance(self.kind, Course) else N_("Autre")


@dataclass(frozen=True)
class Menu:
    """One meal of one day."""

    day: date
    meal: MealKind | int = MealKind.LUNCH
    name: str = ""
    courses: tuple[MenuCourse, ...] = ()
    id: str | None = None

    def dishes(self, course: Course | int) -> tuple[Dish, ...]:
        """Every dish of one course (empty when the menu has none)."""
        return tuple(dish for c in self.courses if c.kind == course for dish in c.dishes)

    @property
    def is_lunch(self) -> bool:
        return self.meal == MealKind.LUNCH
