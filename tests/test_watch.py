"""Watch list and alerts (index/watch.py, wgkb/watching.py, wgkb/watch_feed.py, wgkb watch): the baseline
is not news; an ingest that brings citing/matching paragraphs prints one `watched:` line per item and adds
an entry to the Atom feed <home>/watch.atom; watches survive ingest --force."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli_run import wgkb

ATOM = "{http://www.w3.org/2005/Atom}"
PAPER_2023 = "WG6_2023_background_international_cooperation.txt"


@pytest.fixture
def watching(tmp_path: Path, corpus_dir: Path) -> Path:
    """A home with seed 2014/2 and two watches: resolution 6/2 (cited by the 2023 paper) and a search."""
    home = tmp_path / "home"
    assert wgkb(home, "ingest", corpus_dir / "CTOC_COP_WG.6_2014_2.txt").code == 0
    added = wgkb(home, "watch", "add", "6/2")
    assert added.code == 0 and added.out == "watching [1] resolution 6/2\n"
    assert wgkb(home, "watch", "add", "--query", "机构间合作").code == 0
    return home


def _feed(home: Path) -> ET.Element:
    return ET.parse(home / "watch.atom").getroot()


def test_ingest_of_a_citing_document_prints_watched_lines_and_feeds(watching: Path, corpus_dir: Path) -> None:
    run = wgkb(watching, "ingest", corpus_dir / PAPER_2023)
    assert run.code == 0
    lines = [line for line in run.out.splitlines() if line.startswith("watched: ")]
    assert lines[0] == ("watched: resolution 6/2 — 1 new citing paragraph "
                        "(根据《枪支议定书》和《联合国打击跨国有组织犯罪… (2023-02-17), para. 2)")
    assert lines[1].startswith('watched: query "机构间合作" — ') and "new matching paragraphs" in lines[1]
    assert len(lines) == 2
    feed = _feed(watching)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}id").text.startswith("urn:wgkb:")
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert len(entries) == 2 and any(t.startswith("resolution 6/2 — 1 new citing paragraph") for t in titles)
    assert all(e.find(f"{ATOM}id").text and e.find(f"{ATOM}updated").text for e in entries)
    again = wgkb(watching, "ingest", corpus_dir / PAPER_2023, "--force")
    assert again.code == 0 and "watched:" not in again.out          # nothing new: no alert
    assert len(_feed(watching).findall(f"{ATOM}entry")) == 2


def test_watch_news_since_and_json(watching: Path, corpus_dir: Path) -> None:
    wgkb(watching, "ingest", corpus_dir / PAPER_2023)
    news = json.loads(wgkb(watching, "watch", "news", "--json").out)
    cited = next(n for n in news if n["watch_label"] == "resolution 6/2")
    assert [p["key"] for p in cited["paragraphs"]] == ["2"]
    assert cited["paragraphs"][0]["paragraph_id"].endswith("¶2") and cited["line"].startswith("watched: ")
    assert wgkb(watching, "watch", "news", "--since", "2999-01-01").out.strip() == "0 news items since 2999-01-01"
    assert "2 news items" in wgkb(watching, "watch", "news", "--since", "2000-01-01").out
    bad = wgkb(watching, "watch", "news", "--since", "yesterday")
    assert bad.code == 1 and "--since 'yesterday'" in bad.err


def test_list_remove_and_bad_input(watching: Path) -> None:
    listed = wgkb(watching, "watch", "list")
    assert listed.out.splitlines()[0].startswith("[1] resolution 6/2  (target: resolution:COP 6/2; since ")
    assert wgkb(watching, "watch", "add", "6/2").out == "already watching [1] resolution 6/2\n"
    assert wgkb(watching, "watch", "remove", "1").out == "no longer watching [1] resolution 6/2\n"
    assert wgkb(watching, "watch", "remove", "机构间合作").code == 0
    assert wgkb(watching, "watch", "list").out == "0 watched items\n"
    for args, message in ((("add",), "give TARGET"), (("add", "99/9"), "99/9"),
                          (("remove", "7"), "'7' is not watched"), (("remove",), "watch remove: give")):
        run = wgkb(watching, "watch", *args)
        assert run.code == 1 and message in run.err and len(run.err_lines) == 1, run.err


def test_watches_survive_force_and_a_deleted_index(watching: Path, corpus_dir: Path) -> None:
    assert wgkb(watching, "ingest", corpus_dir / "CTOC_COP_WG.6_2014_2.txt", "--force").code == 0
    shutil.rmtree(watching / "index", ignore_errors=True)
    assert len(json.loads(wgkb(watching, "watch", "list", "--json").out)) == 2
    run = wgkb(watching, "ingest", corpus_dir / PAPER_2023)
    assert run.out.count("watched: ") == 2
