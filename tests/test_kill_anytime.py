"""kill -9 (and Ctrl-C) at random moments of `wgkb ingest`: afterwards the store is sound and whole,
and the next search answers every stored document (the index catches up by itself; no file times)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_interrupted_ingest import assert_complete, child_env, kill_after, load_replica

from index.search import LEFTOVER_GLOBS
from wgkb.facade import KnowledgeBase

#: Trials (kept few: each starts a Python process); the kill comes after 0-4 more store writes and a
#: random delay of up to DELAY seconds (so also inside a transaction or the index hook).
TRIALS, DELAY = 2, 0.6


def assert_every_document_searchable(home: Path) -> None:
    kb = KnowledgeBase.open(home)
    try:
        assert kb.store.integrity_check() == "ok"
        assert_complete(kb.store)
        for doc in kb.documents():
            stored = kb.store.counts(doc.id)["paragraphs"]
            assert kb.search("", doc=doc.id, limit=1).total == stored, doc.id
        assert not [p for g in LEFTOVER_GLOBS for p in home.glob(g)]
    finally:
        kb.close()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_at_any_moment_every_stored_document_is_searchable(tmp_path: Path, corpus_dir: Path,
                                                                      sig: signal.Signals) -> None:
    replica = tmp_path / "replica"
    load_replica().replicate(corpus_dir, replica, 2)
    rng = random.Random(14 + sig)
    home = tmp_path / "home"
    KnowledgeBase.open(home).close()
    for _ in range(TRIALS if sig == signal.SIGKILL else 1):
        process = subprocess.Popen([sys.executable, "-m", "wgkb.cli", "--home", str(home), "ingest", "--force",
                                    str(replica)], cwd=tmp_path, env=child_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kill_after(process, home / KnowledgeBase.STORE_FILE, rng.randint(0, 4), rng.uniform(0, DELAY), sig)
        assert_every_document_searchable(home)
