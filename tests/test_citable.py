"""The citation rule for text without a printed number (ingest.citable; README "Citing")."""

from __future__ import annotations

import pytest

from ingest.citable import chinese_number, ordinal, roman, section_name
from ingest.records import Document, Paragraph


def doc(doc_type: str, *paras: Paragraph, symbol: str | None = "CTOC/COP/WG.6/2031/1",
        title: str | None = None, date: str | None = None) -> Document:
    return Document(id=f"document:{symbol}" if symbol else "document:sha256:0123456789abcdef", symbol=symbol,
                    title=title, doc_type=doc_type, date=date, language="zh", source="x.txt", sha256="0",
                    paragraphs=tuple(paras))


def para(key: str, kind: str, text: str, *section: str) -> Paragraph:
    return Paragraph(key=key, kind=kind, text=text, section=tuple(section))


@pytest.mark.parametrize(("text", "value"), [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23),
                                             ("A", None), ("", None), ("三三", None)])
def test_chinese_numbers(text: str, value: int | None) -> None:
    assert chinese_number(text) == value


def test_roman_and_ordinal() -> None:
    assert [roman(n) for n in (1, 4, 9, 12, 40)] == ["I", "IV", "IX", "XII", "XL"]
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


@pytest.mark.parametrize(("section", "agenda", "name"), [
    ((), False, "front matter"),
    (("三.", "A.", "1."), False, "chap. III, sect. A.1"),
    (("一．",), False, "chap. I"),
    (("1.", "(b)"), True, "annotations, item 1 (b)"),
    (("附件",), True, "annex"),
    (("附件二",), False, "annex II"),
])
def test_section_names(section: tuple[str, ...], agenda: bool, name: str) -> None:
    assert section_name(section, agenda) == name


def test_labels_of_an_agenda_with_annotations() -> None:
    d = doc("agenda",
            para("h1", "heading", "临时议程"),
            para("1", "agenda_item", "组织事项。"),
            para("h2", "heading", "2. 枪支议定书", "2."),
            para("t1", "text", "第一段。", "2."),
            para("h3", "heading", "文件", "2."),
            para("t2", "text", "第二段。", "2."),
            para("h4", "heading", "附件", "附件"),
            para("t3", "text", "表格", "附件"))
    labels = [d.label(p) for p in d.paragraphs]
    assert labels == [
        "CTOC/COP/WG.6/2031/1, front matter, heading “临时议程”",
        "CTOC/COP/WG.6/2031/1, provisional agenda, item 1",
        "CTOC/COP/WG.6/2031/1, annotations, item 2",
        "CTOC/COP/WG.6/2031/1, annotations, item 2, 1st paragraph",
        "CTOC/COP/WG.6/2031/1, annotations, item 2, heading “文件”",
        "CTOC/COP/WG.6/2031/1, annotations, item 2, 2nd paragraph",
        "CTOC/COP/WG.6/2031/1, annex",
        "CTOC/COP/WG.6/2031/1, annex, 1st paragraph",
    ]
    assert len(set(labels)) == len(labels)


def test_numbered_paragraphs_keep_their_printed_number_and_no_symbol_means_title_and_date() -> None:
    d = doc("background_paper", para("h1", "heading", "二. 挑战", "二."), para("85", "numbered", "…", "二."),
            para("fn4", "footnote", "…"), symbol=None, title="关于标识的背景文件", date="2023-02-17")
    assert [d.label(p) for p in d.paragraphs] == [
        "关于标识的背景文件 (2023-02-17), chap. II", "关于标识的背景文件 (2023-02-17), para. 85",
        "关于标识的背景文件 (2023-02-17), footnote 4"]


def test_seed_labels_are_unique_and_never_text_blocks(corpus_kb) -> None:
    for summary in corpus_kb.documents():
        d = corpus_kb.document(summary.id)
        labels = [d.label(p) for p in d.paragraphs]
        assert not [x for x in labels if "text block" in x]
        assert len(set(labels)) == len(labels), summary.id
