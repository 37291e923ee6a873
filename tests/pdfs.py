"""A small factory of real PDFs for the tests (reportlab, built-in ``STSong-Light`` CID font: no download).

- ``make_pdf(path, pages_of_lines, header=..., footnotes=...)``: one page per list of lines, a running
  header carrying the symbol, the job number and page number in the footer, and per page a footnote
  separator with the footnotes at the page foot. A line may carry a footnote marker written
  ``{fn:3}``: it is printed as a small raised ``3`` inline, as in UN PDFs (pypdf then extracts it as
  a plain digit, ``会议上3建议``). A line starting with ``\\t`` is indented (first line of a paragraph).
- ``layout_paragraphs(paragraphs, footnotes, ...)``: wraps paragraphs into pages of lines the way a
  typesetter would (ideographs one by one, Latin words whole) and puts each footnote on the page of
  its marker; returns ``(pages_of_lines, footnotes_per_page)`` for ``make_pdf``.
- ``make_encrypted_pdf``, ``make_truncated_pdf``, ``make_image_only_pdf``: the bad-input fixtures.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
SIZE = 10.5
LINE_HEIGHT = 15
MARGIN = 72
#: Characters (half-width cells) per body line and body lines per page used by ``layout_paragraphs``.
LINE_CELLS = 64
LINES_PER_PAGE = 38
#: A line is broken early only when at least this full; otherwise a long unit overflows a little
#: (a half-empty line inside a paragraph would read as a paragraph end).
FILL = 0.92
#: Kinsoku: punctuation that never starts a line / never ends one (glued to its neighbour).
NO_LINE_START = "。，、；：）》”’！？)"
NO_LINE_END = "（《“‘("
MARKER = re.compile(r"\{fn:([^}]+)\}")

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def make_pdf(path: str | Path | io.BytesIO, pages_of_lines: list[list[str]], header: str | None = None,
             footnotes: list[list[tuple[str, str]]] | None = None, job_number: str = "V.18-01234") -> Path:
    """Write a multi-page CJK PDF (see module docstring) and return its path (or the buffer given)."""
    target = path if isinstance(path, io.BytesIO) else Path(path)
    pdf = canvas.Canvas(target if isinstance(target, io.BytesIO) else str(target), pagesize=A4)
    width, height = A4
    for number, lines in enumerate(pages_of_lines, 1):
        if header:
            pdf.setFont(FONT, 9)
            x = width - MARGIN - pdfmetrics.stringWidth(header, FONT, 9) if number % 2 else MARGIN
            pdf.drawString(x, height - 40, header)
        y = height - MARGIN
        for line in lines:
            indent = 2 * SIZE if line.startswith("\t") else 0
            _draw_line(pdf, MARGIN + indent, y, line.lstrip("\t"))
            y -= LINE_HEIGHT
        notes = footnotes[number - 1] if footnotes and number <= len(footnotes) else []
        _draw_footnotes(pdf, notes)
        pdf.setFont(FONT, 8)
        pdf.drawString(MARGIN, 30, f"{job_number} {number}" if number % 2 else f"{number} {job_number}")
        pdf.showPage()
    pdf.save()
    return target


def _draw_line(pdf: canvas.Canvas, x: float, y: float, line: str) -> None:
    """A body line, footnote markers raised and small."""
    text = pdf.beginText(x, y)
    position = 0
    for match in MARKER.finditer(line):
        text.setFont(FONT, SIZE)
        text.textOut(line[position:match.start()])
        text.setRise(4)
        text.setFont(FONT, 6)
        text.textOut(match.group(1))
        text.setRise(0)
        position = match.end()
    text.setFont(FONT, SIZE)
    text.textOut(line[position:])
    pdf.drawText(text)


def _draw_footnotes(pdf: canvas.Canvas, notes: list[tuple[str, str]]) -> None:
    """The separator and the footnotes at the page foot (continuation lines not indented)."""
    if not notes:
        return
    lines: list[str] = []
    for mark, note in notes:
        wrapped = wrap(note, LINE_CELLS + 8)
        lines.append(f"{mark} {wrapped[0]}")
        lines.extend(wrapped[1:])
    y = 50 + LINE_HEIGHT * len(lines)
    pdf.setFont(FONT, SIZE)
    pdf.drawString(MARGIN, y + LINE_HEIGHT, "__________________")
    pdf.setFont(FONT, 8)
    for line in lines:
        pdf.drawString(MARGIN, y, line)
        y -= LINE_HEIGHT - 3


def _cells(char: str) -> int:
    return 2 if ord(char) > 0x2E7F else 1


def wrap(text: str, cells: int = LINE_CELLS) -> list[str]:
    """Hard-wrap ``text`` at ``cells`` half-width cells the way a typesetter does: between ideographs,
    never inside a Latin word, symbol or number, never at a space next to an ideograph (a line break
    there would lose the space); a space between two Latin words is a break and is dropped. A unit
    that does not fit on a line less than ``FILL`` full overflows it instead of leaving it short."""
    lines: list[str] = []
    current, used = "", 0
    for unit in _units(text):
        size = sum(_cells(c) for c in MARKER.sub("", unit))
        if unit == " ":
            if used + 1 > cells:
                lines.append(current)
                current, used = "", 0
            elif current:
                current, used = current + unit, used + 1
            continue
        if used + size > cells and current and used >= FILL * cells:
            lines.append(current.rstrip(" "))
            current, used = "", 0
        current, used = current + unit, used + size
    if current:
        lines.append(current)
    return lines


def _word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "./:-()%,_*")


def _units(text: str) -> list[str]:
    """Unbreakable pieces of ``text``; a lone ``" "`` is a breakable space between Latin words."""
    units, current, i = [], "", 0
    while i < len(text):
        marker = MARKER.match(text, i)
        if marker:
            current += marker.group()
            i = marker.end()
            continue
        char = text[i]
        if char == " ":
            before, after = current[-1:], text[i + 1:i + 2]
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                units.extend([current, " "])
                current = ""
            else:
                current += char
        else:
            glued = current.endswith(" ") or (_word(current[-1:]) and _word(char))
            glued = glued or char in NO_LINE_START or current[-1:] in NO_LINE_END
            if current and not glued:
                units.append(current)
                current = ""
            current += char
        i += 1
    units.append(current)
    return [unit for unit in units if unit]


def layout_paragraphs(paragraphs: list[str], footnotes: dict[str, str] | None = None,
                      lines_per_page: int = LINES_PER_PAGE) -> tuple[list[list[str]], list[list[tuple[str, str]]]]:
    """Pages of wrapped lines and the footnotes of each page (those whose ``{fn:n}`` marker is on it).

    Paragraphs not starting with a number or heading marker get an indented first line; the lines of
    a paragraph that holds line breaks (enumeration items) each start a new line.
    """
    footnotes = footnotes or {}
    pages: list[list[str]] = [[]]
    notes: list[list[tuple[str, str]]] = [[]]
    for paragraph in paragraphs:
        pieces = paragraph.split("\n")
        lines = wrap(pieces[0])
        if not re.match(r"^(\d+\.|[一二三四五六七八九十]+\.|[A-Z]\.)", paragraph):
            lines[0] = "\t" + lines[0]
        for piece in pieces[1:]:
            lines.extend(wrap(piece))
        for line in lines:
            room = lines_per_page - len(pages[-1]) - 2 * len(notes[-1])
            if room <= 2:
                pages.append([])
                notes.append([])
            pages[-1].append(line)
            notes[-1].extend((m, footnotes[m]) for m in MARKER.findall(line) if m in footnotes)
    return pages, notes


def make_encrypted_pdf(path: str | Path, password: str = "secret") -> Path:
    """A one-page CJK PDF protected with a user password."""
    from pypdf import PdfReader, PdfWriter

    plain = io.BytesIO()
    make_pdf(plain, [["1. 这是一个加密的文件。"]], header="CTOC/COP/WG.6/2099/1")
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(plain.getvalue())).pages:
        writer.add_page(page)
    writer.encrypt(password)
    path = Path(path)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def make_truncated_pdf(path: str | Path) -> Path:
    """A real CJK PDF cut in the middle (no cross-reference table, no %%EOF)."""
    whole = io.BytesIO()
    make_pdf(whole, [["1. 第一页的文字。"], ["2. 第二页的文字。"]], header="CTOC/COP/WG.6/2099/2")
    data = whole.getvalue()
    path = Path(path)
    path.write_bytes(data[: len(data) // 2])
    return path


def make_image_only_pdf(path: str | Path) -> Path:
    """A scanned-looking PDF: drawn shapes and an inline image, no text layer at all."""
    from reportlab.lib.utils import ImageReader

    path = Path(path)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.rect(72, 400, 300, 200, fill=1)
        pdf.drawImage(ImageReader(_tiny_png()), 100, 100, width=200, height=100)
        pdf.showPage()
    pdf.save()
    return path


def _tiny_png() -> io.BytesIO:
    """A 2x2 grey PNG written by hand (zlib + CRC), no imaging library needed."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\x80\x80\x00\x80\x80"
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return io.BytesIO(png)
