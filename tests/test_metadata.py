"""Metadata (DESIGN.md, Ingestion 4): manifest first, else detected from text and file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.metadata import (
    detect_date,
    detect_doc_type,
    detect_metadata,
    detect_symbol,
    document_id,
    symbol_from_filename,
)
from ingest.pipeline import ingest_file, load_manifest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


@pytest.mark.parametrize(
    ("name", "symbol"),
    [("CTOC_COP_WG.6_2018_3_C.pdf", "CTOC/COP/WG.6/2018/3"), ("CTOC_COP_WG.6_2016_1.txt", "CTOC/COP/WG.6/2016/1"),
     ("CTOC_COP_2012_6", "CTOC/COP/2012/6"), ("A_HRC_41_12_E.pdf", "A/HRC/41/12"), ("E_CN.3_2016_2.txt", "E/CN.3/2016/2"),
     ("COP_resolution_11_6.txt", None), ("WG6_2023_background.txt", None), ("report.pdf", None)],
)
def test_symbol_from_filename(name: str, symbol: str | None) -> None:
    assert symbol_from_filename(name) == symbol


@pytest.mark.parametrize(
    ("text", "date"),
    [("Distr.: General\n21 February 2018\nChinese", "2018-02-21"), ("Distr.: General\n3 August 2020\n", "2020-08-03"),
     ("31 February 2018", None), ("2018年5月2日和3日，维也纳", None)],
)
def test_distr_block_date(text: str, date: str | None) -> None:
    assert detect_date(text) == date


def test_agenda_footnote_is_not_the_document_symbol() -> None:
    text = "临时议程*项目3\n\n* CTOC/COP/WG.6/2018/1。\n\n1. 正文。"
    assert detect_symbol(text, "paper.txt") is None
    assert detect_symbol(text, "CTOC_COP_WG.6_2018_3_C.txt") == "CTOC/COP/WG.6/2018/3"
    assert detect_symbol("V.16-01235 5\n\n CTOC/COP/WG.6/2016/1\n\n正文", "x.txt") == "CTOC/COP/WG.6/2016/1"
    assert detect_symbol("ＣＴＯＣ/ＣＯＰ/２０２０/７\n正文", "x.txt") == "CTOC/COP/2020/7"


@pytest.mark.parametrize(
    ("front", "doc_type"),
    [(["临时议程和说明"], "agenda"), (["临时议程说明"], "agenda"), (["秘书处的说明"], "note"),
     (["秘书处编制的背景文件"], "background_paper"), (["临时议程"], "agenda"), (["第 4/6 号决定"], "decision"),
     (["本报告介绍了工作组的工作。"], "other")],
)
def test_doc_type_from_front_matter(front: list[str], doc_type: str) -> None:
    assert detect_doc_type(front) == doc_type


def test_ids() -> None:
    assert document_id("CTOC/COP/WG.6/2014/2", None, "ab" * 32) == "document:CTOC/COP/WG.6/2014/2"
    assert document_id(None, "COP 11/6", "ab" * 32) == "resolution:COP 11/6"
    assert document_id(None, "COP 4/6", "ab" * 32, "decision") == "decision:COP 4/6"
    assert document_id(None, None, "0123456789abcdef" + "0" * 48) == "document:sha256:0123456789abcdef"


def test_manifest_fields_win_and_reduced_precision_dates_pass_through() -> None:
    entry = {"symbol": "ctoc/cop/wg.6/2099/1 ".upper(), "date": "2022", "doc_type": "note", "title": "标题",
             "meeting": "会议", "body": "CTOC/COP/WG.6", "language": "zh"}
    meta = detect_metadata("Distr.: General\n21 February 2018\n\n1. 正文。", "x.txt", "0" * 64, entry)
    assert (meta.symbol, meta.date, meta.doc_type, meta.title, meta.meeting) == ("CTOC/COP/WG.6/2099/1", "2022", "note", "标题", "会议")
    assert meta.id == "document:CTOC/COP/WG.6/2099/1"


def test_manifest_resolution_field_makes_the_resolution_id() -> None:
    manifest = load_manifest(ROOT / "corpus")
    entry = manifest["COP_resolution_11_6.txt"]
    document = ingest_file(ROOT / "corpus" / "COP_resolution_11_6.txt", entry)
    assert document.id == "resolution:COP 11/6" and document.date == "2022" and document.symbol is None


def test_load_manifest_missing_and_invalid(tmp_path: Path) -> None:
    from ingest.errors import IngestError

    assert load_manifest(tmp_path) == {}
    (tmp_path / "manifest.toml").write_text("[broken", encoding="utf-8")
    with pytest.raises(IngestError, match="invalid manifest"):
        load_manifest(tmp_path)


DETECTED = [
    ("CTOC_COP_WG.6_2018_3.txt", "document:CTOC/COP/WG.6/2018/3", "background_paper", "2018-02-21", "CTOC/COP/WG.6",
     "联合国毒品和犯罪问题办公室为促进批准和实施《联合国打击跨国有组织犯罪公约关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书》开展的活动"),
    ("CTOC_COP_WG.6_2014_2.txt", "document:CTOC/COP/WG.6/2014/2", "background_paper", None, "CTOC/COP/WG.6",
     "打击非法制造和贩运枪支及其零部件和弹药方面的挑战和良好做法以及旨在促进执行《联合国打击跨国有组织犯罪公约关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书》的措施"),
    ("CTOC_COP_WG.6_2016_1.txt", "document:CTOC/COP/WG.6/2016/1", "agenda", None, "CTOC/COP/WG.6", "临时议程说明"),
    ("COP_resolution_11_6.txt", "resolution:COP 11/6", "resolution", None, "COP", "加强国际合作预防、打击和消除非法制造和贩运枪支及其零部件和弹药"),
]


@pytest.mark.parametrize(("name", "doc_id", "doc_type", "date", "body", "title"), DETECTED)
def test_detected_on_seeds_without_manifest(name, doc_id, doc_type, date, body, title) -> None:
    document = ingest_file(ROOT / "corpus" / name)
    assert (document.id, document.doc_type, document.date, document.body, document.title) == (doc_id, doc_type, date, body, title)
    assert document.language == "zh"


def test_no_symbol_gives_a_content_hash_id_and_meeting_is_assembled() -> None:
    document = ingest_file(ROOT / "corpus" / "WG6_2023_background_international_cooperation.txt")
    assert document.id == f"document:sha256:{document.sha256[:16]}" and document.symbol is None
    assert document.meeting == "枪支问题工作组，2023年5月3日和4日，维也纳（临时议程项目2）"
    assert document.date == "2023-02-17" and document.doc_type == "background_paper"


@pytest.mark.parametrize(
    ("name", "doc_id", "doc_type", "date", "title"),
    [("report_gb18030.txt", "document:CTOC/COP/WG.6/2019/6", "report", "2019-07-15", "2019 年 5 月 27 日至 29 日在维也纳举行的会议的报告"),
     ("note_utf16.txt", "document:CTOC/COP/2020/7", "note", "2020-08-03", "秘书处的说明"),
     ("flattened_ge_report.txt", "document:A/HRC/41/12", "report", None, "民间持有枪支的管制对享有人权的影响"),
     ("ga_resolution_slash_notes.txt", "resolution:GA 56/120", "resolution", None, "打击非法制造和贩运枪支及其零部件和弹药")],
)
def test_detected_on_other_formats(name: str, doc_id: str, doc_type: str, date: str | None, title: str) -> None:
    document = ingest_file(FIXTURES / name)
    assert (document.id, document.doc_type, document.date, document.title) == (doc_id, doc_type, date, title)


def test_english_document_language(tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    path.write_text("1. The Working Group recommended that States parties strengthen marking.\n", encoding="utf-8")
    assert ingest_file(path).language == "en"
