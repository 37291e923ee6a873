"""Mandate and recommendation registries: rows, filters, statuses and the spreadsheet-ready CSV."""

from __future__ import annotations

import csv

import pytest
from graph_factories import Hit, cite, doc, para

from graphs import build_graph, mandates, recommendations
from graphs.registries import CSV_COLUMNS, parse_years, rows_to_csv

RES = "resolution:CND 66/3"


def corpus():
    """A CND resolution (not COP: other bodies work the same) with two mandates, a 2019 report
    with a formal recommendation, and a 2021 paper acting on one mandate and one cited recommendation."""
    resolution = doc(RES,
                     para("1", "请秘书处编写报告", kind="operative", roles=("mandate",), addressee="秘书处", verb="请"),
                     para("10", "鼓励会员国，包括其执法机构，交流信息", kind="operative", roles=("mandate",),
                          addressee="会员国", verb="鼓励"),
                     para("PP1", "回顾", kind="preamble"), date="2023-03-17")
    report = doc("document:E/CN.7/2019/5", para("h1", "二. 建议", kind="heading"),
                 para("40", "缔约国应当加强枪支标识", roles=("recommendation",), addressee="缔约国"),
                 para("41", "背景"), date="2019-01-10", doc_type="report")
    paper = doc("document:E/CN.7/2024/2",
                para("3", "根据第 66/3 号决议第 1 段", cite(RES, "pursuant_to", pinpoint="para. 1",
                                                       surface="第 66/3 号决议")),
                para("4", "根据建议 7", cite("recommendation:E/CN.7/2018/9#7", "pursuant_to", surface="建议 7")),
                date="2024-01-15")
    return build_graph([resolution, report, paper])


def test_mandates_rows_sorted_with_status():
    rows = mandates(corpus())
    assert [(r.paragraph, r.addressee, r.verb, r.status, r.followups) for r in rows] == [
        ("1", "秘书处", "请", "cited", 1), ("10", "会员国", "鼓励", "none", 0)]
    assert rows[0].source == "CND resolution 66/3" and rows[0].year == 2023
    assert rows[0].label == "CND resolution 66/3, para. 1"


@pytest.mark.parametrize(("kwargs", "keys"), [
    ({"addressee": "秘书处"}, ["1"]), ({"addressee": "会员"}, ["10"]), ({"addressee": "UNODC"}, []),
    ({"resolution": "66/3"}, ["1", "10"]), ({"resolution": "E/CN.7/2019/5"}, []),
])
def test_mandate_filters(kwargs, keys):
    assert [r.paragraph for r in mandates(corpus(), **kwargs)] == keys


def test_recommendations_include_cited_numbered_ones():
    rows = recommendations(corpus())
    assert [(r.id, r.status, r.in_corpus) for r in rows] == [
        ("recommendation:E/CN.7/2018/9#7", "cited", False),
        ("document:E/CN.7/2019/5¶40", "none", True)]
    cited = rows[0]
    assert (cited.source, cited.paragraph, cited.text, cited.year) == ("E/CN.7/2018/9", "7", "", 2018)


@pytest.mark.parametrize(("year", "ids"), [
    ("2018", ["recommendation:E/CN.7/2018/9#7"]), (2019, ["document:E/CN.7/2019/5¶40"]),
    ("2018..2019", ["recommendation:E/CN.7/2018/9#7", "document:E/CN.7/2019/5¶40"]),
    ("2019..", ["document:E/CN.7/2019/5¶40"]), ("..2018", ["recommendation:E/CN.7/2018/9#7"]),
    ("2020", []),
])
def test_recommendation_year_filter(year, ids):
    assert [r.id for r in recommendations(corpus(), year=year)] == ids


def test_recommendation_addressee_filter_drops_unknown_addressees():
    assert [r.id for r in recommendations(corpus(), addressee="缔约国")] == ["document:E/CN.7/2019/5¶40"]


@pytest.mark.parametrize("bad", ["20", "2019-2020", "..", "abc", "2019..20x"])
def test_bad_years(bad):
    with pytest.raises(ValueError, match="YYYY"):
        parse_years(bad)


def test_empty_graph_registries():
    assert mandates(build_graph([])) == [] and recommendations(build_graph([])) == []


def test_suggestions_are_looked_up_once_per_text_and_only_when_needed():
    calls = []
    text = "请秘书处编写关于枪支标识和记录保存的报告"
    later = "秘书处编写了关于枪支标识和记录保存的报告"

    def similar(query, limit=10, exclude_document=None):
        calls.append((query, exclude_document))
        return [Hit(n, a["document"], a["text"]) for n, a in graph.nodes(data=True) if a.get("kind") == "paragraph"]
    docs = [doc(f"document:E/CN.7/2020/{n}", para("2", text, kind="operative", roles=("mandate",)),
                para("3", text + "。", kind="operative", roles=("mandate",)), date="2020") for n in (1, 2)]
    docs.append(doc("document:E/CN.7/2024/1", para("1", later), date="2024"))
    graph = build_graph(docs)
    rows = mandates(graph, similar=similar)
    assert len(rows) == 4 and calls == [(text, None), (text + "。", None)]
    # the twin document's two paragraphs and the 2024 one; never the asking document's own
    assert {r.status for r in rows} == {"suggested only"} and {r.suggestions for r in rows} == {3}
    assert mandates(graph)[0].suggestions is None                   # no search given: not looked up
    assert [r.suggestions for r in mandates(corpus(), similar=similar)] == [None, 0]   # cited: not needed


def test_csv_has_bom_and_chinese_intact(tmp_path):
    path = tmp_path / "mandates.csv"
    rows = mandates(corpus())
    rows_to_csv(rows, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        back = list(csv.DictReader(handle))
    assert list(back[0]) == list(CSV_COLUMNS)
    assert [(b["addressee"], b["text"], b["status"], b["followups"]) for b in back] == [
        ("秘书处", "请秘书处编写报告", "cited", "1"), ("会员国", "鼓励会员国，包括其执法机构，交流信息", "none", "0")]
