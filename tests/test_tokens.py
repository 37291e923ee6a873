"""ingest.tokens: the one jieba segmentation (user dictionary from corpus/aliases.toml + terms.txt)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.aliases import load_aliases
from ingest.tokens import tokenize, tokenizer, user_words

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def offsets(tokens: list[str]) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for consecutive tokens of one text."""
    out, pos = [], 0
    for token in tokens:
        out.append((token, pos, pos + len(token)))
        pos += len(token)
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # alias names and terms stay one token
        ("联合国毒品和犯罪问题办公室协助追查", ["联合国毒品和犯罪问题办公室", "协助", "追查"]),
        ("国际刑事警察组织（国际刑警组织）", ["国际刑事警察组织", "（", "国际刑警组织", "）"]),
        ("大不列颠及北爱尔兰联合王国和多民族玻利维亚国",
         ["大不列颠及北爱尔兰联合王国", "和", "多民族玻利维亚国"]),
        ("联合国打击跨国有组织犯罪公约缔约方会议，", ["联合国打击跨国有组织犯罪公约缔约方会议", "，"]),
        ("记录保存和标识", ["记录保存", "和", "标识"]),
        ("中间商活动的联络点", ["中间商活动", "的", "联络点"]),
        # user words do not pull characters out of ordinary words around them
        ("发展中国家", ["发展中国家"]),
        ("目标识别", ["目标", "识别"]),
        ("有关岛屿", ["有关", "岛屿"]),
        # name + word compounds of jieba's dictionary are cut so the name stays visible
        ("法国政府和欧盟委员会", ["法国", "政府", "和", "欧盟", "委员会"]),
        ("西班牙文和墨西哥城", ["西班牙文", "和", "墨西哥城"]),
        ("增加纳入", ["增加", "纳入"]),
        # dotted numbers are re-joined; symbols keep their one-character parts
        ("指标16.4.2的", ["指标", "16.4.2", "的"]),
        ("具体目标 16.4，", ["具体目标", " ", "16.4", "，"]),
        ("WG.6/2014/4", ["WG", ".", "6", "/", "2014", "/", "4"]),
        ("V.16-01235", ["V", ".", "16", "-", "01235"]),
        ("85. 建议", ["85", ".", " ", "建议"]),
        ("", []),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_tokenizer_is_private_and_cached() -> None:
    import jieba

    assert tokenizer() is tokenizer()
    assert tokenizer() is not jieba.dt
    assert "枪支议定书" not in jieba.dt.FREQ or jieba.dt.FREQ is not tokenizer().FREQ


def test_user_words_come_from_the_data() -> None:
    words = set(user_words())
    assert {"毒品和犯罪问题办公室", "INTERPOL", "枪支议定书", "公约", "记录保存", "美利坚合众国"} <= words
    assert "阿富汗" in words  # CLDR through Babel
    assert not any(re.search(r"[\s0-9《》]", w) for w in words)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_every_alias_in_the_seeds_falls_on_token_boundaries(path: Path) -> None:
    """Golden check on the real documents: wherever a name occurs, the segmentation does not cut
    inside it (a longer overlapping name is taken first). The one allowed exception is a word made
    of the name and one more character, which is another thing: 西班牙文, 墨西哥城, 印度洋."""
    text = path.read_text(encoding="utf-8")
    spans = offsets(tokenize(text))
    bounds = {0} | {end for _, _, end in spans}
    words = sorted(set(user_words()) - set(load_aliases().terms), key=len, reverse=True)
    covered = [False] * len(text)
    misses = []
    for word in words:
        for m in re.finditer(re.escape(word), text):
            if any(covered[m.start():m.end()]):
                continue
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
            if m.start() not in bounds or m.end() not in bounds:
                token = next(t for t, s, e in spans if s <= m.start() < e)
                if not (token.startswith(word) and len(token) == len(word) + 1):
                    misses.append((word, token, text[max(0, m.start() - 5):m.end() + 5]))
    assert misses == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("枪支议定书毒品和犯罪问题办公室 16.4\n，。《》aZ/")), max_size=80))
def test_tokens_join_back_to_the_text(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert all(tokens)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_tokens_join_back_on_any_string(text: str) -> None:
    assert "".join(tokenize(text)) == text

