"""Rich ``Text`` that never carries what a terminal would act on: the TUI's text for server data.

``SafeText`` is a ``Text`` whose content goes through :func:`espace_parents_tui.util.textsafe.clean`
whenever it comes in: built, appended (a ``str``, or a ``Text`` that is not already safe), added or
copied. A screen can then build a body from server strings with ``append`` as usual. Like any
``Text``, it is never parsed as markup: "[bold]" shows as "[bold]".
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from espace_parents_tui.util.textsafe import clean, is_clean


class SafeText(Text):
    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(clean(text), *args, **kwargs)

    @classmethod
    def of(cls, value: Text | str) -> SafeText:
        """``value`` as a SafeText (a Text's styles are kept when its text is already clean)."""
        if isinstance(value, SafeText):
            return value
        if isinstance(value, str):
            return cls(value)
        safe = cls(value.plain, style=value.style, no_wrap=value.no_wrap, overflow=value.overflow)
        if is_clean(value.plain):
            safe._spans[:] = value._spans
        return safe

    def append(self, text: Text | str, style: Any = None) -> SafeText:
        if isinstance(text, str):
            super().append(clean(text), style)
        else:
            super().append(SafeText.of(text), style)
        return self

    def append_text(self, text: Text) -> SafeText:
        super().append_text(SafeText.of(text))
        return self

    def append_tokens(self, tokens: Any) -> SafeText:
        super().append_tokens((clean(content), style) for content, style in tokens)
        return self

    def blank_copy(self, plain: str = "") -> SafeText:
        return SafeText.of(super().blank_copy(plain))

    def copy(self) -> SafeText:
        return SafeText.of(super().copy())
