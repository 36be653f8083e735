"""The demo school's canteen menus: lunch on every school day around ``today``.

Deterministic: each day's menu comes from its own ``random.Random`` seeded from the seed and the
date, so a day has the same menu whatever ``today`` is. The canteen publishes three weeks back and
three weeks ahead of the week of ``today`` (within the school year), which keeps the school small.
Dishes carry their allergens (fixed per dish) and some labels (Bio, Fait maison, Label rouge…).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .model import School
from .records import Dish, FoodTag, Meal

WEEKS_AROUND = 3

LABELS = [
    FoodTag("Bio", "#4CAF50"),
    FoodTag("Fait maison", "#FF9800"),
    FoodTag("Label rouge", "#C62828"),
    FoodTag("Produit local", "#795548"),
    FoodTag("Végétarien", "#8BC34A"),
]
ALLERGENS = [
    FoodTag("Gluten", "#C9A227"),
    FoodTag("Lait", "#64B5F6"),
    FoodTag("Œuf", "#FDD835"),
    FoodTag("Arachide", "#A1887F"),
    FoodTag("Fruits à coque", "#8D6E63"),
    FoodTag("Poisson", "#26C6DA"),
    FoodTag("Céleri", "#9CCC65"),
    FoodTag("Moutarde", "#FFCA28"),
    FoodTag("Soja", "#BDBDBD"),
]

# (name, allergens) by course; mains also say whether they are vegetarian or may be Label rouge.
STARTERS = [
    ("Carottes râpées vinaigrette", ["Moutarde"]),
    ("Salade de lentilles", ["Moutarde"]),
    ("Taboulé", ["Gluten"]),
    ("Potage de légumes", ["Céleri"]),
    ("Œuf dur mayonnaise", ["Œuf", "Moutarde"]),
    ("Concombre à la crème", ["Lait"]),
    ("Betteraves en salade", []),
    ("Pâté de campagne", ["Gluten"]),
    ("Salade de riz au thon", ["Poisson"]),
]
MAINS = [
    ("Sauté de bœuf aux oignons", [], "viande"),
    ("Poulet rôti", [], "viande"),
    ("Filet de colin pané", ["Poisson", "Gluten"], "poisson"),
    ("Lasagnes à la bolognaise", ["Gluten", "Lait"], "viande"),
    ("Omelette aux fines herbes", ["Œuf"], "vegetarien"),
    ("Curry de pois chiches", [], "vegetarien"),
    ("Saucisse de Toulouse", [], "viande"),
    ("Dos de saumon sauce citron", ["Poisson", "Lait"], "poisson"),
    ("Galette de boulgour et légumes", ["Gluten", "Céleri"], "vegetarien"),
    ("Émincé de dinde à la crème", ["Lait"], "viande"),
]
SIDES = [
    ("Riz pilaf", []),
    ("Haricots verts persillés", []),
    ("Purée de pommes de terre", ["Lait"]),
    ("Coquillettes", ["Gluten"]),
    ("Frites", []),
    ("Ratatouille", []),
    ("Semoule", ["Gluten"]),
    ("Petits pois carottes", []),
]
CHEESES = [
    ("Yaourt nature", ["Lait"]),
    ("Camembert", ["Lait"]),
    ("Emmental", ["Lait"]),
    ("Fromage blanc", ["Lait"]),
]
DESSERTS = [
    ("Pomme", []),
    ("Compote de poires", []),
    ("Crème dessert chocolat", ["Lait"]),
    ("Tarte aux pommes", ["Gluten", "Œuf", "Lait"]),
    ("Banane", []),
    ("Cookie aux cacahuètes", ["Gluten", "Arachide", "Œuf"]),
    ("Gâteau aux noix", ["Gluten", "Fruits à coque", "Œuf"]),
    ("Clémentines", []),
    ("Flan vanille", ["Lait", "Œuf"]),
]


def add_menus(school: School, today: date, seed: int) -> None:
    """Labels, allergens and the lunch of every school day from three weeks before to three after."""
    school.food_labels = [FoodTag(t.name, t.color) for t in LABELS]
    school.allergens = [FoodTag(t.name, t.color) for t in ALLERGENS]
    monday = today - timedelta(days=today.weekday())
    day = max(school.year_start, monday - timedelta(weeks=WEEKS_AROUND))
    last = min(school.year_end, monday + timedelta(weeks=WEEKS_AROUND + 1) - timedelta(days=1))
    while day <= last:
        if school.is_school_day(day):
            school.menus.append(Meal(day, _lunch(random.Random(f"{seed}:menu:{day.isoformat()}"), day)))
        day += timedelta(days=1)


def _labels(rng: random.Random, *, rouge: bool = False, vegetarian: bool = False) -> list[str]:
    labels = []
    if rng.random() < 0.25:
        labels.append("Bio")
    if rng.random() < 0.3:
        labels.append("Fait maison")
    if rouge and rng.random() < 0.35:
        labels.append("Label rouge")
    if rng.random() < 0.15:
        labels.append("Produit local")
    if vegetarian:
        labels.append("Végétarien")
    return labels


def _lunch(rng: random.Random, day: date) -> list[Dish]:
    name, allergens = rng.choice(STARTERS)
    dishes = [Dish("entree", name, _labels(rng), list(allergens))]
    # A vegetarian main every Thursday, a choice of two mains on Mondays.
    pool = [m for m in MAINS if m[2] == "vegetarien"] if day.weekday() == 3 else MAINS
    for name, allergens, kind in rng.sample(pool, 2 if day.weekday() == 0 else 1):
        labels = _labels(rng, rouge=kind == "viande", vegetarian=kind == "vegetarien")
        dishes.append(Dish("plat", name, labels, list(allergens)))
    name, allergens = rng.choice(SIDES)
    dishes.append(Dish("accompagnement", name, _labels(rng), list(allergens)))
    if rng.random() < 0.6:
        name, allergens = rng.choice(CHEESES)
        dishes.append(Dish("fromage", name, _labels(rng), list(allergens)))
    name, allergens = rng.choice(DESSERTS)
    dishes.append(Dish("dessert", name, _labels(rng), list(allergens)))
    return dishes
