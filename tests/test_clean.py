"""Cleaning (DESIGN.md, Ingestion 2): table-driven cases per artefact, plus property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.clean import BLANK, BREAK, SAME_BLOCK, clean_markup, clean_pages, collapse_spaced, join_pieces
from ingest.metadata import normalize_symbol

MARKUP = [
    ("（见 [CTOC/COP/WG.6/2017/4](#)）", "（见 CTOC/COP/WG.6/2017/4）"),
    ("(a) **知识和证据基础。**持续监测", "(a) 知识和证据基础。持续监测"),
    ("可查阅：<https://smallarms.un-arm.org/national-contacts>。", "可查阅：https://smallarms.un-arm.org/national-contacts。"),
    ("[链接](https://www.unodc.org/x)", "链接"),
    ("说明（CTOC/COP/ \nWG.6/2012/3）", "说明（CTOC/COP/WG.6/2012/3）"),
    ("背景文件（CTOC/ \n\nCOP/WG.6/2014/2）", "背景文件（CTOC/COP/WG.6/2014/2）"),
    ("文件（CTOC/COP/WG.6/ \n2016/2）", "文件（CTOC/COP/WG.6/2016/2）"),
    ("和/或\n下载", "和/或\n下载"),
    ("2 * 3 = 6", "2 * 3 = 6"),
]


@pytest.mark.parametrize(("raw", "clean"), MARKUP)
def test_markup_and_broken_symbols(raw: str, clean: str) -> None:
    assert clean_markup(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean", "spaced"),
    [
        ("进 区 域 和 国 际 合 作 的 措 施", "进区域和国际合作的措施", True),
        ("联合国打击跨国有组织犯罪公约 缔约方会议", "联合国打击跨国有组织犯罪公约 缔约方会议", False),
        ("2016 年 5 月 18 日", "2016 年 5 月 18 日", False),
        ("第 6 条 第 7 条", "第 6 条 第 7 条", False),
    ],
)
def test_spaced_out_characters(raw: str, clean: str, spaced: bool) -> None:
    assert collapse_spaced(raw) == (clean, spaced)


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [("并促进《枪支议定", "书》的执行", "并促进《枪支议定书》的执行"), ("the", "implementation", "the implementation"),
     ("在 2016", "年 2 月", "在 2016年 2 月"), ("CTOC/COP/", "WG.6/2012/3", "CTOC/COP/WG.6/2012/3"),
     ("Margaret", "Sosuh，", "Margaret Sosuh，")],
)
def test_join_pieces(left: str, right: str, joined: str) -> None:
    assert join_pieces(left, right) == joined


def _lines(text: str, paged: bool = False):
    pages = tuple((i + 1 if paged else None, page) for i, page in enumerate(text.split("\f")))
    return clean_pages(pages, paged=paged)


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("正文第一行\n\nV.16-01235 5\n\n CTOC/COP/WG.6/2016/1\n\n正文第二行", ["正文第一行", "正文第二行"]),
        ("正文第一行\n\nCTOC/COP/WG.6/2016/1\n\nV.16-01235 5\n\n正文第二行", ["正文第一行", "正文第二行"]),
        ("正文\n\nGE.19-09876(C) 120619 130619\n\nA/HRC/41/12\n二. 国家措施", ["正文", "二. 国家措施"]),
        ("正文\n2/12 GE.19-09876\n下一页", ["正文", "下一页"]),
        ("4 V.18-01234\n正文", ["正文"]),
        ("A/HRC/41/12\n正文\nA/HRC/41/12\n更多正文", ["正文", "更多正文"]),
        ("见下列文件：\nCTOC/COP/WG.6/2016/2\n完", ["见下列文件：", "CTOC/COP/WG.6/2016/2", "完"]),
        ("5\n正文", ["5", "正文"]),
    ],
)
def test_running_heads_dropped_text_kept(raw: str, kept: list[str]) -> None:
    lines, _ = _lines(raw)
    assert [line.text for line in lines] == kept


def test_pdf_page_edges_drop_page_numbers_and_symbol_headers() -> None:
    lines, _ = _lines("CTOC/COP/WG.6/2099/1\n1. 正文。\n3\f2\nCTOC/COP/WG.6/2099/1\n继续正文。", paged=True)
    assert [(line.text, line.page) for line in lines] == [("1. 正文。", 1), ("继续正文。", 2)]
    assert lines[1].gap == BREAK


def test_gaps() -> None:
    lines, _ = _lines("第一行\n第二行\n\n第三行\n¹ 脚注。\n第四行")
    assert [line.gap for line in lines] == [BLANK, SAME_BLOCK, BLANK, BREAK]


FOOTNOTES = [
    # superscript footnotes of clean text, with and without a space
    ("正文，¹下文\n\n¹ 脚注一。\n\n⁴⁴欧洲联盟刑事司法合作署。", [("1", "脚注一。"), ("44", "欧洲联盟刑事司法合作署。")]),
    # the agenda footnote of clean text
    ("临时议程*项目3\n\n* CTOC/COP/WG.6/2018/1。", [("*", "CTOC/COP/WG.6/2018/1。")]),
    # a block after a separator, continuation lines without indentation, body resumes indented
    ("正文\n__________________\n *  CTOC/COP/WG.6/2014/1。 \n 1  联合国，《条约汇编》，\n第 2225 卷。\n 更好地执行",
     [("*", "CTOC/COP/WG.6/2014/1。"), ("1", "联合国，《条约汇编》，第 2225 卷。")]),
    # a date line after a footnote is body text, not footnote 5
    ("正文\n__________________\n 1 载于报告。\n 5 月 18 日开幕。", [("1", "载于报告。")]),
    # GA-style slash footnotes
    ("回顾第 56/119 号决议，1/\n\n1/ 见 A/56/383。", [("1", "见 A/56/383。")]),
    # a markdown bullet is not a footnote
    ("* 第一项\n* 第二项", []),
]


@pytest.mark.parametrize(("raw", "notes"), FOOTNOTES)
def test_footnotes_lifted_out(raw: str, notes: list[tuple[str, str]]) -> None:
    lines, found = _lines(raw)
    assert [(n.mark, n.text) for n in found] == notes
    assert not any(text in line.text for line in lines for _, text in notes)


def test_footnote_position_is_counted_in_body_lines() -> None:
    lines, notes = _lines("第一段\n__________________\n 1 脚注。\n 第二段\n第三段")
    assert [line.text for line in lines] == ["第一段", "第二段", "第三段"]
    assert notes[0].before == 1 and lines[1].gap == BREAK


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("CTOC_COP_2012_6", "CTOC/COP/2012/6"), ("ＣＴＯＣ/ＣＯＰ/WG.6/2018/3", "CTOC/COP/WG.6/2018/3"),
     ("CTOC/COP/ \nWG.6/2012/3", "CTOC/COP/WG.6/2012/3"), ("A/CONF.192/15。", "A/CONF.192/15")],
)
def test_symbol_normalisation(raw: str, normal: str) -> None:
    assert normalize_symbol(raw) == normal


_TEXT = st.text(alphabet=st.sampled_from(list("枪支议定书《》，。；：（）(a)1234 5/\n_*¹²ABC[]#V.-")), max_size=400)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_cleaning_never_raises_and_loses_no_ideograph(text: str) -> None:
    lines, notes = clean_pages(((None, text),), paged=False)
    kept = "".join(line.text for line in lines) + "".join(note.text for note in notes)
    for char in "枪支议定书":
        assert kept.count(char) == text.count(char)


def test_marker_on_its_own_line_in_pdf_text_is_glued_back() -> None:
    page = "页眉\n第一行\n第二行\n1. 工作组在其第一次会议上\n3\n建议，缔约方会议应促请各国。\n第三行\n第四行\n第五行"
    lines, _ = clean_pages(((1, page),), paged=True)
    assert [line.text for line in lines][3:5] == ["1. 工作组在其第一次会议上3", "建议，缔约方会议应促请各国。"]
