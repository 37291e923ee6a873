"""ingest.wordcut: the one-pass dictionary cut gives exactly jieba's ``cut(text, HMM=False)``."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.tokens import tokenizer
from ingest.wordcut import DictionaryCut

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted([*(ROOT / "corpus").glob("*.txt"), *(ROOT / "tests" / "fixtures" / "family").glob("*.txt")])


@pytest.fixture(scope="module")
def ours() -> DictionaryCut:
    return DictionaryCut(tokenizer())


def jieba_cut(text: str) -> list[str]:
    return list(tokenizer().cut(text, HMM=False))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_tokens_as_jieba_on_real_documents(path: Path, ours: DictionaryCut) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert ours.cut(text) == jieba_cut(text)


#: Pieces generated text is made of: dictionary words of the field, characters jieba knows only as
#: parts of words, Latin letters and digits (glued by jieba when alone), symbols, the punctuation of
#: jieba's blocks (. + # & _ % -), full-width punctuation, whitespace including \r\n, a rare CJK
#: character outside jieba's block range.
PIECES = ["联合国毒品和犯罪问题办公室", "枪支", "议定书", "记录保存", "标识", "发展中国家", "中国", "法国政府",
          "有关岛屿", "工作组", "建议", "第", "条", "款", "缔约国", "的", "和", "与", "巴", "拿", "马",
          "a", "B", "x", "CTOC", "COP", "WG", "16", "4", "2014", "v", "A/RES/70/1", ".", "+", "#", "&",
          "_", "%", "-", "/", "，", "。", "（", "）", "《", "》", "“", " ", "  ", "\n", "\r\n", "\t",
          "\u3000", "\u9fd6", "\u3400", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_same_tokens_as_jieba_on_generated_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert DictionaryCut(tokenizer()).cut(text) == jieba_cut(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF), max_size=40))
def test_same_tokens_as_jieba_on_any_text(text: str) -> None:
    assert DictionaryCut(tokenizer()).cut(text) == jieba_cut(text)


def test_small_dictionary_prefixes_and_ties(tmp_path: Path) -> None:
    """A dictionary of a few words: prefixes that are not words, unknown characters, and two cuts
    of (nearly) equal weight are decided as jieba decides them."""
    words = {"甲乙": 1, "甲": 10, "乙": 10, "丙丁戊": 5, "丙丁": 0, "己": 64, "甲乙丙": 3}
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("".join(f"{w} {f}\n" for w, f in words.items()), encoding="utf-8")
    small = jieba.Tokenizer(str(dictionary))
    small.initialize()
    cut = DictionaryCut(small)
    for text in ("甲乙", "甲乙丙", "丙丁", "丙丁戊己", "甲乙丙丁戊", "庚甲乙庚", "ab甲乙12c", "己己甲 乙\r\n丙"):
        assert cut.cut(text) == list(small.cut(text, HMM=False)), text
