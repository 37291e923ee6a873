"""Human labels for every coded value the app and the CLI show: one table, Chinese first, then English.

The records keep their codes (``background_paper``, ``pursuant_to``: the ``--json`` contract); a person
reads ``背景文件 · background paper`` and ``根据 · pursuant to``. A value missing from the table is shown
with its underscores as spaces (never the raw code), and a missing value as ``—`` (never "None").
"""

from __future__ import annotations

#: What nothing is shown as.
EMPTY = "—"

#: Code -> (Chinese, English), per field.
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "doc_type": {
        "resolution": ("决议", "resolution"), "decision": ("决定", "decision"),
        "background_paper": ("背景文件", "background paper"),
        "agenda": ("临时议程和说明", "provisional agenda and annotations"),
        "report": ("报告", "report"), "note": ("说明", "note"), "other": ("其他文件", "other document"),
    },
    "relation": {
        "recalls": ("回顾", "recalls"), "reaffirms": ("重申", "reaffirms"), "takes_note": ("注意到", "takes note of"),
        "welcomes": ("欢迎", "welcomes"), "pursuant_to": ("根据", "pursuant to"), "see": ("见", "see"),
        "in_accordance_with": ("依照", "in accordance with"), "refers_to": ("提及", "refers to"),
        "requests": ("请", "requests"), "decides": ("决定", "decides"), "endorses": ("核可", "endorses"),
        "adopts": ("通过", "adopts"), "cites": ("引用", "cites"), "part_of": ("属于", "part of"),
    },
    "role": {
        "recommendation": ("建议", "recommendation"), "mandate": ("任务授权", "mandate"),
        "followup": ("后续行动", "follow-up"),
    },
    "status": {
        "cited": ("已有引用", "cited"), "suggested only": ("仅有参考", "suggested only"),
        "none": ("尚无后续", "none yet"),
    },
    "kind": {
        "heading": ("标题", "heading"), "numbered": ("编号段落", "numbered paragraph"),
        "preamble": ("序言段落", "preambular paragraph"), "operative": ("执行段落", "operative paragraph"),
        "agenda_item": ("议程项目", "agenda item"), "footnote": ("脚注", "footnote"), "text": ("正文", "text"),
        "table": ("表格", "table"),
    },
    "node": {
        "resolution": ("决议", "resolution"), "decision": ("决定", "decision"), "document": ("文件", "document"),
        "recommendation": ("建议", "recommendation"), "paragraph": ("段落", "paragraph"),
        "article": ("条款", "treaty article"),
    },
    "direction": {
        "ancestor": ("所依据", "builds on"), "root": ("本决议", "this resolution"),
        "descendant": ("后续引用", "built on by"),
    },
}

#: Field names accepted by ``label`` (a typo is an error, not a silent raw code).
FIELDS = tuple(LABELS)


def label(field: str, code: object) -> str:
    """``背景文件 · background paper`` for ``label("doc_type", "background_paper")``; ``—`` for None/"";
    an unknown code with underscores as spaces."""
    if field not in LABELS:
        raise ValueError(f"label field {field!r} is not one of {', '.join(FIELDS)}")
    if code is None or code == "":
        return EMPTY
    pair = LABELS[field].get(str(code))
    if pair is None:
        return str(code).replace("_", " ")
    return f"{pair[0]} · {pair[1]}"


def english(field: str, code: object) -> str:
    """The English half only (for narrow places such as the CLI's one-line rows)."""
    if code is None or code == "":
        return EMPTY
    pair = LABELS.get(field, {}).get(str(code))
    return pair[1] if pair else str(code).replace("_", " ")


def labels(field: str, codes: object) -> str:
    """Several codes (a tuple or a ``"; "``/``, ``-joined string) labelled and joined with ``; ``."""
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.replace(";", ",").split(",")]
    shown = [label(field, c) for c in codes or () if c]
    return "; ".join(shown) or EMPTY


def text(value: object) -> str:
    """Any value for display: ``—`` for None/"", else its string."""
    return EMPTY if value is None or value == "" else str(value)
