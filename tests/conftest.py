"""Fixtures shared by every test module.

- ``home``: an empty knowledge-base directory (tmp).
- ``kb``: a fresh KnowledgeBase in ``home``.
- ``corpus_dir``: the bundled corpus folder (read-only: copy it before changing anything).
- ``corpus_kb``: a session-wide KnowledgeBase with the bundled corpus ingested once. READ-ONLY for
  tests: never ingest into it, delete from it or change its files.
- ``engine_name``: each search engine in turn (tests using it run once per engine).
- ``engine_corpus_kb``: the bundled corpus searched by each engine in turn (session-wide, READ-ONLY;
  the whoosh one is ``corpus_kb`` itself, the others a copy of its store, reindexed).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.engine import ENGINES
from wgkb.facade import CORPUS_DIR, KnowledgeBase


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home directory for a knowledge base."""
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def kb(home: Path) -> Iterator[KnowledgeBase]:
    """A fresh, empty KnowledgeBase."""
    knowledge_base = KnowledgeBase.open(home)
    yield knowledge_base
    knowledge_base.close()


@pytest.fixture(autouse=True)
def _keep_wgkb_home() -> Iterator[None]:
    """App tests (``run_page``) point WGKB_HOME at their home; put the old value back after each test."""
    old = os.environ.get("WGKB_HOME")
    yield
    if old is None:
        os.environ.pop("WGKB_HOME", None)
    else:
        os.environ["WGKB_HOME"] = old


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled corpus folder (documents + manifest.toml)."""
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[KnowledgeBase]:
    """The bundled corpus ingested once per session. Read-only for tests."""
    knowledge_base = KnowledgeBase.open(tmp_path_factory.mktemp("corpus_home"))
    report = knowledge_base.ingest([corpus_dir])
    assert report.ok, [r.line for r in report.errors]
    yield knowledge_base
    knowledge_base.close()


@pytest.fixture(params=tuple(ENGINES))
def engine_name(request: pytest.FixtureRequest) -> str:
    """Each search engine in turn."""
    return request.param


@pytest.fixture(scope="session", params=tuple(ENGINES))
def engine_corpus_kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                     corpus_kb: KnowledgeBase) -> Iterator[KnowledgeBase]:
    """The bundled corpus searched by each engine in turn. Read-only for tests."""
    if request.param == corpus_kb.engine:
        yield corpus_kb
        return
    knowledge_base = copy_home(corpus_kb, tmp_path_factory.mktemp(f"corpus_{request.param}"))
    knowledge_base.reindex(request.param)
    yield knowledge_base
    knowledge_base.close()


def copy_home(source: KnowledgeBase, home: Path) -> KnowledgeBase:
    """A new home holding a copy of ``source``'s store (SQLite's online backup: a consistent copy)."""
    src, dst = sqlite3.connect(source.store.path), sqlite3.connect(home / KnowledgeBase.STORE_FILE)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return KnowledgeBase.open(home)


# Property tests draw the same examples on every run (CI included), so a green suite stays green;
# `HYPOTHESIS_PROFILE=explore` draws new ones when hunting for bugs.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, database=None)
_hypothesis_settings.register_profile("explore")
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
