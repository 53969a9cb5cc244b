"""Surname stroke order: counts from Unihan, order within a count by stroke (横竖撇点折)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.elections.strokes import build_table, name_key, stroke_count, stroke_sorted


@pytest.mark.parametrize(
    ("char", "count"),
    [
        ("丁", 2),
        ("王", 4),
        ("方", 4),
        ("孔", 4),
        ("刘", 6),
        ("李", 7),
        ("张", 7),
        ("武", 8),
        ("欧", 8),
        ("谭", 14),
        ("龘", 48),
    ],
)
def test_stroke_counts_of_surnames(char: str, count: int) -> None:
    assert stroke_count(char) == count


def test_names_in_surname_stroke_order() -> None:
    # 王 (横) before 文, 方 (点) before 尹, 孔, 邓 (折): same count, by first stroke.
    names = [
        "谭相彦",
        "邓超",
        "张永正",
        "李娜",
        "方明",
        "王吾雪",
        "文静",
        "孔明",
        "尹力",
        "丁一",
        "张伟",
        "欧阳明",
        "武长卿",
        "王五",
    ]
    assert stroke_sorted(names) == [
        "丁一",
        "王五",
        "王吾雪",
        "文静",
        "方明",
        "尹力",
        "孔明",
        "邓超",
        "李娜",
        "张永正",
        "张伟",
        "武长卿",
        "欧阳明",
        "谭相彦",
    ]


def test_same_surname_is_ordered_by_the_given_name_and_a_shorter_name_first() -> None:
    assert stroke_sorted(["张伟", "张永正", "张"]) == ["张", "张永正", "张伟"]


def test_non_han_characters_are_skipped_and_unknown_han_sorts_last() -> None:
    assert name_key("阿依·买买提") == name_key("阿依买买提")
    unknown = chr(0x20000)  # Extension B: not in the table
    assert stroke_sorted([unknown, "龘", "丁"]) == ["丁", "龘", unknown]


@given(
    st.lists(st.sampled_from(["王五", "张三", "李四", "丁一", "欧阳明", "方明", "王"]), max_size=7)
)
def test_stroke_order_does_not_depend_on_input_order(names: list[str]) -> None:
    assert stroke_sorted(names) == stroke_sorted(list(reversed(names)))


def test_build_table_uses_the_mainland_count_and_the_given_stroke_order() -> None:
    lines = [
        "# comment\n",
        "U+738B\tkTotalStrokes\t4\n",
        "U+65B9\tkTotalStrokes\t4\n",
        "U+4E01\tkTotalStrokes\t2 3\n",
        "U+4E01\tkRSUnicode\t1.1\n",
    ]
    table = build_table(lines, order=["丁", "王", "方"])
    assert table.splitlines()[3:] == ["2\t丁", "4\t王方"]
    assert build_table(lines).splitlines()[3:] == ["2\t丁", "4\t方王"]  # by code point
