"""Lineage on hand-built graphs (known answers, a cycle, depth limits) and on the seeds."""

from __future__ import annotations

import pytest
from graph_factories import cite, doc, para
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graphs import build_graph, lineage
from graphs.resolve import resolve
from ingest.errors import NotFoundError


def chain():
    """7/2 recalls 5/4 and 6/2 (stubs); 11/6 recalls 7/2 (in corpus); a 2023 paper cites 11/6."""
    res_7_2 = doc("resolution:COP 7/2",
                  para("PP1", "回顾", cite("resolution:COP 5/4", date="2010-10-22", surface="第 5/4 号决议"),
                       cite("resolution:COP 6/2", "reaffirms", date="2012-10-19", surface="第 6/2 号决议"),
                       kind="preamble"), date="2014-10-10")
    res_11_6 = doc("resolution:COP 11/6",
                   para("PP1", "回顾", cite("resolution:COP 7/2", None, surface="第 7/2 号决议"), kind="preamble"),
                   para("PP2", "又回顾", cite("resolution:COP 7/2", "recalls", pinpoint="para. 3",
                                             surface="第 7/2 号决议"),
                        cite("resolution:CND 65/2", date="2022-03-18", surface="第 65/2 号决议"), kind="preamble"),
                   para("3", "见", cite("article:firearms-protocol 13", "see", surface="第 13 条")),
                   date="2022")
    paper = doc("document:CTOC/COP/WG.6/2023/2",
                para("5", "根据", cite("resolution:COP 11/6", "pursuant_to", surface="第 11/6 号决议")),
                date="2023-02-17")
    return build_graph([res_7_2, res_11_6, paper])


def ids(entries):
    return [(e.id, e.depth) for e in entries]


def test_ancestors_transitive_as_a_timeline():
    result = lineage(chain(), "11/6")
    assert ids(result.ancestors) == [("resolution:COP 5/4", 2), ("resolution:COP 6/2", 2),
                                     ("resolution:COP 7/2", 1), ("resolution:CND 65/2", 1)]
    by_id = {e.id: e for e in result.ancestors}
    assert by_id["resolution:COP 6/2"].relation == "reaffirms"
    assert by_id["resolution:COP 6/2"].via == "resolution:COP 7/2"
    assert by_id["resolution:COP 7/2"].in_corpus and not by_id["resolution:COP 5/4"].in_corpus
    assert by_id["resolution:CND 65/2"].date == "2022-03-18"
    assert not any(e.kind == "article" for e in result.ancestors)


def test_depth_limits_the_walk():
    assert ids(lineage(chain(), "11/6", depth=1).ancestors) == [("resolution:COP 7/2", 1),
                                                                ("resolution:CND 65/2", 1)]
    with pytest.raises(ValueError):
        lineage(chain(), "11/6", depth=0)


def test_descendants_transitive():
    result = lineage(chain(), "5/4")
    assert ids(result.descendants) == [("resolution:COP 7/2", 1), ("resolution:COP 11/6", 2),
                                       ("document:CTOC/COP/WG.6/2023/2", 3)]
    assert result.ancestors == ()
    assert [e.id for e in result.timeline()][0] == "resolution:COP 5/4"


def test_relations_collected_in_document_order():
    entry = {e.id: e for e in lineage(chain(), "11/6").ancestors}["resolution:COP 7/2"]
    assert entry.relations == ("cites", "recalls") and entry.relation == "cites"


def test_cycle_terminates():
    a = doc("document:A/2020/1", para("1", "", cite("document:B/2020/1", surface="B")), date="2020")
    b = doc("document:B/2020/1", para("1", "", cite("document:A/2020/1", surface="A")), date="2020")
    self_citing = doc("document:C/2020/1", para("1", "", cite("document:C/2020/1", surface="C")))
    graph = build_graph([a, b, self_citing])
    result = lineage(graph, "A/2020/1")
    assert ids(result.ancestors) == [("document:B/2020/1", 1)]
    assert ids(result.descendants) == [("document:B/2020/1", 1)]
    assert lineage(graph, "C/2020/1").ancestors == ()


def test_empty_graph_lineage_is_not_found():
    with pytest.raises(NotFoundError):
        lineage(build_graph([]), "11/6")


