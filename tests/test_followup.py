"""Follow-up on hand-built graphs (cited vs suggested, statuses, paragraph pinpoints) and on the seeds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from graph_factories import Hit, cite, doc, para

from graphs import build_graph, followup
from graphs.followup import STATUS_CITED, STATUS_NONE, STATUS_SUGGESTED, STATUSES
from graphs.similarity import IdfTable, bigrams, idf_table, scorer, similarity
from ingest.errors import NotFoundError

RES = "resolution:COP 11/6"
REC = "recommendation:CTOC/COP/WG.6/2017/4#23"
MANDATE = "请毒品和犯罪问题办公室继续向会员国提供技术援助，协助其标识和记录保存枪支"
CLOSE = "毒品和犯罪问题办公室继续向会员国提供技术援助，特别是在标识和记录保存领域"
FAR = "工作组审议了议程项目并通过了报告"


def corpus():
    resolution = doc(RES, para("PP1", "回顾", cite("resolution:COP 5/4", surface="第 5/4 号决议"), kind="preamble"),
                     para("1", MANDATE, kind="operative", roles=("mandate",), addressee="毒品和犯罪问题办公室", verb="请"),
                     para("2", "鼓励缔约国交流信息", kind="operative", roles=("mandate",), addressee="缔约国", verb="鼓励"),
                     para("3", "决定本决议第 1 段", cite(RES, "refers_to", pinpoint="para. 1", surface="本决议")),
                     date="2022")
    report = doc("document:CTOC/COP/WG.6/2023/2",
                 para("10", "根据第 11/6 号决议第 1 段，毒品和犯罪问题办公室", cite(RES, "pursuant_to", pinpoint="para. 1",
                                                                 surface="第 11/6 号决议")),
                 para("11", "根据建议 23 和第 11/6 号决议", cite(REC, "pursuant_to", surface="建议 23"),
                      cite(RES, "pursuant_to", surface="第 11/6 号决议")),
                 para("12", CLOSE), para("13", FAR), date="2023-02-17")
    older = doc("document:CTOC/COP/WG.6/2016/1", para("4", CLOSE), date="2016")
    later = doc("document:CTOC/COP/WG.6/2024/2", para("7", "见第 11/6 号决议",
                                                      cite(RES, "see", pinpoint="para. 2", surface="第 11/6 号决议")),
                date="2024-03-01")
    return build_graph([resolution, report, older, later])


def similar_over(graph):
    """A stand-in for kb.similar: every paragraph of another document, best bigram overlap first."""
    calls = []

    def similar(text, limit=10, exclude_document=None):
        calls.append((text, exclude_document))
        hits = [Hit(n, a["document"], a["text"]) for n, a in graph.nodes(data=True)
                if a.get("kind") == "paragraph" and a["document"] != exclude_document]
        hits.sort(key=lambda h: -similarity(bigrams(text), bigrams(h.text), idf_table(graph)))
        return hits[:limit]
    similar.calls = calls
    return similar


def cited_ids(result):
    return [(g.document_id, [i.paragraph_id for i in g.items]) for g in result.cited]


def test_paragraph_followup_uses_the_pinpoint_and_skips_self_citation():
    graph = corpus()
    result = followup(graph, "11/6¶1")
    assert cited_ids(result) == [("document:CTOC/COP/WG.6/2023/2", ["document:CTOC/COP/WG.6/2023/2¶10"])]
    item = result.cited[0].items[0]
    assert (item.relation, item.pinpoint) == ("pursuant_to", "para. 1")
    assert "第 11/6 号决议" in item.snippet
    assert result.label == "resolution 11/6, para. 1" and result.status == STATUS_CITED


def test_resolution_followup_grouped_by_year():
    result = followup(corpus(), "11/6")
    assert cited_ids(result) == [
        ("document:CTOC/COP/WG.6/2023/2", ["document:CTOC/COP/WG.6/2023/2¶10", "document:CTOC/COP/WG.6/2023/2¶11"]),
        ("document:CTOC/COP/WG.6/2024/2", ["document:CTOC/COP/WG.6/2024/2¶7"])]
    assert [g.year for g in result.cited] == [2023, 2024]
    assert result.cited_count == 3


def test_recommendation_followup_and_report_followup():
    graph = corpus()
    assert cited_ids(followup(graph, "CTOC/COP/WG.6/2017/4#23")) == [
        ("document:CTOC/COP/WG.6/2023/2", ["document:CTOC/COP/WG.6/2023/2¶11"])]
    report = followup(graph, "CTOC/COP/WG.6/2017/4")
    assert [i.cited for g in report.cited for i in g.items] == [REC]


def test_suggestions_are_later_close_non_citing_and_apart():
    graph = corpus()
    similar = similar_over(graph)
    result = followup(graph, "11/6¶1", similar=similar)
    assert [s.paragraph_id for s in result.suggested] == ["document:CTOC/COP/WG.6/2023/2¶12"]
    assert all(s.suggested for s in result.suggested)
    assert result.suggested[0].similarity >= 0.2
    assert similar.calls == [(MANDATE, RES)]
    cited = {i.paragraph_id for g in result.cited for i in g.items}
    assert cited.isdisjoint(s.paragraph_id for s in result.suggested)


@pytest.mark.parametrize(("ref", "with_similar", "status"), [
    ("11/6¶1", True, STATUS_CITED),
    ("11/6¶2", False, STATUS_CITED),
    ("11/6¶3", True, STATUS_SUGGESTED),   # ¶10 cites paragraph 1, not 3, and reads alike
    ("resolution:COP 5/4", False, STATUS_CITED),
    ("document:CTOC/COP/WG.6/2023/2¶13", True, STATUS_NONE),
])
def test_statuses(ref, with_similar, status):
    graph = corpus()
    assert followup(graph, ref, similar=similar_over(graph) if with_similar else None).status == status


def test_suggested_only_when_nothing_cites_it():
    graph = build_graph([doc(RES, para("4", MANDATE, kind="operative", roles=("mandate",)), date="2022"),
                         doc("document:R/2023/1", para("1", CLOSE), para("2", FAR), date="2023")])
    result = followup(graph, "11/6¶4", similar=similar_over(graph))
    assert result.status == STATUS_SUGGESTED and result.cited == ()
    assert [s.paragraph_id for s in result.suggested] == ["document:R/2023/1¶1"]


def test_cycle_followup_terminates():
    a = doc("document:A/2020/1", para("1", "", cite("document:B/2020/1", surface="B")), date="2020")
    b = doc("document:B/2020/1", para("1", "", cite("document:A/2020/1", surface="A")), date="2020")
    graph = build_graph([a, b])
    assert cited_ids(followup(graph, "A/2020/1")) == [("document:B/2020/1", ["document:B/2020/1¶1"])]


def test_unknown_target():
    with pytest.raises(NotFoundError):
        followup(corpus(), "CTOC/COP/WG.6/2017/4#99")
    with pytest.raises(ValueError):
        followup(corpus(), "CTOC/COP/WG.6/2017/4#23¶1")


def test_to_dict_keeps_cited_and_suggested_apart():
    graph = corpus()
    data = followup(graph, "11/6¶1", similar=similar_over(graph)).to_dict()
    assert data["counts"] == {"cited": 1, "suggested": 1, "added": 0}
    assert data["suggested"][0]["suggested"] is True and "suggested" not in data["cited"][0]["items"][0]


def test_seed_background_paper_reports_on_2017_recommendations(corpus_kb):
    """CTOC/COP/WG.6/2018/3 para. 10 acts on recommendations 23 and 6 of CTOC/COP/WG.6/2017/4."""
    for number in ("23", "6"):
        result = corpus_kb.followup(f"CTOC/COP/WG.6/2017/4#{number}")
        citing = {i.paragraph_id for g in result.cited for i in g.items}
        assert "document:CTOC/COP/WG.6/2018/3¶10" in citing, number
        assert result.status == STATUS_CITED
        assert all(g.year == 2018 for g in result.cited)


def test_seed_registry_lists_the_reported_recommendations(corpus_kb):
    rows = {r.id: r for r in corpus_kb.recommendations(year="2017")}
    for number in ("23", "6"):
        row = rows[f"recommendation:CTOC/COP/WG.6/2017/4#{number}"]
        assert row.status == STATUS_CITED and row.followups >= 1 and row.source == "CTOC/COP/WG.6/2017/4"


def test_idf_weighting_discounts_boilerplate():
    boiler = "联合国打击跨国有组织犯罪公约"
    texts = [boiler + f"第{i}段其他内容{i}" for i in range(20)] + ["专家网络交流经验", "建立专家网络"]
    graph = build_graph([doc("document:B/2020/1", *(para(str(i), t) for i, t in enumerate(texts)))])
    idf = idf_table(graph)
    rare = similarity(bigrams("专家网络交流经验"), bigrams("建立专家网络"), idf)
    common = similarity(bigrams(boiler + "甲"), bigrams(boiler + "乙"), idf)
    assert rare > 0 and idf.weights["联合"] < idf.weights["专家"]
    assert common < 1.0
    plain = similarity(bigrams(boiler + "甲"), bigrams(boiler + "乙"), IdfTable({}, 1.0))
    assert common <= plain
    score = scorer(graph, "专家网络交流经验")
    assert score("x", "建立专家网络") == pytest.approx(rare) == score("x", "建立专家网络")   # cached norm


def test_idf_cache_is_dropped_when_documents_change():
    from graphs import add_document
    from graphs.similarity import IDF_CACHE
    graph = corpus()
    idf_table(graph)
    assert IDF_CACHE in graph.graph
    add_document(graph, doc("document:Z/2025/1", para("1", "新的段落文本"), date="2025"))
    assert IDF_CACHE not in graph.graph


def test_headings_footnotes_and_short_texts_are_never_suggested():
    graph = build_graph([doc(RES, para("4", MANDATE, kind="operative", roles=("mandate",)), date="2022"),
                         doc("document:R/2023/1", para("h1", CLOSE, kind="heading"), para("fn1", CLOSE, kind="footnote"),
                             para("5", "标识和记录保存枪支"), date="2023")])
    result = followup(graph, "11/6¶4", similar=similar_over(graph))
    assert result.suggested == () and result.status == STATUS_NONE


def test_seed_paragraph_pinpoint_found_in_a_later_footnote(corpus_kb):
    """The 2023 background paper's footnote cites "第 11/6 号决议，第 17 段": follow-up of 11/6¶17."""
    result = corpus_kb.followup("第 11/6 号决议¶17")
    assert result.status == STATUS_CITED and result.target == "resolution:COP 11/6¶17"
    assert [(g.date, [i.pinpoint for i in g.items]) for g in result.cited] == [("2023-02-17", ["para. 17"])]
    assert result.text and result.title is None
    anchor = result.cited[0].items[0].anchor
    assert anchor and corpus_kb.graph().nodes[anchor]["para_kind"] != "footnote"
    assert anchor not in {s.paragraph_id for s in result.suggested}


