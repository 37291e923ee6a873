"""User corrections (index/overrides.py, wgkb edit/remove): stored apart, applied on every read, kept
by re-ingest and --force, and removal takes an uploaded file with it but never a corpus file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_run import wgkb

from ingest.errors import WgkbError
from wgkb.facade import KnowledgeBase

SEED = "WG6_2023_background_international_cooperation.txt"


@pytest.fixture()
def kb(tmp_path: Path, corpus_dir: Path):
    folder = tmp_path / "files"
    folder.mkdir()
    shutil.copy(corpus_dir / SEED, folder / SEED)
    base = KnowledgeBase.open(tmp_path / "home")
    base.ingest([folder])
    yield base
    base.close()


def _only(kb: KnowledgeBase):
    (doc,) = kb.documents()
    return doc


def test_a_correction_is_applied_everywhere_and_survives_reingest_and_force(kb: KnowledgeBase, tmp_path: Path) -> None:
    doc = _only(kb)
    assert doc.symbol is None
    kb.edit(doc.id, symbol="CTOC/COP/WG.6/2023/2", title="国际合作背景文件", doc_type="note")
    for _ in range(2):
        again = kb.document("CTOC/COP/WG.6/2023/2")
        assert (again.id, again.symbol, again.title, again.doc_type) == (
            doc.id, "CTOC/COP/WG.6/2023/2", "国际合作背景文件", "note")
        hit = kb.search("单一联络点", limit=1).hits[0]
        assert hit.label.startswith("CTOC/COP/WG.6/2023/2, ")
        exported = kb.export()["documents"][0]
        assert exported["symbol"] == "CTOC/COP/WG.6/2023/2"
        assert kb.cite(doc.id).url == "https://undocs.org/zh/CTOC/COP/WG.6/2023/2"
        kb.ingest([tmp_path / "files"], force=True)
    kb.rebuild_index()
    assert kb.search("单一联络点", limit=1).hits[0].label.startswith("CTOC/COP/WG.6/2023/2, ")
    reopened = KnowledgeBase.open(kb.home)
    assert reopened.document(doc.id).symbol == "CTOC/COP/WG.6/2023/2"
    assert reopened.store.raw.get_document(doc.id).symbol is None  # the ingested record is untouched
    reopened.close()


def test_an_empty_value_undoes_a_correction(kb: KnowledgeBase) -> None:
    doc = _only(kb)
    kb.edit(doc.id, date="2023")
    assert kb.document(doc.id).date == "2023"
    kb.edit(doc.id, date="")
    assert kb.document(doc.id).date == doc.date


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("date", "17 Feb", "ISO date"), ("doc_type", "memo", "choose one of"), ("colour", "x", "choose one of")])
def test_bad_corrections_are_refused_and_nothing_changes(kb: KnowledgeBase, field: str, value: str, reason: str) -> None:
    doc = _only(kb)
    with pytest.raises(WgkbError, match=reason):
        kb.edit(doc.id, **{field: value})
    assert kb.document(doc.id) == kb.store.raw.get_document(doc.id)


def test_remove_deletes_an_uploaded_file_but_never_a_corpus_file(kb: KnowledgeBase, tmp_path: Path) -> None:
    doc = _only(kb)
    removed = kb.remove(doc.id)
    assert removed.file is None and (tmp_path / "files" / SEED).exists()
    assert kb.documents() == []
    uploads = kb.home / "uploads"
    uploads.mkdir()
    shutil.copy(tmp_path / "files" / SEED, uploads / "up.txt")
    kb.ingest([uploads / "up.txt"])
    kb.edit(_only(kb).id, title="上传的文件")
    removed = kb.remove("up.txt")
    assert removed.file and not (uploads / "up.txt").exists()
    assert kb.store.overrides.all() == {}
    assert kb.search("单一联络点").total == 0


def test_cli_edit_remove_and_cite(kb: KnowledgeBase) -> None:
    doc = _only(kb)
    home = kb.home
    kb.close()
    out = wgkb(home, "edit", doc.id, "--symbol", "CTOC/COP/WG.6/2023/2", "--date", "2023-02-17")
    assert out.code == 0 and "CTOC/COP/WG.6/2023/2" in out.out
    bad = wgkb(home, "edit", doc.id, "--type", "memo")
    assert bad.code == 1 and bad.err_lines == ["wgkb: error: type 'memo': choose one of resolution, decision, "
                                               "background_paper, agenda, report, note, other"]
    cite = wgkb(home, "cite", "CTOC/COP/WG.6/2023/2¶fn1")
    assert "CTOC/COP/WG.6/2023/2, footnote 1" in cite.out and "脚注 1" in cite.out
    assert "https://undocs.org/zh/CTOC/COP/WG.6/2023/2" in cite.out
    refused = wgkb(home, "remove", "CTOC/COP/WG.6/2023/2")
    assert refused.code == 1 and "--yes" in refused.err
    gone = wgkb(home, "remove", "CTOC/COP/WG.6/2023/2", "--yes")
    assert gone.code == 0 and "removed CTOC/COP/WG.6/2023/2" in gone.out
