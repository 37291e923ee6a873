"""ingest.entities: spaCy blank zh + user-dictionary jieba + entity_ruler fed by corpus/aliases.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.aliases import load_aliases, lookup, synonyms
from ingest.entities import NLP_CONFIG, find_entities, make_doc, pipeline, tag_entities
from ingest.records import Document, Paragraph
from ingest.tokens import tokenize

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def ids(text: str) -> list[tuple[str, str]]:
    """(id, surface) of every entity found in ``text``."""
    return [(e.id, e.surface) for e in find_entities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # organisations: every alias to one id
        ("请联合国毒品和犯罪问题办公室继续", [("org:unodc", "联合国毒品和犯罪问题办公室")]),
        ("毒品和犯罪问题办公室与UNODC", [("org:unodc", "毒品和犯罪问题办公室"), ("org:unodc", "UNODC")]),
        ("国际刑事警察组织（国际刑警组织）的非法武器记录",
         [("org:interpol", "国际刑事警察组织"), ("org:interpol", "国际刑警组织")]),
        ("与 INTERPOL 和世界海关组织合作", [("org:interpol", "INTERPOL"), ("org:wco", "世界海关组织")]),
        ("欧警署、裁军事务厅和开发署", [("org:europol", "欧警署"), ("org:unoda", "裁军事务厅"), ("org:undp", "开发署")]),
        # bodies: longest match wins over the instrument inside the name
        ("联合国打击跨国有组织犯罪公约缔约方会议，", [("body:cop", "联合国打击跨国有组织犯罪公约缔约方会议")]),
        ("经济及社会理事会和麻醉药品委员会", [("body:ecosoc", "经济及社会理事会"), ("body:cnd", "麻醉药品委员会")]),
        ("预防犯罪和刑事司法委员会第 26 届会议", [("body:ccpcj", "预防犯罪和刑事司法委员会")]),
        ("枪支问题工作组会议", [("body:wg-firearms", "枪支问题工作组")]),
        # instruments
        ("促请《枪支议定书》缔约国", [("instrument:firearms-protocol", "枪支议定书")]),
        ("《联合国打击跨国有组织犯罪公约关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书》",
         [("instrument:firearms-protocol",
           "联合国打击跨国有组织犯罪公约关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书")]),
        ("实施《公约》和《议定书》", [("instrument:untoc", "《公约》"), ("instrument:firearms-protocol", "《议定书》")]),
        ("本公约的缔约国", []),  # 公约 outside 《》 is any convention
        ("《武器贸易条约》和《小武器行动纲领》以及《国际追查文书》",
         [("instrument:att", "武器贸易条约"), ("instrument:poa", "小武器行动纲领"), ("instrument:iti", "国际追查文书")]),
        ("《2030 年可持续发展议程》", [("instrument:agenda-2030", "2030 年可持续发展议程")]),
        ("the Arms Trade Treaty (ATT) and the Firearms Protocol",
         [("instrument:att", "Arms Trade Treaty"), ("instrument:att", "ATT"),
          ("instrument:firearms-protocol", "Firearms Protocol")]),
        # SDG: keyword + number, any number; bare 目标 only with 可持续发展 in the text
        ("可持续发展目标中的指标 16.4.2 和具体目标16.4", [("sdg:16.4.2", "指标 16.4.2"), ("sdg:16.4", "具体目标16.4")]),
        ("可持续发展目标 16 和目标 5", [("sdg:16", "可持续发展目标 16"), ("sdg:5", "目标 5")]),
        ("本方案的目标 3 是培训", []),
        # countries: CLDR names and UN forms, ISO ids
        ("大不列颠及北爱尔兰联合王国和多民族玻利维亚国", [("country:GB", "大不列颠及北爱尔兰联合王国"),
                                                        ("country:BO", "多民族玻利维亚国")]),
        ("前南斯拉夫的马其顿共和国、美利坚合众国、俄罗斯联邦",
         [("country:MK", "前南斯拉夫的马其顿共和国"), ("country:US", "美利坚合众国"), ("country:RU", "俄罗斯联邦")]),
        ("委内瑞拉玻利瓦尔共和国和伊朗伊斯兰共和国", [("country:VE", "委内瑞拉玻利瓦尔共和国"),
                                                     ("country:IR", "伊朗伊斯兰共和国")]),
        ("乍得、几内亚、几内亚比绍和巴布亚新几内亚",
         [("country:TD", "乍得"), ("country:GN", "几内亚"), ("country:GW", "几内亚比绍"), ("country:PG", "巴布亚新几内亚")]),
        ("法国政府和德国联邦外交部", [("country:FR", "法国"), ("country:DE", "德国")]),
        # false positives that must not fire
        ("发展中国家的需要", []),
        ("有关岛屿的统计", []),
        ("西班牙文和法文本", []),
        ("在印度洋沿海地区", []),
        ("CTOC/COP/WG.6/2014/4 号文件", []),  # COP inside a symbol is not the Conference
        ("各方面问题大会的报告和美洲国家组织大会", [("org:oas", "美洲国家组织")]),
        ("见大会第 60/519 号决定", [("body:ga", "大会")]),
        ("", []),
    ],
)
def test_find_entities(text: str, expected: list[tuple[str, str]]) -> None:
    assert ids(text) == expected


def test_offsets_slice_back_and_labels() -> None:
    text = "吁请缔约国与毒品和犯罪问题办公室、墨西哥和指标 16.4.2 合作，实施《枪支议定书》"
    found = find_entities(text)
    assert [e.label for e in found] == ["ORG", "COUNTRY", "SDG", "INSTRUMENT"]
    assert all(text[e.start:e.end] == e.surface for e in found)


def test_pipeline_is_one_cached_spacy_blank_zh_with_our_jieba() -> None:
    nlp = pipeline()
    assert nlp is pipeline()
    assert nlp.lang == "zh" and nlp.pipe_names == ["span_ruler", "wgkb_sdg"]
    assert NLP_CONFIG["nlp"]["tokenizer"]["@tokenizers"] == nlp.config["nlp"]["tokenizer"]["@tokenizers"]
    assert [t.text for t in nlp("毒品和犯罪问题办公室协助追查")] == ["毒品和犯罪问题办公室", "协助", "追查"]


def test_doc_from_precomputed_tokens_is_the_tokenizers_doc() -> None:
    text = "根据《2030 年可持续发展议程》，\n联合国毒品和犯罪问题办公室"
    doc = make_doc(text, tokenize(text))
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in pipeline()(text)]


def test_tokens_are_reused_not_recomputed() -> None:
    """Entity recognition uses Paragraph.tokens as given: a deliberately odd cut changes the result."""
    text = "毒品和犯罪问题办公室"
    para = Paragraph(key="1", kind="numbered", text=text, tokens=("毒品和犯罪", "问题办公室"))
    doc = Document(id="document:X/1", symbol="X/1", title=None, doc_type=None, date=None, language="zh",
                   source="x.txt", sha256="", text=text, paragraphs=(para,))
    assert tag_entities(doc).paragraphs[0].entities == ()
    stale = Paragraph(key="1", kind="numbered", text=text, tokens=("别的",))  # tokens of another text
    doc = doc.with_paragraphs((stale,))
    assert [e.id for e in tag_entities(doc).paragraphs[0].entities] == ["org:unodc"]


def test_every_country_is_an_iso_code() -> None:
    countries = [e for e in load_aliases().entries if e.label == "COUNTRY"]
    assert len(countries) > 240
    codes = {e.id.split(":")[1] for e in countries}
    assert all(len(c) == 2 and c.isalpha() and c.isupper() for c in codes)
    assert not codes & {"EU", "UN", "ZZ", "XK", "QO", "EZ"}
    assert lookup("美利坚合众国").id == lookup("美国").id == "country:US"


def test_synonyms_for_query_expansion() -> None:
    assert {"UNODC", "联合国毒品和犯罪问题办公室", "毒品和犯罪问题办公室"} <= set(synonyms("UNODC"))
    assert "Firearms Protocol" in synonyms("《枪支议定书》")
    assert "公约" in synonyms("UNTOC")
    assert synonyms("不存在的名字") == ()


def test_alias_data_is_clean() -> None:
    data = load_aliases()
    seen: dict[str, str] = {}
    for entry in data.entries:
        assert entry.id.split(":")[0] in {"org", "body", "instrument", "sdg", "country"}
        for name in entry.names:
            assert seen.setdefault(name, entry.id) == entry.id, f"{name} names two entries"
    assert data.addressees["各缔约国"] == "缔约国"


@pytest.mark.parametrize("name", ["COP_resolution_11_6.txt", "CTOC_COP_WG.6_2018_3.txt"])
def test_golden_seed_entities(name: str) -> None:
    """Golden counts on two real documents (whole text as one paragraph)."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    found = {e.id for e in find_entities(text)}
    expected = {
        "COP_resolution_11_6.txt": {"org:unodc", "org:interpol", "body:cop", "body:wg-firearms", "body:cnd",
                                    "body:ga", "instrument:firearms-protocol", "instrument:untoc",
                                    "instrument:poa", "instrument:iti", "instrument:agenda-2030",
                                    "sdg:16.4", "sdg:16.4.2"},
        "CTOC_COP_WG.6_2018_3.txt": {"org:unodc", "org:unoda", "country:BF", "country:TD", "country:BO",
                                     "country:GB", "sdg:16.4", "sdg:16", "instrument:att"},
    }[name]
    assert expected <= found
    assert not any(i.startswith("country:") for i in found) or name != "COP_resolution_11_6.txt"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("毒品和犯罪问题办公室国家中美大会 16.4指标《》公约UNODC/")), max_size=60))
def test_never_raises_and_offsets_hold(text: str) -> None:
    for entity in find_entities(text):
        assert text[entity.start:entity.end] == entity.surface
