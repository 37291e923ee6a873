"""Footnote markers keep their place (issue 13, item 2).

Ingest lifts every footnote out of the flow and removes its marker from the paragraph text (markers are
not words: search never sees them), but remembers where the marker stood: ``Paragraph.marker_offsets``.

The gold is the family corpus: its PDF sources (``tests/fixtures/family/<name>.src.toml``) say where
each marker is printed (``…《枪支议定书》{fn:1}有关的任务…``), and ``make_pdfs.py`` set it as a foot
footnote with its marker in the line; other documents give a ``[markers]`` table in their gold (the
text on each side of every marker, by hand). Every marker must come back at that place, with its
footnote anchored to the paragraph that carries it. Table-driven cases below cover the marker
shapes of clean text (superscripts, stars, ``1/``) and several markers in one paragraph.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from ingest.clean import RawFootnote
from ingest.markers import attach_markers
from ingest.pipeline import ingest_file
from ingest.records import Paragraph
from ingest.segment import Block

FAMILY = Path(__file__).resolve().parent / "fixtures" / "family"
#: A marker in a family source: ``{fn:1}``, ``{fn:*}``.
FN = re.compile(r"\{fn:([^}]+)\}")
#: A printed paragraph number at a source line's start: ``1．``.
NUMBER = re.compile(r"^\d+[．.]\s*")
#: How much text on each side of a marker the comparison needs (less at a paragraph's edge).
CONTEXT = 6


def _sources() -> list[Path]:
    return sorted(p for p in FAMILY.glob("*.src.toml") if FN.search(p.read_text(encoding="utf-8")))


def expected_markers(source: Path) -> list[tuple[str, str, str]]:
    """(mark, text just before the marker, text just after it) for every marker the source prints in
    the body (front lines, title, subtitle, paragraphs), other markers left out of the context."""
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    lines = [*data.get("top", ()), *data.get("title", ()), *data.get("subtitle", ()), *data.get("paragraphs", ())]
    out = []
    for line in lines:
        line = NUMBER.sub("", line)
        for match in FN.finditer(line):
            before = FN.sub("", line[:match.start()])[-CONTEXT:]
            after = FN.sub("", line[match.end():])[:CONTEXT]
            out.append((match.group(1), before, after))
    return out


def placed(paragraphs: tuple[Paragraph, ...]) -> list[tuple[str, str, str, str]]:
    """(paragraph key, mark, text before, text after) of every marker ingest placed."""
    return [(p.key, mark, p.text[:offset], p.text[offset:])
            for p in paragraphs for mark, offset in zip(p.footnotes, p.marker_offsets, strict=True)]


def test_the_family_has_pdfs_with_foot_footnotes() -> None:
    assert len(_sources()) >= 8


@pytest.mark.parametrize("source", _sources(), ids=lambda p: p.name.removesuffix(".src.toml"))
def test_every_printed_marker_comes_back_at_its_place(source: Path) -> None:
    document = ingest_file(source.with_name(source.name.replace(".src.toml", ".pdf")))
    found = placed(document.paragraphs)
    notes = {p.key.removeprefix("fn"): p for p in document.paragraphs if p.kind == "footnote"}
    for mark, before, after in expected_markers(source):
        hits = [(key, b, a) for key, m, b, a in found if m == mark and b.endswith(before) and a.startswith(after)]
        assert len(hits) == 1, f"marker {mark} between {before!r} and {after!r}: placed {found}"
        key = hits[0][0]
        assert notes[mark].anchor == key, f"footnote {mark} is anchored to {notes[mark].anchor}, not {key}"
        assert before + after in document.paragraph(key).text  # the marker itself is not in the text


def _marker_golds() -> list[Path]:
    return sorted(p for p in FAMILY.glob("*.gold.toml") if "markers" in tomllib.loads(p.read_text(encoding="utf-8")))


def test_the_family_has_hand_gold_for_superscript_markers() -> None:
    assert _marker_golds()


@pytest.mark.parametrize("gold", _marker_golds(), ids=lambda p: p.name.removesuffix(".gold.toml"))
def test_every_marker_of_the_hand_gold_stands_at_its_place(gold: Path) -> None:
    data = tomllib.loads(gold.read_text(encoding="utf-8"))
    document = ingest_file(gold.with_name(data["file"]))
    found = placed(document.paragraphs)
    notes = {p.key.removeprefix("fn"): p for p in document.paragraphs if p.kind == "footnote"}
    assert sorted(m for _, m, _, _ in found) == sorted(data["markers"])  # every marker, none made up
    for mark, (key, before, after) in data["markers"].items():
        hits = [k for k, m, b, a in found if m == mark and b.endswith(before) and a.startswith(after)
                and (k == key or not key)]
        assert len(hits) == 1, f"marker {mark} in {key or 'unnumbered text'} between {before!r} and {after!r}: {found}"
        assert notes[mark].anchor == hits[0]
    for paragraph in document.paragraphs:
        assert not re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", paragraph.text), paragraph.key  # markers are not words


def test_positions_survive_the_numbered_prefix_and_sit_in_printed_order() -> None:
    document = ingest_file(FAMILY / "background_wg6_2034_2.pdf")
    paragraph = document.paragraph("1")
    assert paragraph.footnotes == ("1",)
    (offset,) = paragraph.marker_offsets
    assert paragraph.text[:offset].endswith("与《枪支议定书》") and paragraph.text[offset:].startswith("有关的任务")
    for p in document.paragraphs:
        assert list(p.marker_offsets) == sorted(p.marker_offsets)
        assert len(p.marker_offsets) == len(p.footnotes)


def _block(text: str) -> Block:
    block = Block(parts=[text], page=None, first=0, line_starts=[(0, 0)])
    block.finish()
    return block


@pytest.mark.parametrize(("text", "notes", "expected_text", "expected"), [
    # superscripts in clean text (the seeds' shape); one run is one mark
    ("通过捐助方的支助，¹全球枪支方案", ["1"], "通过捐助方的支助，全球枪支方案", [("1", 9)]),
    ("影响。¹²", ["12"], "影响。", [("12", 3)]),
    # three markers in one paragraph, each at its own place, not run together at the end
    ("《立法指南》、⁴《枪支示范法》⁵和《示范条文》、⁶以及", ["4", "5", "6"],
     "《立法指南》、《枪支示范法》和《示范条文》、以及", [("4", 7), ("5", 14), ("6", 22)]),
    # the agenda star and the GA's ``1/``
    ("临时议程*项目3", ["*"], "临时议程项目3", [("*", 4)]),
    ("第 56/119 号决议，1/ 以及", ["1/"], "第 56/119 号决议，以及", [("1", 13)]),
    # a plain digit (PDF text) before an enumeration comma is a marker; before a list of numbers not
    ("根据会员国1、联合国系统各实体", ["1"], "根据会员国、联合国系统各实体", [("1", 5)]),
    ("工作组的建议1、2和3", ["1"], "工作组的建议1、2和3", []),
    # superscripts run together where the separator was lost: consecutive footnotes, unless the run's
    # own number has a footnote
    ("相连接。⁶⁷另一些", ["6", "7"], "相连接。另一些", [("6", 4), ("7", 4)]),
    ("时间。⁹¹⁰", ["9", "10"], "时间。", [("9", 3), ("10", 3)]),
    ("时间。¹⁰", ["1", "10"], "时间。", [("10", 3)]),
    ("时间。⁶⁸", ["6", "8"], "时间。⁶⁸", []),
    # a superscript without a footnote is text (m²), and shifts nothing
    ("面积 5 m²，¹其中", ["1"], "面积 5 m²，其中", [("1", 8)]),
])
def test_markers_are_removed_and_their_offsets_kept(text, notes, expected_text, expected) -> None:
    block = _block(text)
    footnotes = [RawFootnote(mark=n.removesuffix("/"), text="注。", page=None, before=1, slash=n.endswith("/"))
                 for n in notes]
    attach_markers([block], footnotes)
    assert block.text == expected_text
    assert list(zip(block.marks, block.marker_offsets, strict=True)) == expected


def test_plain_digit_markers_and_superscripts_in_one_block_keep_true_offsets() -> None:
    """A plain-digit marker (PDF text) after a superscript: both offsets index the final text."""
    block = _block("第一，¹国家办法1。其后")
    block.line_starts = [(0, 0)]
    attach_markers([block], [RawFootnote("1", "注。", None, 1), RawFootnote("2", "注。", None, 1)])
    # "1" is a superscript mark here, so the plain "1" is not taken for it; footnote 2 has no marker
    assert block.text == "第一，国家办法1。其后"
    assert list(zip(block.marks, block.marker_offsets, strict=True)) == [("1", 3)]


def test_a_paragraph_refuses_offsets_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match="marker offsets"):
        Paragraph(key="1", kind="numbered", text="影响。", footnotes=("4",), marker_offsets=(9,))
    with pytest.raises(ValueError, match="marker offsets"):
        Paragraph(key="1", kind="numbered", text="影响。", footnotes=("4", "5"), marker_offsets=(3,))
    assert Paragraph(key="1", kind="numbered", text="影响。", footnotes=("4",)).marker_offsets == ()
