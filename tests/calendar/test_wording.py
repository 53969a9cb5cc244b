"""The wording file staff edit: read at start-up, typos reported, filled in safely."""

from __future__ import annotations

import pytest

from governance.calendar.wording import WORDING_FILE, fill, load_wording, parse_wording


def test_the_shipped_wording_loads_with_a_label_for_every_kind() -> None:
    wording = load_wording()
    assert wording.feed_name.person == "{owner}的会议日历"
    assert wording.kind_label("congress") == "代表大会"
    assert wording.status_prefix["cancelled"] == "【已取消】"


def test_an_unknown_placeholder_is_reported_with_its_line() -> None:
    text = WORDING_FILE.read_text(encoding="utf-8").replace("{owner}的会议日历", "{ownr}的会议日历")
    with pytest.raises(
        ValueError, match=r"feed_name: unknown placeholder \{ownr\} \(use organisation, owner\)"
    ):
        parse_wording(text, "wording.yaml")


def test_a_missing_kind_label_or_line_is_reported() -> None:
    text = WORDING_FILE.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="no label for training"):
        parse_wording(text.replace('  training: "培训"\n', ""))
    with pytest.raises(ValueError, match="deadline_summary"):
        parse_wording(text.replace('deadline_summary: "截止：{title}"\n', ""))
    with pytest.raises(ValueError, match="expected a mapping"):
        parse_wording("- a list")


def test_fill_replaces_plain_names_only() -> None:
    assert fill("{owner}的会议日历", owner="谭相彦") == "谭相彦的会议日历"
    assert fill("{owner.__class__}{missing}", owner="谭相彦") == "{owner.__class__}{missing}"
    assert fill("{number}. {title}", number=2, title="{owner}") == "2. {owner}"
