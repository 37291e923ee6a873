"""The judging tools (bench/pool.py): queries file checks, a pool written and its grades merged into a
judged set that index.evaluation reads back, anchors of unnumbered paragraphs resolving to them."""

from __future__ import annotations

import tomllib

import pytest

from bench.pool import load_queries, merge, write_pool
from index.evaluation import anchor, load_judged, resolve


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_queries_file_errors_name_the_entry(tmp_path):
    ok = write(tmp_path / "q.toml", '[[query]]\nid = "a"\nkind = "keyword"\nq = "标识"\n'
               '[[query]]\nkind = "filters"\nq = "建议"\nfilters = { year = "2014..2018" }\n')
    queries = load_queries(ok)
    assert [q["id"] for q in queries] == ["a", "q002"] and queries[1]["filters"] == {"year": "2014..2018"}
    for body, reason in (('kind = "poem"\nq = "x"', "kind 'poem'"), ('kind = "keyword"', "no query text"),
                         ('kind = "keyword"\nq = "x"\nfilters = { colour = "red" }', "colour")):
        bad = write(tmp_path / "bad.toml", "[[query]]\n" + body + "\n")
        with pytest.raises(ValueError, match=reason):
            load_queries(bad)


def pooled():
    passage = {"ref": "document:X¶1", "paragraph_kind": "numbered", "section": "一. 导言", "label": "X, para. 1",
               "text": "第一行\n第二行 '引号' \"双引号\""}
    return [{"id": "a", "kind": "keyword", "q": '"标识" 追查', "filters": {"year": "2014..2018"},
             "passages": [passage, {**passage, "ref": "document:X@标题", "text": "标题"}]}]


def test_pool_written_graded_and_merged(tmp_path):
    pool = tmp_path / "pool.toml"
    write_pool(pooled(), pool, 20)
    data = tomllib.loads(pool.read_text(encoding="utf-8"))
    passage = data["query"][0]["passage"][0]
    assert passage["text"] == "第一行\n第二行 '引号' \"双引号\"" and passage["grade"] == -1
    assert "engine" not in pool.read_text(encoding="utf-8").split("[[query]]", 1)[1]
    into = tmp_path / "judged.toml"
    with pytest.raises(ValueError, match="2 passages not graded"):
        merge(pool, into, allow_ungraded=False)
    write(pool, pool.read_text(encoding="utf-8").replace("grade = -1", "grade = 2", 1).replace("grade = -1", "grade = 0"))
    assert merge(pool, into, allow_ungraded=False) == (1, 2)
    [item] = load_judged(into)
    assert (item.id, item.kind, item.q, item.filters) == ("a", "keyword", '"标识" 追查', {"year": "2014..2018"})
    assert item.relevant == {"document:X¶1": 2, "document:X@标题": 0}
    write(pool, pool.read_text(encoding="utf-8").replace("grade = 2", "grade = 5"))
    with pytest.raises(ValueError, match="0, 1 or 2"):
        merge(pool, into, allow_ungraded=False)


def test_anchors_of_unnumbered_paragraphs_resolve_to_them(corpus_kb):
    from index.evaluation import Judged

    for document in corpus_kb.store.iter_documents():
        for p in document.paragraphs:
            ref = anchor(document, p.key)
            [item] = resolve([Judged("q", {ref: 1})], [document])
            assert document.paragraph_id(p.key) in item.relevant, ref
