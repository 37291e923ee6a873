"""A process killed (SIGKILL) in the middle of an ingest leaves the previous state readable and
complete, and every document it did store is whole."""

from __future__ import annotations

import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from doc_factory import document

from index.store import Store
from wgkb.facade import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent
#: Copies of the corpus the killed run is given: far more than it can store before it is killed.
COPIES = 2
#: How long to wait for the killed process to store its first documents (imports included).
START_TIMEOUT = 120.0


def load_replica():
    spec = importlib.util.spec_from_file_location("corpus_replica", REPO / "bench" / "corpus_replica.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generation(db_path: Path) -> int:
    """The store's write generation, read through a separate read-only connection."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as db:
        return int(db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0])


def kill_after(process: subprocess.Popen, db_path: Path, writes: int, delay: float = 0.0,
               sig: signal.Signals = signal.SIGKILL) -> int:
    """SIGKILL (or ``sig``) ``process`` ``delay`` seconds after it has committed ``writes`` more writes;
    return the generation seen then."""
    start = generation(db_path)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        seen = generation(db_path)
        if seen >= start + writes or process.poll() is not None:
            break
        time.sleep(0.005)
    time.sleep(delay)
    process.send_signal(sig)
    process.wait(timeout=30)
    if sig == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL, "the ingest ended before it was killed"
    return seen


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def assert_complete(store: Store) -> None:
    """Every stored document has all its paragraph rows and reads back whole."""
    for row in store._query("SELECT id, paragraph_count FROM documents"):
        document = store.get_document(row[0])
        assert document is not None and len(document.paragraphs) == row[1] > 0, row[0]
        for p in document.paragraphs:
            assert document.text[p.start:p.end] == p.text


@pytest.mark.slow
def test_killed_cli_ingest_keeps_previous_state(tmp_path: Path, corpus_dir: Path) -> None:
    home = tmp_path / "home"
    kb = KnowledgeBase.open(home)
    assert kb.ingest([corpus_dir]).ok
    before = kb.export()
    kb.close()
    replica = tmp_path / "replica"
    load_replica().replicate(corpus_dir, replica, COPIES)
    db_path = home / KnowledgeBase.STORE_FILE

    process = subprocess.Popen([sys.executable, "-m", "wgkb.cli", "--home", str(home), "ingest", str(replica)],
                               cwd=tmp_path, env=child_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    kill_after(process, db_path, writes=2)

    with Store(db_path) as store:
        assert store.integrity_check() == "ok"
        stored = store.counts()["documents"]
        assert len(before["documents"]) + 2 <= stored < len(before["documents"]) + 5 * COPIES
        assert_complete(store)
    kb = KnowledgeBase.open(home)
    after = {d["id"]: d for d in kb.export()["documents"]}
    for doc in before["documents"]:
        assert after[doc["id"]] == doc
    # the documents the killed run stored are whole: a new run finds them unchanged and adds the rest
    report = kb.ingest([replica])
    assert report.ok and len(report.unchanged) == stored - len(before["documents"])
    assert kb.stats()["documents"] == len(before["documents"]) + 5 * COPIES
    kb.close()


#: A writer that stores big documents (many rows per transaction) until it is killed.
WRITER = textwrap.dedent("""
    import sys
    from index.store import Store
    sys.path.insert(0, {tests!r})
    from doc_factory import document
    store = Store(sys.argv[1])
    for n in range(100000):
        texts = tuple(f"第{{n}}号文件第{{k}}段，回顾第 9/2 号决议和毒品和犯罪问题办公室。" * 5 for k in range(3000))
        store.put_document(document(f"BIG/{{n % 7}}", texts, source=f"big{{n % 7}}.txt"))
""")


@pytest.mark.slow
def test_kill_during_large_transactions_never_leaves_half_a_document(tmp_path: Path) -> None:
    db_path = tmp_path / "kb.sqlite"
    with Store(db_path) as store:
        store.put_document(_previous())
    for writes, delay in ((1, 0.0), (2, 0.05), (1, 0.12)):
        process = subprocess.Popen([sys.executable, "-c", WRITER.format(tests=str(REPO / "tests")), str(db_path)],
                                   env=child_env(), stderr=subprocess.DEVNULL)
        seen = kill_after(process, db_path, writes, delay)
        with Store(db_path) as store:
            assert store.integrity_check() == "ok"
            assert store.generation >= seen
            assert store.get_document(_previous().id) == _previous()
            assert_complete(store)
            for row in store._query("SELECT id, paragraph_count FROM documents WHERE id LIKE 'document:BIG/%'"):
                assert row[1] == 3001, row  # 3000 paragraphs and the footnote, never fewer


def _previous():
    return document("KEEP/1", ("回顾第 9/2 号决议。", "保留的段落。"), source="keep.txt")
