"""No quadratic step on hostile input: snippet windows, similarity, HTML and DOCX cleaning. Each is
run on long generated inputs (hypothesis) and on one adversarial input large enough that a quadratic
version would not finish within the guard (seconds, where the linear code needs a fraction of one).
Speed itself is measured by bench/bad_input.py (time against input size), not here."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from graphs.similarity import IdfTable, bigrams, scorer, similarity
from index.snippets import LEAD_CHARS, MARK_CLOSE, MARK_OPEN, _best_window, match_spans, snippet
from ingest.limits import longest_line
from ingest.read import _docx_text, html_to_text

#: Seconds an adversarial input may take (linear code: well under one; quadratic: minutes to hours).
GUARD = 20


@contextmanager
def guard(seconds: int = GUARD) -> Iterator[None]:
    def expired(*_: object) -> None:
        raise AssertionError(f"did not finish within {seconds} s: a super-linear step on long input")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def quadratic_window(spans: list[tuple[int, int]], length: int, width: int) -> int:
    """The old O(m²) window choice: the reference the linear one must equal."""
    if not spans or length <= width:
        return 0
    best, best_count = 0, -1
    for a, _ in spans:
        begin = max(0, min(a - LEAD_CHARS, length - width))
        count = sum(1 for x, y in spans if x >= begin and y <= begin + width)
        if count > best_count:
            best, best_count = begin, count
    return best


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="标识记 \n录a", max_size=600), st.integers(min_value=1, max_value=80))
def test_snippet_window_equals_the_quadratic_reference(text: str, width: int) -> None:
    spans = match_spans(text, ("标识", "记 录", "a"))
    assert _best_window(spans, len(text), width) == quadratic_window(spans, len(text), width)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1_000, max_value=60_000))
def test_snippet_of_a_paragraph_of_matches(repeats: int) -> None:
    with guard():
        out = snippet("标识" * repeats, ("标识",))
    assert out.startswith(MARK_OPEN) or out.startswith("…" + MARK_OPEN)
    assert out.count(MARK_OPEN) == out.count(MARK_CLOSE) > 10


def test_snippet_of_a_one_megabyte_line_of_matches() -> None:
    with guard():
        assert MARK_OPEN in snippet("标识 " * 350_000, ("标识",))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["<p ", "<script", "<", "<div <br", "<style>", "</p", "<h1 x='"]),
       st.integers(min_value=1_000, max_value=30_000))
def test_html_cleaning_of_unclosed_tags(unit: str, repeats: int) -> None:
    with guard():
        text = html_to_text("开头。" + unit * repeats + "结尾")
    assert text.startswith("开头")


def test_html_cleaning_of_a_megabyte_of_unclosed_tags() -> None:
    for unit in ("<p ", "<script", "<div <br "):
        with guard():
            assert html_to_text("开头" + unit * 300_000).startswith("开头")


def test_docx_cleaning_of_unclosed_paragraphs() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:p><w:t>段落</w:t></w:p>" + "<w:p " * 300_000 + "<w:t>尾</w:t>")
    with guard():
        assert _docx_text("x.docx", buffer.getvalue()).startswith("段落")


def test_similarity_of_a_huge_text_against_many_paragraphs() -> None:
    """Suggested follow-up scores one text against every paragraph: the cost per paragraph is the
    smaller side's bigrams, not the huge text's (6,000 × 150,000 bigram look-ups before: ~30 s)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for n in range(6_000):
        graph.add_node(f"p{n}", kind="paragraph", text=f"加强枪支标识第{n}段")
    huge = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(150_000))
    with guard():
        score = scorer(graph, huge)
        scores = [score(f"p{n}", f"加强枪支标识第{n}段") for n in range(6_000)]
    assert all(0 <= s <= 1 for s in scores)
    assert similarity(bigrams("标识"), bigrams("标识"), IdfTable({}, 1.0)) == 1.0


def test_longest_line_is_one_pass() -> None:
    with guard():
        assert longest_line("a\n" * 1_000_000 + "b" * 5_000_000) == (5_000_000, 1_000_001)


