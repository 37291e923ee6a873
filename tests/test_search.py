"""Search through the facade on hand-built documents: hits, phrases, boolean queries, filters, facets,
snippets, index life cycle (missing / corrupt / stale -> rebuilt with a message; incremental add)."""

from __future__ import annotations

import json
import os
import re
import shutil
import time

import pytest
from doc_factory import document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.search import INDEX_DIR, MARKER, parse_years
from ingest.errors import WgkbError
from ingest.records import Citation, Paragraph
from wgkb.cli import main

TEXTS_2031 = (
    "工作组建议缔约国加强枪支标识和记录保存制度，并回顾第 9/2 号决议。",
    "毒品和犯罪问题办公室（UNODC）继续提供技术援助，协助追查非法枪支。",
    "各国应保存记录至少十年，并指定单一联络点。",
)
TEXTS_2029 = (
    "缔约方会议请秘书处就暗网贩运枪支问题编写报告，见 CTOC/COP/WG.6/2028/4 号文件。",
    "标识要求适用于进口枪支；另见可持续发展目标具体目标 16.4 和指标 16.4.2。",
)


def put(kb, *docs):
    """Store documents the way the facade does: one write each, then the index hook."""
    for doc in docs:
        kb.store.put_document(doc)
    kb._on_documents_changed(list(docs), [])


@pytest.fixture
def two_docs(kb, engine_name):
    kb.use_engine(engine_name)
    cited = document("CTOC/COP/WG.6/2029/2", TEXTS_2029, source="hand/2029.txt", date="2029-03-01",
                     doc_type="report", footnote="见国际刑警组织网站 www.interpol.int/firearms。")
    first = document("CTOC/COP/WG.6/2031/7", TEXTS_2031, source="hand/2031.txt")
    cites = first.paragraphs[1]
    cites = Paragraph(**{**cites.__dict__, "citations": (
        Citation("recommendation:CTOC/COP/WG.6/2029/2#23", "建议 23", 0, 5, "pursuant_to"),
        Citation("document:CTOC/COP/WG.6/2028/4", "CTOC/COP/WG.6/2028/4", 0, 5)),
        "roles": ("mandate",), "addressee": "毒品和犯罪问题办公室"})
    first = first.with_paragraphs((first.paragraphs[0], cites, *first.paragraphs[2:]))
    put(kb, first, cited)
    return kb


def ids(results) -> list[str]:
    return [h.paragraph_id for h in results.hits]


def test_hit_carries_the_contract_fields(two_docs):
    results = two_docs.search("记录保存")
    hit = results.hits[0]
    assert hit.paragraph_id == "document:CTOC/COP/WG.6/2031/7¶1"
    assert hit.label == "CTOC/COP/WG.6/2031/7, para. 1"
    assert hit.document_id == "document:CTOC/COP/WG.6/2031/7" and hit.key == "1"
    assert "【记录保存】" in hit.snippet and hit.text == TEXTS_2031[0]
    assert hit.roles == ("recommendation",) and hit.kind == "numbered" and hit.year == 2031
    assert hit.score > 0 and hit.doc_type == "background_paper"
    data = json.loads(json.dumps(results.to_dict(), ensure_ascii=False))
    assert set(data["hits"][0]) >= {"paragraph_id", "document_id", "key", "label", "score", "snippet",
                                    "text", "roles", "kind", "doc_type", "year", "addressee"}


