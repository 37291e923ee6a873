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
     ("31 February 2018", None), ("2018年5月2日和3日，维也纳", "2018")],  # a meeting's year, never its day
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
    ("CTOC_COP_WG.6_2014_2.txt", "document:CTOC/COP/WG.6/2014/2", "background_paper", "2014", "CTOC/COP/WG.6",
     "打击非法制造和贩运枪支及其零部件和弹药方面的挑战和良好做法以及旨在促进执行《联合国打击跨国有组织犯罪公约关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书》的措施"),
    ("CTOC_COP_WG.6_2016_1.txt", "document:CTOC/COP/WG.6/2016/1", "agenda", "2016", "CTOC/COP/WG.6", "临时议程说明"),
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
     ("ga_resolution_slash_notes.txt", "resolution:GA 56/120", "resolution", "2001", "打击非法制造和贩运枪支及其零部件和弹药")],
)
def test_detected_on_other_formats(name: str, doc_id: str, doc_type: str, date: str | None, title: str) -> None:
    document = ingest_file(FIXTURES / name)
    assert (document.id, document.doc_type, document.date, document.title) == (doc_id, doc_type, date, title)


def test_english_document_language(tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    path.write_text("1. The Working Group recommended that States parties strengthen marking.\n", encoding="utf-8")
    assert ingest_file(path).language == "en"


# --- identity: wherever the UN prints the document's own symbol (issue 9, item 1) --------------------

from ingest.identity import (  # noqa: E402
    canonical_number,
    header_symbol,
    resolution_heading,
    resolution_of_symbol,
    running_symbol,
    statement_symbol,
)


@pytest.mark.parametrize(
    ("text", "symbol"),
    [("联合国A/99/12大会Distr.:General5March2030Chinese原文：英文", "A/99/12"),
     ("A/99/12\n\nDistr.: General\n5 March 2030", "A/99/12"),
     ("大会\nDistr.: General\n5 March 2030\nA/99/12\n", "A/99/12"),
     ("V.99-81234 A/99/12 Distr.:General", "A/99/12"),
     ("S/RES/9999 (2030)\n安全理事会，", "S/RES/9999 (2030)"),
     ("30-12345 (C)\n\n本报告回顾了（见A/98/5）的情况。", None),
     ("* CTOC/COP/WG.6/2018/1。\n正文", None),
     ("本报告是根据大会第88/12号决议编写的，回顾A/98/5所载建议。", None)],
)
def test_header_symbol(text: str, symbol: str | None) -> None:
    assert header_symbol(text) == symbol


@pytest.mark.parametrize(
    ("lines", "symbol"),
    [(["E/99/37", "正文", "E/99/372", "正文", "E/99/373", "正文"], "E/99/37"),
     (["E/99/372", "正文", "E/99/373"], "E/99/37"),
     (["E/99/372", "E/99/3722", "E/99/3723"], "E/99/372"),
     (["2E/99/37", "E/99/37 3", "4 E/99/37"], "E/99/37"),
     (["V.99-81234", "30-12345 (C)"], None),
     (["* CTOC/COP/WG.6/2018/1"], None)],
)
def test_running_symbol_compares_pages(lines: list[str], symbol: str | None) -> None:
    assert running_symbol(lines) == symbol


@pytest.mark.parametrize(
    ("front", "acting", "expected"),
    [(["第 88/12 号决议", "标题"], "大会，", ("resolution", "GA 88/12")),
     (["联合国大会88/12号决议"], None, ("resolution", "GA 88/12")),
     (["大会第88/12号决议预防犯罪大会，回顾"], None, ("resolution", "GA 88/12")),
     (["第 9999 (2030) 号决议"], None, ("resolution", "SC 9999 (2030)")),
     (["第1234 B(XX)号决议"], None, ("resolution", "GA 1234 B (XX)")),
     (["第 60/519 号决定"], "大会，", ("decision", "GA 60/519")),
     (["56/120. 打击非法制造"], "大会，", ("resolution", "GA 56/120")),
     (["第 88/12 号决议"], None, None),
     (["一. 导言"], "大会，", None)],
)
def test_resolution_heading(front: list[str], acting: str | None, expected) -> None:
    assert resolution_heading(front, acting) == expected


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [("A/RES/88/12", ("resolution", "GA 88/12")), ("S/RES/9999 (2030)", ("resolution", "SC 9999 (2030)")),
     ("E/RES/2030/5", ("resolution", "ECOSOC 2030/5")), ("A/HRC/RES/52/3", ("resolution", "HRC 52/3")),
     ("A/RES/1234(XX)", ("resolution", "GA 1234 (XX)")), ("A/DEC/88/512", ("decision", "GA 88/512")),
     ("A/88/12", None), ("S/PRST/2030/5", None)],
)
def test_resolution_of_symbol(symbol: str, expected) -> None:
    assert resolution_of_symbol(symbol) == expected


