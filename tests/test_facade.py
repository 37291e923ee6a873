"""The facade core: open, ingest (unchanged files not parsed, changed files replaced), document lookup."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest import pipeline
from ingest.errors import NotFoundError, StoreError
from ingest.records import Document
from wgkb.facade import KnowledgeBase
from wgkb.ingest_report import FileResult, IngestReport

#: A short background paper of another year, not in any manifest: its symbol comes from the text.
OTHER_PAPER = """\
联合国
CTOC/COP/WG.6/2031/4
打击跨国有组织犯罪公约缔约方会议
Distr.: General
3 March 2031

枪支问题工作组
2031年5月6日和7日，维也纳

加强标识和记录保存的措施

秘书处的背景文件

一. 导言

1. 本文件介绍各国在标识和记录保存方面的做法。

2. 工作组建议各国加强枪支标识的国际合作。
"""


def copy_corpus(corpus_dir: Path, target: Path) -> Path:
    """A writable copy of the bundled corpus (documents + manifest)."""
    shutil.copytree(corpus_dir, target, ignore=shutil.ignore_patterns("*.toml", "terms.txt"))
    shutil.copy(corpus_dir / "manifest.toml", target / "manifest.toml")
    return target


@pytest.fixture
def corpus_copy(tmp_path: Path, corpus_dir: Path) -> Path:
    return copy_corpus(corpus_dir, tmp_path / "corpus")


class RecordingKB(KnowledgeBase):
    """A KnowledgeBase that records the calls of its change hook."""

    calls: list[tuple[list[str], list[str]]]

    def _on_documents_changed(self, changed: list[Document], removed_ids: list[str]) -> None:
        self.calls.append(([d.id for d in changed], list(removed_ids)))


@pytest.fixture
def recording_kb(home: Path):
    kb = RecordingKB.open(home)
    kb.calls = []
    yield kb
    kb.close()


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the parser raise; return the list of paths it was asked to parse."""
    asked: list[str] = []

    def refuse(path, manifest_entry=None):
        asked.append(str(path))
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(pipeline, "ingest_file", refuse)
    return asked


def test_open_creates_a_nested_home(tmp_path: Path) -> None:
    home = tmp_path / "a" / "b" / "kb"
    kb = KnowledgeBase.open(home)
    assert kb.home == home and (home / KnowledgeBase.STORE_FILE).is_file()
    kb.close()


def test_open_on_a_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        KnowledgeBase.open(path)


def test_open_defaults_to_wgkb_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WGKB_HOME", str(tmp_path / "envhome"))
    kb = KnowledgeBase.open()
    assert kb.home == tmp_path / "envhome" and kb.home.is_dir()
    kb.close()


def test_corpus_ingests_every_document(corpus_kb: KnowledgeBase, corpus_dir: Path) -> None:
    ids = {d.id for d in corpus_kb.documents()}
    assert {"resolution:COP 11/6", "document:CTOC/COP/WG.6/2014/2", "document:CTOC/COP/WG.6/2016/1",
            "document:CTOC/COP/WG.6/2018/3"} <= ids
    assert len(ids) == len(list(corpus_dir.glob("*.txt"))) - (corpus_dir / "terms.txt").exists()
    stats = corpus_kb.stats()
    assert stats["paragraphs"] > 300 and stats["footnotes"] > 20


def test_documents_are_metadata_only(corpus_kb: KnowledgeBase) -> None:
    listed = corpus_kb.documents()
    assert all(d.paragraphs == () for d in listed)
    resolution = next(d for d in listed if d.id == "resolution:COP 11/6")
    assert resolution.doc_type == "resolution" and resolution.source.endswith("COP_resolution_11_6.txt")


@pytest.mark.parametrize("ref", [
    "CTOC/COP/WG.6/2014/2", "document:CTOC/COP/WG.6/2014/2", "ctoc/cop/wg.6/2014/2",
    "ＣＴＯＣ/ＣＯＰ/ＷＧ.６/２０１４/２", "CTOC_COP_WG.6_2014_2.txt", "CTOC_COP_WG.6_2014_2",
])
def test_document_by_symbol_id_or_file_name(corpus_kb: KnowledgeBase, ref: str) -> None:
    assert corpus_kb.document(ref).id == "document:CTOC/COP/WG.6/2014/2"


@pytest.mark.parametrize("ref", ["resolution:COP 11/6", "11/6", "COP 11/6", "resolution 11/6",
                                 "第 11/6 号决议", "COP_resolution_11_6.txt"])
