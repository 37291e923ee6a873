"""What every page shares: the one KnowledgeBase (built once per process), first-start ingestion of
the bundled corpus, deep links between pages, and facade calls whose failures become page messages."""

from __future__ import annotations

import os
import re
import threading
import time
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from ingest.errors import WgkbError
from ingest.records import PARA_SEP, Citation
from wgkb.facade import CORPUS_DIR, KnowledgeBase
from wgkb.ingest_run import Progress
from wgkb.pages import HOME_ENV, warm_up
from wgkb.pages.render import markdown_literal

DEFAULT_HOME = ".wgkb"

#: Page url paths (``st.Page(url_path=...)``); deep links are relative to the app root.
READER, SEARCH, LINEAGE, REGISTERS, EXPLORER, UPLOAD, LIBRARY, WATCH = (
    "reader", "search", "lineage", "registers", "explorer", "upload", "library", "watch")

_FIRST_START_LOCK = threading.Lock()


def home_dir() -> Path:
    """The knowledge-base home: ``$WGKB_HOME`` or ``./.wgkb``, absolute."""
    return Path(os.environ.get(HOME_ENV) or DEFAULT_HOME).expanduser().resolve()


@st.cache_resource(show_spinner=False)
def _open(home: str) -> KnowledgeBase:
    """One KnowledgeBase per home and process, shared by every session (search warmed up in the
    background)."""
    kb = KnowledgeBase.open(home)
    threading.Thread(target=warm_up, args=(kb,), name="wgkb-warm-up", daemon=True).start()
    return kb


def knowledge_base() -> KnowledgeBase:
    """The knowledge base; on first start with an empty home, ingest the bundled corpus (with progress)."""
    kb = _open(str(home_dir()))
    if st.session_state.get("_wgkb_ready") == str(kb.home):
        return kb
    with _FIRST_START_LOCK:
        if not kb.documents():
            first_start(kb)
    st.session_state["_wgkb_ready"] = str(kb.home)
    return kb


def first_start(kb: KnowledgeBase) -> None:
    """Ingest ``corpus/`` into an empty home, showing a progress bar; per-file errors are listed."""
    if not CORPUS_DIR.is_dir():
        st.warning(markdown_literal(f"The bundled corpus ({CORPUS_DIR}) is not there: upload documents to start."))
        return
    note = "First start: building the knowledge base from the bundled corpus · 首次启动：正在导入语料"
    bar = st.progress(0.0, text=note)
    started = time.perf_counter()
    try:
        report = kb.ingest([str(CORPUS_DIR)], progress=_progress_callback(bar, note))
    except Exception as exc:  # noqa: BLE001 - say what went wrong; the pages still open
        traceback.print_exc()
        st.error(markdown_literal(f"Could not ingest the bundled corpus: {type(exc).__name__}: {exc}"))
        return
    bar.progress(1.0, text=f"{note} — done in {time.perf_counter() - started:.1f} s")
    for result in report.results:
        if result.status == "error":
            st.warning(markdown_literal(f"{result.path}: {result.reason}"))
    bar.empty()


def _progress_callback(bar: Any, note: str) -> Progress:
    """The facade's ``progress(done, total, result)`` drawn on the progress bar."""

    gone = []

    def update(done: int, total: int, _result: Any) -> None:
        if gone:
            return
        of = max(total, 1)
        try:
            bar.progress(min(done / of, 1.0), text=f"{note} ({done}/{of})")
        except ScriptControlException:  # the page was left or rerun: finish the ingest all the same,
            gone.append(True)           # or the home would keep a part of the corpus for good

    return update


def call(kb: KnowledgeBase, name: str, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """Call a facade method; ``(False, None)`` with a message on the page when it refuses the input
    (WgkbError, ValueError: the one-line reason is shown) or fails."""
    try:
        return True, getattr(kb, name)(*args, **kwargs)
    except (WgkbError, ValueError) as exc:  # bad input (graphs/ raises ValueError for a ref it cannot read)
        st.error(markdown_literal(str(exc)))
    except Exception as exc:  # noqa: BLE001 - a failing part must not take the page down
        traceback.print_exc()
        st.error(f"`KnowledgeBase.{name}` failed: " + markdown_literal(f"{type(exc).__name__}: {exc}"))
    return False, None


def href(page: str, **params: Any) -> str:
    """A relative deep link, e.g. ``reader?doc=resolution%3ACOP+11%2F6&p=5``; None values are dropped."""
    query = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    return f"{page}?{urlencode(query)}" if query else page


def param(name: str, default: str | None = None) -> str | None:
    """One query parameter of the current URL (``st.query_params``), stripped."""
    value = st.query_params.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else default


def generation(kb: KnowledgeBase) -> int:
    """The store's write generation (cache key for anything derived from the records)."""
    return kb.store.generation


@st.cache_resource(show_spinner=False, max_entries=4)
def _citing_index(home: str, _kb: KnowledgeBase, gen: int) -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = {}
    for summary in _kb.documents():
        doc = _kb.document(summary.id)
        for para in doc.paragraphs:
            for cit in para.citations:
                index.setdefault(cit.target, []).append({
                    "document_id": doc.id, "key": para.key, "label": doc.label(para),
                    "relation": cit.relation, "surface": cit.surface, "pinpoint": cit.pinpoint,
                    "title": cit.title, "date": cit.date, "year": doc.year})
    return index


def citing_index(kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    """Canonical target id -> every paragraph citing it (document, key, label, relation, stated title
    and date), built from the records once per store generation."""
    return _citing_index(str(kb.home), kb, generation(kb))


def document_choices(kb: KnowledgeBase) -> dict[str, str]:
    """Document id -> a human label (name and title) for pickers, in a stable order."""
    docs = sorted(kb.documents(), key=lambda d: (d.date is None, d.date or "", d.id))  # undated last
    return {d.id: f"{d.name()} — {(d.title or '')[:40]}" for d in docs}


def node_href(node: str, attrs: dict[str, Any]) -> str:
    """Where a graph node opens: a paragraph in the reader, a document in the corpus, the follow-up
    of a recommendation, or the stub page of something known only from citations."""
    kind = attrs.get("kind")
    if kind == "paragraph" and attrs.get("document"):
        return href(READER, doc=attrs["document"], p=attrs.get("key"))
    if kind == "recommendation":
        return href(REGISTERS, target=node)
    if attrs.get("in_corpus"):
        return href(READER, doc=node)
    return href(READER, ref=node)


#: The first paragraph a pinpoint names: "para. 24" in "chap. IV, para. 24" or "paras. 5-7" (the
#: pinpoint forms of ingest/references); the reader then opens at that paragraph.
PINPOINT_PARAGRAPH = re.compile(r"\bparas?\.\s*(\d+)")


def citation_href(cit: Citation, known: set[str]) -> tuple[str, bool]:
    """Where a citation link goes: the cited document in the corpus, the follow-up view of a
    recommendation, or the stub page of something only known from citations."""
    target, _, key = cit.target.partition(PARA_SEP)
    pinned = PINPOINT_PARAGRAPH.search(cit.pinpoint or "")
    key = key or (pinned.group(1) if pinned else "")
    if target in known:
        return href(READER, doc=target, p=key or None), True
    if cit.kind == "recommendation":
        return href(REGISTERS, target=cit.target), True
    return href(READER, ref=cit.target), False