def test_seed_mandates_registry(corpus_kb):
    rows = corpus_kb.mandates(resolution="11/6")
    assert rows and all(r.source == "resolution 11/6" and r.status in STATUSES for r in rows)
    assert [r.paragraph for r in rows] == sorted((r.paragraph for r in rows), key=int)
    unodc = corpus_kb.mandates(addressee="毒品和犯罪问题办公室", resolution="11/6")
    assert unodc and all("毒品和犯罪问题办公室" in r.addressee for r in unodc)
    assert {r.id: r for r in rows}["resolution:COP 11/6¶17"].status == STATUS_CITED


def test_footnote_citation_names_its_anchor_which_is_never_suggested():
    footnote = para("fn3", "第 11/6 号决议，第 4 段", cite(RES, "cites", pinpoint="para. 4", surface="第 11/6 号决议"),
                    kind="footnote")
    footnote = replace(footnote, anchor="12")
    graph = build_graph([doc(RES, para("4", MANDATE, kind="operative", roles=("mandate",)), date="2022"),
                         doc("document:R/2023/1", para("12", CLOSE), footnote, date="2023")])
    result = followup(graph, "11/6¶4", similar=similar_over(graph))
    item = result.cited[0].items[0]
    assert (item.paragraph_id, item.anchor) == ("document:R/2023/1¶fn3", "document:R/2023/1¶12")
    assert result.suggested == () and result.status == STATUS_CITED


@pytest.mark.parametrize(("date", "suggested"), [
    ("2023-01-10", False), ("2023-03-01", True), ("2023", True), ("2022-12-31", False), (None, True)])
def test_suggestions_are_not_dated_before_the_target(date, suggested):
    graph = build_graph([doc("document:T/2023/1", para("4", MANDATE, roles=("mandate",)), date="2023-02-17"),
                         doc("document:R/2023/9", para("1", CLOSE), date=date)])
    result = followup(graph, "T/2023/1¶4", similar=similar_over(graph))
    assert bool(result.suggested) is suggested
