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

from ingest import limits
from ingest.errors import IngestError

#: File extensions ``read_file`` accepts (``.doc`` only through a converter: see ``doc_converter``).
SUPPORTED_EXTENSIONS = (".txt", ".text", ".md", ".pdf", ".html", ".htm", ".docx", ".doc")
#: Why a ``.doc`` (Word 97) cannot be read here: neither converter is installed.
DOC_CONVERTER_MISSING = ("no .doc converter installed: install antiword (apt install antiword) or "
                         "LibreOffice (apt install libreoffice-writer-nogui), or save the file as .docx")
#: Seconds a .doc converter may take before the file is refused.
DOC_CONVERTER_TIMEOUT = 120

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
    raw = _read_kind(path, suffix, data, sha256)
    for _, text in raw.pages:
        limits.check_text(path, text)
    return raw


def _read_kind(path: Path, suffix: str, data: bytes, sha256: str) -> RawText:
    if suffix == ".pdf":
        return RawText(pages=_pdf_pages(path, data), kind="pdf", sha256=sha256)
    if suffix == ".docx":
        return RawText(pages=((None, _docx_text(path, data)),), kind="docx", sha256=sha256)
    if suffix == ".doc":
        return RawText(pages=((None, _doc_text(path)),), kind="doc", sha256=sha256)
    text, encoding = decode_text(path, data)
    if suffix in (".html", ".htm"):
        return RawText(pages=((None, html_to_text(text)),), kind="html", encoding=encoding, sha256=sha256)
    return RawText(pages=((None, text),), kind="txt", encoding=encoding, sha256=sha256)


def doc_converter() -> list[str] | None:
    """The command that turns a Word 97 ``.doc`` (appended as the last argument) into UTF-8 text on
    stdout: antiword, else LibreOffice headless (``soffice --cat``), else None."""
    import shutil

    if shutil.which("antiword"):
        return ["antiword", "-m", "UTF-8.txt", "-w", "0"]
    for name in ("soffice", "libreoffice"):
        if shutil.which(name):
            return [name, "--headless", "--norestore", "--cat"]
    return None


