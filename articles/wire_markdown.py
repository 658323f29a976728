"""A wire story's paragraphs → Markdown: paragraphs, ``##`` crossheads and lists.

Wire copy is plain text, so whatever in it looks like Markdown (a line
starting with ``#``, ``>`` or ``1.``) is escaped to print as written; only
the shapes the importer recognises become structure.
"""

import re

from . import wire_shapes as shapes

CROSSHEAD_MAX_WORDS = 10
# A short question between paragraphs ("Why corridors?") is a crosshead too.
QUESTION_CROSSHEAD_MAX_WORDS = 6
# A heading starts with a word, a number or a quotation mark, never with Markdown's syntax.
_HEADING_START = re.compile(r"[\w\"'“”„«‘’]")


def render(paragraphs):
    """Return ``(markdown, indices of the paragraphs made crossheads)``."""
    parts, crossheads, in_list = [], set(), False
    for i, text in enumerate(paragraphs):
        if item := shapes.LIST_ITEM.match(text):
            line, listed = f"- {item.group('text')}", True
        elif _numbered_run(paragraphs, i):
            line, listed = text, True
        elif is_crosshead(paragraphs, i):
            line, listed = f"## {text}", False
            crossheads.add(i)
        else:
            line, listed = escape(text), False
        if listed and in_list:
            parts[-1] += f"\n{line}"
        else:
            parts.append(line)
        in_list = listed
    return "\n\n".join(parts), crossheads


def is_crosshead(paragraphs, i):
    """A short line between paragraphs that does not end a sentence, whatever it starts with."""
    return (
        0 < i < len(paragraphs) - 1
        and heading_shape(paragraphs[i])
        and not heading_shape(paragraphs[i - 1])
        and not shapes.LIST_ITEM.match(paragraphs[i + 1])
    )


def heading_shape(text):
    """True when ``text`` is short, ends no sentence (or is a short question) and starts
    with a capital, a digit or a quotation mark."""
    words = len(text.split())
    question = text.rstrip(shapes.CLOSING).endswith("?")
    return (
        (
            (words <= CROSSHEAD_MAX_WORDS and not shapes.ends_sentence(text))
            or (question and words <= QUESTION_CROSSHEAD_MAX_WORDS)
        )
        and bool(_HEADING_START.match(text))
        and not text[:1].islower()
        and not shapes.LIST_ITEM.match(text)
        and not shapes.NUMBERED.match(text)
        and not shapes.dateline(text)
    )


def escape(text):
    """Paragraph ``text`` as Markdown that prints it as written."""
    if shapes.MARKDOWN_START.match(text):
        return "\\" + text
    if match := re.match(r"^(\d{1,9})([.)])(\s)", text):
        return f"{match.group(1)}\\{match.group(2)}{text[match.end(2) :]}"
    return text


def _numbered_run(paragraphs, i):
    """True when ``paragraphs[i]`` is in a run of two or more items numbered 1., 2., 3. …"""

    def number(j):
        match = 0 <= j < len(paragraphs) and shapes.NUMBERED.match(paragraphs[j])
        return int(match.group("number")) if match else None

    here = number(i)
    return here is not None and (number(i - 1) == here - 1 or number(i + 1) == here + 1)
