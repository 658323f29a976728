"""Pull quotes and fact boxes: the body's two pieces of page furniture.

A pull quote is a quotation whose last line names the speaker::

    > The harbour was never the problem. The roads were.
    > — Mira Jensen, harbour master

and becomes ``<figure class="pull-quote"><blockquote>…</blockquote>
<figcaption>Mira Jensen, harbour master</figcaption></figure>``. The line may
start with "— " (an em dash) or "-- ". A quotation without such a line, or
with nothing but it, stays an ordinary ``<blockquote>``.

A fact box is a fenced block, its heading after the word ``facts``::

    ::: facts Key facts
    - Opened: 1887
    :::

and becomes ``<aside class="fact-box"><h2>Key facts</h2>…</aside>``; without a
heading it is called "Key facts". An unclosed box ends with the body.
"""

import re

from django.utils.html import format_html
from django.utils.translation import gettext as _
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

TAGS = {"figure", "figcaption", "aside"}
CLASSES = {"figure": {"pull-quote"}, "aside": {"fact-box"}}

_ATTRIBUTION = re.compile(r"(?:—|--)[ \t]+(?P<name>\S.*)")


def _pull_quotes(state):
    """Core rule: wrap each quotation that ends with an attribution line in a figure."""
    tokens = state.tokens
    opened = []
    wraps = {}
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            opened.append(index)
        elif token.type == "blockquote_close" and opened:
            start = opened.pop()
            caption = _take_attribution(tokens, start, index)
            if caption is not None:
                wraps[start] = wraps[index] = caption
    if not wraps:
        return
    result = []
    for index, token in enumerate(tokens):
        if token.type == "hidden":
            continue
        caption = wraps.get(index)
        if caption is not None and token.type == "blockquote_open":
            figure = Token("figure_open", "figure", 1, level=token.level, block=True)
            figure.attrSet("class", "pull-quote")
            result += [figure, token]
        elif caption is not None:
            inline = Token("inline", "", 0, level=token.level + 2, content=caption, children=[])
            result += [
                token,
                Token("figcaption_open", "figcaption", 1, level=token.level + 1, block=True),
                inline,
                Token("figcaption_close", "figcaption", -1, level=token.level + 1, block=True),
                Token("figure_close", "figure", -1, level=token.level, block=True),
            ]
        else:
            result.append(token)
    state.tokens = result


def _take_attribution(tokens, start, end):
    """Remove the attribution line from the quotation ``tokens[start:end]``; return its text.

    None when the quotation's last block is not a paragraph ending in such a
    line, or when the line is all there is. A paragraph left empty is marked
    ``hidden`` for the caller to drop.
    """
    close = end - 1
    if close - 2 <= start or tokens[close].type != "paragraph_close":
        return None
    inline = tokens[close - 1]
    if inline.type != "inline" or tokens[close].level != tokens[start].level + 1:
        return None
    head, _newline, last = inline.content.rpartition("\n")
    found = _ATTRIBUTION.fullmatch(last.strip())
    if not found:
        return None
    if head.strip():
        inline.content = head
    elif close - 2 == start + 1:
        return None
    else:
        for token in tokens[close - 2 : close + 1]:
            token.type = "hidden"
    return found["name"].strip()


def _is_fact_box(params, *args):
    return params.strip().split(maxsplit=1)[:1] == ["facts"]


def _render_fact_box(renderer, tokens, index, options, env):
    token = tokens[index]
    if token.nesting == -1:
        return "</aside>\n"
    words = token.info.strip().split(maxsplit=1)
    heading = words[1] if len(words) > 1 else _("Key facts")
    return format_html('<aside class="fact-box">\n<h2>{}</h2>\n', heading)


def callouts_plugin(md):
    """markdown-it plugin: pull quotes and fact boxes, as this module's docstring shows."""
    md.core.ruler.after("block", "pull_quotes", _pull_quotes)
    container_plugin(md, "facts", validate=_is_fact_box, render=_render_fact_box)
