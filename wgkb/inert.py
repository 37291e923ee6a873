"""Terminal output that cannot act on the terminal: control and escape characters in document text
(ESC starting an ANSI colour or cursor sequence, OSC titles and hyperlinks, BEL, backspace, carriage
return, C1 controls such as the one-byte CSI) are shown as visible symbols instead of being obeyed,
as the app escapes hostile HTML. Line breaks and tabs are kept."""

from __future__ import annotations

from typing import TextIO

#: C0 controls (but ``\\n`` and ``\\t``) -> their Unicode control pictures (ESC -> ␛), DEL -> ␡, C1 -> �.
INERT = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
INERT[0x7F] = 0x2421
INERT.update({c: 0xFFFD for c in range(0x80, 0xA0)})


def inert(text: str) -> str:
    """``text`` with every control character made visible and harmless."""
    return text.translate(INERT)


class InertStream:
    """A text stream that writes through ``inert`` (wraps ``sys.stdout`` while a command runs)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(inert(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