@pytest.mark.parametrize("query, expected", [
    ("记录", {"document:CTOC/COP/WG.6/2031/7¶1", "document:CTOC/COP/WG.6/2031/7¶3"}),  # 记录保存 + 保存记录
    ('"保存记录"', {"document:CTOC/COP/WG.6/2031/7¶3"}),          # exactly the string
    ('"记录保存"', {"document:CTOC/COP/WG.6/2031/7¶1"}),
    ('"录保"', {"document:CTOC/COP/WG.6/2031/7¶1"}),               # across jieba's word boundary
    ("标识 AND 进口", {"document:CTOC/COP/WG.6/2029/2¶2"}),
    ("标识 NOT 进口", {"document:CTOC/COP/WG.6/2031/7¶1"}),
    ("标识 -进口", {"document:CTOC/COP/WG.6/2031/7¶1"}),
    ("暗网 OR 单一联络点", {"document:CTOC/COP/WG.6/2029/2¶1", "document:CTOC/COP/WG.6/2031/7¶3"}),
    ("UNODC", {"document:CTOC/COP/WG.6/2031/7¶2"}),
    ("INTERPOL", {"document:CTOC/COP/WG.6/2029/2¶fn1"}),
    ("dark web", {"document:CTOC/COP/WG.6/2029/2¶1"}),
    ("single point of contact", {"document:CTOC/COP/WG.6/2031/7¶3"}),
    ("記錄保存", {"document:CTOC/COP/WG.6/2031/7¶1", "document:CTOC/COP/WG.6/2031/7¶3"}),
    ("16.4.2", {"document:CTOC/COP/WG.6/2029/2¶2"}),
    ("SDG 16.4", {"document:CTOC/COP/WG.6/2029/2¶2"}),
    ("9/2", {"document:CTOC/COP/WG.6/2031/7¶1"}),                  # cited (factory citation) and in text
    ("建议 23", {"document:CTOC/COP/WG.6/2031/7¶2"}),               # only through the cited-target field
    ("CTOC/COP/WG.6/2028/4", {"document:CTOC/COP/WG.6/2029/2¶1", "document:CTOC/COP/WG.6/2031/7¶2"}),
])
def test_queries_find_exactly(two_docs, query, expected):
    assert set(ids(two_docs.search(query))) == expected


@pytest.mark.parametrize("query", ['"枪支', "(标识", "标识)", "*", "AND OR", "NOT", '"', "-", "((标识 OR"])
def test_malformed_queries_do_not_raise(two_docs, query):
    two_docs.search(query)


def test_facets_count_the_whole_result_set_not_the_page(two_docs):
    results = two_docs.search("枪支", limit=1)
    assert len(results.hits) == 1 and results.total == 4
    assert results.facets["year"] == {"2029": 2, "2031": 2}
    assert results.facets["role"] == {"mandate": 1, "recommendation": 2}
    assert sum(results.facets["document"].values()) == results.total


@pytest.mark.parametrize("filters, expected", [
    ({"year": 2029}, 2), ({"year": "2030..2031"}, 2), ({"year": (2020, 2035)}, 4),
    ({"doc_type": "report"}, 2), ({"role": "mandate"}, 1), ({"addressee": "毒品和犯罪问题办公室"}, 1),
    ({"doc": "CTOC/COP/WG.6/2029/2"}, 2), ({"kind": "numbered", "year": 2031}, 2),
])
def test_filters(two_docs, filters, expected):
    assert two_docs.search("枪支", **filters).total == expected


def test_bad_filter_values_are_one_line_errors(two_docs):
    with pytest.raises(WgkbError, match="year '20x'"):
        two_docs.search("枪支", year="20x")
    with pytest.raises(WgkbError, match="recommendation, mandate, followup"):
        two_docs.search("枪支", role="wish")
    assert parse_years("2018..2014") == (2014, 2018)


def test_an_empty_knowledge_base_answers_nothing(kb, engine_name, capsys):
    kb.use_engine(engine_name)
    results = kb.search("标识")
    assert results.total == 0 and results.hits == [] and results.facets["year"] == {}
    assert kb.similar("标识") == []
    assert main(["--home", str(kb.home), "search", "标识"]) == 1
    assert f"empty knowledge base at {kb.home}: run 'wgkb ingest' first" in capsys.readouterr().err


def test_paging(two_docs):
    everything = ids(two_docs.search("枪支", limit=10))
    assert ids(two_docs.search("枪支", limit=2, offset=2)) == everything[2:4]


def test_similar_suggests_related_paragraphs_elsewhere(two_docs):
    hits = two_docs.similar("加强枪支标识制度", exclude_document="document:CTOC/COP/WG.6/2031/7")
    assert hits and all(h.document_id != "document:CTOC/COP/WG.6/2031/7" for h in hits)
    assert hits[0].paragraph_id == "document:CTOC/COP/WG.6/2029/2¶2"


