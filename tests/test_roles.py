"""ingest.roles: recommendation / mandate / followup, with addressee and verb."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.records import Citation, Document, Paragraph
from ingest.roles import assign_roles, find_addressee


def doc(*paras: tuple[str, str], doc_type: str = "report", doc_id: str = "document:CTOC/COP/WG.6/2019/2",
        citations: dict[int, tuple[Citation, ...]] | None = None) -> Document:
    """A document of (kind, text) paragraphs; headings get keys h<n>, others their index."""
    citations = citations or {}
    out = []
    for i, (kind, text) in enumerate(paras):
        key = f"h{i}" if kind == "heading" else str(i)
        out.append(Paragraph(key=key, kind=kind, text=text, citations=citations.get(i, ())))
    return Document(id=doc_id, symbol=None, title=None, doc_type=doc_type, date=None, language="zh",
                    source="hand.txt", sha256="", text="", paragraphs=tuple(out))


def roles_of(document: Document) -> list[tuple[str, tuple[str, ...], str | None, str | None]]:
    return [(p.key, p.roles, p.addressee, p.verb) for p in assign_roles(document).paragraphs]


# --------------------------------------------------------------------------- mandates

@pytest.mark.parametrize(
    ("text", "roles", "addressee", "verb"),
    [
        ("1. 请联合国毒品和犯罪问题办公室继续协助请求国；", ("mandate",), "毒品和犯罪问题办公室", "请"),
        ("2. 又请秘书长向大会第七十八届会议提交报告；", ("mandate",), "秘书处", "又请"),
        ("3. 还请毒品和犯罪问题办公室执行主任继续；", ("mandate",), "毒品和犯罪问题办公室", "还请"),
        ("4. 吁请所有会员国加强合作；", ("mandate",), "会员国", "吁请"),
        ("5. 促请《枪支议定书》缔约国加大努力；", ("mandate",), "缔约国", "促请"),
        ("6. 鼓励尚未加入《枪支议定书》的国家考虑加入；", ("mandate",), "各国", "鼓励"),
        ("7. 再次邀请缔约国提供专门培训；", ("mandate",), "缔约国", "邀请"),
        ("8. 欢迎工作组第九次会议，并请缔约国酌情考虑适用其建议；", ("mandate",), "缔约国", "请"),
        ("9. 决定工作组应在缔约方会议第十二届会议之前至少举行两次会议；", ("mandate",), "工作组", "决定"),
        ("10. 决定将本项目列入下届会议议程；", ("mandate",), None, "决定"),
        ("11. 敦促各国政府采取措施；", ("mandate",), "各国", "敦促"),
        ("12. 建议经济及社会理事会通过下列决议草案：", ("mandate",), "经济及社会理事会", "建议"),
        ("13. 鼓励继续分析和传播可靠的信息；", ("mandate",), None, "鼓励"),
        ("14. 承认充分实施《议定书》为建立监管制度提供了基础；", (), None, "承认"),
        ("15. 欢迎设立枪支贩运科；", (), None, "欢迎"),
        ("16. 协助请求国努力批准《议定书》；", (), None, None),  # 请求国 is not 请
        ("17. 注意到秘书处的报告。请秘书处继续汇编资料；", ("mandate",), "秘书处", "请"),
    ],
)
def test_operative_paragraphs(text: str, roles: tuple, addressee: str | None, verb: str | None) -> None:
    document = doc(("operative", text), doc_type="resolution", doc_id="resolution:GA 78/99")
    assert roles_of(document) == [("0", roles, addressee, verb)]


def test_numbered_paragraph_of_a_resolution_is_operative_but_not_in_a_report() -> None:
    text = "3. 请秘书处继续协助工作组；"
    assert roles_of(doc(("numbered", text), doc_type="resolution"))[0][1] == ("mandate",)
    assert roles_of(doc(("numbered", text), doc_type="background_paper"))[0][1] == ()


def test_preamble_is_never_a_mandate_nor_followup() -> None:
    cite = Citation("resolution:COP 5/4", "第 5/4 号决议", 2, 11, relation="pursuant_to")
    document = doc(("preamble", "根据第 5/4 号决议，请缔约国，"), doc_type="resolution",
                   citations={0: (cite,)})
    assert roles_of(document)[0][1] == ()


# --------------------------------------------------------------------------- recommendations

def test_formal_recommendations_under_a_pure_heading_and_its_subheadings() -> None:
    document = doc(
        ("heading", "一. 建议"),
        ("heading", "A. 标识和记录保存"),
        ("numbered", "1. 缔约国应考虑在进口时对枪支加上标识。"),
        ("numbered", "2. 毒品和犯罪问题办公室应继续提供技术援助。"),
        ("numbered", "3. 应推广良好做法。"),
        ("heading", "二. 会议安排"),
        ("numbered", "4. 会议于 2019 年 5 月 8 日在维也纳举行。"),
    )
    assert roles_of(document) == [
        ("h0", (), None, None), ("h1", (), None, None),
        ("2", ("recommendation",), "缔约国", "应"),          # the verb of a recommendation (issue 11)
        ("3", ("recommendation",), "毒品和犯罪问题办公室", "应"),
        ("4", ("recommendation",), None, None),             # no addressee: no modal after one
        ("h5", (), None, None),
        ("6", (), None, None),
    ]


def test_mixed_conclusions_heading_needs_an_addressee_with_a_modal() -> None:
    document = doc(
        ("heading", "五. 结论和建议"),
        ("numbered", "82. 为了全面落实枪支管制制度，必须建立适当的立法框架。"),
        ("heading", "A. 建议"),
        ("numbered", "85. 建议各缔约国不妨㈠考虑采取枪支管制综合方法。"),
        ("heading", "B. 联合国毒品和犯罪问题办公室拟议开展的活动"),
        ("numbered", "88. 毒品和犯罪问题办公室应通过立法和技术援助协助各国。"),
        ("numbered", "89. 这些活动需要预算外资源。"),
        ("footnote", "工作组还建议，缔约国应加强合作。"),
    )
    got = {key: (r, a) for key, r, a, _ in roles_of(document)}
    assert got["1"] == ((), None)
    assert got["3"] == (("recommendation",), "缔约国")
    assert got["5"] == (("recommendation",), "毒品和犯罪问题办公室")
    assert got["6"] == ((), None)
    assert got["7"] == ((), None)  # footnotes are not recommendations


def test_unnumbered_headings_in_markdown() -> None:
    document = doc(
        ("heading", "**工作组通过的建议**"),
        ("text", "各国应确保枪支的标识符合《议定书》。"),
        ("heading", "## 其他事项"),
        ("text", "各国应确保会议文件及时分发。"),
    )
    assert [r for _, r, _, _ in roles_of(document)] == [(), ("recommendation",), (), ()]


@pytest.mark.parametrize(
    ("text", "roles", "addressee"),
    [
        ("工作组在其第一次会议的报告中建议，缔约方会议应促请尚未审查的国家。", ("recommendation",), "缔约方会议"),
        ("另外，工作组还建议，除其他外，各国应着眼于提高其整体能力。", ("recommendation",), "各国"),
        ("枪支问题工作组在其第一次会议上3建议，缔约方会议应促请各缔约国。", ("recommendation",), "缔约方会议"),
        ("工作组建议各国采取相关措施和标准。", ("recommendation",), "各国"),
        ("工作组上次会议提出的建议 6 和 18 已得到落实。", (), None),
        ("请工作组继续就有关任务向缔约方会议提供建议。", (), None),
        ("工作组讨论了这些建议和拟议活动。", (), None),
        ("缔约国建议加强合作。", (), None),  # not the working group
    ],
)
def test_reported_recommendations(text: str, roles: tuple, addressee: str | None) -> None:
    assert roles_of(doc(("numbered", text)))[0][1:3] == (roles, addressee)


# --------------------------------------------------------------------------- follow-up

def _cite(text: str, surface: str, target: str, relation: str | None) -> Citation:
    start = text.index(surface)
    return Citation(target, surface, start, start + len(surface), relation=relation)


@pytest.mark.parametrize(
    ("text", "surface", "target", "relation", "followup"),
    [
        ("9. 根据缔约方会议第 8/3 号决议，毒品和犯罪问题办公室鼓励专家参加会议。", "第 8/3 号决议",
         "resolution:COP 8/3", "pursuant_to", True),
        ("44. 依照工作组上次会议提出的建议 10，毒品和犯罪问题办公室继续提供援助。", "建议 10",
         "recommendation:CTOC/COP/WG.6/2017/4#10", None, True),
        ("5. 本报告是按照大会第 75/1 号决议的要求编写的。", "第 75/1 号决议", "resolution:GA 75/1", None, True),
        ("6. 大会第 75/1 号决议提到了这一问题。", "第 75/1 号决议", "resolution:GA 75/1", "refers_to", False),
        ("7. 根据 A/CONF.192/15 所载资料，贩运有所增加。", "A/CONF.192/15", "document:A/CONF.192/15", None, False),
    ],
)
def test_followup_from_citations(text: str, surface: str, target: str, relation: str | None,
                                 followup: bool) -> None:
    document = doc(("numbered", text), citations={0: (_cite(text, surface, target, relation),)})
    assert ("followup" in roles_of(document)[0][1]) is followup


@pytest.mark.parametrize(
    ("text", "followup"),
    [
        ("为落实工作组的建议，秘书处组织了两次区域讲习班。", True),
        ("按照第 6/2 号决议的要求，提交本报告。", True),
        ("根据其任务规定，全球枪支方案继续开展工作。", False),
        ("根据所收集的数据，贩运呈上升趋势。", False),
    ],
)
def test_followup_without_citations(text: str, followup: bool) -> None:
    assert ("followup" in roles_of(doc(("numbered", text)))[0][1]) is followup


def test_several_roles_and_their_order() -> None:
    text = "工作组还建议，根据第 5/4 号决议，缔约国应加强合作。"
    cite = _cite(text, "第 5/4 号决议", "resolution:COP 5/4", "pursuant_to")
    assert roles_of(doc(("numbered", text), citations={0: (cite,)}))[0][1] == ("recommendation", "followup")


def test_find_addressee_longest_first() -> None:
    assert find_addressee("吁请联合国打击跨国有组织犯罪公约缔约方会议") == "缔约方会议"
    assert find_addressee("鼓励缔约方加强") == "缔约国"
    assert find_addressee("没有任何对象") is None


def test_empty_document() -> None:
    assert assign_roles(doc()).paragraphs == ()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["heading", "numbered", "operative", "text", "footnote"]),
                          st.text(alphabet=st.sampled_from(list("一A1. 建议结论和请缔约国应工作组根据决议，。")),
                                  max_size=30)), max_size=8))
def test_never_raises_and_roles_are_known(paras: list[tuple[str, str]]) -> None:
    for p in assign_roles(doc(*paras, doc_type="resolution")).paragraphs:
        assert set(p.roles) <= {"recommendation", "mandate", "followup"}
        assert len(set(p.roles)) == len(p.roles)
