"""Query parsing: what a delegate types -> an engine-neutral query tree.

Handles single words and 2-character words, quoted phrases (exact strings), ``AND``/``OR``/``NOT``
(also ``-word`` and brackets), traditional characters (OpenCC t2s), aliases from
``corpus/aliases.toml`` (UNODC <-> 毒品和犯罪问题办公室), English terms through
``corpus/glossary.toml`` (record-keeping -> 记录保存) and citations (``11/6``, ``第 11/6 号决议``,
``CTOC/COP/WG.6/2014/4``, ``建议 23``). Malformed syntax never raises: it falls back to plain terms.

The tree (:class:`Alt`, :class:`Group`, :class:`Not`) knows nothing of whoosh; ``index.search``
compiles it. Leaves are :class:`Option` s: ``term`` (one index term), ``seq`` (a run of terms
that must be adjacent), ``phrase`` (an exact string, verified against the text) or ``cite``
(a key of the cited-targets field).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from index.analysis import query_words
from index.dictionary import chinese_forms
from index.vocabulary import Vocabulary, load_vocabulary, name_key

#: Question and function words dropped from unquoted queries ("工作组关于标识有何建议？"), unless
#: nothing else is left. Index terms are not touched: phrases still match them.
STOP_WORDS = frozenset(
    "的 了 吗 呢 吧 啊 么 是 在 和 与 及 或 对 就 中 有 有何 有无 什么 哪些 哪个 如何 怎样 怎么 为何 "
    "为什么 是否 关于 有关 方面 请问 一下 哪里 多少 那些 这些 其 之 以 等 所 被 将 而 并 the of and "
    "or a an in on for to what which how is are does do did about".split()
)
#: Question words and the scaffolding of questions (issue 10 item 7): they weigh nothing in a
#: question, the topic decides ("工作组对枪支标识提出了哪些建议？" is about 枪支 and 标识).
QUESTION_WORDS = frozenset(
    "哪些 什么 如何 是否 怎样 怎么 怎么样 为什么 为何 何时 何种 哪 哪个 哪种 哪里 谁 多少 请问 能否 可否 "
    "有没有 是不是 吗 呢 有 有何 有哪些 提出 提出了 做 做了 做出 作出 作出了 采取 采取了 开展了 进行了 "
    "给出 说 说了 谈 谈到 提到 涉及 对于 对 关于 了 过 呀 什么样 情况 问题 内容 一下 "
    "what which how why when who whom whose does do did is are was were has have".split()
)
#: A query is a question when it holds a question word or ends with a question mark.
QUESTION = re.compile(r"[?？]\s*$|哪些|什么|如何|是否|怎样|怎么|为什么|为何|何时|请问|哪|谁|多少|^(?:what|which|how|why|when|who|does|do|did|is|are)\b", re.I)
#: Words of a question that ask for a role rather than name a topic: weigh nothing as words, and
#: paragraphs with the role rank higher (index/ranking.py).
ROLE_WORDS = {"建议": "recommendation", "建议了": "recommendation", "任务": "mandate", "授权": "mandate",
              "任务授权": "mandate", "后续": "followup", "落实": "followup"}
#: Weight of the Chinese forms a general dictionary (CC-CEDICT, index/dictionary.py) gives an
#: English word outside the glossary (0 = not used).
DICTIONARY_WEIGHT = 0.4
#: Weight of each word of a compound matched apart (数据收集 -> 数据 AND 收集 anywhere).
SUBWORD_WEIGHT = 0.3
#: Weight of a word's match in a paragraph's context (section titles, issuing body) relative to
#: its text (index/context.py).
CONTEXT_WEIGHT = 0.5
#: Weight of an expansion (alias, glossary form) relative to what was typed: a rare synonym
#: (记录保持) must not outrank the word the user typed (记录保存) on IDF alone.
SYNONYM_BOOST = 0.6
#: Weight of the other Chinese forms of an English term (记录保持 for record-keeping, after 记录保存).
ENGLISH_OTHER_FORMS_BOOST = 0.8
#: A CJK character (an English query's first Chinese rendering counts as what was typed).
CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
#: Quotation marks users type around a phrase (ASCII, Chinese curly and corner brackets).
QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "＂": '"'})
#: One lexical item of the query language: a quoted phrase (closed or not), a bracket, or a chunk.
LEXEME = re.compile(r'"[^"]*"?|[()]|[^\s"()]+')
#: A quoted phrase ("具体目标 16."): left whole when citations and names are lifted out of a query.
QUOTED = re.compile(r'("[^"]*")')
#: Citations users type, each with the index key it becomes (see ``citation_keys``):
#: ``第 11/6 号决议`` / ``resolution 11/6`` / ``11/6`` -> ``11/6``;
CITE_RESOLUTION = re.compile(
    r"(?:第\s*)?(?<![\d./])(\d{1,3}/\d{1,3})(?![\d/])(?:\s*号)?(?:\s*(?:决议|决定))?|"
    r"(?:resolution|decision)\s+(\d{1,3}/\d{1,3})", re.I)
#: ``CTOC/COP/WG.6/2014/4``, ``A/RES/55/255`` -> the symbol, upper-cased (a document symbol has a
#: capitalised series and at least two slashes).
CITE_SYMBOL = re.compile(r"\b([A-Za-z]{1,6}(?:/[A-Za-z0-9.]+){2,})\b")
#: ``建议 23`` / ``recommendation 23`` -> ``rec#23`` (a numbered working-group recommendation).
CITE_RECOMMENDATION = re.compile(r"(?:建议|recommendation)\s*(\d{1,3})(?!\d)", re.I)
#: Article citations users type: ``第 10 条``, ``第10条第2款``, ``议定书第 10 条``, ``《枪支议定书》第 10 条``,
#: ``article 10``, ``art. 10(2)``, ``Firearms Protocol art. 10`` -> the article keys of the cites field
#: (never the bare number: ``第 10 条`` must not find "2014 年 10 月").
CITE_ARTICLE = re.compile(
    r"(?:《?(?P<zi>[\u4e00-\u9fff]{0,24}?(?:议定书|公约|条约|文书))》?\s*)?第\s*(?P<zn>\d{1,3})\s*条"
    r"(?:\s*第\s*(?P<zp>\d{1,2})\s*款)?|"
    r"(?:(?P<ei>[A-Za-z][A-Za-z ]{1,60}?)\s+)?\b(?:article|art\.?)\s*(?P<en>\d{1,3})(?:\s*\((?P<ep>\d{1,2})\)|"
    r"\s*,?\s*para(?:graph|\.)?\s*(?P<ep2>\d{1,2}))?(?:\s+of\s+the\s+(?P<ei2>[A-Za-z][A-Za-z ]{1,60}))?", re.I)
#: A placeholder for a span lifted out before splitting (``\x00<n>\x00``).
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


@dataclass(frozen=True)
class Option:
    """One way a query item can match: ``kind`` is term, seq, phrase or cite. A term option's
    ``field`` is ``text`` (what the paragraph says) or ``context`` (its section titles and issuing
    body, index/context.py)."""

    kind: str
    value: str | tuple[str, ...]
    boost: float = 1.0
    field: str = "text"


@dataclass(frozen=True)
class Alt:
    """An item of the query and its expansions: matches when any option matches."""

    options: tuple[Option, ...]
    label: str = ""


@dataclass(frozen=True)
class Group:
    """``op`` is ``and`` (explicit AND: all must match), ``or`` (explicit OR) or ``any`` (the
    implicit join of typed words: any may match, documents matching more rank higher)."""

    op: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Documents not matching ``child``."""

    child: Node