@pytest.mark.parametrize("ref", ["11/6", "resolution:COP 11/6", "resolution:COP11/6", "第 11/6 号决议",
                                 "第11/6号决议", "缔约方会议第 11/6 号决议", "resolution 11/6", "１１/６"])
def test_resolution_reference_forms(ref):
    assert resolve(chain(), ref).node == "resolution:COP 11/6"


@pytest.mark.parametrize(("ref", "error"), [
    ("", ValueError), ("12/9", NotFoundError), ("hello", ValueError), ("大会第 11/6 号决议", NotFoundError),
    ("月球第 11/6 号决议", ValueError), ("11/6¶", ValueError), ("CTOC/COP/WG.6/1999/1", NotFoundError),
])
def test_bad_references(ref, error):
    with pytest.raises(error):
        resolve(chain(), ref)


def test_bare_number_prefers_cop_but_names_other_ambiguities():
    graph = build_graph([doc("document:X/2020/1", para("1", "", cite("resolution:GA 65/2", surface="a"),
                                                       cite("resolution:CND 65/2", surface="b"),
                                                       cite("resolution:GA 7/2", surface="c"),
                                                       cite("resolution:COP 7/2", surface="d")))])
    assert resolve(graph, "7/2").node == "resolution:COP 7/2"
    assert resolve(graph, "大会第 65/2 号决议").node == "resolution:GA 65/2"
    with pytest.raises(ValueError, match="ambiguous"):
        resolve(graph, "65/2")


def test_seed_11_6_recalls_the_cop_resolutions_with_the_dates_it_states(corpus_kb):
    result = corpus_kb.lineage("第 11/6 号决议")
    assert result.root.in_corpus and result.root.id == "resolution:COP 11/6"
    stated = {e.id: e.date for e in result.ancestors if e.depth == 1}
    expected = {"resolution:COP 5/4": "2010-10-22", "resolution:COP 6/2": "2012-10-19",
                "resolution:COP 7/2": "2014-10-10", "resolution:COP 8/3": "2016-10-21",
                "resolution:COP 9/2": "2018-10-19", "resolution:COP 10/2": "2020-10-16",
                "resolution:CND 65/2": "2022-03-18"}
    assert {k: stated.get(k) for k in expected} == expected
    recalled = [e for e in result.ancestors if e.id in expected]
    assert all(e.relation in ("recalls", "reaffirms") for e in recalled)
    assert [e.date for e in recalled] == sorted(e.date for e in recalled)


@pytest.mark.parametrize(("ref", "node"), [
    ("安全理事会第 2370 (2017) 号决议", "resolution:SC 2370 (2017)"),
    ("安全理事会第2370(2017)号决议", "resolution:SC 2370 (2017)"),
    ("SC resolution 2370(2017)", "resolution:SC 2370 (2017)"),
    ("大会第 56/24 V 号决议", "resolution:GA 56/24 V"),
    ("56/24 V", "resolution:GA 56/24 V"),
    ("第 60/519 号决定", "decision:GA 60/519"),
    ("ctoc/cop/wg.6/2017/4", "document:CTOC/COP/WG.6/2017/4"),
    ("CTOC_COP_WG.6_2017_4", "document:CTOC/COP/WG.6/2017/4"),
    ("ＣＴＯＣ/ＣＯＰ/ＷＧ.６/２０１７/４#２３", "recommendation:CTOC/COP/WG.6/2017/4#23"),
])
def test_other_bodies_and_symbol_forms(ref, node):
    graph = build_graph([doc("document:X/2020/1", para("1", "", *(cite(t, surface=f"[{i}]") for i, t in enumerate([
        "resolution:SC 2370 (2017)", "resolution:GA 56/24 V", "decision:GA 60/519",
        "recommendation:CTOC/COP/WG.6/2017/4#23"]))))])
    assert resolve(graph, ref).node == node


@settings(max_examples=200, deadline=None)
@example("1/2\n3")
@given(st.text(alphabet=st.sampled_from(list("0123456789/¶#第号决议定 :ACDEGOPRSTW.()_-resolutionＣ／")), max_size=30)
       | st.text(max_size=20))
def test_any_reference_resolves_or_fails_with_one_of_two_errors(ref):
    graph = chain()
    try:
        target = resolve(graph, ref)
    except (ValueError, NotFoundError) as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert target.node in graph