def test_document_by_resolution_number(corpus_kb: KnowledgeBase, ref: str) -> None:
    document = corpus_kb.document(ref)
    assert document.id == "resolution:COP 11/6" and document.paragraphs


@pytest.mark.parametrize("ref", ["CTOC/COP/WG.6/2099/9", "12/6", "GA 11/6", "nothing.txt", ""])
def test_unknown_document_is_not_found_in_one_line(corpus_kb: KnowledgeBase, ref: str) -> None:
    with pytest.raises(NotFoundError) as info:
        corpus_kb.document(ref)
    assert "\n" not in str(info.value) and repr(ref) in str(info.value)


def test_document_has_paragraph_offsets_into_its_text(corpus_kb: KnowledgeBase) -> None:
    document = corpus_kb.document("CTOC/COP/WG.6/2018/3")
    assert document.paragraphs
    for p in document.paragraphs:
        assert document.text[p.start:p.end] == p.text


def test_unchanged_reingest_does_no_parsing(kb: KnowledgeBase, corpus_copy: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = kb.ingest([corpus_copy])
    assert first.ok and {r.status for r in first.results} == {"ok"}
    generation = kb.store.generation
    asked = forbid_parsing(monkeypatch)
    second = kb.ingest([corpus_copy])
    assert asked == []
    assert [r.status for r in second.results] == ["unchanged"] * len(first.results)
    assert second.totals() == first.totals()
    assert kb.store.generation == generation


def test_changed_file_replaces_its_rows(recording_kb: RecordingKB, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    paper = folder / "CTOC_COP_WG.6_2031_4.txt"
    paper.write_text(OTHER_PAPER, encoding="utf-8")
    recording_kb.ingest([folder])
    before = recording_kb.document("CTOC/COP/WG.6/2031/4")
    generation = recording_kb.store.generation
    paper.write_text(OTHER_PAPER + "\n3. 工作组还建议秘书处编写一份关于记录保存的报告。\n", encoding="utf-8")
    report = recording_kb.ingest([folder])
    assert [r.status for r in report.results] == ["ok"]
    after = recording_kb.document("CTOC/COP/WG.6/2031/4")
    assert after.sha256 != before.sha256
    assert len(after.paragraphs) == len(before.paragraphs) + 1
    assert "记录保存的报告" in after.paragraphs[-1].text
    assert recording_kb.store.counts()["documents"] == 1
    assert recording_kb.store.generation == generation + 1
    assert recording_kb.calls[-1] == (["document:CTOC/COP/WG.6/2031/4"], [])


def test_a_file_that_now_yields_another_id_removes_the_old_document(recording_kb: RecordingKB,
                                                                    tmp_path: Path) -> None:
    paper = tmp_path / "paper.txt"
    paper.write_text(OTHER_PAPER, encoding="utf-8")
    recording_kb.ingest([paper])
    paper.write_text(OTHER_PAPER.replace("2031/4", "2031/5"), encoding="utf-8")
    report = recording_kb.ingest([paper])
    assert [d.id for d in recording_kb.documents()] == ["document:CTOC/COP/WG.6/2031/5"]
    assert report.removed == ("document:CTOC/COP/WG.6/2031/4",)
    assert recording_kb.calls[-1] == (["document:CTOC/COP/WG.6/2031/5"], ["document:CTOC/COP/WG.6/2031/4"])


def test_manifest_change_reparses(kb: KnowledgeBase, corpus_copy: Path) -> None:
    kb.ingest([corpus_copy])
    manifest = corpus_copy / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("临时议程和说明", "临时议程（修订）"),
                        encoding="utf-8")
    report = kb.ingest([corpus_copy])
    assert [r.path.endswith("CTOC_COP_WG.6_2016_1.txt") for r in report.stored] == [True]
    assert kb.document("CTOC/COP/WG.6/2016/1").title == "临时议程（修订）"


def test_force_reparses_unchanged_files(kb: KnowledgeBase, corpus_copy: Path) -> None:
    kb.ingest([corpus_copy])
    report = kb.ingest([corpus_copy], force=True)
    assert report.ok and report.unchanged == [] and len(report.stored) == len(report.results)


def test_hook_sees_every_stored_document_once(recording_kb: RecordingKB, corpus_copy: Path) -> None:
    report = recording_kb.ingest([corpus_copy])
    stored = [doc_id for changed, _ in recording_kb.calls for doc_id in changed]
    assert sorted(stored) == sorted(r.document_id for r in report.results)
    recording_kb.calls.clear()
    recording_kb.ingest([corpus_copy])
    assert recording_kb.calls == []


def test_file_not_in_a_manifest_is_ingested_with_detected_metadata(kb: KnowledgeBase, tmp_path: Path) -> None:
    paper = tmp_path / "CTOC_COP_WG.6_2031_4.txt"
    paper.write_text(OTHER_PAPER, encoding="gb18030")
    report = kb.ingest([paper])
    assert report.ok, report.errors
    document = kb.document("CTOC/COP/WG.6/2031/4")
    assert "工作组建议各国加强枪支标识的国际合作" in document.text


def test_same_file_named_twice_is_ingested_once(kb: KnowledgeBase, corpus_copy: Path) -> None:
    one = corpus_copy / "COP_resolution_11_6.txt"
    report = kb.ingest([corpus_copy, one, corpus_copy / ".." / corpus_copy.name / one.name])
    assert len(report.results) == len(list(corpus_copy.glob("*.txt")))


def test_progress_is_called_per_file(kb: KnowledgeBase, corpus_copy: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    report = kb.ingest([corpus_copy], progress=lambda done, total, r: seen.append((done, total, r.status)))
    total = len(report.results)
    assert [(d, t) for d, t, _ in seen] == [(n, total) for n in range(1, total + 1)]


def test_ingest_report_summary_counts(kb: KnowledgeBase, corpus_copy: Path) -> None:
    report = kb.ingest([corpus_copy])
    totals = report.totals()
    assert totals == {key: kb.stats()[key] for key in totals}
    assert report.summary().startswith(f"{totals['documents']} documents ({totals['documents']} stored, 0 unchanged), "
                                       f"{totals['paragraphs']} paragraphs, {totals['footnotes']} footnotes in ")


def test_delete_document(recording_kb: RecordingKB, corpus_copy: Path) -> None:
    recording_kb.ingest([corpus_copy])
    assert recording_kb.delete_document("11/6") == "resolution:COP 11/6"
    assert recording_kb.calls[-1] == ([], ["resolution:COP 11/6"])
    with pytest.raises(NotFoundError):
        recording_kb.document("11/6")


@pytest.mark.parametrize(("results", "expected"), [
    ((), "0 documents (0 stored, 0 unchanged), 0 paragraphs, 0 footnotes in 1.50 s"),
    ((FileResult("a.txt", "ok", "document:A/1", paragraphs=1, footnotes=1),),
     "1 document (1 stored, 0 unchanged), 1 paragraph, 1 footnote in 1.50 s"),
    ((FileResult("a.txt", "ok", "document:A/1", paragraphs=3), FileResult("b.txt", "unchanged", "document:B/1",
                                                                           paragraphs=4, footnotes=2),
      FileResult("c.pdf", "error", reason="encrypted PDF")),
     "2 documents (1 stored, 1 unchanged), 7 paragraphs, 2 footnotes in 1.50 s; 1 failed"),
])
def test_summary_line(results: tuple[FileResult, ...], expected: str) -> None:
    assert IngestReport(results, 1.5).summary() == expected


def test_a_second_file_with_the_same_id_takes_over(kb: KnowledgeBase, corpus_copy: Path, tmp_path: Path) -> None:
    """The stored document is always the last file's: the first one is not "unchanged" afterwards."""
    kb.ingest([corpus_copy])
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(corpus_copy / "CTOC_COP_WG.6_2016_1.txt", other)  # no manifest here
    assert [r.status for r in kb.ingest([other]).results] == ["ok"]
    assert "elsewhere" in kb.document("CTOC/COP/WG.6/2016/1").source
    report = kb.ingest([corpus_copy / "CTOC_COP_WG.6_2016_1.txt"])
    assert [r.status for r in report.results] == ["ok"]
    assert kb.document("CTOC/COP/WG.6/2016/1").title == "临时议程和说明"  # the manifest's title again


def test_a_new_pipeline_version_reparses_unchanged_files(kb: KnowledgeBase, corpus_copy: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A home ingested by an older pipeline does not keep stale records: same bytes, new version,
    the file is parsed again."""
    from ingest import pipeline

    first = kb.ingest([corpus_copy])
    assert {r.status for r in first.results} == {"ok"}
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION + "-next")
    second = kb.ingest([corpus_copy])
    assert [r.status for r in second.results] == ["ok"] * len(first.results)
    third = kb.ingest([corpus_copy])
    assert [r.status for r in third.results] == ["unchanged"] * len(first.results)
