"""Segmentation (DESIGN.md, Ingestion 3): table-driven cases on small texts, the fixture documents of
other formats, and property tests (offsets always slice the text, segmentation never raises)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.pipeline import build_document, ingest_file
from ingest.read import RawText

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def segment(text: str, entry: dict | None = None) -> list[tuple[str, str, str]]:
    document = build_document(RawText(((None, text),), "txt"), source="t.txt", sha256="0" * 64, manifest_entry=entry)
    for p in document.paragraphs:
        assert document.text[p.start:p.end] == p.text
    return [(p.key, p.kind, p.text) for p in document.paragraphs]


CASES = [
    # the running sequence: a short "1." inside a lettered section is a heading, not paragraph 1
    ("一. 引言\n\n1. 第一段，内容。\n\n2. 第二段，内容。\n\nA. 一节\n\n1. 参加工作\n\n3. 第三段，内容。",
     [("h1", "heading", "一. 引言"), ("1", "numbered", "第一段，内容。"), ("2", "numbered", "第二段，内容。"),
      ("h2", "heading", "A. 一节"), ("h3", "heading", "1. 参加工作"), ("3", "numbered", "第三段，内容。")]),
    # a blank line inside a 《…》 title or a sentence is not a boundary
    ("1. 缔约方会议请各国执行《枪支议定\n\n书》的条款，并报告执行情况和遇到的困难，以及所需的技术援助。\n\n2. 下一段。",
     [("1", "numbered", "缔约方会议请各国执行《枪支议定书》的条款，并报告执行情况和遇到的困难，以及所需的技术援助。"),
      ("2", "numbered", "下一段。")]),
    # a footnote interrupting a paragraph mid-word: lifted out, paragraph re-joined, marker removed
    ("1. 毒品和犯罪问题办公室继续提供支持，¹以确保各国能够实现充\n\n¹ 见报告。\n\n分的国家自主权。\n\n2. 下一段。",
     [("1", "numbered", "毒品和犯罪问题办公室继续提供支持，以确保各国能够实现充分的国家自主权。"),
      ("2", "numbered", "下一段。"), ("fn1", "footnote", "见报告。")]),
    # a superscript that is not a footnote marker stays in the text
    ("1. 面积为 20 平方米²的仓库。", [("1", "numbered", "面积为 20 平方米²的仓库。")]),
    # enumerations stay inside their paragraph
    ("5. 工作组建议：\n\n(a) 加强标识；\n\n(b) 交流信息。\n\n6. 下一段。",
     [("5", "numbered", "工作组建议：\n(a) 加强标识；\n(b) 交流信息。"), ("6", "numbered", "下一段。")]),
    # a short unpunctuated item line is a sub-heading, not an item of the paragraph before it
    ("一. 组织事项\n\n1. 工作组会议将于上午 10 时开幕，会期两天。\n\n(a) 会议开幕\n\n2. 会议将于上午 10 时开幕。",
     [("h1", "heading", "一. 组织事项"), ("1", "numbered", "工作组会议将于上午 10 时开幕，会期两天。"),
      ("h2", "heading", "(a) 会议开幕"), ("2", "numbered", "会议将于上午 10 时开幕。")]),
    # items right after a lone heading start their own block (not joined to the heading)
    ("A. 组织事项\n\n(a) 会议于上午开幕，下午闭会；\n\n(b) 议程已获通过。",
     [("h1", "heading", "A. 组织事项"), ("t1", "text", "(a) 会议于上午开幕，下午闭会；\n(b) 议程已获通过。")]),
    # an agenda: numbered entries under 临时议程 are agenda items; the annotations' titles are headings
    ("临时议程\n\n1. 组织事项。\n\n2. 通过报告。\n\n说明\n\n1. 组织事项\n\n会议将开幕。",
     [("h1", "heading", "临时议程"), ("1", "agenda_item", "组织事项。"), ("2", "agenda_item", "通过报告。"),
      ("h2", "heading", "说明"), ("h3", "heading", "1. 组织事项"), ("t1", "text", "会议将开幕。")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_segment_cases(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert segment(text) == expected


def test_resolution_in_clean_text() -> None:
    text = ("第 9/2 号决议\n\n加强枪支管制\n\n联合国打击跨国有组织犯罪公约缔约方会议，\n\n回顾其第 8/3 号决议，\n\n"
            "关切非法贩运的影响，\n\n1. 请秘书处继续提供援助；\n\n2. 邀请会员国提供预算外资源。")
    got = segment(text)
    assert [(k, kind) for k, kind, _ in got] == [("h1", "heading"), ("h2", "heading"), ("t1", "text"),
                                              ("PP1", "preamble"), ("PP2", "preamble"), ("1", "operative"), ("2", "operative")]


def test_hard_wrapped_text() -> None:
    lines = ["1. 工作组在其第一次会议上3建议，缔约方会议应促请各缔约国在执行《枪支议",
             "定书》时采取国家和区域综合性办法，并尽可能考虑到影响枪支相关犯罪的经济",
             "和社会因素。", "", "良好做法", "", "2. 从毒品和犯罪问题办公室所提供技术援助中汲取的经验表明，凡就立法",
             "草案的覆盖面和宽严程度与包括议员和民间社会组织在内所有相关利益攸关方进",
             "行共享和讨论的，相对而言，其通过进程往往都很顺利。",
             "__________________", " 3  CTOC/COP/WG.6/2012/4。"]
    filler = [f"{n}. 第{n}段的内容，这一行足够长以便看起来像是一页上完整的一行文字而不是标题行。" for n in range(3, 12)]
    got = segment("\n".join(lines + filler))
    assert got[0] == ("1", "numbered", "工作组在其第一次会议上建议，缔约方会议应促请各缔约国在执行《枪支议定书》时"
                                       "采取国家和区域综合性办法，并尽可能考虑到影响枪支相关犯罪的经济和社会因素。")
    assert got[1] == ("h1", "heading", "良好做法")
    assert got[2][2].endswith("其通过进程往往都很顺利。")
    assert got[-1] == ("fn3", "footnote", "CTOC/COP/WG.6/2012/4。")


def test_ga_resolution_with_slash_footnotes() -> None:
    document = ingest_file(FIXTURES / "ga_resolution_slash_notes.txt")
    assert document.id == "resolution:GA 56/120" and document.body == "GA" and document.doc_type == "resolution"
    assert [(p.key, p.kind) for p in document.paragraphs] == [
        ("h1", "heading"), ("t1", "text"), ("PP1", "preamble"), ("PP2", "preamble"), ("PP3", "preamble"),
        ("1", "operative"), ("2", "operative"), ("3", "operative"), ("fn1", "footnote"), ("fn2", "footnote")]
    assert document.paragraph("PP1").text == "回顾其 2001 年 12 月 19 日第 56/119 号决议，"
    assert document.paragraph("PP2").text == "又回顾《联合国打击跨国有组织犯罪公约》及其各项议定书，"
    assert (document.paragraph("fn1").anchor, document.paragraph("fn2").anchor) == ("PP1", "PP2")


def test_pdf_flattened_geneva_report() -> None:
    document = ingest_file(FIXTURES / "flattened_ge_report.txt")
    assert document.symbol == "A/HRC/41/12" and document.body == "A/HRC"
    assert document.title == "民间持有枪支的管制对享有人权的影响"
    assert [p.key for p in document.paragraphs if p.kind == "numbered"] == ["1", "2", "3", "4", "5"]
    first = document.paragraph("1").text
    assert "提交理事会第四十一届会议。本报告依据会员国提交的资料编写" in first and "\n" not in first
    assert "（见 A/HRC/32/21）" in document.paragraph("4").text
    assert document.paragraph("3").section == ("二.",)
    assert (document.paragraph("fn1").anchor, document.paragraph("fn2").anchor) == ("1", "3")
    assert "GE.19" not in document.text and "2/12" not in document.text


def test_gb18030_report_and_utf16_note() -> None:
    report = ingest_file(FIXTURES / "report_gb18030.txt")
    assert [p.key for p in report.paragraphs if p.kind == "numbered"] == ["1", "2", "3", "4"]
    assert report.paragraph("2").text == "工作组通过了下列建议：\n(a) 缔约国应加强枪支的标识和记录保存；\n(b) 缔约国应交流关于非法贩运枪支的信息。"
    assert report.paragraph("fn1").anchor == "3" and report.paragraph("4").section == ("三.", "A.")
    note = ingest_file(FIXTURES / "note_utf16.txt")
    assert note.paragraph("1").text.count("\n") == 2 and note.paragraph("1").text.startswith("缔约方会议在其第 9/2 号决议中：")


_PARAGRAPH = st.text(alphabet=st.sampled_from(list("枪支议定书《》，。；：（）(a)12 ¹*_\n")), min_size=1, max_size=80)


@settings(max_examples=100, deadline=None)
@given(st.lists(_PARAGRAPH, max_size=12), st.booleans())
def test_segmentation_never_raises_and_offsets_slice(paragraphs: list[str], numbered: bool) -> None:
    text = "\n\n".join(f"{i}. {p}" if numbered else p for i, p in enumerate(paragraphs, 1))
    document = build_document(RawText(((None, text),), "txt"), source="x.txt", sha256="f" * 64)
    keys = [p.key for p in document.paragraphs]
    assert len(keys) == len(set(keys))
    for paragraph in document.paragraphs:
        assert document.text[paragraph.start:paragraph.end] == paragraph.text


# --- damaged text, cover pages, votes, bilingual twins, tables (issue 9 item 4, issue 13 items 2-3) -----

DAMAGED = [
    # numbered paragraphs glued after a full stop, full-width or ASCII dot; a decimal is never split
    ("一. 导言\n\n1. 本报告概述了情况。2．大会请秘书长提交报告。3.会员国应当执行，增长3.5%。",
     [("h1", "heading", "一. 导言"), ("1", "numbered", "本报告概述了情况。"), ("2", "numbered", "大会请秘书长提交报告。"),
      ("3", "numbered", "会员国应当执行，增长3.5%。")]),
    # out of sequence: a glued "5." after paragraph 1 is not a paragraph start
    ("1. 工作组审议了报告。5.大会请各国执行。",
     [("1", "numbered", "工作组审议了报告。5.大会请各国执行。")]),
    # a footnote mark glued to the next paragraph number: 2/ is note 2, then paragraph 3
    ("56/120. 标题\n\n大会，\n\n回顾其决议，1/\n\n1. 欢迎努力；\n\n2. 请秘书长提交报告，2/3. 决定继续审议。\n\n1/ 见 A/56/383。\n\n2/ 见 A/56/384。",
     [("h1", "heading", "56/120. 标题"), ("t1", "text", "大会，"), ("PP1", "preamble", "回顾其决议，"),
      ("1", "operative", "欢迎努力；"), ("2", "operative", "请秘书长提交报告，"), ("3", "operative", "决定继续审议。"),
      ("fn1", "footnote", "见 A/56/383。"), ("fn2", "footnote", "见 A/56/384。")]),
    # the acting body glued to the first preambular paragraph; a split adoption date line stays text
    ("第 88/12 号决议\n\n标题\n\n大会，回顾其第87/1号决议，\n\n1. 决定继续。\n\n2030年11月20日\n第64次全体会议",
     [("h1", "heading", "第 88/12 号决议"), ("h2", "heading", "标题"), ("t1", "text", "大会，"),
      ("PP1", "preamble", "回顾其第87/1号决议，"), ("1", "operative", "决定继续。"), ("t2", "text", "2030年11月20日"),
      ("t3", "text", "第64次全体会议")]),
    # vote lists are blocks of their own, not glued to the title
    ("第 88/12 号决议\n\n标题\n赞成：阿尔巴尼亚、安道尔\n反对：无\n弃权：比利时\n\n大会，\n\n回顾其决议，\n\n1. 决定继续。",
     [("h1", "heading", "第 88/12 号决议"), ("h2", "heading", "标题"), ("t1", "text", "赞成：阿尔巴尼亚、安道尔"),
      ("t2", "text", "反对：无"), ("t3", "text", "弃权：比利时"), ("t4", "text", "大会，"), ("PP1", "preamble", "回顾其决议，"),
      ("1", "operative", "决定继续。")]),
    # aligned bilingual lines: twins stay separate, also when the English line ends in ","
    ("Recalling its resolution 88/12,\n回顾其第88/12号决议，\nWelcomes the report of the Secretary-General,\n欢迎秘书长的报告，",
     [("t1", "text", "Recalling its resolution 88/12,"), ("t2", "text", "回顾其第88/12号决议，"),
      ("t3", "text", "Welcomes the report of the Secretary-General,"), ("t4", "text", "欢迎秘书长的报告，")]),
    # cover-page lines are metadata, not paragraphs
    ("A/99/12\n\nDistr.: General\n5 March 2030\nChinese\nOriginal: English\n\n秘书长的报告\n\n1. 本报告概述了情况。",
     [("h1", "heading", "秘书长的报告"), ("1", "numbered", "本报告概述了情况。")]),
    # a cut-off last paragraph is a paragraph, not a heading
    ("1. 工作组审议了报告。\n\n2. 工作组建议各国加强合作，以便",
     [("1", "numbered", "工作组审议了报告。"), ("2", "numbered", "工作组建议各国加强合作，以便")]),
    ("1. 工作组审议了报告。\n\n工作组建议各国加强合作",
     [("1", "numbered", "工作组审议了报告。"), ("t1", "text", "工作组建议各国加强合作")]),
]


@pytest.mark.parametrize(("text", "expected"), DAMAGED)
def test_damaged_text_cases(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert segment(text) == expected


def test_programme_of_work_table_stays_rows() -> None:
    from ingest.tables import table_rows

    lines = ["日期和时间 议程项目 标题或说明", "5 月 18 日，星期三", "上午 10 时至", "下午 1 时", "1(a) 会议开幕",
             "1(b) 通过议程和工作安排", "2 《联合国打击跨国有组织犯罪公约关于打", "击非法制造和贩运枪支》",
             "下午 3 时至 6 时 2 《枪支议定书》第 6 条", "和第 12 条（续）", " 3. 发展或加强枪支管制网络", "5 月 19 日，星期四",
             "下午 3 时至 6 时 5 其他事项", "6 通过报告"]
    assert [row for _, row in table_rows(lines)] == [
        "日期和时间 | 议程项目 | 标题或说明", "5 月 18 日，星期三", "上午 10 时至下午 1 时 | 1(a) | 会议开幕",
        "1(b) | 通过议程和工作安排", "2 | 《联合国打击跨国有组织犯罪公约关于打击非法制造和贩运枪支》",
        "下午 3 时至 6 时 | 2 | 《枪支议定书》第 6 条和第 12 条（续）", "3 | 发展或加强枪支管制网络", "5 月 19 日，星期四",
        "下午 3 时至 6 时 | 5 | 其他事项", "6 | 通过报告"]
    assert [index for index, _ in table_rows(lines)][:4] == [0, 1, 2, 5]


def test_wrapped_front_matter_title_is_one_heading() -> None:
    wrapped = ("枪支问题工作组\n\n第二次会议\n临时议程*项目 2\n非法枪支贩运刑事定罪、调查和起诉方面的\n挑战和良好做法，以及采取措施加强刑事\n"
               "事项国际合作\n\n秘书处编制的背景文件\n\n* CTOC/COP/WG.6/2014/1。\n\n一. 导言\n\n")
    body = "".join(f"{n}. 工作组在第一次会议上审议了各国提交的关于枪支管制的资料，并建议各国加强标识和记录保存工作以及\n国际合作。\n\n"
                   for n in range(1, 10))
    kinds = segment(wrapped + body)
    assert ("h4", "heading", "非法枪支贩运刑事定罪、调查和起诉方面的挑战和良好做法，以及采取措施加强刑事事项国际合作") in kinds


FLATTENED = [
    # a flattened resolution: header glued, acting body and each preambular paragraph cut out, running
    # head (job number + own symbol + page count) removed, adoption line and glued footnote cut off
    ("联合国E/RES/2099/7经济及社会理事会Distr.:General9August2099ChineseOriginal:English2099/7.加强国际合作"
     "经济及社会理事会，回顾大会第84/196号决议，又回顾其第2097/14号决议，深为关切贩运活动，1.促请会员国加强合作；"
     "31-12409(C)E/RES/2099/72/3 2.请秘书长报告执行情况。2099年7月24日第19次全体会议1《正式记录》。",
     [("t1", "text", "经济及社会理事会，"), ("PP1", "preamble", "回顾大会第84/196号决议，"),
      ("PP2", "preamble", "又回顾其第2097/14号决议，"), ("PP3", "preamble", "深为关切贩运活动，"),
      ("1", "operative", "促请会员国加强合作；"), ("2", "operative", "请秘书长报告执行情况。"),
      ("t2", "text", "2099年7月24日第19次全体会议"), ("t3", "text", "1《正式记录》。")]),
    # sentence-aligned lines: the acting body and each preambular line are paragraphs of their own
    ("第40/3号决议\n促进国际合作\n预防犯罪和刑事司法委员会，\n回顾大会第74/247号决议，\n又回顾其第38/2号决议，\n1. 请各国合作。",
     [("h1", "heading", "第40/3号决议"), ("h2", "heading", "促进国际合作"), ("t1", "text", "预防犯罪和刑事司法委员会，"),
      ("PP1", "preamble", "回顾大会第74/247号决议，"), ("PP2", "preamble", "又回顾其第38/2号决议，"),
      ("1", "operative", "请各国合作。")]),
    # the English twin of the acting body is not a preambular paragraph
    ("第74/2号决议\n\n标题\n\n麻醉药品委员会，\nThe Commission on Narcotic Drugs,\n回顾其决议，\nRecalling its resolutions,\n1. 请各国合作。",
     [("h1", "heading", "第74/2号决议"), ("h2", "heading", "标题"), ("t1", "text", "麻醉药品委员会，"),
      ("t2", "text", "The Commission on Narcotic Drugs,"), ("PP1", "preamble", "回顾其决议，"),
      ("PP2", "preamble", "Recalling its resolutions,"), ("1", "operative", "请各国合作。")]),
]


@pytest.mark.parametrize(("text", "expected"), FLATTENED)
def test_flattened_and_aligned_resolutions(text: str, expected: list[tuple[str, str, str]]) -> None:
    got = segment(text)
    assert got[-len(expected):] == expected
    assert not any("31-12409" in row[2] or "E/RES/2099/72" in row[2] for row in got)


def test_programme_rows_with_date_time_item_and_title_on_one_line() -> None:
    from ingest.tables import table_rows

    lines = ["日期 时间 项目 标题或说明", "3月12日，星期一 上午10时至下午1时 1 选举主席团成员", "2 通过议程和其他组织事项",
             "下午3时至6时 3 一般性辩论", "3月13日，星期二 上午10时至下午1时 4 执行国际药物管制", "条约"]
    assert [row for _, row in table_rows(lines)] == [
        "日期 | 时间 | 项目 | 标题或说明", "3月12日，星期一 | 上午10时至下午1时 | 1 | 选举主席团成员", "2 | 通过议程和其他组织事项",
        "下午3时至6时 | 3 | 一般性辩论", "3月13日，星期二 | 上午10时至下午1时 | 4 | 执行国际药物管制条约"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # a full-width dot before a digit is still a paragraph number (Chinese decimals use the ASCII dot)
        ("1．办公室继续提供支持。\n\n2．2033年，捐款总额为4.12亿美元。", [("1", "numbered"), ("2", "numbered")]),
        # a running head glued between a sentence end and the next paragraph number (own symbol + page)
        ("联合国A/89/203大会Distr.:General11July2034ChineseOriginal:English报告一.导言1.本报告概述了情况。"
         "2.多数国家报告了制度。A/89/2032 3.一些国家还提及建议。", [("1", "numbered"), ("2", "numbered"), ("3", "numbered")]),
    ],
)
def test_full_width_numbers_and_glued_running_heads(text: str, expected: list[tuple[str, str]]) -> None:
    got = [(key, kind) for key, kind, _ in segment(text) if kind == "numbered"]
    assert got == [(key, kind) for key, kind in expected]
    assert not any("A/89/2032" in row[2] for row in segment(text))
