"""The offline cache on its own: one transaction per sync, what counts as new, models in and out."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from espace_parents_tui.models import Grade, GradeReport, Lesson, Mark, SpecialGrade, Subject
from espace_parents_tui.store import Cache, Item, codec

T0 = datetime(2026, 11, 24, 7, 30)


def _grade(subject: str, day: date, value: float) -> Grade:
    return Grade(
        id=f"62#{subject}{day}", subject=Subject(subject, id="79#x"), day=day, mark=Mark(value), out_of=20
    )


def _sync(cache: Cache, scope_items: dict[str, list[Grade]]):
    writer = cache.begin_sync()
    for scope, grades in scope_items.items():
        report = GradeReport(period_id="105#p", grades=tuple(grades), averages=())
        items = [
            Item(f"{g.subject.name}|{g.day}", g, f"{g.subject.name} {g.mark.value}", g.day) for g in grades
        ]
        writer.put("Léa", "grades", scope, report, items)
    return writer.commit()


def test_first_sync_is_a_baseline_then_only_what_is_new():
    cache = Cache.in_memory(clock=lambda: T0)
    t1 = [_grade("MATHS", date(2026, 10, 1), 12), _grade("SVT", date(2026, 10, 2), 14)]
    assert _sync(cache, {"Trimestre 1": t1}) == []
    added = _grade("MATHS", date(2026, 11, 24), 17)
    changes = _sync(cache, {"Trimestre 1": [*t1, added]})
    assert [(c.kind, c.key) for c in changes] == [("new", "MATHS|2026-11-24")]
    assert _sync(cache, {"Trimestre 1": [*t1, added]}) == []


def test_a_new_scope_reports_only_items_newer_than_the_last_sync():
    cache = Cache.in_memory(clock=lambda: T0)
    _sync(cache, {"Trimestre 2": [_grade("MATHS", date(2026, 11, 20), 12)]})
    # A past trimester opened on demand: its old grades are not news.
    old = [_grade("FRANÇAIS", date(2026, 10, 5), 11), _grade("SVT", date(2026, 10, 9), 15)]
    assert _sync(cache, {"Trimestre 1": old}) == []
    # The next trimester's first grade, dated after the last sync, is.
    fresh = _grade("ANGLAIS", date(2026, 11, 25), 16)
    changes = _sync(cache, {"Trimestre 3": [fresh]})
    assert [(c.kind, c.key) for c in changes] == [("new", "ANGLAIS|2026-11-25")]


def test_a_changed_item_is_reported_as_changed():
    cache = Cache.in_memory(clock=lambda: T0)
    _sync(cache, {"T1": [_grade("MATHS", date(2026, 10, 1), 12)]})
    changes = _sync(cache, {"T1": [_grade("MATHS", date(2026, 10, 1), 13)]})
    assert [(c.kind, c.key) for c in changes] == [("changed", "MATHS|2026-10-01")]
    assert [c.key for c in cache.changes(unseen_only=True)] == ["MATHS|2026-10-01"]
    cache.mark_seen(section="grades")
    assert cache.changes(unseen_only=True) == []


def test_a_section_stamp_moves_with_its_own_writes_and_changes_only():
    """``Cache.stamp`` (what a view's drawing depends on): another section's write leaves it; a write
    of the same dataset again (same clock, same payload), a new change or a change seen moves it."""
    cache = Cache.in_memory(clock=lambda: T0)
    first = [_grade("MATHS", date(2026, 10, 1), 12)]
    _sync(cache, {"T1": first, "T2": []})
    grades = cache.stamp(["grades"])
    writer = cache.begin_sync(complete=False)
    writer.put("Léa", "menus", "2026-11-23", ["menu"])
    writer.commit()
    assert cache.stamp(["grades"]) == grades and cache.stamp(["menus"]) != ()
    _sync(cache, {"T1": first})  # the same dataset again, not the last row written
    assert cache.stamp(["grades"]) != grades
    grades = cache.stamp(["grades"])
    _sync(cache, {"T1": first})  # and again, now the last row of the table
    assert cache.stamp(["grades"]) != grades
    _sync(cache, {"T1": [*first, _grade("SVT", date(2026, 11, 24), 15)]})
    assert [c.key for c in cache.changes(unseen_only=True)] == ["SVT|2026-11-24"]
    grades = cache.stamp(["grades"])
    menus = cache.stamp(["menus"])
    cache.mark_seen(section="grades")
    assert cache.stamp(["grades"]) != grades and cache.stamp(["menus"]) == menus
    assert cache.stamp([]) == ()


def test_ids_do_not_make_things_new():
    cache = Cache.in_memory(clock=lambda: T0)
    _sync(cache, {"T1": [_grade("MATHS", date(2026, 10, 1), 12)]})
    moved = Grade(
        id="62#other-session",
        subject=Subject("MATHS", id="79#other"),
        day=date(2026, 10, 1),
        mark=Mark(12),
        out_of=20,
    )
    assert _sync(cache, {"T1": [moved]}) == []


def test_a_failed_sync_leaves_the_previous_one_whole():
    cache = Cache.in_memory(clock=lambda: T0)
    _sync(cache, {"T1": [_grade("MATHS", date(2026, 10, 1), 12)]})
    writer = cache.begin_sync()
    writer.put("Léa", "grades", "T1", "not a report")
    writer.pending.append(None)  # breaks the transaction half-way
    try:
        writer.commit()
    except AttributeError:
        pass
    kept = cache.get("Léa", "grades", "T1", GradeReport)
    assert kept is not None and kept.value.grades[0].mark.value == 12
    assert cache.sync_count() == 1


marks = st.builds(
    Mark,
    value=st.none() | st.floats(min_value=0, max_value=40, allow_nan=False),
    special=st.none() | st.sampled_from(list(SpecialGrade)),
)


@given(
    mark=marks,
    name=st.text(max_size=30),
    cancelled=st.booleans(),
    rooms=st.lists(st.text(max_size=8), max_size=3).map(tuple),
)
def test_models_survive_the_cache_codec(mark, name, cancelled, rooms):
    grade = Grade(id="1", subject=Subject(name), day=date(2026, 1, 2), mark=mark, out_of=20)
    assert codec.loads(Grade, codec.dumps(grade)) == grade
    lesson = Lesson(
        id="2",
        start=datetime(2026, 1, 2, 8),
        end=datetime(2026, 1, 2, 9),
        subject=name,
        cancelled=cancelled,
        rooms=rooms,
    )
    assert codec.loads(list[Lesson], codec.dumps([lesson])) == [lesson]
