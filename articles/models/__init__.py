"""The newsroom's domain: sections and tags, articles, and what is recorded about them.

Migrations and the rest of the project import every name from here.
"""

from .article import (
    BODY_MAX_LENGTH,
    CONTENT_FIELDS,
    Article,
    ArticleState,
    Byline,
    hero_upload_to,
    validate_body,
)
from .records import (
    ArticleRedirect,
    Correction,
    ShareLink,
    WorkflowEvent,
    share_expiry,
    share_token,
)
from .taxonomy import RESERVED_SECTION_SLUGS, Section, Tag, validate_section_slug
from .wire import WireImport

__all__ = [
    "BODY_MAX_LENGTH", "CONTENT_FIELDS", "RESERVED_SECTION_SLUGS", "Article", "ArticleRedirect",
    "ArticleState", "Byline", "Correction", "Section", "ShareLink", "Tag", "WorkflowEvent",
    "hero_upload_to", "share_expiry", "share_token", "validate_body", "validate_section_slug",
]  # fmt: skip

__all__ += ["WireImport"]
