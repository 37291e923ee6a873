"""Searches while an ingest writes to the same home never fail and never see half a document.

A writer (its own KnowledgeBase on the home, as another process would have) re-ingests a changing
file: every version has three numbered paragraphs, all saying 版本<v>. Readers (another
KnowledgeBase each) search meanwhile; every answer must hold the paragraphs of ONE version, all three
of them (or none before the first write)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from wgkb.facade import KnowledgeBase

VERSIONS = 12
PARAGRAPHS = ("关于枪支标识的第一段。", "关于记录保存的第二段。", "关于追查的第三段。")


def write_version(folder: Path, version: int) -> None:
    body = "\n\n".join(f"{n}. 版本{version}：{text}" for n, text in enumerate(PARAGRAPHS, 1))
    (folder / "CTOC_COP_WG.6_2040_1.txt").write_text(f"CTOC/COP/WG.6/2040/1\n\n枪支问题工作组\n\n{body}\n",
                                                     encoding="utf-8")


def check_answer(kb: KnowledgeBase, seen: list[set[str]]) -> None:
    results = kb.search("版本", limit=20)
    versions = {m for h in results.hits for m in re.findall(r"版本(\d+)", h.text)}
    numbered = [h for h in results.hits if h.kind == "numbered"]
    assert len(versions) <= 1, f"paragraphs of several versions at once: {versions}"
    assert len(numbered) in (0, len(PARAGRAPHS)), f"half a document: {[h.key for h in numbered]}"
    assert results.total == len(results.hits)
    seen.append(versions)


def test_searches_during_ingest_never_fail_nor_see_half_a_document(tmp_path):
    home, folder = tmp_path / "home", tmp_path / "docs"
    folder.mkdir()
    write_version(folder, 0)
    first = KnowledgeBase.open(home)
    first.ingest([folder])
    done, errors, seen = threading.Event(), [], []

    def writer() -> None:
        kb = KnowledgeBase.open(home)
        try:
            for version in range(1, VERSIONS + 1):
                write_version(folder, version)
                report = kb.ingest([folder])
                assert report.ok, [r.line for r in report.errors]
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            done.set()
            kb.close()

    def reader() -> None:
        kb = KnowledgeBase.open(home)
        try:
            while not done.is_set():
                check_answer(kb, seen)
            check_answer(kb, seen)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            kb.close()

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    first.close()
    assert not errors, errors[0]
    assert seen and seen[-1] == {str(VERSIONS)}
    assert len({v for s in seen for v in s}) > 1  # the readers really ran while versions changed
