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
from index.vocabulary import Vocabulary, load_vocabulary

#: Question and function words dropped from unquoted queries ("工作组关于标识有何建议？"), unless
#: nothing else is left. Index terms are not touched: phrases still match them.
STOP_WORDS = frozenset(
    "的 了 吗 呢 吧 啊 么 是 在 和 与 及 或 对 就 中 有 有何 有无 什么 哪些 哪个 如何 怎样 怎么 为何 "
    "为什么 是否 关于 有关 方面 请问 一下 哪里 多少 那些 这些 其 之 以 等 所 被 将 而 并 the of and "
    "or a an in on for to what which how is are does do did about".split()
)
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
#: A placeholder for a span lifted out before splitting (``\x00<n>\x00``).
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


@dataclass(frozen=True)
class Option:
    """One way a query item can match: ``kind`` is term, seq, phrase or cite."""

    kind: str
    value: str | tuple[str, ...]
    boost: float = 1.0


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
        return ParsedQuery(self.text, tree, _unique(self.highlights), fallback)

    # -- lifting multi-word items (citations, glossary/alias names with spaces) out first --------
    def _lift_spans(self, text: str) -> str:
        def lift(node: Node, *marks: str) -> str:
            self.spans.append(node)
            self.highlights.extend(marks)
            return f" \x00{len(self.spans) - 1}\x00 "

        for pattern, make in ((CITE_SYMBOL, self._symbol), (CITE_RECOMMENDATION, self._recommendation),
                              (CITE_RESOLUTION, self._resolution)):
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
        if lexeme.startswith('"'):
            return self._phrase(lexeme.strip('"'))
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
            return Alt(tuple(_unique(options)), text)
        words = query_words(text)
        kept = [w for w in words if w not in STOP_WORDS] or words
        nodes = []
        for word in kept:
            self.highlights.append(word)
            options = [Option("term", word)]
            options += self._expansions(word, self.vocab.synonyms(word))
            nodes.append(Alt(tuple(_unique(options)), word))
        return _join("any", nodes)

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
