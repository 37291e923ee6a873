"""The parse stages' cheap shortcuts (issue 12, parse CPU) decide exactly as the slow way they skip.

Each literal or one-class test before an expensive regex is a necessary condition of a match (the
regex finds nothing where the test fails), and ``segment._script`` (counts that stop early) gives
the answer of the full counts it replaced, on generated lines mixing the characters that matter.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import patterns as P
from ingest import segment

#: Characters and pieces the patterns care about, with ideographs, Latin words and noise.
_PIECES = st.one_of(
    st.sampled_from(["决议草案", "订正决定草案", "：", ":", "第", "次", "全体会议", "2031年7月24日", "年", "月", "日",
                     "V.33-08127", "12-34567 (C)", "-", "。", "，", "2.", "12．", "3/", "大会", "Recalling its",
                     "resolution", "CTOC/COP/WG.6", "EU", " ", "\u3000", "《", "“", "（", "1", "a", "Z"]),
    st.text(alphabet=st.sampled_from(list("大会的和。，Aa b.．-0123456789次草案")), max_size=5),
)
_LINES = st.lists(_PIECES, max_size=12).map("".join)


def _script_by_full_counts(text: str) -> str:
    """``segment._script`` as it was: every ideograph and every Latin word counted."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = len(re.findall(r"(?<![A-Za-z])[A-Za-z][a-z]{1,}", text))
    if cjk == 0 and latin >= 3:
        return "en"
    if cjk >= 4 and latin <= 1:
        return "zh"
    return "mixed"


@settings(max_examples=300, deadline=None)
@given(text=_LINES, other=_LINES)
def test_script_and_twin_equal_the_full_counts(text: str, other: str) -> None:
    assert segment._script(text) == _script_by_full_counts(text)
    old_twin = _script_by_full_counts(other) != _script_by_full_counts(text) != "mixed" \
        and _script_by_full_counts(other) != "mixed"
    assert segment._twin(other, text) == old_twin


@settings(max_examples=300, deadline=None)
@given(text=_LINES)
def test_cheap_tests_are_necessary_conditions(text: str) -> None:
    if not segment._DIGIT_STOP.search(text):
        assert P.GLUED_NUMBER.search(text) is None
    if "次" not in text:
        assert P.ADOPTION_LINE.search(text) is None
    if "-" not in text:
        assert P.JOB_NUMBER_IN_TEXT.search(text) is None
    if "草案" not in text:
        assert P.DRAFT_LINE.search(text) is None


def test_examples_reach_the_expensive_patterns() -> None:
    """The generated lines are not vacuous: each shortcut's pattern does match real examples."""
    assert P.GLUED_NUMBER.search("的报告。2．大会") and segment._DIGIT_STOP.search("的报告。2．大会")
    assert P.ADOPTION_LINE.search("2031年7月24日第19次全体会议")
    assert P.JOB_NUMBER_IN_TEXT.search("V.33-08127")
    assert P.DRAFT_LINE.search("决议草案")
    assert segment._script("Recalling its resolution 88/12,") == "en"
    assert segment._script("回顾其关于枪支的决议，") == "zh"