Node = Alt | Group | Not


@dataclass
class ParsedQuery:
    """A parsed query: the tree (None when nothing searchable is left), the strings to mark in
    snippets, and whether the syntax had to be abandoned for plain terms."""

    text: str
    tree: Node | None
    highlights: list[str] = field(default_factory=list)
    fallback: bool = False
    #: Roles the query asks for (a question about 建议 -> recommendation), for ranking.
    roles: tuple[str, ...] = ()
    #: Typed words with no vocabulary entry, not Chinese: named when they match nothing.
    unknown: tuple[str, ...] = ()

    @property
    def cites(self) -> bool:
        """Whether the query names a citation (resolution, document, recommendation, article)."""
        return _has_cite(self.tree)


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese (OpenCC t2s); other characters unchanged."""
    return _t2s().convert(text)


def prepare(text: str) -> str:
    """NFKC (full-width -> ASCII, keeping CJK), curly quotes to ``"``, traditional -> simplified."""
    return to_simplified(unicodedata.normalize("NFKC", text).translate(QUOTES)).strip()


def parse(text: str, vocabulary: Vocabulary | None = None) -> ParsedQuery:
    """Parse a user query. Never raises on any input string."""
    vocab = vocabulary or load_vocabulary()
    prepared = prepare(text or "")
    try:
        return _Parser(prepared, vocab).parse()
    except (ValueError, IndexError, RecursionError):
        plain = re.sub(r"\b(AND|OR|NOT)\b", lambda m: m.group().lower(), re.sub(r'["()*]', " ", prepared))
        return _Parser(plain, vocab).parse(fallback=True)


