"""UN-style references to a document or one of its paragraphs, in Chinese and English, and the link
to the document's official record (built from its symbol; nothing is fetched).

>>> ref = reference(doc, doc.paragraph("85"))
>>> ref.en   # Working Group on Firearms, “打击…”, background paper, CTOC/COP/WG.6/2014/2 (2014), para. 85.
>>> ref.zh   # 枪支问题工作组，《打击…》，背景文件，CTOC/COP/WG.6/2014/2（2014年），第 85 段。
>>> ref.url  # https://undocs.org/zh/CTOC/COP/WG.6/2014/2

The link is the UN's documented short address for a symbol (``https://undocs.org/<lang>/<symbol>``, which
the UN documents system answers with that language version); a document without a symbol has none and
is cited by its title and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from ingest.citable import where
from ingest.records import Document, Paragraph
from wgkb.labels import LABELS

#: The official record of a symbol, in a language (zh, en, fr, es, ru, ar).
OFFICIAL_URL = "https://undocs.org/{lang}/{symbol}"

#: Issuing bodies (``Document.body`` or the body of a resolution id) as cited: (Chinese, English).
BODIES = {
    "CTOC/COP/WG.6": ("枪支问题工作组", "Working Group on Firearms"),
    "CTOC/COP": ("联合国打击跨国有组织犯罪公约缔约方会议",
                 "Conference of the Parties to the United Nations Convention against Transnational Organized Crime"),
    "COP": ("联合国打击跨国有组织犯罪公约缔约方会议",
            "Conference of the Parties to the United Nations Convention against Transnational Organized Crime"),
    "GA": ("大会", "General Assembly"), "A": ("大会", "General Assembly"),
    "SC": ("安全理事会", "Security Council"), "S": ("安全理事会", "Security Council"),
    "ECOSOC": ("经济及社会理事会", "Economic and Social Council"),
    "CND": ("麻醉药品委员会", "Commission on Narcotic Drugs"),
    "CCPCJ": ("预防犯罪和刑事司法委员会", "Commission on Crime Prevention and Criminal Justice"),
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_ROMAN_TO_CN = {"I": "一", "II": "二", "III": "三", "IV": "四", "V": "五", "VI": "六", "VII": "七", "VIII": "八",
                "IX": "九", "X": "十", "XI": "十一", "XII": "十二"}
#: The English place of a label and its Chinese form, tried in order on each comma-separated part.
_WHERE_ZH = (
    (re.compile(r"^preamble para\. (\S+)$"), r"序言部分第 \1 段"),
    (re.compile(r"^para\. (\S+)$"), r"第 \1 段"),
    (re.compile(r"^footnote (\S+)$"), r"脚注 \1"),
    (re.compile(r"^provisional agenda$"), "临时议程"),
    (re.compile(r"^annotations$"), "临时议程说明"),
    (re.compile(r"^item (.+)$"), r"项目 \1"),
    (re.compile(r"^sect\. (\S+)$"), r"\1 节"),
    (re.compile(r"^annex ?(\S*)$"), r"附件\1"),
    (re.compile(r"^front matter$"), "首页"),
    (re.compile(r"^heading (“.*”)(?: \((\d+)\D+\))?$"), r"标题\1"),
    (re.compile(r"^(\d+)\D\D paragraph$"), r"第 \1 个未编号段落"),
)


@dataclass(frozen=True)
class Reference:
    """One reference: the short label, the full Chinese and English forms, the official link (or None)."""

    label: str
    zh: str
    en: str
    url: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"label": self.label, "zh": self.zh, "en": self.en, "url": self.url}


def official_url(symbol: str | None, lang: str = "zh") -> str | None:
    """``https://undocs.org/zh/CTOC/COP/WG.6/2014/2`` for a symbol; None without one."""
    if not symbol:
        return None
    return OFFICIAL_URL.format(lang=lang, symbol=quote(symbol, safe="/.()-"))


def date_en(date: str | None) -> str:
    """``2018-02-21`` -> ``21 February 2018``; ``2014`` -> ``2014``; None -> ``n.d.``."""
    if not date:
        return "n.d."
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def date_zh(date: str | None) -> str:
    """``2018-02-21`` -> ``2018年2月21日``; ``2014`` -> ``2014年``; None -> ``日期不详``."""
    if not date:
        return "日期不详"
    parts = date.split("-")
    units = ("年", "月", "日")
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, units, strict=False))


def where_zh(place: str) -> str:
    """The Chinese form of a label's place: ``chap. III, sect. A.3, 1st paragraph`` ->
    ``第三章，A.3 节，第 1 个未编号段落``."""
    out = []
    for part in place.split(", "):
        chap = re.match(r"^chap\. ([IVXLC]+)$", part)
        if chap:
            out.append(f"第{_ROMAN_TO_CN.get(chap.group(1), chap.group(1))}章")
            continue
        for pattern, repl in _WHERE_ZH:
            if pattern.match(part):
                out.append(pattern.sub(repl, part))
                break
        else:
            out.append(part)
    return "，".join(out)


def _body(doc: Document) -> tuple[str, str] | None:
    kind, _, rest = doc.id.partition(":")
    if kind in ("resolution", "decision"):
        return BODIES.get(rest.partition(" ")[0])
    return BODIES.get(doc.body or "") or (BODIES.get((doc.symbol or "").split("/")[0]) if doc.symbol else None)


def reference(doc: Document, paragraph: Paragraph | None = None) -> Reference:
    """The UN-style reference to ``doc`` (or one of its paragraphs) in Chinese and English."""
    body = _body(doc)
    kind, _, rest = doc.id.partition(":")
    title = doc.title or doc.name()
    title_zh = title.replace("《", "〈").replace("》", "〉")  # a title inside 《》 quotes its titles in 〈〉
    type_zh, type_en = LABELS["doc_type"].get(doc.doc_type or "", ("", ""))
    zh, en = [], []
    if kind in ("resolution", "decision"):
        number = rest.partition(" ")[2]
        noun_zh, noun_en = ("决议", "resolution") if kind == "resolution" else ("决定", "decision")
        zh.append(f"{body[0] if body else ''}第 {number} 号{noun_zh}《{title_zh}》（{date_zh(doc.date)}）")
        en.append(f"{body[1] + ', ' if body else ''}{noun_en} {number}, “{title}” ({date_en(doc.date)})")
    else:
        head_zh = [body[0]] if body else []
        head_en = [body[1]] if body else []
        zh.append("，".join([*head_zh, f"《{title_zh}》", *([type_zh] if type_zh else []),
                            f"{doc.symbol or '无文号'}（{date_zh(doc.date)}）"]))
        en.append(", ".join([*head_en, f"“{title}”", *([type_en] if type_en else []),
                            f"{doc.symbol or 'no symbol'} ({date_en(doc.date)})"]))
    place = where(doc, paragraph) if paragraph is not None else ""
    if place:
        zh.append(where_zh(place))
        en.append(place)
    label = doc.label(paragraph) if paragraph is not None else doc.name()
    return Reference(label=label, zh="，".join(zh) + "。", en=", ".join(en) + ".", url=official_url(doc.symbol))
