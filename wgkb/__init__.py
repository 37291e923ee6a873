"""wgkb: knowledge base of UN working-group documents (Chinese). The one public face is KnowledgeBase."""

from ingest.errors import IngestError, NotFoundError, StoreError, WgkbError
from wgkb.facade import KnowledgeBase

__all__ = ["KnowledgeBase", "WgkbError", "IngestError", "NotFoundError", "StoreError"]
