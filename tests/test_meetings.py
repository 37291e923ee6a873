"""The meetings registry (graphs/meetings.py), meeting-based recommendation ids (ingest/meeting_refs.py)
and their joining to report ids, on hand-built text, the seeds, and a document that teaches a report later."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphs import build_graph
from graphs.meetings import Meeting, build_registry, find_meeting, load_curated
from ingest.meeting_refs import MeetingFact, chinese_number, meeting_facts, meeting_recommendation
from tests.cli_run import wgkb

FIXTURES = Path(__file__).parent / "fixtures" / "meetings"
WG = "CTOC/COP/WG.6"


@pytest.mark.parametrize(("before", "expected"), [
    ("根据这一任务规定和工作组第五次会议提出的", f"recommendation:{WG}@5#20"),
    ("工作组在 2021 年第八次会议上通过了与机构间合作有关的若干建议，其中鼓励各国…（", f"recommendation:{WG}@8#20"),
    ("工作组在 2015 年 6 月 9 日于维也纳举行的会议上提出的", f"recommendation:{WG}@2015-06-09#20"),
    ("根据工作组上次会议提出的", f"recommendation:{WG}@previous#20"),
    ("枪支问题工作组第十一次会议的", f"recommendation:{WG}@11#20"),
    ("非洲联盟—德国协调平台第二次会议提出的", None),   # not a working group's meeting
    ("缔约方会议第十一届会议", None),                    # a session, and no working group
    ("毒品和犯罪问题办公室提出的", None),                # no meeting at all
])
def test_meeting_based_recommendation_ids(before: str, expected: str | None) -> None:
    assert meeting_recommendation(before, "20", WG) == expected


def test_no_group_no_id_unless_named() -> None:
    assert meeting_recommendation("工作组第五次会议提出的", "3", None) is None
    assert meeting_recommendation("枪支问题工作组第五次会议提出的", "3", None) == f"recommendation:{WG}@5#3"


@pytest.mark.parametrize(("text", "number"), [("五", 5), ("十", 10), ("十一", 11), ("二十三", 23), ("8", 8),
                                              ("甲", None), ("", None)])
def test_chinese_numbers(text: str, number: int | None) -> None:
    assert chinese_number(text) == number


def test_facts_of_a_meeting_line_and_sentences() -> None:
    facts = meeting_facts("document:X", "枪支问题工作组第二次会议，2014年5月26日至28日，维也纳（临时议程项目2、3和4）", WG, [
        ("document:X¶10", "根据工作组在 2017 年 5 月 8 日至 10 日于维也纳举行的会议上提出的建议（见 CTOC/COP/WG.6/2017/4），…"),
        ("document:X¶11", "欢迎枪支问题工作组 2021 年 5 月 10 日至 12 日在维也纳举行的第八次会议和 2022 年 5 月 4 日和 5 日"
                          "在维也纳举行的第九次会议，并请缔约国…"),
        ("document:X¶12", "缔约方会议扩大主席团在 2016 年 2 月 12 日举行的会议上商定了…"),
    ])
    got = {(f.number, f.start, f.end, f.place, f.report, f.own) for f in facts}
    assert got == {
        (2, "2014-05-26", "2014-05-28", "维也纳", None, True),
        (None, "2017-05-08", "2017-05-10", "维也纳", "CTOC/COP/WG.6/2017/4", False),
        (8, "2021-05-10", "2021-05-12", "维也纳", None, False),
        (9, "2022-05-04", "2022-05-05", "维也纳", None, False),
    }


def _fact(source: str, **values: object) -> MeetingFact:
    base = {"body": WG, "number": None, "start": None, "end": None, "place": None, "report": None}
    return MeetingFact(source=source, **{**base, **values})


def test_registry_merges_by_number_and_day_and_shows_conflicts() -> None:
    meetings = build_registry([
        _fact("a", number=5, start="2017-05-08"),
        _fact("b", start="2017-05-08", report="CTOC/COP/WG.6/2017/4"),
        _fact("c", number=8, start="2021"),
        _fact("d", number=8, start="2021-05-10", place="维也纳"),
        _fact("e", number=9, report="CTOC/COP/WG.6/2022/4"),
        _fact("f", number=9, report="CTOC/COP/WG.6/2022/5"),
        _fact("g", start="2021"),                      # a year alone names no meeting
    ])
    by_id = {m.id: m for m in meetings}
    assert set(by_id) == {f"meeting:{WG}@5", f"meeting:{WG}@8", f"meeting:{WG}@9"}
    assert by_id[f"meeting:{WG}@5"].report == "CTOC/COP/WG.6/2017/4"
    assert by_id[f"meeting:{WG}@5"].sources == ("a", "b")
    assert by_id[f"meeting:{WG}@8"].start == "2021-05-10"
    assert by_id[f"meeting:{WG}@9"].report is None
    assert by_id[f"meeting:{WG}@9"].conflicts == ("report: CTOC/COP/WG.6/2022/4 / CTOC/COP/WG.6/2022/5",)


def test_previous_is_one_before_the_citing_documents_meeting() -> None:
    meetings = [Meeting(f"meeting:{WG}@{n}", WG, n, None, None, None, f"R{n}", ("s",),
                        documents=("document:D",) if n == 6 else ()) for n in (4, 5, 6)]
    assert find_meeting(meetings, WG, "previous", "document:D").report == "R5"
    assert find_meeting(meetings, WG, "previous", "document:other") is None
    assert find_meeting(meetings, WG, "5").report == "R5"


def test_every_curated_entry_names_its_source(tmp_path: Path) -> None:
    facts = load_curated()
    assert facts and all(f.source.startswith("meetings.toml: ") and len(f.source) > 30 for f in facts)
    bad = tmp_path / "meetings.toml"
    bad.write_text('[[meeting]]\nbody = "X/WG.1"\nnumber = 1\n', encoding="utf-8")
    with pytest.raises(ValueError, match="meetings.toml: meeting entry 1 has no source"):
        load_curated(bad)


def test_seeds_fifth_meeting_recommendation_joins_its_report(corpus_kb) -> None:
    result = corpus_kb.followup("CTOC/COP/WG.6/2017/4#20").to_dict()
    cited = [item["paragraph_id"] for group in result["cited"] for item in group["items"]]
    assert cited == ["document:CTOC/COP/WG.6/2018/3¶65"]
    assert corpus_kb.followup(f"{WG}@5#20").target == "recommendation:CTOC/COP/WG.6/2017/4#20"


def test_seeds_eighth_meeting_recommendations_are_followable(corpus_kb) -> None:
    for number in ("15", "16", "21"):
        result = corpus_kb.followup(f"{WG}@8#{number}")
        assert result.cited_count == 1
        assert result.cited[0].items[0].paragraph_id.endswith("¶8")
    meetings = {m.id: m for m in corpus_kb.meetings()}
    assert meetings[f"meeting:{WG}@8"].start == "2021-05-10" and meetings[f"meeting:{WG}@8"].report is None


def test_meeting_id_joins_the_report_once_a_document_teaches_it(home: Path, corpus_dir: Path) -> None:
    first = wgkb(home, "ingest", corpus_dir / "WG6_2023_background_international_cooperation.txt")
    assert first.code == 0, first.err
    before = wgkb(home, "followup", f"{WG}@8#15", "--json")
    assert '"target": "recommendation:CTOC/COP/WG.6@8#15"' in before.out
    teacher = home.parent / "note.txt"
    shutil.copy(FIXTURES / "wg_note_teaches_eighth_report.txt", teacher)
    assert wgkb(home, "ingest", teacher).code == 0
    after = wgkb(home, "followup", "CTOC/COP/WG.6/2021/4#15", "--json")
    assert after.code == 0, after.err
    assert "¶8" in after.out and "wg_note" not in after.out
    citing = [line for line in after.out.splitlines() if '"paragraph_id"' in line]
    assert len(citing) == 2          # the 2023 paper's para. 8 and the note's para. 2
    assert wgkb(home, "followup", f"{WG}@8#15").out.startswith("CTOC/COP/WG.6/2021/4, recommendation 15")
    listed = wgkb(home, "meetings")
    assert "meeting:CTOC/COP/WG.6@8" in listed.out and "report CTOC/COP/WG.6/2021/4" in listed.out


def test_meetings_json(corpus_kb, tmp_path: Path) -> None:
    rows = [m.to_dict() for m in corpus_kb.meetings()]
    fifth = next(r for r in rows if r["id"] == f"meeting:{WG}@5")
    assert fifth["report"] == "CTOC/COP/WG.6/2017/4" and fifth["end"] == "2017-05-10"
    assert any(s.startswith("document:CTOC/COP/WG.6/2018/3¶10") for s in fifth["sources"])
    assert any(s.startswith("meetings.toml: ") for s in fifth["sources"])


def test_graph_without_meeting_ids_is_unchanged() -> None:
    graph = build_graph([])
    assert graph.graph["meetings"] == [] or all(m.sources for m in graph.graph["meetings"])
