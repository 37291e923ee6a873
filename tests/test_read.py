"""Readers (issue 2, item 3): encodings, PDFs page by page, HTML/DOCX, and every bad input."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest
from pdfs import make_encrypted_pdf, make_image_only_pdf, make_pdf, make_truncated_pdf

from ingest.errors import IngestError
from ingest.read import INDENT_MARK, file_sha256, read_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
TEXT = "1. 缔约方会议请秘书处向枪支问题工作组通报《枪支议定书》的执行情况。\n\n2. 第二段。\n"


@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ],
)
def test_text_encodings(tmp_path: Path, encoding: str, prefix: bytes, detected: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    raw = read_file(path)
    assert raw.pages == ((None, TEXT),)
    assert raw.encoding == detected and raw.kind == "txt" and raw.page_count is None


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "en.txt"
    text = "1. The Working Group recommended that States parties strengthen marking.\n"
    path.write_bytes(text.encode(encoding))
    raw = read_file(path)
    assert (raw.text, raw.encoding) == (text, encoding)


def test_crlf_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert read_file(path).text == TEXT


@pytest.mark.parametrize(("name", "needle"), [("report_gb18030.txt", "枪支问题工作组"), ("note_utf16.txt", "秘书处的说明")])
def test_fixture_files_decode(name: str, needle: str) -> None:
    assert needle in read_file(FIXTURES / name).text


def test_pdf_pages_keep_their_numbers_and_indentation(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "two.pdf", [["\t缩进的第一行", "第二行"], ["1. 第二页"]], header="CTOC/COP/WG.6/2099/1")
    raw = read_file(pdf)
    assert raw.kind == "pdf" and raw.page_count == 2
    assert [number for number, _ in raw.pages] == [1, 2]
    first = raw.pages[0][1].split("\n")
    assert INDENT_MARK + "缩进的第一行" in first and "第二行" in first
    assert "1. 第二页" in raw.pages[1][1]


def test_html_and_docx(tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_text("<html><script>x()</script><p>1. 第一段&amp;文字。</p><p>2. 第二段。</p></html>", encoding="utf-8")
    assert [line for line in read_file(html).text.split("\n") if line] == ["1. 第一段&文字。", "2. 第二段。"]
    docx = tmp_path / "doc.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in ("1. 第一段。", "2. 第二段。"))
        archive.writestr("word/document.xml", f'<w:document xmlns:w="x"><w:body>{body}</w:body></w:document>')
    docx.write_bytes(buffer.getvalue())
    assert read_file(docx).text == "1. 第一段。\n\n2. 第二段。"


def test_sha256_of_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert file_sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert read_file(path).sha256 == file_sha256(path)


def _bad_inputs(tmp_path: Path) -> list[tuple[Path, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "pdf_named.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 50)
    (tmp_path / "notes.xls").write_bytes(b"whatever")
    (tmp_path / "folder.txt").mkdir()
    return [
        (tmp_path / "empty.txt", "empty file"),
        (tmp_path / "blank.txt", "empty file"),
        (tmp_path / "binary.txt", "binary file"),
        (tmp_path / "pdf_named.txt", "binary file"),
        (tmp_path / "notes.xls", "unsupported file type '.xls'"),
        (tmp_path / "missing.txt", "no such file"),
        (tmp_path / "folder.txt", "is a directory"),
        (make_encrypted_pdf(tmp_path / "locked.pdf"), "encrypted PDF"),
        (make_truncated_pdf(tmp_path / "cut.pdf"), "truncated PDF"),
        (make_image_only_pdf(tmp_path / "scan.pdf"), "no text layer: OCR is not supported"),
    ]


def test_bad_inputs_raise_one_line_errors(tmp_path: Path) -> None:
    for path, reason in _bad_inputs(tmp_path):
        with pytest.raises(IngestError) as caught:
            read_file(path)
        message = str(caught.value)
        assert reason in caught.value.reason, (path.name, caught.value.reason)
        assert message.startswith(str(path)) and "\n" not in message


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("1. 文字。", encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(IngestError, match="cannot read file: Permission denied"):
        read_file(path)
