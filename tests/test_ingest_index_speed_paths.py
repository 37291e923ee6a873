"""The fast paths of ingest + indexing give the same index as the plain ones, and the index follows
the store without misleading messages or tracebacks: built once (not "rebuilt") on the first ingest
into an empty home, and a failed index update is one notice, then a rebuild on the next search."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_run import wgkb
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, query

from index import whoosh_engine as engine
from index.analysis import TokenizedText, analyse, index_terms, segment
from index.search import SearchIndex
from wgkb import ingest_pool
from wgkb.facade import KnowledgeBase
from wgkb.ingest_pool import ParsePool

#: Small documents of our own (other years, a symbol, a web address, full-width letters).
TEXTS = {
    "wg6_2031_note.txt": "枪支问题工作组\n\n1. 工作组建议各国加强记录保存和标识。\n\n"
                         "2. 请毒品和犯罪问题办公室继续提供技术援助，见 CTOC/COP/WG.6/2030/4。\n",
    "wg6_2032_note.txt": "枪支问题工作组\n\n1. 各国应当打击通过暗网贩运枪支，参见 www.unodc.org/firearms。\n\n"
                         "2. 可持续发展目标 16.4 要求减少非法武器流动；ＵＮＯＤＣ 报告了进展。\n",
    "wg6_2033_note.txt": "枪支问题工作组\n\n1. 缔约方会议第 11/6 号决议请各国交流关于停用枪支的信息。\n",
}


def write_corpus(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        path.write_text(TEXTS[name], encoding="utf-8")
        paths.append(path)
    return paths


def notices(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("wgkb: ") and not line.startswith("wgkb: error:")]


# ---- the text field's counted terms -----------------------------------------------------------
PLAIN_TEXT = fields.TEXT(analyzer=engine.JiebaTokensTokenizer(), phrase=False, stored=True)
FAST_TEXT = engine.TokensText(analyzer=engine.JiebaTokensTokenizer(), phrase=False, stored=True)


@pytest.mark.parametrize("text", [
    "工作组建议各国加强记录保存和标识。",
    "见 CTOC/COP/WG.6/2014/4 和 www.unodc.org/firearms-protocol 以及第 11/6 号决议",
    "ＵＮＯＤＣ 和 INTERPOL 在 2016 年 (a) 项下报告了 16.4.2 指标",
    "",
    "。，、 ",
])
def test_fast_text_field_indexes_what_whoosh_would(text: str) -> None:
    assert_indexes_as_whoosh(TokenizedText(text, segment(text)))
    assert index_terms(text, segment(text)) == [t for t, *_ in analyse(text, segment(text))]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("枪支记录保存标识议定书工作组建议毒品和犯罪问题办公室abcXYZ019./-: 　，。ＡＢ１")),
               max_size=40))
def test_fast_text_field_matches_on_any_text(text: str) -> None:
    assert_indexes_as_whoosh(TokenizedText(text, segment(text)))


def assert_indexes_as_whoosh(value: TokenizedText) -> None:
    """The field's fast ``index`` gives what whoosh's own path gives with its format (``Weights``:
    empty values), and the terms, frequencies and weights of whoosh's ``TEXT`` (``Frequency``)."""
    fast = sorted(FAST_TEXT.index(value))
    assert fast == sorted(fields.TEXT.index(FAST_TEXT, value))
    assert [(t, f, w) for t, f, w, _ in fast] == sorted((t, f, w) for t, f, w, _ in PLAIN_TEXT.index(value))
    assert all(v == b"" for *_, v in fast)


def test_cached_lengths_give_the_same_scores(tmp_path: Path) -> None:
    """BM25 scores of an index written with the cached-length writer equal those of whoosh's own."""
    from whoosh import index as whoosh_index

    from index.whoosh_postings import Codec

    docs = [TokenizedText(t, segment(t)) for text in TEXTS.values() for t in text.split("\n\n")]
    scores = []
    for name, make in (("fast", engine.writer),
                       ("plain", lambda ix: ix.writer(codec=Codec()))):
        ix = whoosh_index.create_in(str(tmp_path), engine.schema(), indexname=name)
        w = make(ix)
        for n, text in enumerate(docs):
            w.add_document(pid=str(n), document="d", kind="body", doc_type="", year="", body="",
                           roleset="", addressee="", text=text, _stored_text=str(text))
        w.commit()
        with ix.searcher() as s:
            found = s.search(query.Or([query.Term("text", t) for t in ("枪支", "各国", "记录")]), limit=None)
            scores.append([(hit["pid"], round(hit.score, 9)) for hit in found])
    assert scores[0] == scores[1] and len(scores[0]) >= 4


