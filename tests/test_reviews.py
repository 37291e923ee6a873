"""Human review of follow-up (index/reviews.py, graphs/reviewed.py, wgkb review): stored apart, shown
apart from computed status, exported and restored, and untouched by re-ingest, ``ingest --force``, a
deleted search index and a schema migration."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import index.store as store_module
from index.reviews import Review, Reviews, latest
from ingest.errors import WgkbError
from tests.cli_run import wgkb

REC = "CTOC/COP/WG.6/2017/4#20"
PARA = "CTOC/COP/WG.6/2018/3¶65"
SEED = "CTOC_COP_WG.6_2018_3.txt"


@pytest.fixture
def seeded(tmp_path: Path, corpus_dir: Path) -> tuple[Path, Path]:
    """A home with seed 2018/3 ingested (from a copy of the file) and two reviews: (home, file)."""
    source = tmp_path / "docs" / SEED
    source.parent.mkdir()
    shutil.copy(corpus_dir / SEED, source)
    home = tmp_path / "home"
    assert wgkb(home, "ingest", source).code == 0
    assert wgkb(home, "review", REC, "--paragraph", PARA, "--confirm", "--by", "Li Wei", "--note", "yes").code == 0
    done = wgkb(home, "review", REC, "--status", "in_progress", "--by", "Li Wei", "--note", "training under way")
    assert done.code == 0 and done.out.startswith("reviewed: recommendation:CTOC/COP/WG.6/2017/4#20: status in_progress")
    return home, source


def _followup(home: Path) -> dict:
    run = wgkb(home, "followup", REC, "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def _assert_reviewed(home: Path) -> None:
    data = _followup(home)
    assert data["status"] == "cited"                      # computed status unchanged
    assert data["review"]["status"] == "in_progress" and data["review"]["reviewer"] == "Li Wei"
    assert data["review"]["note"] == "training under way" and data["review"]["at"][:4].isdigit()
    (item,) = [i for g in data["cited"] for i in g["items"]]
    assert item["paragraph_id"] == "document:" + PARA and item["review"]["decision"] == "confirmed"


def test_review_is_shown_apart_from_computed_status(seeded: tuple[Path, Path]) -> None:
    home, _ = seeded
    _assert_reviewed(home)
    text = wgkb(home, "followup", REC).out
    assert "status: cited" in text and "Reviewed status: in_progress by Li Wei, " in text
    assert "[confirmed by Li Wei, " in text


def test_reject_and_add(seeded: tuple[Path, Path]) -> None:
    home, _ = seeded
    assert wgkb(home, "review", REC, "--paragraph", "CTOC/COP/WG.6/2018/3¶66", "--add", "--by", "Ana").code == 0
    assert wgkb(home, "review", REC, "--paragraph", PARA, "--reject", "--by", "Ana").code == 0
    data = _followup(home)
    (item,) = [i for g in data["cited"] for i in g["items"]]
    assert item["review"]["decision"] == "rejected" and item["review"]["reviewer"] == "Ana"   # the latest wins
    assert [a["paragraph_id"] for a in data["added"]] == ["document:CTOC/COP/WG.6/2018/3¶66"]
    assert data["counts"]["added"] == 1


def test_bad_reviews_are_one_line_errors(seeded: tuple[Path, Path]) -> None:
    home, _ = seeded
    for args, message in ((("--confirm",), "--confirm needs --paragraph"),
                          (("--paragraph", "CTOC/COP/WG.6/2018/3¶999", "--add"), "no such paragraph"),
                          (("--paragraph", PARA), "give TARGET with --paragraph")):
        run = wgkb(home, "review", REC, *args)
        assert run.code == 1 and message in run.err and len(run.err_lines) == 1, run.err
    with pytest.raises(SystemExit) as exit_status:      # argparse names the valid statuses
        wgkb(home, "review", REC, "--status", "done")
    assert exit_status.value.code != 0


def test_registry_json_and_csv_carry_review_columns(seeded: tuple[Path, Path]) -> None:
    home, _ = seeded
    rows = json.loads(wgkb(home, "recommendations", "--json").out)
    row = next(r for r in rows if r["id"] == "recommendation:" + REC)
    assert (row["review_status"], row["reviewer"], row["review_note"]) == ("in_progress", "Li Wei", "training under way")
    table = list(csv.DictReader(io.StringIO(wgkb(home, "recommendations", "--csv").out.lstrip("\ufeff"))))
    assert next(r for r in table if r["id"] == "recommendation:" + REC)["reviewer"] == "Li Wei"


def test_review_survives_force_and_changed_reingest(seeded: tuple[Path, Path]) -> None:
    home, source = seeded
    assert wgkb(home, "ingest", source, "--force").code == 0
    _assert_reviewed(home)
    source.write_text(source.read_text(encoding="utf-8") + "\n\n99. 新增的段落。\n", encoding="utf-8")
    again = wgkb(home, "ingest", source)
    assert again.code == 0 and "1 stored" in again.out
    _assert_reviewed(home)


def test_review_survives_a_deleted_search_index(seeded: tuple[Path, Path]) -> None:
    home, _ = seeded
    assert wgkb(home, "search", "枪支").code == 0
    shutil.rmtree(home / "index")
    assert wgkb(home, "search", "枪支").code == 0          # rebuilt from the store
    _assert_reviewed(home)


def test_review_survives_a_schema_migration(seeded: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    home, _ = seeded
    # a migration of the kind the store will need: rebuild a table of the documents' data
    migration = ("CREATE TABLE entities_new AS SELECT * FROM entities; DROP TABLE entities; "
                 "ALTER TABLE entities_new RENAME TO entities")
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", store_module.SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, store_module.SCHEMA_VERSION - 1, migration)
    store = store_module.Store(home / "wgkb.sqlite")
    assert store.schema_version == store_module.SCHEMA_VERSION
    store.close()
    reviews = Reviews(home / "wgkb.sqlite")
    assert [(r.action, r.reviewer) for r in reviews.all()] == [("confirm", "Li Wei"), ("status", "Li Wei")]
    reviews.close()


def test_export_and_restore_into_another_home(seeded: tuple[Path, Path], tmp_path: Path) -> None:
    home, source = seeded
    export = tmp_path / "kb.json"
    assert wgkb(home, "export", "--json", "-o", export).code == 0
    data = json.loads(export.read_text(encoding="utf-8"))
    assert [r["action"] for r in data["reviews"]] == ["confirm", "status"]
    assert data["reviews"][1]["status"] == "in_progress" and data["documents"]
    other = tmp_path / "other"
    assert wgkb(other, "ingest", source).code == 0
    restored = wgkb(other, "review", "--import", export)
    assert restored.code == 0 and restored.out.startswith("2 reviews imported (0 already here)")
    _assert_reviewed(other)
    assert wgkb(other, "review", "--import", export).out.startswith("0 reviews imported (2 already here)")
    assert len(json.loads(wgkb(other, "review", "--list", "--json").out)) == 2


def test_import_of_a_bad_file_changes_nothing(seeded: tuple[Path, Path], tmp_path: Path) -> None:
    home, _ = seeded
    bad = tmp_path / "bad.json"
    for content, message in (("{", "not a wgkb export"), ('{"documents": []}', 'no "reviews" list'),
                             ('{"reviews": [{"target": "x", "action": "status", "status": "done", '
                              '"created_at": "2026-01-01T00:00:00+00:00"}]}', "review 1: status 'done'")):
        bad.write_text(content, encoding="utf-8")
        run = wgkb(home, "review", "--import", bad)
        assert run.code == 1 and message in run.err, run.err
    assert len(json.loads(wgkb(home, "review", "--list", "--json").out)) == 2
    missing = wgkb(home, "review", "--import", tmp_path / "nope.json")
    assert missing.code == 1 and "no such file" in missing.err


def test_review_records_round_trip_and_latest_wins() -> None:
    first = Review("t", "status", status="implemented", reviewer="A", created_at="2026-01-01T00:00:00+00:00")
    second = Review("t", "status", status="superseded", reviewer="B", created_at="2026-02-01T00:00:00+00:00")
    link = Review("t", "reject", paragraph="d¶1", created_at="2026-01-02T00:00:00+00:00")
    assert Review.from_dict(first.to_dict()) == first
    status, links = latest([first, link, second])
    assert status["t"] is second and links[("t", "d¶1")] is link
    with pytest.raises(WgkbError, match="choose one of not_started"):
        Review.from_dict({**first.to_dict(), "status": "halfway"})