# ---- index life cycle -------------------------------------------------------------------------
def test_adding_a_document_updates_the_index_incrementally(two_docs, capsys):
    capsys.readouterr()
    built = json.loads((two_docs.home / INDEX_DIR / MARKER).read_text())["built"]
    new = document("CTOC/COP/WG.6/2032/1", ("关于枪支停用标准的新段落。",), source="hand/2032.txt", footnote=None)
    put(two_docs, new)
    assert ids(two_docs.search("停用")) == ["document:CTOC/COP/WG.6/2032/1¶1"]
    assert "rebuild" not in capsys.readouterr().err
    assert json.loads((two_docs.home / INDEX_DIR / MARKER).read_text())["built"] >= built
    two_docs.store.delete_document(new.id)
    two_docs._on_documents_changed([], [new.id])
    assert two_docs.search("停用").total == 0


def test_replacing_a_document_leaves_no_old_paragraphs(two_docs):
    changed = document("CTOC/COP/WG.6/2031/7", ("只剩一段，谈弹药。",), source="hand/2031.txt", footnote=None)
    put(two_docs, changed)
    assert two_docs.search("记录保存").total == 0
    assert ids(two_docs.search("弹药")) == ["document:CTOC/COP/WG.6/2031/7¶1"]


@pytest.mark.parametrize("damage", ["missing", "corrupt", "stale", "marker"])
def test_broken_or_stale_index_is_rebuilt_with_a_message(two_docs, capsys, damage):
    path = two_docs.home / INDEX_DIR
    two_docs.search_index.close()
    if damage == "missing":
        shutil.rmtree(path)
    elif damage == "corrupt":
        for f in path.iterdir():
            if f.name != MARKER:
                f.write_bytes(b"\x00garbage")
    elif damage == "stale":  # a write the index never heard of, a while ago (no ingest running)
        two_docs.store.put_document(document("CTOC/COP/WG.6/2033/1", ("后来写入的停用段落。",),
                                             source="hand/2033.txt", footnote=None))
        for store_file in two_docs.home.glob(two_docs.STORE_FILE + "*"):
            os.utime(store_file, (time.time() - 60, time.time() - 60))
    else:
        (path / MARKER).write_text("{not json")
    capsys.readouterr()
    results = two_docs.search('"停用"' if damage == "stale" else '"记录保存"')
    assert results.total == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines  # one line for the whole rebuild, written when it is done
    assert re.fullmatch(r"wgkb: search index rebuilt from the store \(.+\): \d+ paragraphs of [23] documents "
                        r"in \d+\.\d s", lines[0]), lines


def test_an_index_just_behind_a_running_ingest_is_searched_as_it_is(two_docs, capsys):
    from index.search import ingest_running

    with ingest_running(two_docs.home):
        two_docs.store.put_document(document("CTOC/COP/WG.6/2033/1", ("刚写入、钩子尚未运行的段落。",),
                                             source="hand/2033.txt", footnote=None))
        capsys.readouterr()
        assert two_docs.search('"记录保存"').total == 1  # the old index answers at once
        assert "rebuil" not in capsys.readouterr().err
    assert two_docs.search('"钩子尚未运行"').total == 1  # no ingest running: caught up at once


def test_a_write_just_now_with_no_ingest_running_is_searchable_at_once(two_docs):
    """A killed ingest leaves the store just written and no hook run: file times say nothing."""
    two_docs.store.put_document(document("CTOC/COP/WG.6/2033/1", ("被杀死的导入留下的段落。",),
                                         source="hand/2033.txt", footnote=None))
    assert two_docs.search('"被杀死的导入"').total == 1
    two_docs.store.delete_document("document:CTOC/COP/WG.6/2033/1")
    assert two_docs.search('"被杀死的导入"').total == 0


def test_an_index_of_another_store_at_the_same_generation_is_rebuilt(two_docs, tmp_path):
    from index.store import Store

    generation = two_docs.store.generation
    two_docs.search_index.close()
    two_docs.store.close()
    for store_file in two_docs.home.glob(two_docs.STORE_FILE + "*"):
        store_file.unlink()
    with Store(two_docs.home / two_docs.STORE_FILE) as store:
        for n in range(generation):
            store.put_document(document(f"CTOC/COP/WG.6/2040/{n}", ("全新存储里的段落。",),
                                        source=f"hand/2040_{n}.txt", footnote=None))
    fresh = type(two_docs).open(two_docs.home)
    try:
        assert fresh.store.generation == generation
        assert fresh.search('"记录保存"').total == 0
        assert fresh.search('"全新存储"').total == generation
    finally:
        fresh.close()


