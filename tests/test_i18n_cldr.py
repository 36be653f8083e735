"""util/i18n.py writes numbers and day names as Babel does, without loading a locale's CLDR data
(≈ 20 ms before the home page's first paint): both are compared here, on many numbers."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from babel.dates import get_day_names
from babel.numbers import format_decimal

from espace_parents_tui.util import i18n


def _babel_number(value: float, decimals: int | None, lang: str) -> str:
    pattern = "0" if decimals == 0 else ("0." + "0" * decimals if decimals else "0.###")
    return format_decimal(value, format=pattern, locale=i18n.LOCALES[lang], group_separator=False)


def _numbers() -> list[float]:
    picked = random.Random(16)
    values = [0.0, -0.0, 0.5, 1.5, 2.5, 2.675, 0.0005, 0.0015, 0.9995, 12.0, 13.004999, 20.0, 100.0]
    values += [1e-10, 123456789.125, -3.25, -0.0001, 7.0 / 3, 10.0 / 3, 1e15, 99999.9995, 0.1 + 0.2]
    values += [float("inf"), float("-inf"), float("nan")]
    values += [n / 4 for n in range(-8, 90)] + [n / 1000 for n in range(0, 2001, 7)]
    values += [round(picked.uniform(0, 20), picked.randint(0, 6)) for _ in range(1500)]
    values += [picked.uniform(-1000, 1000) for _ in range(500)]
    return values


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_numbers_are_written_as_babel_writes_them(lang):
    i18n.set_language(lang)
    try:
        for value in _numbers():
            for decimals in (None, 0, 1, 2, 3):
                assert i18n.format_number(value, decimals) == _babel_number(value, decimals, lang), (
                    value,
                    decimals,
                )
        assert i18n.format_number(8.48) == ("8,48" if lang == "fr" else "8.48")
        assert i18n.format_number(12) == _babel_number(12, None, lang) == "12"
    finally:
        i18n.set_language("fr")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", ["wide", "abbreviated"])
def test_day_names_are_babels(lang, width):
    i18n.set_language(lang)
    try:
        monday = date(2026, 11, 23)
        for offset in range(7):
            day = monday + timedelta(days=offset)
            babel = get_day_names(width, locale=i18n.LOCALES[lang])[day.weekday()].rstrip(".")
            assert i18n.day_name(day, width) == babel
    finally:
        i18n.set_language("fr")


def test_the_home_page_path_loads_no_babel():
    """What the home page writes (day names, grades) loads no CLDR data (the check can fail:
    a date pattern, which only Babel knows, does load it)."""
    import subprocess
    import sys

    code = (
        "import sys; from datetime import date; from espace_parents_tui.util import i18n; "
        "i18n.set_language('{lang}'); i18n.day_name(date(2026, 11, 24)); i18n.format_number(12.5, 2); "
        "print('babel' in sys.modules); i18n.format_day(date(2026, 11, 24)); print('babel' in sys.modules)"
    )
    for lang in ("fr", "en"):
        out = subprocess.run(
            [sys.executable, "-c", code.format(lang=lang)], capture_output=True, text=True, check=True
        ).stdout.split()
        assert out == ["False", "True"], (lang, out)
