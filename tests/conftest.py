"""Fixtures shared by every test module.

- ``home``: an empty knowledge-base directory (tmp).
- ``kb``: a fresh KnowledgeBase in ``home``.
- ``corpus_dir``: the bundled corpus folder (read-only: copy it before changing anything).
- ``corpus_kb``: a session-wide KnowledgeBase with the bundled corpus ingested once. READ-ONLY for
  tests: never ingest into it, delete from it or change its files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