def test_the_corrupt_index_is_rebuilt_even_when_the_marker_looks_fine(two_docs, capsys):
    path = two_docs.home / INDEX_DIR
    two_docs.search_index.close()
    for f in path.iterdir():  # every file of the engine's own, the marker left as it was
        if f.is_file() and f.name != MARKER:
            f.write_bytes(b"garbage")
    assert two_docs.search('"记录保存"').total == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "search index rebuilt from the store (unreadable" in lines[0], lines


# ---- CLI --------------------------------------------------------------------------------------
def test_cli_search_prints_labels_snippets_and_facets(two_docs, capsys):
    assert main(["--home", str(two_docs.home), "search", "记录保存", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "1. CTOC/COP/WG.6/2031/7, para. 1" in out and "【记录保存】" in out
    assert "paragraphs match" in out


def test_cli_search_json_and_filters(two_docs, capsys):
    assert main(["--home", str(two_docs.home), "search", "枪支", "--year", "2029", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 2 and {h["year"] for h in data["hits"]} == {2029}
    assert main(["--home", str(two_docs.home), "search", "枪支", "--year", "soon"]) == 1
    assert "year 'soon'" in capsys.readouterr().err


def test_cli_search_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "--year" in out and "【】" in out


# ---- property: a quoted phrase finds exactly the paragraphs containing the string ------------
PHRASE_TEXTS = TEXTS_2031 + TEXTS_2029 + (
    "为枪支标识和记录保存提供支持，仍然是大多数国家的一个优先事项。",
    "各国应保存枪支记录，并就 CTOC/COP/WG.6/2014/4 号文件所载建议采取行动。",
    "非法制造的枪支（包括 3D 打印枪支）无法追查。",
)


@pytest.fixture(scope="module", params=("whoosh", "tantivy"))
def phrase_kb(tmp_path_factory, request):
    from wgkb.facade import KnowledgeBase

    kb = KnowledgeBase.open(tmp_path_factory.mktemp("phrases"))
    kb.use_engine(request.param)
    put(kb, document("CTOC/COP/WG.6/2035/1", PHRASE_TEXTS, source="hand/2035.txt", footnote=None))
    yield kb
    kb.close()


@pytest.mark.parametrize("phrase", ["具体目标 16.", "目标 16.4", "另见可持续发展目标"])
def test_a_quoted_phrase_holding_a_vocabulary_name_stays_exactly_its_string(phrase_kb, phrase):
    """A multi-word name inside quotes (目标 16 is an alias of SDG 16) is not lifted out of the phrase:
    the phrase still finds exactly the paragraphs containing it (hypothesis found "具体目标 16." lost)."""
    squashed = re.sub(r"\s", "", phrase)
    expected = {f"document:CTOC/COP/WG.6/2035/1¶{n}" for n, t in enumerate(PHRASE_TEXTS, 1)
                if squashed in re.sub(r"\s", "", t)}
    assert expected and set(ids(phrase_kb.search(f'"{phrase}"', limit=50))) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(PHRASE_TEXTS) - 1), st.integers(0, 60), st.integers(1, 8))
def test_quoted_phrase_finds_exactly_the_paragraphs_containing_it(phrase_kb, which, start, length):
    text = PHRASE_TEXTS[which]
    phrase = text[start % len(text):start % len(text) + length].strip()
    if not phrase or '"' in phrase or not re.search(r"\w", phrase):
        return
    squashed = re.sub(r"\s", "", phrase).lower()
    expected = {f"document:CTOC/COP/WG.6/2035/1¶{n}" for n, t in enumerate(PHRASE_TEXTS, 1)
                if squashed in re.sub(r"\s", "", t).lower()}
    assert set(ids(phrase_kb.search(f'"{phrase}"', limit=50))) == expected, phrase


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('枪支标识記錄 "()*-ANDORT/1.6a第号决议建议“”？UNODC\\[]^~:')), max_size=25))
def test_search_never_raises(phrase_kb, query):
    results = phrase_kb.search(query, limit=3)
    assert results.total >= len(results.hits)
