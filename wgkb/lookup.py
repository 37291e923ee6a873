"""Finding a stored document from what a user types: its id, symbol, a short resolution number or
its file name."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ingest.records import Document

#: A resolution or decision asked for by number, with or without body and kind:
#: "11/6", "COP 11/6", "resolution 11/6", "GA resolution 70/1", "第 11/6 号决议", "decision 4/6".
RESOLUTION_REF = re.compile(
    r"^(?:第\s*)?(?:(?P<body>[A-Z]{2,6})\s+)?(?:(?P<kind>resolution|decision)\s+)?"
    r"(?P<number>\d+/\d+(?:\s+[A-Z]+)?)(?:\s*号?(?P<zh>决议|决定))?$",
    re.IGNORECASE,
)
#: Body assumed when a bare "11/6" could be several: the Conference of the Parties (our corpus).
DEFAULT_BODY = "COP"


def normalise_ref(ref: str) -> str:
    """Full-width characters to ASCII (NFKC), surrounding space removed, inner runs of space to one."""
    return " ".join(unicodedata.normalize("NFKC", ref).split())


def candidate_ids(ref: str) -> list[str]:
    """Canonical ids ``ref`` may name directly, most likely first (no store needed)."""
    text = normalise_ref(ref)
    out = [text]
    if ":" not in text:
        out.append(f"document:{text.replace(' ', '')}")
    match = RESOLUTION_REF.match(text)
    if match:
        kind = (match["kind"] or "").lower() or ("decision" if match["zh"] == "决定" else "resolution")
        body = (match["body"] or DEFAULT_BODY).upper()
        out.append(f"{kind}:{body} {match['number'].upper()}")
    return out


def match_document(ref: str, documents: list[Document]) -> Document | None:
    """The one document among ``documents`` (metadata records) that ``ref`` names, or None.

    Tried in order: id, symbol (case-insensitive, spaces ignored), resolution/decision number of any
    body when unique, file name (with or without extension)."""
    by_id = {d.id: d for d in documents}
    for candidate in candidate_ids(ref):
        if candidate in by_id:
            return by_id[candidate]
    text = normalise_ref(ref)
    for matcher in (_by_symbol, _by_number, _by_file_name):
        found = matcher(text, documents)
        if len(found) == 1:
            return found[0]
    return None


def _by_symbol(text: str, documents: list[Document]) -> list[Document]:
    wanted = text.replace(" ", "").upper()
    return [d for d in documents if d.symbol and d.symbol.replace(" ", "").upper() == wanted]


def _by_number(text: str, documents: list[Document]) -> list[Document]:
    match = RESOLUTION_REF.match(text)
    if not match or match["body"]:
        return []
    number = " " + match["number"].upper()
    return [d for d in documents if d.id.split(":", 1)[0] in ("resolution", "decision") and d.id.endswith(number)]


def _by_file_name(text: str, documents: list[Document]) -> list[Document]:
    name = Path(text).name
    exact = [d for d in documents if Path(d.source).name == name]
    return exact or [d for d in documents if Path(d.source).stem == name]