def test_canonical_numbers_refuse_impossible_bodies() -> None:
    assert canonical_number("987(X)", None) == ("GA", "987 (X)")
    assert canonical_number("56/24V", "GA") == ("GA", "56/24 V")
    assert canonical_number("9999 (2030)", "GA") is None
    assert canonical_number("88/12", None) is None


@pytest.mark.parametrize(
    ("text", "symbol"),
    [("安理会主席声明2030年第5号\n在2030年3月5日", "S/PRST/2030/5"), ("安全理事会主席声明 2030 年第 15 号", "S/PRST/2030/15"),
     ("安理会主席的声明", None)],
)
def test_statement_named_in_words(text: str, symbol: str | None) -> None:
    assert statement_symbol(text) == symbol


@pytest.mark.parametrize(
    ("text", "doc_id", "symbol", "doc_type"),
    [("第 88/12 号决议\n\n标题\n\n大会，\n\n回顾其决议，\n\n1. 决定继续。", "resolution:GA 88/12", None, "resolution"),
     ("S/RES/9999 (2030)\n\n安全理事会，\n\n回顾其决议，\n\n1. 决定继续。", "resolution:SC 9999 (2030)",
      "S/RES/9999 (2030)", "resolution"),
     ("安理会主席声明2030年第5号\n\n在2030年3月5日安全理事会第9999次会议上，主席代表安理会发表声明：", "document:S/PRST/2030/5",
      "S/PRST/2030/5", "presidential_statement"),
     ("联合国A/C.1/99/L.5大会Distr.:Limited5March2030\n\n决议草案\n\n大会，\n\n回顾其决议，", "document:A/C.1/99/L.5",
      "A/C.1/99/L.5", "draft_resolution"),
     ("V.99-81234\n\n秘书处的说明\n\n1. 正文。", None, None, "note")],
)
def test_identity_and_type_of_whole_texts(text: str, doc_id: str | None, symbol: str | None, doc_type: str) -> None:
    meta = detect_metadata(text, "x.txt", "0" * 64)
    assert (meta.symbol, meta.doc_type) == (symbol, doc_type)
    assert meta.id == (doc_id or "document:sha256:" + "0" * 16)


# --- dates (issue 9, item 2) --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "doc_type", "date"),
    [("A/99/12\nDistr.: General\n5 March 2030\nChinese", "report", "2030-03-05"),
     ("联合国A/99/12大会Distr.:General5March2030Chinese", "report", "2030-03-05"),
     ("说明\n\n2030年3月5日\n\n正文。", "note", "2030-03-05"),
     ("第 88/12 号决议\n大会，\n回顾，\n1. 决定。\n2030年11月20日\n第64次全体会议", "resolution", "2030-11-20"),
     ("第 88/12 号决议\n大会，\n1. 决定。\n2030年11月20日第64次全体会议", "resolution", "2030-11-20"),
     ("第 88/12 号决议\n大会，\n1. 决定。\n第64次全体会议\n2030年11月20日", "resolution", "2030-11-20"),
     ("A/85/3\n大会\n第八十五届会议\n议程项目 5\n标题", "report", "2030"),
     ("A/HRC/41/12\n人权理事会\n第四十一届会议", "report", None),
     ("枪支问题工作组\n2018年5月2日和3日，维也纳\n标题", "report", "2018"),
     ("Report on the meeting held in Vienna on 10–12 May 2021", "report", None)],
)
def test_dates(text: str, doc_type: str, date: str | None) -> None:
    front = [line for line in text.split("\n") if line.strip()]
    symbol = front[0] if front[0].startswith("A/") else None
    assert detect_date(text, front, doc_type, None, symbol) == date


def test_a_resolution_number_gives_its_session_year_when_nothing_is_printed() -> None:
    assert detect_date("第 88/12 号决议\n大会，", None, "resolution", "GA 88/12") == "2033"
    assert detect_date("第 11/6 号决议\n缔约方会议，", None, "resolution", "COP 11/6") is None


