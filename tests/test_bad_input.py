"""Bad input through `wgkb ingest`: one line naming the file and the reason, the good files still
ingested, exit status 1, nothing already stored lost. One test per case."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from cli_run import Run, wgkb
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest import read
from wgkb.facade import KnowledgeBase

#: A good document of another year and body, not in the bundled corpus.
GOOD_TEXT = """\
CTOC/COP/WG.6/2029/3

枪支问题工作组
2029年6月4日和5日，维也纳

关于枪支标识的背景文件

一. 导言

1. 工作组建议各国加强枪支标识和记录保存。

2. 秘书处将继续提供技术援助。
"""


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real CJK text layer (reportlab's built-in STSong-Light CID font)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("STSong-Light", 12)
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 18 * n, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A PDF page with drawings (a scanned page stand-in) and no text layer."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for n in range(20):
        page.rect(72, 700 - 30 * n, 400, 20, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(text_pdf(GOOD_TEXT.splitlines()[:6]))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def stored_home(home: Path, corpus_dir: Path) -> tuple[Path, dict]:
    """A home that already holds one seed document; returns it with the store's export before."""
    run = wgkb(home, "ingest", corpus_dir / "COP_resolution_11_6.txt")
    assert run.code == 0, run.err
    kb = KnowledgeBase.open(home)
    before = kb.export()
    kb.close()
    return home, before


def assert_failed_cleanly(run: Run, home: Path, before: dict, bad: Path, reason: str) -> None:
    """Exit 1; exactly one stderr line, naming the bad file and the reason; previous documents intact."""
    assert run.code == 1
    [line] = run.err_lines
    assert line.startswith(f"{bad}: ") or line.startswith(f"{bad.resolve()}: "), line
    assert reason in line.split(": ", 1)[1], line
    kb = KnowledgeBase.open(home)
    after = {d["id"]: d for d in kb.export()["documents"]}
    kb.close()
    for doc in before["documents"]:
        assert after[doc["id"]] == doc


def ingest_bad(stored_home: tuple[Path, dict], bad: Path, reason: str) -> None:
    home, before = stored_home
    run = wgkb(home, "ingest", bad)
    assert_failed_cleanly(run, home, before, bad, reason)
    assert "0 documents" in run.out  # the summary line is still printed


def test_empty_file(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    ingest_bad(stored_home, bad, "empty file")


def test_whitespace_only_file(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "blank.txt"
    bad.write_text("\n  \n\u3000\n", encoding="utf-8")
    ingest_bad(stored_home, bad, "empty file")


def test_binary_file_named_txt(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    ingest_bad(stored_home, bad, "binary file")


def test_truncated_pdf(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "CTOC_COP_WG.6_2029_3.pdf"
    data = text_pdf(GOOD_TEXT.splitlines())
    bad.write_bytes(data[: len(data) // 2])
    ingest_bad(stored_home, bad, "truncated PDF")


def test_encrypted_pdf(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "locked.pdf"
    bad.write_bytes(encrypted_pdf())
    ingest_bad(stored_home, bad, "encrypted PDF")


def test_pdf_without_text_layer(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(image_only_pdf())
    ingest_bad(stored_home, bad, "no text layer: OCR is not supported")


def test_unsupported_extension(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "table.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    ingest_bad(stored_home, bad, "unsupported file type '.xlsx'")


def test_missing_path(stored_home, tmp_path: Path) -> None:
    ingest_bad(stored_home, tmp_path / "no" / "such.txt", "no such file or directory")


def test_broken_symbolic_link(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "link.txt"
    bad.symlink_to(tmp_path / "gone.txt")
    ingest_bad(stored_home, bad, "broken symbolic link")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD_TEXT, encoding="utf-8")
    bad.chmod(0)
    ingest_bad(stored_home, bad, "cannot read")


def test_permission_denied_even_as_root(stored_home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root chmod cannot make a file unreadable: the OS refusal is simulated at the read."""
    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD_TEXT, encoding="utf-8")

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(read, "file_sha256", refuse)
    ingest_bad(stored_home, bad, "cannot read: Permission denied")


def test_unreadable_fifo_is_refused_without_blocking(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "pipe.txt"
    os.mkfifo(bad)
    ingest_bad(stored_home, bad, "not a regular file")


def test_folder_with_nothing_to_ingest(stored_home, tmp_path: Path) -> None:
    bad = tmp_path / "empty_folder"
    bad.mkdir()
    (bad / "notes.xlsx").write_bytes(b"not a document")
    ingest_bad(stored_home, bad, "no files to ingest in this folder")


def test_directory_mixing_good_and_bad_files(stored_home, tmp_path: Path, corpus_dir: Path) -> None:
    home, before = stored_home
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "CTOC_COP_WG.6_2029_3.txt").write_text(GOOD_TEXT, encoding="gb18030")
    shutil.copy(corpus_dir / "CTOC_COP_WG.6_2016_1.txt", folder / "sub" / "CTOC_COP_WG.6_2016_1.txt")
    (folder / "good.pdf").write_bytes(text_pdf(["CTOC/COP/WG.6/2029/4", "", "1. 工作组建议各国交流信息。"]))
    bad = {"empty.txt": b"", "sub/photo.txt": b"\x00\x01\x02\xff" * 300, "scan.pdf": image_only_pdf(),
           "locked.pdf": encrypted_pdf()}
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    (folder / "notes.xlsx").write_bytes(b"ignored inside a folder")
    run = wgkb(home, "ingest", folder)
    assert run.code == 1
    named = sorted(line.split(": ", 1)[0] for line in run.err_lines)
    assert named == sorted(str(folder / name) for name in bad)
    kb = KnowledgeBase.open(home)
    ids = {d.id for d in kb.documents()}
    assert {"document:CTOC/COP/WG.6/2029/3", "document:CTOC/COP/WG.6/2016/1"} <= ids
    assert len(ids) == 1 + len(before["documents"]) + 2
    for doc in before["documents"]:
        assert kb.document(doc["id"]).sha256 == doc["sha256"]
    kb.close()
    assert run.out.startswith("3 documents (3 stored, 0 unchanged)") and run.out.rstrip().endswith("4 failed")


def test_api_collects_errors_and_goes_on(kb: KnowledgeBase, tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    report = kb.ingest([tmp_path])
    assert [(Path(r.path).name, r.status) for r in report.results] == [("a_empty.txt", "error"),
                                                                       ("b_good.txt", "ok")]
    assert report.errors[0].reason.startswith("empty file") and not report.ok