def _doc_text(path: Path) -> str:
    """The text of a Word 97 file through ``doc_converter``; one-line errors for a missing converter,
    a failed or slow conversion, or no text."""
    import subprocess

    command = doc_converter()
    if command is None:
        raise IngestError(path, DOC_CONVERTER_MISSING)
    try:
        done = subprocess.run([*command, str(path)], capture_output=True, timeout=DOC_CONVERTER_TIMEOUT,
                              check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise IngestError(path, f"{command[0]} took more than {DOC_CONVERTER_TIMEOUT} s on this .doc") from None
    except OSError as exc:
        raise IngestError(path, f"cannot run {command[0]}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        detail = " ".join(done.stderr.decode("utf-8", "replace").split())[:200] or f"exit status {done.returncode}"
        raise IngestError(path, f"{command[0]} cannot read this .doc: {detail}")
    limits.EXPANDED_BYTES.check(path, len(done.stdout))
    text = done.stdout.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(path, f"empty file (no text in .doc according to {command[0]})")
    return text


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise IngestError(path, "is a directory, not a file")
    try:
        if path.exists() and not path.is_file():  # a FIFO or device would block or never end
            raise IngestError(path, "not a regular file")
        limits.FILE_BYTES.check(path, path.stat().st_size)
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
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _checked(path, data.decode(utf16), utf16)
    if data.startswith(b"%PDF") or b"\x00" in data:
        raise IngestError(path, "binary file, not text (is it named with the wrong extension?)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(path, data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return _checked(path, *_guess(path, data))


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` for UTF-16 without a BOM, recognised by its byte pattern: an even
    length, NUL bytes mostly on one side of the byte pairs (the high byte of ASCII letters, digits and
    line breaks: on the odd side for little-endian), and a strict decode that reads as text (Chinese,
    ASCII, punctuation) — Chinese mixed with ASCII included."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even == odd:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    text = sample.decode(encoding, errors="ignore" if len(data) > len(sample) else "strict") \
        if _decodes(sample, encoding, whole=len(data) == len(sample)) else ""
    plausible = sum(1 for ch in text if ch.isspace() or " " <= ch <= "~" or _TEXT_CHARS.match(ch))
    return encoding if text and plausible >= 0.95 * len(text) else None


#: Characters of Chinese text besides ASCII: CJK ideographs, CJK and full-width punctuation, general
#: punctuation (“ ” — …).
_TEXT_CHARS = re.compile(r"[\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _decodes(sample: bytes, encoding: str, whole: bool) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError as exc:
        return not whole and exc.start >= len(sample) - 4  # a pair cut by the sample's end
    return True


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
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone opens with ""
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


# Every HTML pattern below stops at the next ``<`` (``[^<>]``), so each character is looked at a
# bounded number of times: linear on any input, also 10^6 unclosed ``<p`` (tests/test_linear_time.py).
#: Block-level HTML tags that end a line of text (``<p>``, ``<br>``, ``<li>``, headings, rows).
_HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr|p|div|li|h[1-6]|tr)\b[^<>]*>", re.I)
#: The start of a script or style element, and the end of one (dropped with their content).
_HTML_SCRIPT_OPEN = re.compile(r"<(script|style)\b", re.I)
_HTML_SCRIPT_CLOSE = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
#: Any remaining tag.
_HTML_TAG = re.compile(r"<[^<>]*>")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML page: block tags become blank lines, entities are decoded."""
    markup = _drop_scripts(markup)
    markup = _HTML_BREAK.sub("\n\n", markup)
    return html.unescape(_HTML_TAG.sub("", markup))


def _drop_scripts(markup: str) -> str:
    """``markup`` without script and style elements (an unclosed one runs to the end), in one pass."""
    kept, cursor = [], 0
    while (opening := _HTML_SCRIPT_OPEN.search(markup, cursor)) is not None:
        kept.append(markup[cursor:opening.start()])
        closing = _HTML_SCRIPT_CLOSE[opening.group(1).lower()].search(markup, opening.end())
        cursor = closing.end() if closing else len(markup)
    kept.append(markup[cursor:])
    return "".join(kept)


#: The parts of a .docx's XML that matter, in one linear scan: a text run's content (group 1) and the
#: start or end of a paragraph (``<w:p>``, ``<w:p w:rsidR=…>``, ``</w:p>``; not ``<w:pPr>``).
_DOCX_TOKEN = re.compile(r"<w:t(?:\s[^<>]*)?>([^<]*)</w:t>|<w:p[\s>]|</w:p>")


def _docx_text(path: Path, data: bytes) -> str:
    """The paragraphs of a .docx (``word/document.xml``), one per blank-line-separated block."""
    import io

    cap = limits.EXPANDED_BYTES.value()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            limits.EXPANDED_BYTES.check(path, archive.getinfo("word/document.xml").file_size)
            with archive.open("word/document.xml") as member:  # never more than the cap, whatever it says
                raw = member.read(cap + 1)
            limits.EXPANDED_BYTES.check(path, len(raw))
            xml = raw.decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, EOFError, NotImplementedError, OSError) as exc:
        raise IngestError(path, f"damaged .docx file: {' '.join(str(exc).split())}") from None
    paragraphs, runs = [], []
    for token in _DOCX_TOKEN.finditer(xml):
        if token.group(1) is not None:
            runs.append(token.group(1))
        elif runs or token.group(0).startswith("</"):
            paragraphs.append(html.unescape("".join(runs)))
            runs = []
    paragraphs.append(html.unescape("".join(runs)))
    text = "\n\n".join(p for p in paragraphs if p.strip())
    if not text.strip():
        raise IngestError(path, "empty file (no text in .docx)")
    return text
