"""The parse stages' cheap shortcuts (issue 12, parse CPU) decide exactly as the slow way they skip.

(The store's token packing, made in one call, is checked here too: the same bytes as per token.)

Each literal or one-class test before an expensive regex is a necessary condition of a match (the
regex finds nothing where the test fails), and ``segment._script`` (counts that stop early) gives
the answer of the full counts it replaced, on generated lines mixing the characters that matter.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from index.store_layout import LONG, pack_tokens
from ingest import clean, segment
from ingest import patterns as P
from ingest import reference_patterns as RP

#: Characters and pieces the patterns care about, with ideographs, Latin words and noise.
_PIECES = st.one_of(
    st.sampled_from(["决议草案", "订正决定草案", "：", ":", "第", "次", "全体会议", "2031年7月24日", "年", "月", "日",
                     "V.33-08127", "12-34567 (C)", "-", "。", "，", "2.", "12．", "3/", "大会", "Recalling its",
                     "resolution", "CTOC/COP/WG.6", "EU", " ", "\u3000", "《", "“", "（", "1", "a", "Z",
                     "A/60/88", "S/11234", "*", "**", "1/", "。2/", "决议，1/ ", "CD/2361", "/2014/4", "CTOC_COP_WG.6_2014_4", "_", "WG.", "\n",
                     "回顾", "又回顾", "还回顾", "根据", "意见", "可见", "见", "见大会", "见 A", "（见 [", "）", ")", "(",
                     "See A", "see [", "Oversee A", "见See A", "Recalling", "pursuant to", "in accordance with",
                     "，Firearms Protocol in", "Arms Trade Treaty。"]),
    st.text(alphabet=st.sampled_from(list("大会的和。，Aa b.．-0123456789次草案/_SeC见意（）()[\n")), max_size=5),
)
_LINES = st.lists(_PIECES, max_size=12).map("".join)


def _script_by_full_counts(text: str) -> str:
    """``segment._script`` by full counts: every ideograph and every Latin word counted (no English
    line holds full-width punctuation)."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = len(re.findall(r"(?<![A-Za-z])[A-Za-z][a-z]{1,}", text))
    full_width = any("\u3001" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" for ch in text)
    if cjk == 0 and latin >= 3 and not full_width:
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


_NUMBERED_LINES = st.lists(st.one_of(_PIECES, st.sampled_from(
    ["1.", "2．", "12. ", " 3.", "\u3000 4．", "123.", "1234.", "第5.", "）6.", "3/7. ", "。 8.\t", "《", "大", "会",
     "，", "5.1.", ".．"])), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_NUMBERED_LINES)
def test_glued_numbers_are_the_full_scans(text: str) -> None:
    def found(matches) -> list[tuple]:
        return [(m.span(), m.span(1), m.group(1)) for m in matches]

    assert found(segment._glued_numbers(text)) == found(P.GLUED_NUMBER.finditer(text))


#: (cheap test, the scan it stands before): a text failing the test has no match of the scan.
_NECESSARY = [
    (lambda t: segment._DIGIT_STOP.search(t), P.GLUED_NUMBER),
    (lambda t: clean._SLASH_AT_LINE_END.search(t), P.BROKEN_SYMBOL),
    (lambda t: " " in t, P.SPACED_OUT),
    (lambda t: "*" in t, P.STAR_MARKER),
    (lambda t: "/" in t, P.SLASH_MARKER),
    (lambda t: "次" in t, P.ADOPTION_LINE),
    (lambda t: "-" in t, P.JOB_NUMBER_IN_TEXT),
    (lambda t: "草案" in t, P.DRAFT_LINE),
]


@settings(max_examples=300, deadline=None)
@given(text=_LINES)
def test_cheap_tests_are_necessary_conditions(text: str) -> None:
    for cheap, scan in _NECESSARY:
        if not cheap(text):
            assert scan.search(text) is None, scan.pattern


#: ``reference_patterns.VERB_OR_BRACKET`` as it was: the checks on the character before first.
_VERB_OR_BRACKET_BEFORE = re.compile(
    r"[（()）]|" + "|".join(re.escape(v) for v, _ in RP.VERBS if v not in ("见", "See", "see"))
    + r"|(?<![意可看会预所罕常显偏起听遇])见(?=[ \t]*(?:\[|[A-Z]|第|大会|安全|安理|缔约|经济|麻醉|预防|人权|《|同上))"
    + r"|\b[Ss]ee\b(?=[ \t]+[A-Z\[])")


@settings(max_examples=300, deadline=None)
@given(text=_LINES)
def test_citation_scans_equal_the_slow_ones(text: str) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text)]

    assert spans(RP.VERB_OR_BRACKET) == spans(_VERB_OR_BRACKET_BEFORE)
    if not RP.LETTERS_SLASH.search(text):
        assert RP.SYMBOL.search(text) is None and RP.SYMBOL_SHORT.search(text) is None
    if "_" not in text:
        assert RP.SYMBOL_UNDERSCORE.search(text) is None


def _packed_one_by_one(tokens: list[str]) -> bytes:
    """``store_tokens.pack_tokens`` (tokens that rebuild their text) as a loop per token: two lengths
    of 1..15 a byte (a 0 nibble pads an odd count), else one byte each, 255 + four bytes when long."""
    lengths = [len(token) for token in tokens]
    if all(0 < n < 16 for n in lengths):
        padded = [*lengths, 0] if len(lengths) % 2 else lengths
        return b"N" + bytes(padded[i] * 16 + padded[i + 1] for i in range(0, len(padded), 2))
    out = bytearray(b"B")
    for n in lengths:
        if n < LONG:
            out.append(n)
        else:
            out.append(LONG)
            out += n.to_bytes(4, "little")
    return bytes(out)


@settings(max_examples=150, deadline=None)
@given(tokens=st.one_of(
    st.lists(st.text(min_size=1, max_size=15), min_size=1, max_size=41),
    st.lists(st.one_of(st.text(max_size=3), st.text(min_size=250, max_size=300)), min_size=1, max_size=20)))
def test_packed_tokens_are_the_same_bytes(tokens: list[str]) -> None:
    assert pack_tokens(tokens, "".join(tokens)) == _packed_one_by_one(tokens)


def test_examples_reach_the_expensive_patterns() -> None:
    """The generated lines are not vacuous: each shortcut's pattern does match real examples."""
    assert P.GLUED_NUMBER.search("的报告。2．大会") and segment._DIGIT_STOP.search("的报告。2．大会")
    assert [m.group(1) for m in segment._glued_numbers("1. 大会的报告。2．大会，3. 又")] == ["2", "3"]
    assert P.BROKEN_SYMBOL.search("CTOC/COP/\nWG.6/2014/4") and P.SPACED_OUT.search("进 区 域 和 国")
    assert P.ADOPTION_LINE.search("2031年7月24日第19次全体会议")
    assert P.JOB_NUMBER_IN_TEXT.search("V.33-08127")
    assert P.DRAFT_LINE.search("决议草案")
    assert RP.SYMBOL.search("见CTOC/COP/WG.6/2014/4号") and RP.SYMBOL_SHORT.search("A/8817")
    assert [m.group() for m in RP.VERB_OR_BRACKET.finditer("根据（见 A/1）See A, oversee A 意见")] == \
        ["根据", "（", "见", "）", "See"]
    assert segment._script("Recalling its resolution 88/12,") == "en"
    assert segment._script("回顾其关于枪支的决议，") == "zh"
