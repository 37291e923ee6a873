"""Query parsing: syntax, malformed input, aliases, glossary, traditional characters, citations."""

from __future__ import annotations

import tomllib
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.query import Alt, Group, Not, Option, parse, to_simplified
from index.vocabulary import CORPUS_DIR, Vocabulary, load_vocabulary, name_key


def options(node) -> set[tuple[str, object]]:
    """Every (kind, value) leaf option in a tree."""
    if isinstance(node, Alt):
        return {(o.kind, o.value) for o in node.options}
    if isinstance(node, Not):
        return options(node.child)
    if isinstance(node, Group):
        return set().union(*(options(c) for c in node.children))
    return set()


@pytest.mark.parametrize("text, op, count", [
    ("标识 追查", "any", 2),
    ("标识 AND 追查", "and", 2),
    ("标识 OR 标记", "or", 2),
    ("(标识 OR 标记) AND 追查", "and", 2),
    ("标识 追查 弹药", "any", 3),
])
def test_boolean_structure(text, op, count):
    tree = parse(text).tree
    assert isinstance(tree, Group) and tree.op == op and len(tree.children) == count


@pytest.mark.parametrize("text", ["标识 NOT 弹药", "标识 -弹药"])
def test_negation(text):
    tree = parse(text).tree
    assert isinstance(tree, Group) and any(isinstance(c, Not) for c in tree.children)
    assert ("term", "弹药") in options(tree)


@pytest.mark.parametrize("text", ['"枪支议定书', '标识 "', "(标识", "标识)", "*", "AND OR", "NOT", "((((", '"""',
                                  "标识 AND", "OR 标识", ")(", "* AND *", "-", "第 号决议", "", "   "])
def test_malformed_syntax_never_raises(text):
    parsed = parse(text)
    assert parsed.tree is None or options(parsed.tree)


def test_malformed_falls_back_to_plain_terms():
    assert ("term", "and") in options(parse("AND OR").tree)
    assert ("term", "标识") in options(parse("(标识").tree)
    assert ("term", "枪支议定书") in options(parse('"枪支议定书').tree)  # an open quote: plain words (README)
    assert not [o for o in options(parse('"标识 记录保存').tree) if o[0] == "phrase"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('标识追查 "()*-ANDORT/1.6a第号决议建议“”')), max_size=30))
def test_parse_never_raises(text):
    parse(text)


@pytest.mark.parametrize("typed, expected", [
    ("UNODC", "毒品和犯罪问题办公室"),
    ("毒品和犯罪问题办公室", "unodc"),
    ("INTERPOL", "国际刑警组织"),
    ("国际刑警组织", "interpol"),
    ("枪支议定书", "联合国打击跨国有组织犯罪公约关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书"),
    ("SDG 16.4", "具体目标"),
    ("可持续发展目标 16.4", "具体目标"),
    ("record-keeping", "记录保存"),
    ("single point of contact", "单一联络点"),
    ("dark web", "暗网"),
    ("brokering", "中间商活动"),
    ("deactivation", "停用"),
    ("3D-printed firearms", "3d"),
])
def test_aliases_and_glossary_expand(typed, expected):
    values = {v for _, v in options(parse(typed).tree)}
    flat = {x for v in values for x in (v if isinstance(v, tuple) else (v,))}
    assert expected in flat, (typed, values)


def test_traditional_characters_become_simplified():
    assert to_simplified("槍支 標識 記錄保存") == "枪支 标识 记录保存"
    assert ("term", "标识") in options(parse("槍支 標識").tree)


@pytest.mark.parametrize("typed, key", [
    ("11/6", "11/6"), ("第 11/6 号决议", "11/6"), ("第11/6号决议", "11/6"), ("resolution 5/4", "5/4"),
    ("CTOC/COP/WG.6/2014/4", "CTOC/COP/WG.6/2014/4"), ("ctoc/cop/wg.6/2014/4", "CTOC/COP/WG.6/2014/4"),
    ("建议 23", "rec#23"), ("recommendation 6", "rec#6"),
])
def test_citations_become_cited_target_keys(typed, key):
    assert ("cite", key) in options(parse(typed).tree)


def test_question_words_are_dropped_but_not_everything():
    parsed = parse("工作组关于标识有何建议？")
    values = {v for _, v in options(parsed.tree)}
    # in a question, 建议 asks for a role (recommendations rank higher) instead of weighing as a word
    assert {"工作组", "标识"} <= values and not values & {"有何", "关于", "建议"}
    assert parsed.roles == ("recommendation",)
    assert {v for _, v in options(parse("建议 标识").tree)} >= {"建议", "标识"}  # not a question
    assert options(parse("什么").tree) == {("term", "什么")}


def test_highlights_cover_typed_words_and_expansions():
    parsed = parse("UNODC 标识")
    assert "标识" in parsed.highlights and "毒品和犯罪问题办公室" in parsed.highlights


# ---- the glossary -----------------------------------------------------------------------------
def test_glossary_has_150_terms_and_no_form_in_two_entries():
    data = tomllib.loads((CORPUS_DIR / "glossary.toml").read_text(encoding="utf-8"))
    terms = data["term"]
    assert len(terms) >= 150
    assert all(t["en"] and t["zh"] for t in terms)
    forms = Counter(name_key(f) for t in terms for f in {*t["en"], *t["zh"]})
    assert [f for f, n in forms.items() if n > 1] == []


def test_vocabulary_merges_entries_sharing_a_name():
    vocab = Vocabulary([["SDG 16.4", "可持续发展目标 16.4"], ["具体目标 16.4", "可持续发展目标16.4"]])
    assert "具体目标 16.4" in vocab.synonyms("SDG 16.4")
    assert vocab.multiword_names("what does sdg 16.4 say") == ["sdg 16.4"]
    assert vocab.synonyms("not a name") == []


def test_multiword_names_are_whole_words_longest_first_and_never_overlap():
    vocab = Vocabulary([["point of contact", "联络点"], ["single point of contact", "单一联络点"],
                        ["SDG 16.4", "可持续发展目标 16.4"], ["contact for", "x"]])
    assert vocab.multiword_names("Single  Point of contact for SDG 16.4.2") == ["Single  Point of contact", "SDG 16.4"]
    assert vocab.multiword_names("a point of contact for") == ["point of contact"]
    assert vocab.multiword_names("xsdg 16.4 and sdg 16.45") == []


def test_bundled_vocabulary_loads():
    assert len(load_vocabulary()) > 300
    assert Option("term", "x").boost == 1.0