class _Parser:
    """Recursive descent over lexemes; lenient: stray operators and brackets are skipped."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.spans: list[Node] = []
        self.highlights: list[str] = []
        self.text = text
        self.question = bool(QUESTION.search(text))
        self.roles: list[str] = []
        self.unknown: list[str] = []
        self.lexemes = LEXEME.findall(self._lift_spans(text))
        self.i = 0

    def parse(self, fallback: bool = False) -> ParsedQuery:
        tree = self._expr(depth=0)
        while self.i < len(self.lexemes):  # an unmatched ")" ended the expression early: go on
            self.i += 1
            more = self._expr(depth=0)
            tree = _join("any", [tree, more])
        if tree is None and not fallback and self.lexemes:
            raise ValueError("only operators")
        return ParsedQuery(self.text, tree, _unique(self.highlights), fallback, tuple(_unique(self.roles)),
                           tuple(_unique(self.unknown)))

    # -- lifting multi-word items (citations, glossary/alias names with spaces) out first --------
    def _lift_spans(self, text: str) -> str:
        """Lift citations and multi-word names out of the text, never out of a quoted phrase (a phrase
        is exactly its string: "具体目标 16." must not lose the name 目标 16)."""
        parts = QUOTED.split(text)
        return "".join(part if QUOTED.fullmatch(part) else self._lift_outside(part) for part in parts)

    def _lift_outside(self, text: str) -> str:
        def lift(node: Node, *marks: str) -> str:
            self.spans.append(node)
            self.highlights.extend(marks)
            return f" \x00{len(self.spans) - 1}\x00 "

        for pattern, make in ((CITE_SYMBOL, self._symbol), (CITE_RECOMMENDATION, self._recommendation),
                              (CITE_ARTICLE, self._article), (CITE_RESOLUTION, self._resolution)):
            text = pattern.sub(lambda m, make=make: lift(*make(m)), text)
        for name in self.vocab.multiword_names(text):
            text = re.sub(re.escape(name), lambda m: lift(self._word(m.group()), m.group()), text,
                          flags=re.I)
        return text

    def _symbol(self, m: re.Match) -> tuple[Node, str]:
        symbol = m.group(1).upper()
        words = tuple(query_words(symbol))
        return Alt((Option("cite", symbol, 2.0), Option("seq", words)), symbol), m.group(1)

    def _recommendation(self, m: re.Match) -> tuple[Node, str]:
        number = m.group(1)
        return Alt((Option("cite", f"rec#{number}", 2.0), Option("phrase", f"建议{number}", 1.0),
                    Option("phrase", f"recommendation {number}")), m.group()), m.group()

    def _article(self, m: re.Match) -> tuple[Node, str]:
        number = m.group("zn") or m.group("en")
        para = m.group("zp") or m.group("ep") or m.group("ep2")
        named = m.group("zi") or m.group("ei") or m.group("ei2") or ""
        instrument, named = _instrument(named)
        options = []
        if instrument:
            if para:
                options.append(Option("cite", f"article:{instrument} {number}({para})", 2.5))
            options.append(Option("cite", f"article:{instrument} {number}", 2.0))
        options.append(Option("cite", f"art#{number}", 1.5 if instrument else 2.0))
        options.append(Option("phrase", f"第{number}条", 0.5))
        node: Node = Alt(tuple(options), m.group())
        rest = self._word(named) if named.strip() else None  # words beside it naming no instrument
        return (Group("any", (node, rest)) if rest is not None else node), f"第{number}条"

    def _resolution(self, m: re.Match) -> tuple[Node, str]:
        number = m.group(1) or m.group(2)
        return Alt((Option("cite", number, 2.0), Option("term", number)), m.group()), number

    # -- the grammar ------------------------------------------------------------------------
    def _expr(self, depth: int) -> Node | None:
        parts = [self._and(depth)]
        while self._peek() == "OR":
            self.i += 1
            parts.append(self._and(depth))
        return _join("or", parts)

    def _and(self, depth: int) -> Node | None:
        parts: list[Node | None] = []
        explicit = False
        while self.i < len(self.lexemes) and self._peek() not in ("OR", ")"):
            if self._peek() == "AND":
                self.i += 1
                explicit = True
                continue
            parts.append(self._unary(depth))
        return _join("and" if explicit else "any", parts)

    def _unary(self, depth: int) -> Node | None:
        lexeme = self.lexemes[self.i]
        if lexeme == "NOT" or (lexeme.startswith("-") and len(lexeme) > 1):
            if lexeme == "NOT":
                self.i += 1
                if self.i >= len(self.lexemes) or self._peek() in ("OR", "AND", ")"):
                    return None
                child = self._unary(depth)
            else:
                self.lexemes[self.i] = lexeme[1:]
                child = self._unary(depth)
            return Not(child) if child is not None else None
        return self._atom(depth)

    def _atom(self, depth: int) -> Node | None:
        lexeme = self.lexemes[self.i]
        self.i += 1
        if lexeme == "(":
            if depth > 20:
                raise ValueError("brackets nested too deep")
            inner = self._expr(depth + 1)
            if self._peek() == ")":
                self.i += 1
            return inner
        if lexeme.startswith('"') and len(lexeme) > 1 and lexeme.endswith('"'):
            return self._phrase(lexeme[1:-1])
        if lexeme.startswith('"'):  # an unbalanced quote: the rest is plain words (README)
            return _join("any", [self._chunk(word) for word in lexeme[1:].split()])
        return self._chunk(lexeme)

    def _peek(self) -> str | None:
        return self.lexemes[self.i] if self.i < len(self.lexemes) else None

    # -- leaves -----------------------------------------------------------------------------
    def _phrase(self, text: str) -> Node | None:
        text = PLACEHOLDER.sub(lambda m: _label(self.spans[int(m.group(1))]), text).strip()
        if not query_words(text):
            return None
        self.highlights.append(text)
        return Alt((Option("phrase", text),), text)  # quoted = exactly this string: no expansion

    def _chunk(self, text: str) -> Node | None:
        parts: list[Node | None] = []
        for piece in PLACEHOLDER.split(text):
            if piece.isdigit() and f"\x00{piece}\x00" in text:
                parts.append(self.spans[int(piece)])
            elif piece.strip("*"):
                parts.append(self._word(piece.strip("*")))
        return _join("any", parts)

    def _word(self, text: str) -> Node | None:
        """A typed word: alias/glossary expansions of the whole, else of each of its jieba words."""
        whole = self.vocab.synonyms(text)
        if whole:
            self.highlights.append(text)
            options = [self._name_option(text)] + self._expansions(text, whole)
            return _with_pieces(Alt(tuple(_unique(_with_context(options))), text), text)
        nodes = []
        for word in self._topic_words(text):
            self.highlights.append(word)
            names = self.vocab.synonyms(word)
            options = [Option("term", word)]
            if not CJK_CHAR.search(word) and not names:
                names = self._english_parts(word)
                if not names and DICTIONARY_WEIGHT:
                    options += [Option("term", form, DICTIONARY_WEIGHT) for form in chinese_forms(word)]
                if not names and len(options) == 1 and not word.isdigit():
                    self.unknown.append(word)
            options += self._expansions(word, names)
            nodes.append(_with_pieces(Alt(tuple(_unique(_with_context(options))), word), word))
        return _join("any", nodes)

    def _topic_words(self, text: str) -> list[str]:
        """The words of a chunk that name its topic: vocabulary names found whole (a term stays whole
        in a longer question), the other jieba words without stop words — and, in a question,
        without question words and role words (which become preferred roles)."""
        words: list[str] = []
        for piece, is_name in self.vocab.split_names(text):
            words.extend([piece] if is_name else query_words(piece))
        drop = STOP_WORDS | (QUESTION_WORDS if self.question else frozenset())
        kept = []
        for word in words:
            if self.question and word in ROLE_WORDS:
                self.roles.append(ROLE_WORDS[word])
            elif word not in drop:
                kept.append(word)
        return kept or ([] if self.roles else [w for w in words if w not in STOP_WORDS] or words)

    def _english_parts(self, word: str) -> list[str]:
        """Glossary forms of an English word without an entry of its own: of its singular
        (``markings`` -> marking) or of the parts of a hyphenated word (``cross-border``)."""
        for form in (word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
            if form and self.vocab.synonyms(form):
                return self.vocab.synonyms(form)
        parts = [p for p in re.split(r"[-/]", word) if p and p != word]
        return [n for p in parts for n in self.vocab.synonyms(p)]

    def _expansions(self, typed: str, names: list[str]) -> list[Option]:
        """Options for the other names of what was typed: weight SYNONYM_BOOST, except the Chinese
        forms of an English term: the preferred one (record-keeping -> 记录保存) counts as typed, the
        others weigh ENGLISH_OTHER_FORMS_BOOST."""
        if CJK_CHAR.search(typed):
            return [self._name_option(n, SYNONYM_BOOST) for n in names]
        chinese = [n for n in names if CJK_CHAR.search(n)]
        return [self._name_option(n, 1.0 if n == chinese[0] else ENGLISH_OTHER_FORMS_BOOST if n in chinese
                                  else SYNONYM_BOOST) for n in names]

    def _name_option(self, name: str, boost: float = 1.0) -> Option:
        words = tuple(query_words(name))
        self.highlights.append(name)
        if len(words) == 1:
            return Option("term", words[0], boost)
        return Option("seq", words, boost)


def _with_pieces(node: Alt, word: str) -> Node:
    """``node`` or, for a compound, ``node`` OR all its words anywhere at SUBWORD_WEIGHT (数据收集 also
    finds "收集…数据")."""
    pieces = _pieces(word)
    if not pieces:
        return node
    return Group("any", (node, Group("and", tuple(Alt((Option("term", p, SUBWORD_WEIGHT),), p) for p in pieces))))


def _pieces(word: str) -> list[str]:
    """The words of a Chinese compound of 4+ characters (its jieba words, else its dictionary
    2-grams covering it), for matching its words apart; [] when it has no such parts."""
    from index.analysis import sub_words

    if len(word) < 4 or not CJK_CHAR.fullmatch(word[0]):
        return []
    words = [w for w in query_words(word) if w not in STOP_WORDS]
    if len(words) > 1:
        return words
    grams = [piece for at, piece in sub_words(word) if len(piece) == 2 and at % 2 == 0]
    return grams if len(grams) > 1 and "".join(grams) == word else []


def _has_cite(node: Node | None) -> bool:
    if isinstance(node, Alt):
        return any(o.kind == "cite" for o in node.options)
    if isinstance(node, Not):
        return False
    return isinstance(node, Group) and any(_has_cite(c) for c in node.children)


def _with_context(options: list[Option]) -> list[Option]:
    """``options`` and, for each Chinese term among them, the same term in the context field at
    CONTEXT_WEIGHT."""
    return options + [Option("term", o.value, o.boost * CONTEXT_WEIGHT, "context")
                      for o in options if o.kind == "term" and CJK_CHAR.search(str(o.value))]


def _instrument(named: str) -> tuple[str | None, str]:
    """The instrument id named before or after an article, and the words of ``named`` that are not
    the instrument's name (``工作组关于议定书`` -> firearms-protocol, ``工作组关于``)."""
    from index.vocabulary import instruments

    key = name_key(named)
    if not key:
        return None, ""
    for name, instrument in sorted(instruments().items(), key=lambda kv: -len(kv[0])):
        if key.endswith(name):
            return instrument, key[:-len(name)]
        if key.startswith(name):
            return instrument, key[len(name):]
    for suffix, instrument in (("议定书", "firearms-protocol"), ("protocol", "firearms-protocol"),
                               ("公约", "untoc"), ("convention", "untoc")):
        if key.endswith(suffix):
            return instrument, ""
    return None, named


def _join(op: str, parts: list[Node | None]) -> Node | None:
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    return Group(op, tuple(kept))


def _label(node: Node) -> str:
    return node.label if isinstance(node, Alt) else ""


def _unique(items: list) -> list:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
