"""Recommendation kinds (adopted / reported / proposed) and verbs (ingest/roles.py), and the alias table
applied to every addressee, body and text filter (graphs/name_forms.py), in the registries, the CLI and search."""

from __future__ import annotations

import json

import pytest

from graphs.name_forms import addressee_matches, canonical_addressee, canonical_body, text_matches
from graphs.registries import CSV_COLUMNS, parse_kinds
from ingest.roles import assign_roles, recommendation_kinds, recommendation_verb
from tests.cli_run import wgkb
from tests.doc_factory import document, paragraph


@pytest.mark.parametrize(("body", "verb"), [
    ("另外，工作组还建议，除其他外，各国应着眼于提高其整体能力。", "还建议"),
    ("工作组在 2021 年第八次会议上通过了若干建议，其中鼓励各国制定国家战略（建议 15）。", "鼓励"),
    ("工作组在其第一次会议上确认进行信息交流的重要性，并建议促请各缔约国交流相关信息。", "建议"),
    ("建议各缔约国不妨㈠考虑采取枪支管制综合方法。", "建议"),
    ("工作组不妨讨论已实施的管制措施的有效性。", "不妨讨论"),
    ("工作组不妨审议以下行动：", "不妨审议"),
    ("各缔约国不妨㈠查明成功措施和经验。", "不妨"),
    ("毒品和犯罪问题办公室应通过立法和技术援助协助各国。", "应"),
])
def test_recommendation_verbs(body: str, verb: str) -> None:
    assert recommendation_verb(body) == verb


def _doc(doc_type: str, heading: str, *texts: str):
    paragraphs = [paragraph(heading, "h1", "heading")] + [paragraph(t, str(i)) for i, t in enumerate(texts, 1)]
    return assign_roles(document(doc_type=doc_type, footnote=None).with_paragraphs(tuple(paragraphs)))


def test_kinds_in_a_report_and_in_a_background_paper() -> None:
    texts = ("缔约国应加强本国的标识和记录保存制度。", "工作组不妨考虑如何确保提供持续的技术援助。",
             "工作组在其第七次会议上建议各国交流信息。")
    report = _doc("report", "二. 建议", *texts)
    paper = _doc("background_paper", "五. 结论和建议", *texts)
    assert recommendation_kinds(report) == {"1": "adopted", "2": "proposed", "3": "adopted"}
    assert recommendation_kinds(paper) == {"1": "proposed", "2": "proposed", "3": "reported"}
    assert [p.verb for p in report.paragraphs[1:]] == ["应", "不妨考虑", "建议"]


def test_no_point_for_discussion_is_listed_as_adopted(corpus_kb) -> None:
    every = corpus_kb.recommendations(kinds="all")
    assert {r.kind for r in every} == {"adopted", "reported", "proposed"}
    discussion = [r for r in every if "不妨" in r.text]
    assert len(discussion) >= 6 and all(r.kind == "proposed" for r in discussion)
    default = corpus_kb.recommendations()
    assert {r.kind for r in default} == {"adopted", "reported"}
    assert not any("不妨" in r.text for r in default)
    assert all(r.verb for r in every if r.in_corpus and r.kind == "reported")


def test_parse_kinds() -> None:
    assert parse_kinds(None) == ("adopted", "reported")
    assert parse_kinds(["proposed", "adopted,reported"]) == ("proposed", "adopted", "reported")
    assert parse_kinds("all") == ("adopted", "reported", "proposed")
    with pytest.raises(ValueError, match="choose among adopted, reported, proposed"):
        parse_kinds(["agreed"])


@pytest.mark.parametrize(("typed", "canonical"), [
    ("UNODC", "毒品和犯罪问题办公室"), ("unodc", "毒品和犯罪问题办公室"), ("联合国毒品和犯罪问题办公室", "毒品和犯罪问题办公室"),
    ("毒品和犯罪问题办公室", "毒品和犯罪问题办公室"), ("各缔约国", "缔约国"), ("各国", "各国"), ("会员国", "会员国"),
    ("nothing known", None),
])
def test_canonical_addressees(typed: str, canonical: str | None) -> None:
    assert canonical_addressee(typed) == canonical


def test_states_parties_member_states_and_states_stay_distinct() -> None:
    assert addressee_matches("缔约国", "缔约国") and not addressee_matches("各国", "缔约国")
    assert not addressee_matches("会员国", "各国") and not addressee_matches("缔约国", "会员国")
    assert addressee_matches("毒品和犯罪问题办公室", "UNODC") and not addressee_matches(None, "UNODC")
    assert addressee_matches("秘书处", "秘") and addressee_matches(None, None)


def test_text_and_body_filters_apply_aliases() -> None:
    assert text_matches("请毒品和犯罪问题办公室继续", "UNODC")
    assert text_matches("UNODC provides", "联合国毒品和犯罪问题办公室")
    assert not text_matches("请秘书处继续", "UNODC")
    assert canonical_body("枪支问题工作组") == canonical_body("Working Group on Firearms") == "CTOC/COP/WG.6"
    assert canonical_body("CTOC/COP/WG.6") == "CTOC/COP/WG.6"


def test_cli_mandates_by_any_name_of_unodc(corpus_kb) -> None:
    outs = [wgkb(corpus_kb.home, "mandates", "--addressee", name, "--json")
            for name in ("UNODC", "毒品和犯罪问题办公室", "联合国毒品和犯罪问题办公室")]
    rows = [json.loads(o.out) for o in outs]
    assert rows[0] == rows[1] == rows[2] and len(rows[0]) >= 4
    assert {r["addressee"] for r in rows[0]} == {"毒品和犯罪问题办公室"}
    states = json.loads(wgkb(corpus_kb.home, "mandates", "--addressee", "缔约国", "--json").out)
    assert states and {r["addressee"] for r in states} == {"缔约国"}


def test_cli_recommendations_kind_and_json(corpus_kb) -> None:
    proposed = json.loads(wgkb(corpus_kb.home, "recommendations", "--kind", "proposed", "--json").out)
    assert proposed and {r["kind"] for r in proposed} == {"proposed"}
    assert set(CSV_COLUMNS) <= set(proposed[0])
    bad = wgkb(corpus_kb.home, "recommendations", "--kind", "agreed")
    assert bad.code == 1 and "choose among adopted, reported, proposed" in bad.err


def test_search_addressee_and_body_filters_apply_aliases(corpus_kb) -> None:
    by_alias = corpus_kb.search("枪支", addressee="UNODC", limit=50)
    by_name = corpus_kb.search("枪支", addressee="毒品和犯罪问题办公室", limit=50)
    assert by_alias.total == by_name.total > 0
    assert corpus_kb.search("枪支", body="枪支问题工作组").total == corpus_kb.search("枪支", body="CTOC/COP/WG.6").total > 0