# --- titles (issue 9, item 3) -------------------------------------------------------------------------

from ingest.titles import detect_title  # noqa: E402


@pytest.mark.parametrize(
    ("front", "title"),
    [(["第 88/12 号决议", "加强国际合作打击非法制造和贩运枪支", "及其零部件和弹药", "大会，"], "加强国际合作打击非法制造和贩运枪支及其零部件和弹药"),
     (["大会第88/12号决议预防、打击和消除小武器非法贸易大会，回顾其决议"], "预防、打击和消除小武器非法贸易"),
     (["A/99/12", "Distr.: General", "5 March 2030", "Chinese", "Original: English", "第八十五届会议", "议程项目 5",
       "关于小武器的", "报告", "秘书长的报告"], "关于小武器的报告"),
     (["阿尔巴尼亚、安道尔、奥地利和比利时：决议草案", "小武器和轻武器非法贸易"], "小武器和轻武器非法贸易"),
     (["赞成：阿尔巴尼亚、安道尔", "反对：无"], None),
     (["联合国A/99/12大会Distr.:General5March2030Chinese"], None),
     (["各国在管制民间持有枪支方面采取了措施，并讨论了这些措施对享有人权的影响，包括良好做法"], None),
     (["枪" * 200], None)],
)
def test_titles(front: list[str], title: str | None) -> None:
    assert detect_title(front) == title


@pytest.mark.parametrize(
    ("text", "symbol", "date"),
    [("调查问卷\n\n2034年3月\n\n导言", None, "2034-03"), ("报告\n\n导言", "CTOC/COP/WG.4/2033/5", "2033"),
     ("报告\n\n导言", "A/88/12", None)],
)
def test_month_lines_and_symbol_years(text: str, symbol: str | None, date: str | None) -> None:
    assert detect_date(text, None, "report", None, symbol) == date


@pytest.mark.parametrize(
    ("front", "title"),
    [(["议程项目98", "全面彻底裁军", "阿根廷、奥地利和乌拉圭：决议草案", "小武器和轻武器非法贸易的所有方面", "大会，"], "小武器和轻武器非法贸易的所有方面"),
     (["临时议程*项目5(b)", "执行国际药物管制条约：国际麻醉品管制局的工作2034年12月5日泰国常驻代表团给联合国毒品和犯罪问题办公室的普通照会"],
      "2034年12月5日泰国常驻代表团给联合国毒品和犯罪问题办公室的普通照会"),
     (["预防犯罪和刑事司法委员会", "第四十届会议报告", "（2030年12月4日）"], "预防犯罪和刑事司法委员会第四十届会议报告"),
     (["议程项目2和3", "高级专员办事处和秘书长的报告", "枪支的民用获取对人权的影响：", "各国的良好做法", "联合国人权事务高级专员的报告"],
      "枪支的民用获取对人权的影响：各国的良好做法"),
     (["2034年12月5日大会决议", "[根据第一委员会的报告（A/89/402）通过]", "89/60．《武器贸易条约》"], "《武器贸易条约》"),
     (["人权理事会2030年7月11日通过的决定", "74/115.", "人权理事会第七十四届会议的报告"], "人权理事会第七十四届会议的报告"),
     (["人权理事会第74/7号决议", "联合国A/HRC/RES/74/7", "74/7. 枪支的民用获取与人权", "人权理事会，"], "枪支的民用获取与人权")],
)
def test_titles_of_the_family_forms(front: list[str], title: str) -> None:
    assert detect_title(front) == title


@pytest.mark.parametrize(
    ("front", "expected"),
    [(["经济及社会理事会2031年届会议通过的决定", "2031/241", "标题"], ("decision", "ECOSOC 2031/241")),
     (["88/537.  关于信息交流", "在2033年12", "月7日第58次全体会议上，大会根据第一委员会的建议，决定将项目列入议程"],
      ("decision", "GA 88/537")),
     (["2911 (XXVII).  全面彻底裁军问题世界会议", "大会，"], ("resolution", "GA 2911 (XXVII)"))],
)
def test_identity_of_collections_decisions_and_roman_sessions(front: list[str], expected) -> None:
    acting = next((line for line in front if line.endswith("，")), None)
    assert resolution_heading(front, acting) == expected
