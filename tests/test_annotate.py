"""ingest.annotate: tokens -> citations -> roles -> entities, on hand-built documents and the seeds."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.annotate import add_tokens, annotate
from ingest.records import Document, Paragraph
from ingest.roles import assign_roles

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def build(paras: list[tuple[str, str, str]], doc_id: str, doc_type: str, body: str | None = None) -> Document:
    """A document of (key, kind, text) paragraphs laid end to end in ``text``."""
    out, text = [], ""
    for key, kind, para in paras:
        out.append(Paragraph(key=key, kind=kind, text=para, start=len(text), end=len(text) + len(para)))
        text += para + "\n\n"
    return Document(id=doc_id, symbol=None, title=None, doc_type=doc_type, date="2019", language="zh",
                    source="hand.txt", sha256="", body=body, text=text, paragraphs=tuple(out))


#: A General Assembly resolution of another year, with 1/-style footnote markers.
GA_RESOLUTION = [
    ("PP1", "preamble", "大会，"),
    ("PP2", "preamble", "回顾其 2001 年 12 月 24 日第 56/24 V 号决议1/，"),
    ("1", "operative", "请秘书长向大会第七十五届会议提交一份报告；"),
    ("2", "operative", "吁请会员国与联合国裁军事务厅和世界海关组织合作，执行《国际追查文书》；"),
    ("3", "operative", "决定将题为“小武器和轻武器非法贸易的各个方面”的项目列入第七十五届会议临时议程。"),
    ("fn1", "footnote", "1/ 见 A/CONF.192/15。"),
]

#: A working-group report (other year) with a recommendations chapter and a follow-up paragraph.
WG_REPORT = [
    ("h1", "heading", "一. 提请缔约方会议注意的建议"),
    ("1", "numbered", "缔约国应考虑对进口枪支加上标识，并与国际刑警组织交流追查数据。"),
    ("2", "numbered", "毒品和犯罪问题办公室应继续协助布基纳法索和乍得修订国家立法。"),
    ("h2", "heading", "二. 会议安排"),
    ("3", "numbered", "根据缔约方会议第 9/2 号决议，工作组于 2019 年 5 月 8 日在维也纳举行会议。"),
]


def test_all_four_stages_on_a_ga_resolution() -> None:
    doc = annotate(build(GA_RESOLUTION, "resolution:GA 74/60", "resolution", body="GA"))
    paras = {p.key: p for p in doc.paragraphs}
    assert all("".join(p.tokens) == p.text and p.tokens for p in doc.paragraphs)
    assert any(c.target == "resolution:GA 56/24 V" for c in paras["PP2"].citations)
    assert (paras["1"].roles, paras["1"].verb, paras["1"].addressee) == (("mandate",), "请", "秘书处")
    assert (paras["2"].verb, paras["2"].addressee) == ("吁请", "会员国")
    assert (paras["3"].roles, paras["3"].verb, paras["3"].addressee) == (("mandate",), "决定", None)
    assert [e.id for e in paras["2"].entities] == ["org:unoda", "org:wco", "instrument:iti"]
    assert paras["PP1"].entities[0].id == "body:ga"
    assert paras["PP1"].roles == () and paras["fn1"].roles == ()


def test_all_four_stages_on_a_working_group_report() -> None:
    doc = annotate(build(WG_REPORT, "document:CTOC/COP/WG.6/2019/2", "report", body="CTOC/COP/WG.6"))
    paras = {p.key: p for p in doc.paragraphs}
    assert (paras["1"].roles, paras["1"].addressee) == (("recommendation",), "缔约国")
    assert (paras["2"].roles, paras["2"].addressee) == (("recommendation",), "毒品和犯罪问题办公室")
    assert {e.id for e in paras["2"].entities} == {"org:unodc", "country:BF", "country:TD"}
    assert paras["3"].roles == ("followup",)
    assert [c.target for c in paras["3"].citations] == ["resolution:COP 9/2"]
    for p in doc.paragraphs:
        assert all(p.text[e.start:e.end] == e.surface for e in p.entities)


def test_records_round_trip_after_annotation() -> None:
    doc = annotate(build(WG_REPORT, "document:CTOC/COP/WG.6/2019/2", "report"))
    assert Document.from_dict(doc.to_dict()) == doc


def test_existing_tokens_are_kept_stale_ones_replaced() -> None:
    para = Paragraph(key="1", kind="numbered", text="标识和追查", tokens=("标识和追查",))
    stale = Paragraph(key="2", kind="numbered", text="记录保存", tokens=("别的",))
    doc = add_tokens(build([], "document:X/1", "note").with_paragraphs((para, stale)))
    assert doc.paragraphs[0].tokens == ("标识和追查",)
    assert doc.paragraphs[1].tokens == ("记录保存",)


def test_empty_document() -> None:
    assert annotate(build([], "document:X/1", "note")).paragraphs == ()


def test_roles_are_assigned_without_citations() -> None:
    doc = assign_roles(add_tokens(build(WG_REPORT, "document:CTOC/COP/WG.6/2019/2", "report")))
    assert all(p.citations == () for p in doc.paragraphs)
    assert doc.paragraphs[1].roles == ("recommendation",)


# --------------------------------------------------------------------------- golden: the seeds

@cache
def seed(name: str) -> Document:
    from ingest.pipeline import ingest_file, load_manifest

    return ingest_file(CORPUS / name, load_manifest(CORPUS).get(name))


def starting(doc: Document, prefix: str) -> Paragraph:
    return next(p for p in doc.paragraphs if p.text.lstrip("0123456789. ").startswith(prefix))


def test_golden_resolution_11_6() -> None:
    doc = seed("COP_resolution_11_6.txt")
    operative = [p for p in doc.paragraphs if p.kind == "operative"]
    assert len(operative) == 29
    mandates = [p for p in operative if "mandate" in p.roles]
    assert len(mandates) == 27  # paras 7 and 21 open with 承认 and request nothing
    assert {p.verb for p in operative if "mandate" not in p.roles} == {"承认"}
    assert Counter(p.addressee for p in mandates)["毒品和犯罪问题办公室"] == 4
    p27 = starting(doc, "请秘书处继续协助")
    assert (p27.verb, p27.addressee) == ("请", "秘书处")
    assert (starting(doc, "又请").verb, starting(doc, "又请").addressee) == ("又请", "毒品和犯罪问题办公室")
    assert not any("followup" in p.roles for p in doc.paragraphs if p.kind in ("preamble", "operative"))
    ids = {e.id for p in doc.paragraphs for e in p.entities}
    assert {"instrument:firearms-protocol", "instrument:untoc", "org:interpol", "sdg:16.4.2"} <= ids


def test_golden_background_paper_2014_recommendations() -> None:
    doc = seed("CTOC_COP_WG.6_2014_2.txt")
    formal = {p.key: p.addressee for p in doc.paragraphs
              if "recommendation" in p.roles and p.key.isdigit() and int(p.key) >= 85}
    assert formal == {"85": "缔约国", "86": "缔约国", "87": "缔约国", "88": "毒品和犯罪问题办公室",
                      "89": "毒品和犯罪问题办公室", "90": "毒品和犯罪问题办公室", "91": "毒品和犯罪问题办公室"}
    assert "recommendation" not in doc.paragraph("82").roles
    reported = starting(doc, "工作组在其第一次会议上建议，缔约方会议应请")
    assert (reported.roles, reported.addressee) == (("recommendation",), "缔约方会议")


def test_golden_background_paper_2018_followup() -> None:
    doc = seed("CTOC_COP_WG.6_2018_3.txt")
    followup = sorted(int(p.key) for p in doc.paragraphs if "followup" in p.roles)
    assert {9, 10, 28, 39, 41, 44, 65, 69} <= set(followup)
    assert len(followup) <= 10
    countries = {e.id for p in doc.paragraphs for e in p.entities if e.label == "COUNTRY"}
    assert {"country:BF", "country:TD", "country:PA", "country:BO"} <= countries


def test_every_seed_paragraph_is_tokenized_once_and_consistently() -> None:
    for name in ("CTOC_COP_WG.6_2016_1.txt", "WG6_2023_background_international_cooperation.txt"):
        for p in seed(name).paragraphs:
            assert "".join(p.tokens) == p.text
            assert all(p.text[e.start:e.end] == e.surface for e in p.entities)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["heading", "numbered", "operative", "preamble", "footnote"]),
                          st.text(max_size=40) | st.text(alphabet=st.sampled_from(
                              list("请缔约国毒品和犯罪问题办公室第5/4号决议建议 23根据。，《》公约16.4指标")),
                              max_size=40)),
                max_size=6))
def test_annotate_never_raises_and_offsets_hold(paras: list[tuple[str, str]]) -> None:
    rows = [(f"h{i}" if kind == "heading" else str(i), kind, text) for i, (kind, text) in enumerate(paras)]
    for p in annotate(build(rows, "resolution:COP 99/1", "resolution")).paragraphs:
        assert "".join(p.tokens) == p.text
        assert all(p.text[e.start:e.end] == e.surface for e in p.entities)
        assert all(p.text[c.start:c.end] == c.surface for c in p.citations)


# ---- memory: a document's equal strings are one object; one pass gives the stage-by-stage output ----
def test_equal_words_and_entity_strings_are_one_object_across_a_document() -> None:
    doc = annotate(build(WG_REPORT * 3, "document:CTOC/COP/WG.6/2019/2", "report"))
    tokens: dict[str, list[str]] = {}
    for paragraph in doc.paragraphs:
        for token in paragraph.tokens:
            tokens.setdefault(token, []).append(token)
    repeated = {word: found for word, found in tokens.items() if len(found) > 1}
    assert "缔约方会议" in repeated and "枪支" in repeated
    assert all(all(t is found[0] for t in found) for found in repeated.values())
    entities = [e for p in doc.paragraphs for e in p.entities]
    by_surface: dict[str, list] = {}
    for entity in entities:
        by_surface.setdefault(entity.surface, []).append(entity)
    shared = [found for found in by_surface.values() if len(found) > 1]
    assert shared  # 毒品和犯罪问题办公室, 国际刑警组织 … recur three times
    for found in shared:
        assert all(e.surface is found[0].surface and e.id is found[0].id and e.label is found[0].label
                   for e in found)


def test_one_pass_gives_what_the_four_stages_give_one_after_the_other() -> None:
    from ingest.entities import tag_entities
    from ingest.references import cite_document

    for name in ("COP_resolution_11_6.txt", "CTOC_COP_WG.6_2014_2.txt"):
        raw = seed(name)
        plain = raw.with_paragraphs(tuple(replace(p, tokens=(), citations=(), roles=(), entities=(),
                                                  addressee=None, verb=None) for p in raw.paragraphs))
        staged = tag_entities(assign_roles(cite_document(add_tokens(plain))))
        assert annotate(plain) == staged
