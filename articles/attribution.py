"""Where a piece comes from: whether it is wire copy, for JSON-LD's ``sourceOrganization``."""

import re

# Agencies by name, and the words agencies call themselves ("Northern Wire
# Service", "Deutsche Presse-Agentur"). A bare "agency" is left out: a
# government agency's press release is a source, not wire copy.
_AGENCY = re.compile(
    r"\b(?:wire|newswire|news agency|press agency|agence|agentur|presse-agentur"
    r"|press association|associated press|canadian press|reuters|afp|ap|dpa|epd|kna|apa"
    r"|sda|ansa|efe|anp|belga|ritzau|ntb|yonhap|kyodo|xinhua|aap|upi|pa media)\b",
    re.IGNORECASE,
)


def is_wire_copy(article):
    """Return whether ``article`` is agency copy: an organisation on its byline, or an agency as its source."""
    return any(author.is_organisation for author in article.byline_authors()) or bool(
        _AGENCY.search(article.source_name)
    )


def wire_organisation(article):
    """Return ``(name, url)`` of the agency ``article`` comes from, or ``None`` for staff copy.

    The source attribution names it when it is set; otherwise the first
    organisation on the byline does, with its website.
    """
    if not is_wire_copy(article):
        return None
    if article.source_name:
        return article.source_name, article.source_url
    agency = next(author for author in article.byline_authors() if author.is_organisation)
    return agency.name, agency.url
