"""Golden tests on the five bundled seeds (issue 2, item 4).

Two layers: explicit assertions on every artefact the seeds are known for (counts, keys in printed
order, re-joined paragraphs, footnotes lifted out and anchored, PDF residue gone), and a golden
snapshot per seed (``tests/fixtures/ingest/golden/*.json``: key, kind, section, footnote marks and
where each marker stands, anchors and text of every paragraph) that catches any unreviewed change. Regenerate the snapshots after a reviewed
change with ``WGKB_REGEN_GOLDEN=1 pytest tests/test_seeds_golden.py``.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from ingest.pipeline import ingest_file, load_manifest
from ingest.records import Document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "ingest" / "golden"
SEEDS = sorted(load_manifest(CORPUS))

#: Expected counts per kind for each seed: reviewed by reading the seed files.
COUNTS = {
    "CTOC_COP_WG.6_2018_3.txt": {"numbered": 92, "footnote": 10},
    "COP_resolution_11_6.txt": {"preamble": 19, "operative": 29, "footnote": 6, "heading": 2, "text": 1},
    "WG6_2023_background_international_cooperation.txt": {"numbered": 65, "footnote": 49},
    "CTOC_COP_WG.6_2016_1.txt": {"agenda_item": 6, "footnote": 1},
    "CTOC_COP_WG.6_2014_2.txt": {"numbered": 91, "footnote": 7},
}


@cache
def seed(name: str) -> Document:
    return ingest_file(CORPUS / name, load_manifest(CORPUS)[name])


@cache
def seed_without_manifest(name: str) -> Document:
    return ingest_file(CORPUS / name)


def _kinds(document: Document, kind: str) -> list[str]:
    return [p.key for p in document.paragraphs if p.kind == kind]


@pytest.mark.parametrize("name", SEEDS)
def test_counts_and_printed_order(name: str) -> None:
    document = seed(name)
    for kind, count in COUNTS[name].items():
        assert len(_kinds(document, kind)) == count, kind
    for kind in ("numbered", "operative", "agenda_item"):
        keys = [int(k) for k in _kinds(document, kind)]
        assert keys == list(range(1, len(keys) + 1)), kind
    keys = [p.key for p in document.paragraphs]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", SEEDS)
def test_offsets_slice_the_cleaned_text(name: str) -> None:
    document = seed(name)
    for paragraph in document.paragraphs:
        assert document.text[paragraph.start:paragraph.end] == paragraph.text
        assert paragraph.page is None


@pytest.mark.parametrize("name", SEEDS)
def test_footnotes_lifted_and_anchored(name: str) -> None:
    document = seed(name)
    for note in (p for p in document.paragraphs if p.kind == "footnote"):
        carrier = document.paragraph(note.anchor)
        assert carrier is not None, note.key
        assert note.key[2:] in carrier.footnotes
    body = [p for p in document.paragraphs if p.kind != "footnote"]
    assert not any(re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", p.text) for p in body)
    assert not any(re.search(r"[\u4e00-\u9fff]\*[\u4e00-\u9fff]", p.text) for p in body)


@pytest.mark.parametrize("name", SEEDS)
def test_no_residue_left(name: str) -> None:
    text = seed(name).text
    for residue in ("](#)", "**", "<http", "____", "V.16-01235", "\f"):
        assert residue not in text
    body = [p for p in seed(name).paragraphs if p.kind not in ("footnote",)]
    for paragraph in body:
        for line in paragraph.text.split("\n")[1:]:
            assert re.match(r"[(（][a-z]+[)）]|[㈠-㈩]", line), (paragraph.key, line[:30])


def test_2018_3_rejoins_paragraphs_split_by_footnotes_and_page_breaks() -> None:
    document = seed("CTOC_COP_WG.6_2018_3.txt")
    assert "以确保充分的国家自主权和持续努力。" in document.paragraph("46").text
    assert "批准和实施《枪议定书》开展的活动。本文件涵盖了" in document.paragraph("3").text
    assert "开展了自愿上缴武器运动。后续支助" in document.paragraph("53").text
    assert "毒品和犯罪问题办公室的代表介绍了" in document.paragraph("75").text
    assert document.paragraph("fn*").text == "CTOC/COP/WG.6/2018/1。"
    assert document.paragraph("fn*").text and document.paragraph(document.paragraph("fn*").anchor).text == "临时议程项目3"
    assert document.paragraph("72").footnotes == ("6", "7", "8")
    assert "（见 CTOC/COP/WG.6/2017/4）" in document.paragraph("10").text


def test_2018_3_short_numbered_lines_in_lettered_sections_are_headings() -> None:
    document = seed("CTOC_COP_WG.6_2018_3.txt")
    heading = next(p for p in document.paragraphs if p.text == "1. 参加并支持政府间机构的工作")
    assert heading.kind == "heading"
    assert heading.section == ("三.", "A.", "1.")
    assert document.paragraph("9").section == ("三.", "A.", "1.")
    assert document.paragraph("1").text.startswith("在其题为")
    assert document.paragraph("44").section == ("三.", "C.", "1.")


def test_resolution_11_6_structure() -> None:
    document = seed("COP_resolution_11_6.txt")
    assert document.id == "resolution:COP 11/6"
    first = document.paragraphs[:4]
    assert [(p.kind, p.text[:9]) for p in first] == [
        ("heading", "第 11/6 号决"), ("heading", "加强国际合作预防、"), ("text", "联合国打击跨国有组"), ("preamble", "回顾《联合国打击跨")]
    assert _kinds(document, "preamble") == [f"PP{n}" for n in range(1, 20)]
    assert document.paragraph("PP10").text.startswith("关切非法贩运枪支对妇女")
    assert document.paragraph("29").text.startswith("邀请会员国和其他捐助方")
    assert document.paragraph("fn4").anchor == "PP13" and document.paragraph("fn6").anchor == "5"


def test_2023_enumerations_stay_inside_their_paragraph() -> None:
    document = seed("WG6_2023_background_international_cooperation.txt")
    items = document.paragraph("14").text.split("\n")
    assert [line[:3] for line in items[1:]] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    assert "知识和证据基础。持续监测" in items[1]
    assert "制定了一项小武器和轻武器管制国家战略" in document.paragraph("16").text
    assert document.paragraph("fn3").text == "可查阅：https://smallarms.un-arm.org/national-contacts。"
    headings = [p.text for p in document.paragraphs if p.kind == "heading"]
    assert "3. 枪支专家和从业人员网络" in headings and "C. 执法和海关合作" in headings


def test_2016_1_agenda_annotations_and_annex_table() -> None:
    document = seed("CTOC_COP_WG.6_2016_1.txt")
    assert document.paragraph("1").text == "组织事项：\n(a) 会议开幕；\n(b) 通过议程和工作安排。"
    assert document.paragraph("4").text == "加强技术援助和能力建设以在预防犯罪和刑事司法范围内打击枪支非法贩运。"
    headings = [(p.text[:8], p.section) for p in document.paragraphs if p.kind == "heading"]
    assert ("2. 《联合国打", ("2.",)) in headings and ("(b) 通过议程", ("1.", "(b)")) in headings
    start = next(i for i, p in enumerate(document.paragraphs) if "日期和时间" in p.text)
    rows = [p.text for p in document.paragraphs[start:start + 11]]
    assert all(p.kind == "text" and p.section == ("附件",) for p in document.paragraphs[start:start + 11])
    assert rows[0] == "日期和时间 | 议程项目 | 标题或说明" and rows[1] == "5 月 18 日，星期三"
    assert rows[2] == "上午 10 时至下午 1 时 | 1(a) | 会议开幕"
    assert rows[5].startswith("下午 3 时至 6 时 | 2 | 《枪支议定书》") and rows[5].endswith("减少枪支非法贩运（续）")
    assert rows[-2:] == ["下午 3 时至 6 时 | 5 | 其他事项", "6 | 通过报告"]
    assert not any("\n" in row for row in rows)
    text = document.text
    assert "（CTOC/COP/WG.6/2012/3）" in text and "CTOC/COP/ " not in text
    assert "改进区域和国际合作的措施和相关技术援助活动的背景文件" in text
    assert "按照国际标准和法律文件被记录和追踪" in text and document.paragraph("fn1").anchor
    assert "CTOC/COP/WG.6/2016/1\n" not in text


def test_2014_2_plain_digit_markers_and_wrapped_lines() -> None:
    document = seed("CTOC_COP_WG.6_2014_2.txt")
    assert "工作组在其第一次会议上建议，" in document.paragraph("9").text
    assert document.paragraph("9").footnotes == ("3",)
    assert "《立法指南》、《枪支示范法》和" in document.paragraph("10").text
    assert document.paragraph("10").footnotes == ("4", "5", "6")
    assert "《关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书》（《枪支议定书》）" in document.paragraph("1").text
    assert document.paragraph("7").text.endswith("多元化和多学科办法的必要性。")
    assert document.paragraph("12").text.endswith("三个术语的定义。")
    assert document.paragraph("fn4").text.startswith("《执行联合国打击跨国有组织犯罪公约及其各项议定书的立法指南》，联合国，纽约，2004年。")
    assert document.paragraph("11").text.count("\n") == 8
    assert document.paragraph("85").section == ("五.", "A.")
    assert document.paragraph("2").text.count("《枪支议定书》") == 2


@pytest.mark.parametrize("name", SEEDS)
def test_metadata_detected_without_manifest(name: str) -> None:
    detected, given = seed_without_manifest(name), seed(name)
    assert detected.id == given.id
    assert [p.key for p in detected.paragraphs] == [p.key for p in given.paragraphs]


@pytest.mark.parametrize("name", SEEDS)
def test_golden_snapshot(name: str) -> None:
    shape = [
        {"key": p.key, "kind": p.kind, "section": list(p.section), "footnotes": list(p.footnotes),
         "marker_offsets": list(p.marker_offsets), "anchor": p.anchor, "text": p.text}
        for p in seed(name).paragraphs
    ]
    path = GOLDEN / (Path(name).stem + ".json")
    if os.environ.get("WGKB_REGEN_GOLDEN"):
        path.write_text(json.dumps(shape, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert shape == json.loads(path.read_text(encoding="utf-8"))
