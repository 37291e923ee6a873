"""One semantics, two engines: whoosh and tantivy answer every test query with the same paragraphs and
facets on the bundled corpus, rank the judged set alike, and a home records and converts its engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_home

from index.engine import ENGINES, get
from index.evaluation import K, answerable, evaluate, load_judged, mean, resolve
from ingest.errors import WgkbError
from wgkb.cli import main
from wgkb.facade import KnowledgeBase

JUDGED = Path(__file__).with_name("judged_queries.toml")
#: The largest difference of mean nDCG@10 between engines on the judged set (issue 12).
MAX_NDCG_GAP = 0.01
#: Queries of every kind the query language has, besides the judged set's.
QUERIES = (
    "枪支", "标识", "记录保存", '"记录保存"', '"录保"', '"建议 23"', "建议 23", "11/6", "第 11/6 号决议",
    "CTOC/COP/WG.6/2014/4", "标识 AND 记录", "标识 NOT 进口", "标识 -记录", "暗网 OR 3D", "(标识 OR 追查) AND 枪支",
    "UNODC", "毒品和犯罪问题办公室", "record-keeping", "dark web", "記錄保存", "16.4.2", "工作组关于标识有何建议？",
    '"枪支', "((标识 OR", "NOT", "*", "www.unodc.org", "the", "的",
)
FILTERS = ({}, {"role": "mandate"}, {"year": (2014, 2018)}, {"doc_type": "resolution"},
           {"kind": "footnote"}, {"role": "recommendation", "year": 2016})


@pytest.fixture(scope="module")
def engines(corpus_kb, tmp_path_factory) -> dict[str, KnowledgeBase]:
    """The bundled corpus under each engine (read-only)."""
    out = {}
    for name in ENGINES:
        if name == corpus_kb.engine:
            out[name] = corpus_kb
        else:
            out[name] = copy_home(corpus_kb, tmp_path_factory.mktemp(f"engines_{name}"))
            out[name].reindex(name)
    yield out
    for kb in out.values():
        if kb is not corpus_kb:
            kb.close()


def everything(kb: KnowledgeBase, query: str, **filters) -> tuple[set[str], dict]:
    first = kb.search(query, limit=1, **filters)
    results = kb.search(query, limit=max(first.total, 1), **filters)
    assert results.total == len(results.hits) == first.total
    return {h.paragraph_id for h in results.hits}, results.facets


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "unfiltered")
def test_both_engines_find_the_same_paragraphs_and_facets(engines, filters):
    judged = [j.q for j in load_judged(JUDGED)]
    for query in (*QUERIES, *judged):
        answers = {name: everything(kb, query, **filters) for name, kb in engines.items()}
        (first, (ids, facets)), *others = answers.items()
        for name, (other_ids, other_facets) in others:
            assert other_ids == ids, (query, filters, name, sorted(ids ^ other_ids)[:4])
            assert other_facets == facets, (query, filters, name)


def test_both_engines_rank_the_judged_set_alike(engines, corpus_kb):
    judged = answerable(resolve(load_judged(JUDGED), corpus_kb.store.iter_documents()))
    means = {}
    for name, kb in engines.items():
        scores = evaluate(lambda q, k, kb=kb, **f: [h.paragraph_id for h in kb.search(q, limit=k, **f).hits],
                          judged, K)
        means[name] = mean(s.ndcg for s in scores)
    assert max(means.values()) - min(means.values()) <= MAX_NDCG_GAP, means


def test_a_new_home_records_its_engine_and_reindex_converts_it(tmp_path, capsys):
    home = tmp_path / "home"
    source = Path(__file__).resolve().parent.parent / "corpus" / "CTOC_COP_WG.6_2014_2.txt"
    assert main(["--home", str(home), "ingest", str(source), "--engine", "tantivy"]) == 0
    kb = KnowledgeBase.open(home)
    assert kb.engine == "tantivy" and kb.store.setting("engine") == "tantivy"
    before = {h.paragraph_id for h in kb.search("枪支", limit=500).hits}
    assert before
    with pytest.raises(WgkbError, match="reindex --engine whoosh"):
        kb.use_engine("whoosh")
    kb.close()
    capsys.readouterr()
    assert main(["--home", str(home), "reindex", "--engine", "whoosh"]) == 0
    assert "with whoosh" in capsys.readouterr().out
    kb = KnowledgeBase.open(home)
    assert kb.engine == "whoosh" and {h.paragraph_id for h in kb.search("枪支", limit=500).hits} == before
    kb.close()


def test_an_unknown_engine_is_a_one_line_error(kb, capsys):
    with pytest.raises(WgkbError, match="choose one of whoosh, tantivy"):
        kb.use_engine("lucene")
    with pytest.raises(ValueError, match="choose one of"):
        get("lucene")
    with pytest.raises(SystemExit):
        main(["--home", str(kb.home), "reindex", "--engine", "lucene"])
    assert "invalid choice" in capsys.readouterr().err


def test_another_process_converting_the_home_is_followed(kb, tmp_path):
    kb.use_engine("whoosh")
    kb.ingest([Path(__file__).resolve().parent.parent / "corpus" / "CTOC_COP_WG.6_2014_2.txt"])
    assert kb.search("枪支").total
    other = KnowledgeBase.open(kb.home)
    other.reindex("tantivy")
    other.close()
    assert kb.search("枪支").total and kb.engine == "tantivy"
    assert '"engine": "tantivy"' in (kb.home / "index" / "wgkb-index.json").read_text()
