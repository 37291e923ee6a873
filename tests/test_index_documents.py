"""How index documents are built at ingest changed for speed (issue 12 item 4), never what they hold:
the terms of a text (``index.analysis.index_terms``), the folded form phrases are compared in
(``index.folding``) and the tantivy documents (``index.tantivy_engine.paragraph_documents``) equal
what the plain definitions give, on the seeds, the family corpus and generated text."""

from __future__ import annotations

import json
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index import folding
from index.analysis import analyse, index_terms, segment
from index.context import tokenized
from index.engine import paragraph_cites, paragraph_rows
from index.tantivy_engine import RAW_FIELDS, joined_terms, paragraph_documents, term
from ingest.pipeline import ingest_file

FAMILY = Path(__file__).resolve().parent / "fixtures" / "family"
#: Characters that make folding and term counting interesting: CJK, full-width letters and digits,
#: ideographic space, symbol-run and address characters, a combining mark, kana with voicing marks,
#: Greek capital sigma (lower-cased by context), compatibility characters (㎡ ① Ⅳ ﬁ), Hangul.
ALPHABET = list("枪支记录保存标识议定书工作组建议和ＡＢｃ１２　 \n，。（）abcXYZ019./-:_wgctocopunodc")
ALPHABET += ["www.", "http://", "\u0301", "e\u0301", "é", "か", "\u3099", "ｶﾞ", "Σ", "ΑΣ", "㎡", "①", "Ⅳ", "ﬁ",
             "한", "ᅡ", "µ", "℃", "\uffff", "⅀"]


@cache
def documents() -> list:
    """The seeds (bundled corpus) and the family documents that are not PDFs, parsed."""
    from wgkb.facade import CORPUS_DIR

    paths = [p for p in sorted(CORPUS_DIR.iterdir()) if p.suffix in (".pdf", ".txt", ".html", ".docx", ".doc")]
    paths += [p for p in sorted(FAMILY.iterdir()) if p.suffix in (".txt", ".html", ".md")]
    return [ingest_file(p) for p in paths]


def reference_squash(text: str) -> str:
    return folding.SPACES.sub("", unicodedata.normalize("NFKC", text).lower())


def reference_tantivy_fields(document) -> list[dict]:
    """The fields of each paragraph's tantivy document as the first implementation built them."""
    out = []
    for stored, paragraph, context in paragraph_rows(document):
        fields = {"text": [joined_terms([t for t, *_ in analyse(paragraph.text, paragraph.tokens)])]}
        if context:
            words = tokenized(context)
            fields["context"] = [joined_terms([t for t, *_ in analyse(words, words.tokens)])]
        fields["chars"] = [" ".join(reference_squash(paragraph.text))]
        cites = [term(key.strip()) for key in paragraph_cites(paragraph)]
        if cites:
            fields["cites"] = cites
        for name in RAW_FIELDS:
            values = [str(v) for v in (paragraph.roles if name == "roles" else [stored.get(name)]) if v]
            if values:
                fields[name] = values
        fields["row"] = [json.dumps(stored, ensure_ascii=False).encode("utf-8")]
        out.append(fields)
    return out


def test_documents_cover_symbols_addresses_and_contexts() -> None:
    texts = [p.text for d in documents() for p in d.paragraphs]
    assert len(documents()) > 30 and len(texts) > 1000
    assert any("www." in t for t in texts) and any("CTOC/COP/WG.6/" in t for t in texts)
    assert any(ctx for d in documents() for _, _, ctx in paragraph_rows(d))


def test_tantivy_documents_equal_the_first_build() -> None:
    for document in documents():
        built = [doc.to_dict() for doc in paragraph_documents(document)]
        assert built == reference_tantivy_fields(document), document.id


def test_index_terms_equal_analyse_on_real_paragraphs() -> None:
    for document in documents():
        for paragraph in document.paragraphs:
            expected = [t for t, *_ in analyse(paragraph.text, paragraph.tokens)]
            assert index_terms(paragraph.text, paragraph.tokens) == expected, paragraph.text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_index_terms_equal_analyse_on_any_text(text: str) -> None:
    tokens = segment(text)
    assert index_terms(text, tokens) == [t for t, *_ in analyse(text, tokens)]


def test_fold_equals_nfkc_on_real_paragraphs() -> None:
    for document in documents():
        for paragraph in document.paragraphs:
            assert folding.fold(paragraph.text) == reference_squash(paragraph.text)
            assert folding.spaced_fold(paragraph.text) == " ".join(reference_squash(paragraph.text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join))
def test_fold_equals_nfkc_on_any_text(text: str) -> None:
    assert folding.fold(text) == reference_squash(text)
    assert folding.spaced_fold(text) == " ".join(reference_squash(text))


def test_plain_ranges_hold_no_composing_character() -> None:
    """No character of the plain ranges is the second of a canonical composition pair with
    combining class 0 (those of class != 0 are never plain), in this Python's Unicode table."""
    seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul vowels and finals
    for code in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<") and " " in decomposition:
            seconds.add(int(decomposition.split()[1], 16))
    assert not [hex(c) for c in seconds if folding.in_plain_ranges(chr(c)) and not unicodedata.combining(chr(c))]


@pytest.mark.parametrize(("low", "high"), folding.PLAIN_RANGES)
def test_each_plain_character_folds_as_in_context(low: int, high: int) -> None:
    for code in range(low, high + 1):
        char = chr(code)
        if folding.plain(char):
            assert folding.ODD not in folding.fold_whole(char)
            for text in (char, f"a{char}Σ{char}", f"{char}\u3000{char}ＡΣ"):
                assert folding.fold(text) == reference_squash(text), hex(code)
