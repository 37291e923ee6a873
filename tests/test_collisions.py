"""A file whose document id (symbol or resolution) is already stored from another file is refused,
one line naming both files and ``--replace``; ``--replace`` stores it on purpose; the same file changed
in place is a new version of itself; another language version is stored beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_run import wgkb

from wgkb.facade import KnowledgeBase

SHORT = "CTOC/COP/WG.6/2014/2\n\n1. 工作组建议各国加强枪支标识。\n"
ENGLISH = ("CTOC/COP/WG.6/2014/2\n\nWorking Group on Firearms\n\n"
           "1. The Working Group recommended that States strengthen the marking of firearms.\n")


def _export(home: Path) -> dict:
    kb = KnowledgeBase.open(home)
    try:
        return {d["id"]: d for d in kb.export()["documents"]}
    finally:
        kb.close()


def test_same_symbol_from_another_file_is_refused_then_replaced_on_purpose(home: Path, corpus_dir: Path,
                                                                           tmp_path: Path) -> None:
    assert wgkb(home, "ingest", corpus_dir / "CTOC_COP_WG.6_2014_2.txt").code == 0
    before = _export(home)
    new = tmp_path / "short.txt"
    new.write_text(SHORT, encoding="utf-8")
    run = wgkb(home, "ingest", new)
    assert run.code == 1
    [line] = run.err_lines
    assert line.startswith(f"{new}: document:CTOC/COP/WG.6/2014/2 is already stored from ")
    assert "CTOC_COP_WG.6_2014_2.txt" in line and f"--replace {new}" in line
    assert _export(home) == before
    run = wgkb(home, "ingest", "--replace", new)
    assert run.code == 0, run.err
    stored = _export(home)["document:CTOC/COP/WG.6/2014/2"]
    assert len(stored["paragraphs"]) < len(before["document:CTOC/COP/WG.6/2014/2"]["paragraphs"])
    assert "short.txt" in stored["source"]


def test_a_concatenation_of_the_corpus_replaces_nothing(home: Path, corpus_dir: Path, tmp_path: Path) -> None:
    assert wgkb(home, "ingest", corpus_dir).code == 0
    before = _export(home)
    joined = tmp_path / "everything.txt"
    joined.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))
                                  if p.name != "terms.txt"), encoding="utf-8")
    run = wgkb(home, "ingest", joined)
    assert run.code == 1 and "is already stored from" in run.err
    assert _export(home) == before


def test_same_file_changed_in_place_is_a_new_version(home: Path, corpus_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "CTOC_COP_WG.6_2014_2.txt"
    shutil.copy(corpus_dir / "CTOC_COP_WG.6_2014_2.txt", copy)
    assert wgkb(home, "ingest", copy).code == 0
    copy.write_text(SHORT, encoding="utf-8")
    run = wgkb(home, "ingest", copy)
    assert run.code == 0, run.err
    assert len(_export(home)["document:CTOC/COP/WG.6/2014/2"]["paragraphs"]) <= 2


def test_same_bytes_from_another_path_is_not_a_collision(home: Path, corpus_dir: Path, tmp_path: Path) -> None:
    assert wgkb(home, "ingest", corpus_dir / "CTOC_COP_WG.6_2014_2.txt").code == 0
    shutil.copy(corpus_dir / "CTOC_COP_WG.6_2014_2.txt", tmp_path / "moved.txt")
    run = wgkb(home, "ingest", tmp_path / "moved.txt")
    assert run.code == 0, run.err


def test_another_language_version_is_stored_beside(home: Path, corpus_dir: Path, tmp_path: Path) -> None:
    assert wgkb(home, "ingest", corpus_dir / "CTOC_COP_WG.6_2014_2.txt").code == 0
    before = _export(home)
    english = tmp_path / "CTOC_COP_WG.6_2014_2_E.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    run = wgkb(home, "ingest", english)
    assert run.code == 0, run.err
    after = _export(home)
    assert after["document:CTOC/COP/WG.6/2014/2"] == before["document:CTOC/COP/WG.6/2014/2"]
    assert after["document:CTOC/COP/WG.6/2014/2@en"]["language"] == "en"
    assert wgkb(home, "ingest", english).out.startswith("1 document (0 stored, 1 unchanged)")


def test_api_and_upload_refuse_by_default(kb: KnowledgeBase, corpus_dir: Path, tmp_path: Path) -> None:
    from wgkb.pages.upload import add_upload

    assert kb.ingest([corpus_dir / "CTOC_COP_WG.6_2016_1.txt"]).ok
    data = "CTOC/COP/WG.6/2016/1\n\n1. 临时议程。\n".encode()
    refused = add_upload(kb, "agenda.txt", data)
    assert "is already stored from" in refused["error"]
    assert len(kb.document("CTOC/COP/WG.6/2016/1").paragraphs) > 3
    assert not (kb.home / "uploads" / "agenda.txt").exists()
    done = add_upload(kb, "agenda.txt", data, replace=True)
    assert done["document_id"] == "document:CTOC/COP/WG.6/2016/1"
    assert len(kb.document("CTOC/COP/WG.6/2016/1").paragraphs) <= 2