# ---- first ingest into an empty home --------------------------------------------------------
def test_first_ingest_builds_the_index_once_with_one_plain_line(tmp_path: Path, monkeypatch) -> None:
    rebuilds: list[str] = []
    original = SearchIndex._rebuild_locked
    monkeypatch.setattr(SearchIndex, "_rebuild_locked",
                        lambda self, reason: rebuilds.append(reason) or original(self, reason))
    monkeypatch.setattr(KnowledgeBase, "HOOK_BATCH", 2)  # the first batch builds, the second updates
    folder = tmp_path / "docs"
    write_corpus(folder, list(TEXTS))
    run = wgkb(tmp_path / "home", "ingest", folder)
    assert run.code == 0, run.err
    assert notices(run.err) == ["wgkb: building the search index…"]
    assert rebuilds == []
    kb = KnowledgeBase.open(tmp_path / "home")
    stored = sum(len(d.paragraphs) for d in kb.store.iter_documents())
    assert kb.search_index.stale_reason() is None
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(kb.search_index.path))
    assert ix.doc_count() == stored  # every paragraph once, none twice
    ix.close()
    assert kb.search("停用").total == 1 and kb.search("暗网").total == 1
    kb.close()


# ---- a failed index update -----------------------------------------------------------------
def test_failed_index_update_is_one_notice_and_the_next_search_rebuilds(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "docs"
    write_corpus(folder, ["wg6_2031_note.txt"])
    home = tmp_path / "home"
    assert wgkb(home, "ingest", folder).code == 0

    def disk_full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SearchIndex, "_write_changes", disk_full)
    monkeypatch.setattr(SearchIndex, "_build_fresh", disk_full)
    write_corpus(folder, ["wg6_2032_note.txt", "wg6_2033_note.txt"])
    run = wgkb(home, "ingest", folder)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    assert notices(run.err) == ["wgkb: search index update failed: [Errno 28] No space left on device; "
                                "it will be rebuilt on the next search"]
    kb = KnowledgeBase.open(home)
    assert len(kb.documents()) == 3  # the store kept every document
    kb.close()

    monkeypatch.undo()
    run = wgkb(home, "search", "停用")  # right after the ingest: stale by the failure, not "busy"
    assert run.code == 0, run.err
    assert len(notices(run.err)) == 1  # the rebuild is one line, written when it is done
    assert notices(run.err)[0].startswith("wgkb: search index rebuilt from the store (not updated after an error")
    assert "第 11/6 号决议" in run.out
    again = wgkb(home, "search", "暗网")
    assert again.code == 0 and notices(again.err) == [] and "暗网" in again.out


# ---- parsing in worker processes -----------------------------------------------------------
def _die_in_worker(*args: object) -> None:
    """Stands in for the worker's parse: the worker process dies (killed, out of memory)."""
    os._exit(3)


def pool_corpus(folder: Path) -> list[Path]:
    paths = write_corpus(folder, list(TEXTS))
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    return paths


def ingest_with(workers: str, home: Path, folder: Path, monkeypatch) -> tuple[KnowledgeBase, list, list]:
    monkeypatch.setenv("WGKB_INGEST_WORKERS", workers)
    monkeypatch.setattr(ingest_pool, "MIN_FILES", 3)  # our folders hold 3–5 files
    kb = KnowledgeBase.open(home)
    seen: list[tuple[int, int, str]] = []
    report = kb.ingest([folder], progress=lambda done, total, r: seen.append((done, total, r.path)))
    rows = [(Path(r.path).name, r.status, r.document_id, r.reason, r.paragraphs) for r in report.results]
    return kb, rows, seen


