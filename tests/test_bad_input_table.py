"""The bad-input table (issue 14): every case is one row — a file (or folder) made by a factory, and
what `wgkb ingest` must do with it: store it, or refuse it with one line naming the file and the
reason (exit 1), the documents stored before untouched, no traceback, no hang."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_run import wgkb
from pypdf import PdfReader, PdfWriter
from test_bad_input import GOOD_TEXT, encrypted_pdf, image_only_pdf, text_pdf

from wgkb.facade import KnowledgeBase

#: Caps lowered for the table so that the over-the-cap files stay small and the suite fast.
SMALL_CAPS = {"WGKB_MAX_FILE_BYTES": "200000", "WGKB_MAX_EXPANDED_BYTES": "100000",
              "WGKB_MAX_TEXT_CHARS": "60000", "WGKB_MAX_PARAGRAPH_CHARS": "5000"}
#: A good document with a symbol of its own (not a seed's).
GOOD_SYMBOL = "document:CTOC/COP/WG.6/2029/3"


def _write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    return make


def _docx(xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _docx_paragraphs(paragraphs: list[str]) -> bytes:
    body = "".join(f'<w:p w:rsidR="1"><w:pPr/><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>'
                   for p in paragraphs)
    return _docx(f"<w:document><w:body>{body}</w:body></w:document>")


def _owner_password_pdf() -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(text_pdf(GOOD_TEXT.splitlines()[:12]))))
    writer.encrypt(user_password="", owner_password="owner-only")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _symlink_loop(folder: Path) -> Path:
    top = folder / "looped"
    (top / "a" / "b").mkdir(parents=True)
    (top / "a" / "CTOC_COP_WG.6_2029_3.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (top / "a" / "b" / "up").symlink_to("..")
    (top / "a" / "b" / "top").symlink_to("../..")
    (top / "self").symlink_to(top)
    return top


def _special_files(folder: Path) -> Path:
    top = folder / "special"
    top.mkdir()
    (top / "CTOC_COP_WG.6_2029_3.txt").write_text(GOOD_TEXT, encoding="utf-8")
    os.mkfifo(top / "pipe.txt")
    (top / "table.xyz").write_bytes(b"x")
    return top


@dataclass(frozen=True)
class Case:
    """One row: how to make the input, and either the id stored or the reason refused. ``skipped``:
    text the `skipped N files: …` line must hold."""

    name: str
    make: Callable[[Path], Path]
    stored: str | None = None
    reason: str | None = None
    skipped: str | None = None


LONG_LINE = "CTOC/COP/WG.6/2029/3\n\n" + "枪支标识" * 3000 + "\n"
CASES = [
    # ---- refused, one line each ----
    Case("empty", _write("empty.txt", b""), reason="empty file"),
    Case("binary named .txt", _write("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40), reason="binary file"),
    Case("NUL bytes in text", _write("nul.txt", ("第一段。\x00\x00\x00" * 400).encode("utf-8")), reason="binary file"),
    Case("truncated PDF", lambda f: _write("cut.pdf", text_pdf(GOOD_TEXT.splitlines())[:900])(f), reason="truncated PDF"),
    Case("encrypted PDF (user password)", _write("locked.pdf", encrypted_pdf()), reason="encrypted PDF"),
    Case("image-only PDF", _write("scan.pdf", image_only_pdf()), reason="no text layer"),
    Case("unsupported type", _write("table.xlsx", b"PK\x03\x04 not a sheet"), reason="unsupported file type '.xlsx'"),
    Case("hostile name", _write("..\u202e\x1b[31m名 $(rm -rf) ;.txt", b""), reason="empty file"),
    Case("file over the size cap", _write("huge.txt", ("第一段。\n" * 30000).encode("utf-8")),
         reason="file too large (390,000 bytes; the cap is 200,000: set WGKB_MAX_FILE_BYTES to raise it)"),
    Case("text over the text cap", _write("long.txt", "第一段。\n" * 13000), reason="set WGKB_MAX_TEXT_CHARS"),
    Case("one very long line", _write("line.txt", LONG_LINE),
         reason="paragraph too large at line 3 (12,000 characters; the cap is 5,000: set WGKB_MAX_PARAGRAPH_CHARS"),
    Case(".docx bomb", _write("bomb.docx", _docx("<w:document><w:body>" + "<w:p><w:t>a</w:t></w:p>" * 20000
                                                  + "</w:body></w:document>")),
         reason="expanded content too large (460,042 bytes; the cap is 100,000: set WGKB_MAX_EXPANDED_BYTES"),
    Case("damaged .docx", _write("broken.docx", b"PK\x03\x04 truncated zip"), reason="damaged .docx file"),
    Case("same symbol from another file", _write("COP_11_6_copy.txt", "第 11/6 号决议\n\n缔约方会议，\n\n1. 决定。\n"),
         reason="resolution:COP 11/6 is already stored from"),
    # ---- stored ----
    Case("GB18030 text", _write("CTOC_COP_WG.6_2029_3.txt", GOOD_TEXT.encode("gb18030")), stored=GOOD_SYMBOL),
    Case("UTF-16 without BOM, Chinese and ASCII", _write("CTOC_COP_WG.6_2029_3.txt", GOOD_TEXT.encode("utf-16-le")),
         stored=GOOD_SYMBOL),
    Case("UTF-16 BE without BOM", _write("CTOC_COP_WG.6_2029_3.txt", GOOD_TEXT.encode("utf-16-be")), stored=GOOD_SYMBOL),
    Case("owner-password PDF", _write("CTOC_COP_WG.6_2029_3.pdf", _owner_password_pdf()), stored=GOOD_SYMBOL),
    Case(".docx", _write("CTOC_COP_WG.6_2029_3.docx", _docx_paragraphs([x for x in GOOD_TEXT.splitlines() if x])),
         stored=GOOD_SYMBOL),
    Case("HTML with unclosed tags and script", _write("CTOC_COP_WG.6_2029_3.html",
         "<html><script>var x = '<p>';" + GOOD_TEXT.replace("\n\n", "<p>") + "<p <div <script"),
         reason="no text found after cleaning"),  # an unclosed <script> runs to the end
    Case("HTML page", _write("CTOC_COP_WG.6_2029_3.html", "<html><body><p>" + GOOD_TEXT.replace("\n\n", "</p><p>")
                                                          + "<p <div unclosed"), stored=GOOD_SYMBOL),
    Case("control and escape characters in text", _write("CTOC_COP_WG.6_2029_3.txt",
         GOOD_TEXT.replace("工作组建议", "工作组\x1b]8;;http://x\x07建议\x1b[2J")), stored=GOOD_SYMBOL),
    Case("folder with a symbolic link loop", _symlink_loop, stored=GOOD_SYMBOL,
         skipped="linked folder ×3 (already walked)"),
    Case("folder with a FIFO and an unsupported file", _special_files, stored=GOOD_SYMBOL,
         skipped="skipped 2 files: special file ×1 (not a regular file), .xyz ×1 (unsupported)"),
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[Path, dict]:
    """A home holding resolution 11/6, copied for each row; its export."""
    home = tmp_path_factory.mktemp("seeded") / "home"
    assert wgkb(home, "ingest", corpus_dir / "COP_resolution_11_6.txt").code == 0
    kb = KnowledgeBase.open(home)
    before = {d["id"]: d for d in kb.export()["documents"]}
    kb.close()
    return home, before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_table(case: Case, seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SMALL_CAPS.items():
        monkeypatch.setenv(name, value)
    home = tmp_path / "home"
    shutil.copytree(seeded[0], home)
    path = case.make(tmp_path)
    run = wgkb(home, "ingest", path)
    assert "Traceback" not in run.err
    kb = KnowledgeBase.open(home)
    try:
        after = {d["id"]: d for d in kb.export()["documents"]}
        for doc_id, doc in seeded[1].items():
            assert after[doc_id] == doc, doc_id
        if case.reason:
            assert run.code == 1
            [line] = run.err_lines
            assert line.startswith(f"{path}: ") and case.reason in line, line
            assert set(after) == set(seeded[1])
        else:
            assert run.code == 0, run.err
            assert case.stored in after
            assert kb.search("标识", doc=case.stored).total >= 1
        if case.skipped:
            assert any(line.startswith("wgkb: skipped") and case.skipped in line for line in run.err.splitlines()), run.err
    finally:
        kb.close()


def test_doc_without_a_converter_names_the_missing_converter(seeded, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    run = wgkb(seeded[0], "ingest", bad)
    assert run.code == 1
    [line] = run.err_lines
    assert line == f"{bad}: no .doc converter installed: install antiword (apt install antiword) or " \
                   "LibreOffice (apt install libreoffice-writer-nogui), or save the file as .docx"
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(bad, folder / "a.doc")
    shutil.copy(bad, folder / "b.doc")
    (folder / "CTOC_COP_WG.6_2029_3.txt").write_text(GOOD_TEXT, encoding="utf-8")
    home = tmp_path / "home"
    run = wgkb(home, "ingest", folder)
    assert run.code == 0
    assert "wgkb: skipped 2 files: .doc ×2 (no .doc converter installed: install antiword" in run.err


def test_doc_is_read_through_the_converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The converter's UTF-8 output is the text (a stand-in antiword on PATH prints a known text)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "antiword"
    (tmp_path / "out.txt").write_text(GOOD_TEXT, encoding="utf-8")
    fake.write_text(f"#!/bin/sh\ncat {tmp_path / 'out.txt'}\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    doc = tmp_path / "CTOC_COP_WG.6_2029_3.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 word 97")
    home = tmp_path / "home"
    run = wgkb(home, "ingest", doc)
    assert run.code == 0, run.err
    kb = KnowledgeBase.open(home)
    assert "标识" in kb.document(GOOD_SYMBOL).text
    kb.close()


def test_full_disk_keeps_the_store(seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.store import Store

    home = tmp_path / "home"
    shutil.copytree(seeded[0], home)
    good = tmp_path / "CTOC_COP_WG.6_2029_3.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "_refuse_collision_hook", full, raising=False)
    monkeypatch.setattr("index.store._insert_document", full)
    run = wgkb(home, "ingest", good)
    assert run.code == 1
    [line] = run.err_lines
    assert "database or disk is full" in line
    kb = KnowledgeBase.open(home)
    assert {d["id"]: d for d in kb.export()["documents"]} == seeded[1]
    kb.close()
