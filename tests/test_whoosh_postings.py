"""The whoosh postings of wgkb's codec (index/whoosh_postings.py): weights only, whole-number weights
pickled as ints, blocks compressed where it pays; whoosh's own reader gives the weights back."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import query

from index import whoosh_engine, whoosh_postings
from index.analysis import TokenizedText, segment
from tests.test_whoosh_writer import build_both, open_writer

TEXTS = ["工作组建议各国加强枪支的标识和记录保存。枪支标识。", "枪支", "各国 各国 各国 记录保存", "标识和记录"] * 6


@pytest.mark.parametrize(("weights", "expected"), [
    ((1.0, 2.0, 7.0), (1, 2, 7)), ((1.5, 2.0), (1.5, 2.0)), (None, None), (2.0, 2.0)])
def test_whole_numbers_become_ints_and_nothing_else_changes(weights, expected) -> None:
    got = whoosh_postings.whole_numbers(weights)
    assert got == expected and type(got) is type(expected)
    if type(got) is tuple:
        assert [type(w) for w in got] == [type(w) for w in expected]


def test_header_weight() -> None:
    assert whoosh_postings.header_weight(3.0) == 3 and type(whoosh_postings.header_weight(3.0)) is int
    assert whoosh_postings.header_weight(2.5) == 2.5


def test_pack_block_compresses_only_big_blocks_and_only_when_smaller() -> None:
    data = b"x" * 400
    assert whoosh_postings.pack_block(data, whoosh_postings.COMPRESS_FROM - 1) == (data, 0)
    packed, level = whoosh_postings.pack_block(data, whoosh_postings.COMPRESS_FROM)
    assert level == whoosh_postings.COMPRESSION and len(packed) < len(data)
    incompressible = bytes(range(256))
    assert whoosh_postings.pack_block(incompressible, 128) == (incompressible, 0)


def build(folder: Path, fast: bool, boost: float) -> None:
    schema = whoosh_engine.schema()
    schema.remove("text")
    schema.add("text", whoosh_engine.TokensText(analyzer=whoosh_engine.JiebaTokensTokenizer(), phrase=False,
                                                field_boost=boost))
    ix = whoosh_index.create_in(str(folder), schema)
    w = open_writer(ix, fast)
    for n, text in enumerate(TEXTS):
        w.add_document(pid=str(n), document="d", kind="body", doc_type="", year="", body="", roleset="",
                       addressee="", text=TokenizedText(text, segment(text)))
    w.commit()


@pytest.mark.parametrize("boost", [1.0, 2.0, 1.5])
def test_weights_read_back_by_whoosh_are_freq_times_boost(tmp_path: Path, boost: float) -> None:
    """Fast and whoosh's own writer write the same bytes whatever the field boost (ints for whole
    numbers, floats otherwise); whoosh's matcher reads each posting's weight as freq x boost."""
    plain, fast = build_both(tmp_path, lambda folder, fast: build(folder, fast, boost))
    assert fast == plain
    ix = whoosh_index.open_dir(str(tmp_path / "fast"))
    with ix.searcher() as searcher:
        matcher = searcher.reader().postings("text", "各国")
        matcher._read_data()
        pickled = matcher._data[1]  # the block's weights as stored: not all equal, so a tuple
        assert type(pickled) is tuple and {type(w) for w in pickled} == {int if boost.is_integer() else float}
        weights = {}
        while matcher.is_active():
            weights[matcher.id()] = matcher.weight()
            matcher.next()
        assert weights[2] == 3 * boost and weights[0] == boost and len(weights) == 12
        hits = searcher.search(query.Term("text", "各国"), limit=None)
        assert [hit["pid"] for hit in hits][:6] == [str(n) for n in (2, 6, 10, 14, 18, 22)]
