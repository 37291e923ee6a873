"""Readers: a file on disk -> raw text, page by page (DESIGN.md, Ingestion 1).

``read_file(path)`` returns a :class:`RawText`: the decoded text of each page (PDF) or the whole
text as one page with ``page=None`` (TXT, HTML, DOCX). Bad input raises :class:`IngestError` with a
one-line reason naming what is wrong (empty file, binary file, truncated or encrypted PDF, PDF
without a text layer, unsupported extension, unreadable path).
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError

#: File extensions ``read_file`` accepts.
SUPPORTED_EXTENSIONS = (".txt", ".text", ".md", ".pdf", ".html", ".htm", ".docx")

#: Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Control characters that never occur in text (NUL and friends): their presence means binary data.
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
#: How much of a PDF's text (non-space characters per page) counts as "has a text layer".
_MIN_TEXT_CHARS_PER_PDF = 1


@dataclass(frozen=True)
class RawText:
    """What a reader returns: the text of each page with its 1-based number (None without pages), and
    the hex sha256 of the bytes read (``read_file`` sets it, so the file is read once)."""

    pages: tuple[tuple[int | None, str], ...]
    kind: str  # "txt", "pdf", "html", "docx"
    encoding: str | None = None
    sha256: str | None = None

    @property
    def page_count(self) -> int | None:
        """The number of pages of a paged source (PDF), else None."""
        return len(self.pages) if self.kind == "pdf" else None

    @property
    def text(self) -> str:
        """All pages joined with form feeds."""
        return "\f".join(text for _, text in self.pages)


def file_sha256(path: str | Path) -> str:
    """The hex sha256 of the file's bytes (read in chunks)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def read_file(path: str | Path) -> RawText:
    """Read ``path`` with the reader for its extension; raise IngestError on bad input."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        allowed = ", ".join(SUPPORTED_EXTENSIONS)
        raise IngestError(path, f"unsupported file type {suffix or '(none)'!r}; expected one of {allowed}")
    data = _read_bytes(path)
    if not data.strip():
        raise IngestError(path, "empty file")
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        return RawText(pages=_pdf_pages(path, data), kind="pdf", sha256=sha256)
    if suffix == ".docx":
        return RawText(pages=((None, _docx_text(path, data)),), kind="docx", sha256=sha256)
    text, encoding = decode_text(path, data)
    if suffix in (".html", ".htm"):
        return RawText(pages=((None, html_to_text(text)),), kind="html", encoding=encoding, sha256=sha256)
    return RawText(pages=((None, text),), kind="txt", encoding=encoding, sha256=sha256)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise IngestError(path, "is a directory, not a file")
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(path, "no such file") from exc
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {exc.strerror or exc}") from exc


def decode_text(path: str | Path, data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOM first, then strict UTF-8, then GB18030, then charset-normalizer.

    Returns ``(text, encoding)``; raises IngestError for binary data (a PDF or image named .txt).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(path, data.decode(encoding), encoding)
    if data.startswith(b"%PDF") or data.count(b"\x00") > len(data) // 100:
        if _looks_like_bomless_utf16(data):
            encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
            return _checked(path, data.decode(encoding, errors="strict"), encoding)
        raise IngestError(path, "binary file, not text (is it named with the wrong extension?)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(path, data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return _checked(path, *_guess(path, data))


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """True when every other byte is mostly NUL (ASCII-heavy UTF-16 without a BOM)."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return False
    odd, even = sample[1::2], sample[0::2]
    return odd.count(0) > 0.4 * len(odd) or even.count(0) > 0.4 * len(even)


def _guess(path: str | Path, data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(path, "binary file or unknown text encoding")
    return str(best), best.encoding


def _checked(path: str | Path, text: str, encoding: str) -> tuple[str, str]:
    """Reject decoded text that is really binary (control characters) or empty."""
    sample = text[:20000]
    if sample and len(_BINARY_CHARS.findall(sample)) > max(2, len(sample) // 1000):
        raise IngestError(path, "binary file, not text (control characters found)")
    if not text.strip():
        raise IngestError(path, "empty file (no text)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _pdf_pages(path: Path, data: bytes) -> tuple[tuple[int, str], ...]:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip().startswith(b"%PDF"):
        raise IngestError(path, "not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(path, "truncated PDF (no %%EOF end marker)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise IngestError(path, "encrypted PDF: remove the password protection first")
        pages = tuple((number, _page_text(page)) for number, page in enumerate(reader.pages, 1))
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise IngestError(path, f"damaged or truncated PDF: {exc}") from exc
    if not pages:
        raise IngestError(path, "PDF has no pages")
    if sum(len("".join(text.split())) for _, text in pages) < _MIN_TEXT_CHARS_PER_PDF:
        raise IngestError(path, "no text layer: OCR is not supported")
    return pages


#: A line starting this far (points) right of the page's text margin is indented (a paragraph's
#: first line); the reader marks it with a leading ideographic space for the segmenter.
_INDENT_POINTS = 8.0
#: The mark put before an indented line.
INDENT_MARK = "\u3000"


def _page_text(page) -> str:
    """The page's text as pypdf extracts it, each line's indentation made explicit: a line whose
    first glyph starts right of the page's left text margin gets a leading ideographic space."""
    lines: list[list] = [["", None]]

    def visit(text: str, cm, tm, font, size) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        for index, piece in enumerate(text.split("\n")):
            if index:
                lines.append(["", None])
            if piece.strip() and lines[-1][1] is None:
                lines[-1][1] = x
            lines[-1][0] += piece

    text = page.extract_text(visitor_text=visit) or ""
    starts = [x for _, x in lines if x is not None]
    if not starts or "".join(t for t, _ in lines) != text.replace("\n", ""):
        return text
    margin = min(starts)
    marked = [(INDENT_MARK + t.lstrip()) if x is not None and x > margin + _INDENT_POINTS else t.lstrip(" ")
              for t, x in lines]
    return "\n".join(marked)


#: Block-level HTML tags that end a line of text (``<p>``, ``<br>``, ``<li>``, headings, rows).
_HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr|p|div|li|h[1-6]|tr)\b[^>]*>", re.I)
#: Script and style elements, dropped with their content.
_HTML_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
#: Any remaining tag.
_HTML_TAG = re.compile(r"<[^>]{0,2000}>")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML page: block tags become blank lines, entities are decoded."""
    markup = _HTML_SCRIPT.sub("", markup)
    markup = _HTML_BREAK.sub("\n\n", markup)
    return html.unescape(_HTML_TAG.sub("", markup))


def _docx_text(path: Path, data: bytes) -> str:
    """The paragraphs of a .docx (``word/document.xml``), one per blank-line-separated block."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise IngestError(path, f"damaged .docx file: {exc}") from exc
    paragraphs = []
    for para in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para)
        paragraphs.append(html.unescape("".join(runs)))
    text = "\n\n".join(p for p in paragraphs if p.strip())
    if not text.strip():
        raise IngestError(path, "empty file (no text in .docx)")
    return text
