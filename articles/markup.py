"""Markdown to safe HTML: the only path from an article body to the page.

markdown-it-py parses CommonMark in time linear in the text's length, so no
body, however hostile, can tie up a worker; nh3 then keeps only our allow-list.
"""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.table import escapedSplit, getLine
from markdown_it.rules_block.table import table as gfm_table

from . import body_pictures, callouts, embeds

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
# Pull quotes and fact boxes (callouts.py); embed cards are added after sanitising (embeds.py).
ALLOWED_TAGS |= callouts.TAGS
ALLOWED_CLASSES = callouts.CLASSES

# A body's "# Heading" is a crosshead: the page's only h1 is the headline.
_DEMOTE = {"h1": "h2", "h5": "h4", "h6": "h4"}


def _cells(text):
    """The cells of a table row, as the GFM table rule counts them."""
    cells = escapedSplit(mdTrim(text))
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _table_end(state, start, end):
    """The line a table starting at ``start`` stops before, so its padding stays within its size.

    Rows shorter than the header are padded with empty cells. Left alone, a wide
    header over many one-character rows makes dozens of cells per character
    typed (markdown-it-py caps that per table only, so many tables add up); here
    a table ends at the row where its padding would outnumber its characters.
    The loop stops where the GFM rule stops, so this scan costs what the table
    itself costs.
    """
    columns = len(_cells(getLine(state, start)))
    size = len(getLine(state, start)) + len(getLine(state, start + 1)) + 2
    padding = 0
    terminators = state.md.block.ruler.getRules("blockquote")
    parent, state.parentType = state.parentType, "table"
    line = start + 2
    while line < end:
        text = mdTrim(getLine(state, line))
        if (
            state.sCount[line] < state.blkIndent
            or not text
            or state.is_code_block(line)
            or any(rule(state, line, end, True) for rule in terminators)
        ):
            break
        size += len(text) + 1
        padding += max(0, columns - len(_cells(text)))
        if padding > size:
            break
        line += 1
    state.parentType = parent
    return line


def _bounded_table(state, start, end, silent):
    """The GFM table rule, ending the table where ``_table_end`` says."""
    if silent or not gfm_table(state, start, end, True):
        return gfm_table(state, start, end, silent)
    return gfm_table(state, start, _table_end(state, start, end), False)


# CommonMark with GFM tables. Raw HTML is parsed as HTML and then sanitised by
# nh3 below, as before. The preset's maxNesting of 20 stays: at 100, nested
# "[" take four to seven times as long.
_parser = MarkdownIt("commonmark", {"html": True}).enable("table")
# nh3's URL allow-list decides which links survive; markdown-it-py's own check
# would leave a refused link as its raw Markdown instead of plain link text.
_parser.validateLink = lambda url: True
# As the stock rule, a table may interrupt a paragraph or a link reference.
_parser.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
_parser.use(embeds.embed_plugin).use(callouts.callouts_plugin)

_tokenize_blocks = _parser.block.tokenize


def _tokenize_noting_depth(state, start, end):
    """The block parser, noting in ``env`` when it reaches the nesting limit with text left.

    There the parser drops the rest of the text; ``too_deep()`` reports it,
    so a body is refused rather than shown to readers with words missing.
    """
    if state.level >= state.md.options.maxNesting and state.skipEmptyLines(start) < end:
        state.env["too_deep"] = True
    _tokenize_blocks(state, start, end)


_parser.block.tokenize = _tokenize_noting_depth
# Lines of library pictures become figures and galleries (see body_pictures).
_parser.core.ruler.push("pictures", body_pictures.mark_pictures)


def too_deep(text):
    """True when lists or quotations in ``text`` nest so deep that some of it would not show."""
    env = {}
    _parser.parse(text or "", env)
    return env.get("too_deep", False)


def render(text, pictures=None, env=None):
    """Return the Markdown ``text`` as sanitised HTML, marked safe for templates.

    ``pictures`` maps IDs to the library pictures the body places (see
    ``body_pictures``); ``env``, when given, is filled with what the parser
    noted, for ``body_pictures.problems()``.

    Takes time linear in the length of ``text``. Only the tags in
    ``ALLOWED_TAGS`` survive; links keep http, https and mailto URLs only and
    get ``rel="noopener noreferrer nofollow"``. Script, styles, event handlers,
    iframes and ``javascript:``/``data:`` URLs never survive. A paragraph that
    is only an allow-listed provider's URL becomes an embed card
    (``embeds.card()``, built from the validated URL after cleaning); pull
    quotes and fact boxes are ``callouts.py``'s.
    """
    env = {} if env is None else env
    tokens = _parser.parse(text or "", env)
    for token in tokens:
        if token.tag in _DEMOTE and token.type in {"heading_open", "heading_close"}:
            token.tag = _DEMOTE[token.tag]
    # Library pictures go in last, into markers the parser left (see body_pictures).
    html = body_pictures.place(embeds.join(tokens, _sanitised), env, pictures or {})
    return mark_safe(html)  # noqa: S308 - nh3's allow-list output.


def _sanitised(tokens):
    """The HTML of ``tokens``, cleaned by nh3 with our allow-list."""
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
