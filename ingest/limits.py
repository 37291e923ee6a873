"""Caps on what one file may cost: its size, the size it expands to, its text, its longest paragraph.

Each cap has a default and an environment variable that raises (or lowers) it; going over a cap is one
``IngestError`` line naming the cap and the variable, e.g.
``big.txt: text too long (21,000,000 characters; the cap is 20,000,000: set WGKB_MAX_TEXT_CHARS to raise it)``.
The defaults keep one file's parse within a few hundred MB of memory and a minute of time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ingest.errors import IngestError


@dataclass(frozen=True)
class Cap:
    """One cap: what it bounds, its environment variable, its default and its unit."""

    what: str
    env: str
    default: int
    unit: str

    def value(self) -> int:
        """The cap in force: ``$<env>`` when it is a positive whole number, else the default."""
        raw = os.environ.get(self.env, "").strip().replace("_", "")
        return int(raw) if raw.isdigit() and int(raw) > 0 else self.default

    def check(self, path: object, amount: int, where: str = "") -> None:
        """IngestError when ``amount`` is over the cap."""
        cap = self.value()
        if amount > cap:
            place = f" {where}" if where else ""
            raise IngestError(path, f"{self.what} too large{place} ({amount:,} {self.unit}; the cap is "
                                    f"{cap:,}: set {self.env} to raise it)")


#: Bytes of one file on disk (uploads have their own 50 MB limit before this).
FILE_BYTES = Cap("file", "WGKB_MAX_FILE_BYTES", 200 * 2**20, "bytes")
#: Bytes a compressed container (.docx) expands to.
EXPANDED_BYTES = Cap("expanded content", "WGKB_MAX_EXPANDED_BYTES", 100 * 2**20, "bytes")
#: Characters of text read from one file.
TEXT_CHARS = Cap("text", "WGKB_MAX_TEXT_CHARS", 20_000_000, "characters")
#: Characters of one line or paragraph (no UN paragraph comes near; a runaway line would cost
#: ~150 bytes of memory a character in segmentation and annotation).
PARAGRAPH_CHARS = Cap("paragraph", "WGKB_MAX_PARAGRAPH_CHARS", 100_000, "characters")

CAPS = (FILE_BYTES, EXPANDED_BYTES, TEXT_CHARS, PARAGRAPH_CHARS)


def longest_line(text: str) -> tuple[int, int]:
    """``(length, 1-based line number)`` of the longest line of ``text`` (one linear pass)."""
    best, number, start, line = 0, 1, 0, 1
    while True:
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        if stop - start > best:
            best, number = stop - start, line
        if end < 0:
            return best, number
        start, line = end + 1, line + 1


def check_text(path: object, text: str) -> None:
    """The text and line caps over decoded text."""
    TEXT_CHARS.check(path, len(text))
    length, line = longest_line(text)
    PARAGRAPH_CHARS.check(path, length, f"at line {line}")
