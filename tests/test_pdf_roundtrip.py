"""Issue 2, item 5: real multi-page CJK PDFs built from the seed texts ingest to the same paragraphs.

The PDFs are typeset by ``tests/pdfs.py`` (reportlab, STSong-Light): hard-wrapped lines, a running
header with the symbol, job number and page numbers in the footer, footnotes at the page foot after a
separator, markers printed as raised digits (extracted by pypdf as plain digits ``会议上3建议``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pdfs import layout_paragraphs, make_encrypted_pdf, make_image_only_pdf, make_pdf, make_truncated_pdf

from ingest.errors import IngestError
from ingest.patterns import NUMBER_UNITS
from ingest.pipeline import ingest_file, load_manifest
from ingest.read import read_file
from ingest.records import Document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
#: Characters that may follow a plain-digit footnote marker in the printed text (see ingest.markers).
_AFTER_OK = re.compile(r"[\u4e00-\u9fff《“（]")


def _marked(text: str, marks: tuple[str, ...]) -> str:
    """``text`` with ``{fn:m}`` markers put back where a typesetter would print them: after a
    comma or full stop followed by an ideograph (the star after the first ideograph pair)."""
    spots = [m.end() for m in re.finditer(r"[，。、]", text)
             if m.end() < len(text) and _AFTER_OK.match(text[m.end()]) and text[m.end()] not in NUMBER_UNITS]
    out, taken = text, 0
    for mark in marks:
        if mark.startswith("*"):
            at = next((i for i in range(1, len(text)) if _cjk(text[i - 1]) and _cjk(text[i])), len(text))
        else:
            later = [s for s in spots if s > taken]
            at = later[0] if later else len(text)
            taken = at
        out = _insert(out, text, at, "{fn:" + mark + "}")
    return out


def _insert(out: str, original: str, at: int, marker: str) -> str:
    """Insert ``marker`` at position ``at`` of ``original`` into ``out`` (which may hold markers)."""
    seen, index = 0, 0
    while seen < at and index < len(out):
        match = re.match(r"\{fn:[^}]+\}", out[index:])
        if match:
            index += match.end()
            continue
        seen, index = seen + 1, index + 1
    return out[:index] + marker + out[index:]


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _printed(document: Document) -> tuple[list[str], dict[str, str]]:
    """The printed paragraphs (number prefixes back, markers back) and the footnote texts."""
    paragraphs, notes = [], {}
    for paragraph in document.paragraphs:
        if paragraph.kind == "footnote":
            notes[paragraph.key[2:]] = paragraph.text
            continue
        start = document.text.rfind("\n\n", 0, paragraph.start) + 2 if paragraph.start else 0
        prefix = document.text[start:paragraph.start]
        paragraphs.append(prefix + _marked(paragraph.text, paragraph.footnotes))
    return paragraphs, notes


def _pdf_from_text_document(document: Document, path: Path) -> Path:
    paragraphs, notes = _printed(document)
    pages, page_notes = layout_paragraphs(paragraphs, notes)
    return make_pdf(path, pages, header=document.symbol, footnotes=page_notes, job_number="V.18-01234")


def _shape(document: Document) -> list[tuple[str, str, str, tuple[str, ...], str | None]]:
    return [(p.key, p.kind, p.text, p.section, p.anchor) for p in document.paragraphs]


@pytest.mark.parametrize("name", sorted(load_manifest(CORPUS)))
def test_seed_pdf_round_trip(name: str, tmp_path: Path) -> None:
    entry = load_manifest(CORPUS)[name]
    from_text = ingest_file(CORPUS / name, entry)
    pdf = _pdf_from_text_document(from_text, tmp_path / name.replace(".txt", ".pdf"))
    from_pdf = ingest_file(pdf, entry)
    assert from_pdf.pages and from_pdf.pages > 3
    assert _shape(from_pdf) == _shape(from_text)
    assert all(p.page for p in from_pdf.paragraphs)
    assert [p.page for p in from_pdf.paragraphs if p.kind != "footnote"] == sorted(
        p.page for p in from_pdf.paragraphs if p.kind != "footnote")


def test_pdf_keeps_page_numbers_and_drops_running_heads(tmp_path: Path) -> None:
    pages = [["\t第一页的正文，写在第一页上。"], ["1. 第二页的第一段。"], ["2. 第三页的第二段。"]]
    pdf = make_pdf(tmp_path / "three.pdf", pages, header="CTOC/COP/WG.6/2099/5", job_number="GE.19-04567")
    raw = read_file(pdf)
    assert [number for number, _ in raw.pages] == [1, 2, 3]
    document = ingest_file(pdf)
    assert [(p.key, p.page) for p in document.paragraphs] == [("t1", 1), ("1", 2), ("2", 3)]
    assert "GE.19" not in document.text and "2099/5" not in document.text
    assert document.symbol == "CTOC/COP/WG.6/2099/5"


def test_marker_found_many_short_paragraphs_before_its_footnote(tmp_path: Path) -> None:
    """A page of short paragraphs: the footnote at its foot is more than a dozen blocks after its marker."""
    paragraphs = ["1. 缔约国，{fn:1}缔约国，缔约国。"] + [f"{n}. 缔约国，缔约国。" for n in range(2, 16)]
    pages, notes = layout_paragraphs(paragraphs, {"1": "见第 1 号文件。"})
    assert len(pages) == 1
    document = ingest_file(make_pdf(tmp_path / "short.pdf", pages, header="CTOC/COP/WG.6/2099/7", footnotes=notes))
    assert document.paragraph("1").text == "缔约国，缔约国，缔约国。"
    assert document.paragraph("1").footnotes == ("1",) and document.paragraph("fn1").anchor == "1"


@pytest.mark.parametrize("commas", [3, 14])
def test_marker_ending_a_paragraph_before_a_heading(tmp_path: Path, commas: int) -> None:
    """A footnote marker after a paragraph's last full stop (``…枪支。1``, extracted as a plain digit at
    the line's end) ends the paragraph: the heading on the next line is not glued to it, and the
    footnote keeps its anchor (found by a generator placing markers after any full stop too)."""
    paragraphs = ["1. " + "缔约国，" * commas + "枪支。{fn:1}", "A. 国际合作工作", "2. 缔约国，枪支。"]
    pages, notes = layout_paragraphs(paragraphs, {"1": "见第 1 号文件。"})
    document = ingest_file(make_pdf(tmp_path / "end.pdf", pages, header="CTOC/COP/WG.6/2099/8", footnotes=notes))
    assert [(p.key, p.text) for p in document.paragraphs if p.kind != "footnote"] == [
        ("1", "缔约国，" * commas + "枪支。"), ("h1", "A. 国际合作工作"), ("2", "缔约国，枪支。")]
    assert document.paragraph("1").footnotes == ("1",) and document.paragraph("fn1").anchor == "1"


@pytest.mark.parametrize(
    ("factory", "reason"),
    [
        (make_encrypted_pdf, "encrypted PDF"),
        (make_truncated_pdf, "truncated PDF"),
        (make_image_only_pdf, "no text layer: OCR is not supported"),
    ],
)
def test_bad_pdfs_raise_clear_errors(factory, reason: str, tmp_path: Path) -> None:
    path = factory(tmp_path / "bad.pdf")
    with pytest.raises(IngestError) as caught:
        ingest_file(path)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


_WORDS = ["缔约国", "枪支", "议定书", "毒品和犯罪问题办公室", "工作组", "建议", "加强", "国际合作", "标识", "记录保存",
          "2017 年", "第 5/4 号决议", "CTOC/COP/WG.6/2017/4", "《枪支议定书》", "技术援助", "the implementation"]
_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=3, max_size=14).map(lambda ws: "，".join(ws) + "。")
_BODY = st.lists(_SENTENCE, min_size=1, max_size=6).map("".join)
_DOC = st.lists(st.tuples(st.sampled_from(["numbered", "numbered", "text", "heading"]), _BODY, st.booleans()),
                min_size=2, max_size=14)
_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _printed_document(parts: list[tuple[str, str, bool]]) -> tuple[list[str], list[str], dict[str, str]]:
    """The same made-up document for a text file and for a PDF: numbered paragraphs get the next
    number, headings a letter and a short title; a paragraph may carry a footnote marker after its
    first comma (superscript + footnote line in the text file, ``{fn:n}`` in the PDF)."""
    text, pdf, notes, number, letter = [], [], {}, 0, 0
    for kind, body, noted in parts:
        if kind == "heading":
            letter += 1
            title = "".join(ch for ch in body if "\u4e00" <= ch <= "\u9fff")[:10]
            line = f"{chr(64 + letter)}. {title}工作"
            text.append(line)
            pdf.append(line)
            continue
        prefix = ""
        if kind == "numbered":
            number += 1
            prefix = f"{number}. "
        at = body.find("，") + 1
        if noted and 0 < at < len(body) and "\u4e00" <= body[at] <= "\u9fff":
            mark = str(len(notes) + 1)
            notes[mark] = f"见第 {mark} 号文件。"
            text.append(prefix + body[:at] + mark.translate(_SUPER) + body[at:])
            text.append(mark.translate(_SUPER) + " " + notes[mark])
            pdf.append(prefix + body[:at] + "{fn:" + mark + "}" + body[at:])
        else:
            text.append(prefix + body)
            pdf.append(prefix + body)
    return text, pdf, notes


@settings(max_examples=12, deadline=None)
@given(_DOC)
# Found by hypothesis: a short wrapped line ending mid-sentence (a comma, a Latin word) in a 2-paragraph
# PDF was taken for a paragraph end, because with few lines the "full width" estimate is noise.
@example(parts=[("numbered", "缔约国，" * 5 + "CTOC/COP/WG.6/2017/4，缔约国，枪支，国际合作，国际合作，"
                 "CTOC/COP/WG.6/2017/4，the implementation。", False),
                ("numbered", "缔约国，" * 4 + "CTOC/COP/WG.6/2017/4，CTOC/COP/WG.6/2017/4。", False)])
# Found by hypothesis: a wrapped line of Latin words between full-width commas (``the implementation，…，``)
# was taken for the English twin of the Chinese line after it (aligned bilingual text) and cut there.
@example(parts=[("numbered", "缔约国，缔约国，缔约国。", False),
                ("numbered", "the implementation，" * 3 + "毒品和犯罪问题办公室。", False)])
def test_generated_documents_round_trip_through_pdf(tmp_path_factory, parts: list[tuple[str, str, bool]]) -> None:
    """Documents made up from words (not from the seeds): text and PDF give the same paragraphs."""
    folder = tmp_path_factory.mktemp("gen")
    text, printed, notes = _printed_document(parts)
    text_file = folder / "doc.txt"
    text_file.write_text("\n\n".join(text) + "\n", encoding="utf-8")
    pages, page_notes = layout_paragraphs(printed, notes)
    pdf = make_pdf(folder / "doc.pdf", pages, header="CTOC/COP/WG.6/2099/9", footnotes=page_notes)
    assert _shape(ingest_file(pdf)) == _shape(ingest_file(text_file))