def test_parsing_workers_store_exactly_what_the_main_process_would(tmp_path: Path, monkeypatch) -> None:
    submitted: list[str] = []
    original = ParsePool.submit
    monkeypatch.setattr(ParsePool, "submit",
                        lambda self, path, entry, shown: submitted.append(path.name) or original(self, path, entry, shown))
    pool_corpus(tmp_path / "docs")
    alone, rows_alone, seen_alone = ingest_with("0", tmp_path / "alone", tmp_path / "docs", monkeypatch)
    assert submitted == []
    pooled, rows_pooled, seen_pooled = ingest_with("2", tmp_path / "pooled", tmp_path / "docs", monkeypatch)
    assert sorted(submitted) == sorted([*TEXTS, "empty.txt", "binary.txt"])  # the workers parsed them
    assert rows_pooled == rows_alone
    assert {r[0]: r[3] for r in rows_pooled if r[1] == "error"} == {
        "binary.txt": "binary file, not text (is it named with the wrong extension?)", "empty.txt": "empty file"}
    assert [s[:2] for s in seen_pooled] == [(n, 5) for n in range(1, 6)] and seen_pooled == seen_alone
    assert pooled.export() == alone.export()
    assert pooled.search("暗网").total == alone.search("暗网").total == 1

    submitted.clear()
    _, again, _ = ingest_with("2", tmp_path / "pooled", tmp_path / "docs", monkeypatch)
    assert sorted(submitted) == ["binary.txt", "empty.txt"]  # only the files never stored are parsed again
    assert [r[1] for r in again if r[1] != "error"] == ["unchanged"] * 3
    alone.close()
    pooled.close()


def test_a_run_with_nothing_to_parse_loads_no_models_and_starts_no_workers(tmp_path: Path, monkeypatch) -> None:
    """A warm re-ingest (every file unchanged) never loads jieba and spaCy for workers it does not
    need; the first file that needs parsing does, once."""
    loads: list[int] = []
    monkeypatch.setattr(ingest_pool, "preload", lambda: loads.append(1))
    write_corpus(tmp_path / "docs", list(TEXTS))
    first, rows, _ = ingest_with("2", tmp_path / "home", tmp_path / "docs", monkeypatch)
    first.close()
    assert [r[1] for r in rows] == ["ok"] * 3 and loads == [1]
    again, rows, _ = ingest_with("2", tmp_path / "home", tmp_path / "docs", monkeypatch)
    assert [r[1] for r in rows] == ["unchanged"] * 3 and loads == [1]
    again.close()
    edited = tmp_path / "docs" / next(iter(TEXTS))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n3. 新增一段：各国交流信息。\n", encoding="utf-8")
    changed, rows, _ = ingest_with("2", tmp_path / "home", tmp_path / "docs", monkeypatch)
    assert sorted(r[1] for r in rows) == ["ok", "unchanged", "unchanged"] and loads == [1, 1]
    changed.close()


def test_a_dying_worker_falls_back_to_parsing_here(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ingest_pool, "_parse_in_worker", _die_in_worker)
    fallbacks: list[str] = []
    original = ParsePool.result
    monkeypatch.setattr(ParsePool, "result", staticmethod(lambda future, fallback: original(
        future, lambda: fallbacks.append("here") or fallback())))
    write_corpus(tmp_path / "docs", list(TEXTS))
    kb, rows, _ = ingest_with("2", tmp_path / "home", tmp_path / "docs", monkeypatch)
    assert fallbacks == ["here"] * 3  # the pool was used, its workers died, each file parsed here
    assert [r[1] for r in rows] == ["ok"] * 3
    assert kb.search("停用").total == 1
    kb.close()


@pytest.mark.parametrize("setting, expected", [("0", 0), ("3", 3), ("lots", 0), ("-1", 0)])
def test_worker_count_setting(monkeypatch, setting: str, expected: int) -> None:
    monkeypatch.setenv("WGKB_INGEST_WORKERS", setting)
    assert ingest_pool.worker_count() == expected


@pytest.mark.parametrize("cpus, expected", [({0}, 0), ({0, 1}, ingest_pool.DEFAULT_WORKERS), ({1, 2, 3}, ingest_pool.DEFAULT_WORKERS)])
def test_default_workers_follow_the_cpus_this_process_may_use(monkeypatch, cpus: set, expected: int) -> None:
    """One usable CPU (``taskset -c 0``, a one-CPU cpuset) on a bigger machine: no workers."""
    monkeypatch.delenv("WGKB_INGEST_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cpus, raising=False)
    assert ingest_pool.worker_count() == expected


def test_no_workers_for_few_files_or_a_threaded_process(monkeypatch) -> None:
    import threading

    monkeypatch.setenv("WGKB_INGEST_WORKERS", "2")
    with ingest_pool.parse_pool(ingest_pool.MIN_FILES - 1) as pool:
        assert pool is None
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with ingest_pool.parse_pool(10) as pool:
            assert pool is None  # forking a threaded process (the app) is not safe
    finally:
        stop.set()
        thread.join()
