"""Markdown to safe HTML: the only path from an article body to the page."""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "em", "b", "i", "del", "sup", "sub",
    "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# A body's "# Heading" is a crosshead: the page's only h1 is the headline.
_DEMOTE = {"h1": "h2", "h5": "h4", "h6": "h4"}


def render(text):
    """Return the Markdown ``text`` as sanitised HTML, marked safe for templates.

    Only the tags in ``ALLOWED_TAGS`` survive; links keep http, https and mailto
    URLs only and get ``rel="noopener noreferrer nofollow"``. Script, styles,
    event handlers, iframes and ``javascript:``/``data:`` URLs never survive.
    """
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    for old, new in _DEMOTE.items():
        html = html.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - nh3's allow-list output, see above.
