"""Hand-built Document records for store and facade tests (no parsing involved)."""

from __future__ import annotations

import hashlib

from ingest.records import Citation, Document, Entity, Paragraph


def paragraph(text: str, key: str, kind: str = "numbered", start: int = 0, **extra: object) -> Paragraph:
    """A paragraph whose offsets are ``start``..``start + len(text)``."""
    return Paragraph(key=key, kind=kind, text=text, start=start, end=start + len(text), **extra)


def document(symbol: str = "CTOC/COP/WG.6/2031/7", texts: tuple[str, ...] = ("第一段。", "第二段。"),
             *, source: str = "hand/built.txt", footnote: str | None = "见 CTOC/COP/WG.6/2030/2。",
             doc_id: str | None = None, **meta: object) -> Document:
    """A document with numbered paragraphs ``texts`` (keys 1, 2 …) and optionally one footnote carried
    by paragraph 1; paragraph 1 cites resolution COP 9/2 and names UNODC."""
    body, paragraphs = "", []
    for n, text in enumerate(texts, 1):
        extra: dict[str, object] = {"section": ("一.", "A.")}
        if n == 1:
            cite = text.find("9/2")
            if cite >= 0:
                extra["citations"] = (Citation("resolution:COP 9/2", "9/2", cite, cite + 3, "recalls", "para. 3"),)
            org = text.find("毒品和犯罪问题办公室")
            if org >= 0:
                extra["entities"] = (Entity("org:unodc", "ORG", "毒品和犯罪问题办公室", org, org + 10),)
            extra["footnotes"] = ("1",) if footnote else ()
            extra["roles"] = ("recommendation",)
        paragraphs.append(paragraph(text, str(n), start=len(body), **extra))
        body += text + "\n\n"
    if footnote:
        paragraphs.append(paragraph(footnote, "fn1", "footnote", start=len(body), anchor="1"))
        body += footnote
    sha = hashlib.sha256(body.encode()).hexdigest()
    fields = {"title": "测试文件", "doc_type": "background_paper", "date": "2031-02-03", "language": "zh",
              "sha256": sha, "meeting": None, "body": "CTOC/COP/WG.6", "pages": None}
    fields.update(meta)
    return Document(id=doc_id or f"document:{symbol}", symbol=symbol, source=source, text=body,
                    paragraphs=tuple(paragraphs), **fields)
