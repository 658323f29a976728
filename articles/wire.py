"""Wire copy → a draft's fields. Pure functions: no models, no database.

Agencies and syndication partners send plain text with their own
conventions: a headline or a long teaser on the first line, datelines,
``By`` lines, crossheads as short lines, source and copyright lines, end
markers, and sometimes a note about the writer after the story. ``parse()``
turns that into a headline, standfirst, Markdown body, byline, source and
embargo (``articles.embargo``), and lists whatever it kept out of the body in
``left_out`` so nothing pasted is lost without being shown.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import embargo
from .text import clean as clean_text

HEADLINE_MAX = 120
CROSSHEAD_MAX_WORDS = 8
PROPOSED_HEADLINE_WORDS = 12

_URL = re.compile(r"https?://[^\s()<>\"']+", re.IGNORECASE)
_END_MARKER = re.compile(r"^\s*(-+\s*30\s*-+|#{3,}|-*\s*ENDS?\s*-*|\(?END\)?)\s*$", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*by\s+(?P<names>[^\d].{1,100}?)\s*$", re.IGNORECASE)
_SOURCE = re.compile(
    r"^\s*(?:source|via|quelle|courtesy of)\s*[:\-–—]?\s+(?P<rest>.+?)\s*$", re.IGNORECASE
)
_AGENCY_ALONE = re.compile(r"^\s*\((?P<name>[A-Za-zÀ-ÿ][\w .&'’-]{1,40})\)\s*$")
_COPYRIGHT = re.compile(
    r"^\s*(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}\s*)?(?P<name>[^.]+?)\.?\s*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?P<dateline>[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{1,40}"
    r"(?:,\s*[^()\n—–-]{1,30}?)?"
    r"(?:\s*\((?P<agency>[^)]{1,30})\))?"
    r"\s*(?:—|–|-{1,2}))\s+"
)
_WRITER_NOTE = re.compile(
    r"^\s*(?:about the author|disclosure|disclaimer|the author is|the writer is|i am a |i'm a |i am an |"
    r"\(?reporting by|\(?additional reporting|\(?editing by|[A-Z][\w'’-]+ [A-Z][\w'’-]+ is an? )",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)]\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[•·▪‣◦]|[-*])\s+(?P<text>.+)$")
_MARKDOWN_START = re.compile(r"^(#{1,6}\s|>|[-*+]\s|\d+[.)]\s)")


@dataclass(frozen=True)
class WireDraft:
    headline: str = ""
    standfirst: str = ""
    body: str = ""
    source_name: str = ""
    source_url: str = ""
    byline: str = ""
    dateline: str = ""
    embargo_until: datetime.datetime | None = None
    left_out: list[str] = field(default_factory=list)


def parse(text, now=None):
    """Return a ``WireDraft`` for pasted wire ``text``; never raises.

    An embargo line without a year is read as the next such date after
    ``now`` (default: the present).
    """
    embargo_until, embargo_lines, text = _take_embargo(_normalise(text or ""), now)
    blocks = _blocks(text)
    if not blocks:
        return WireDraft(embargo_until=embargo_until, left_out=embargo_lines)
    state = {"source_name": "", "source_url": "", "byline": "", "left_out": embargo_lines}
    first, rest = blocks[0], blocks[1:]
    story, tail = _split_at_end_marker(rest)
    body_blocks = []
    for block in story:
        if not _take_metadata(block, state):
            body_blocks.append(block)
    for block in tail:
        if not _take_metadata(block, state):
            state["left_out"].append(block)
    body_blocks = _drop_writer_notes(body_blocks, state["left_out"])
    headline, standfirst = _headline_and_standfirst(first)
    dateline = ""
    if body_blocks and (match := _DATELINE.match(body_blocks[0])):
        dateline = match.group("dateline").rstrip(" —–-")
        if not state["source_name"] and match.group("agency"):
            state["source_name"] = match.group("agency").strip()
    return WireDraft(
        headline=headline,
        standfirst=standfirst,
        body=_markdown(body_blocks),
        source_name=state["source_name"],
        source_url=state["source_url"],
        byline=state["byline"],
        dateline=dateline,
        embargo_until=embargo_until,
        left_out=state["left_out"],
    )


def _normalise(text):
    text = clean_text(text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _take_embargo(text, now=None):
    """``(embargo end or None, lines for left_out, text without embargo lines)``.

    An embargo line anywhere (usually above the headline) is taken out of the
    copy whole, so it can become neither the headline nor a paragraph.
    """
    until, taken, kept = None, [], []
    for line in text.split("\n"):
        if not embargo.is_embargo_line(line.strip()):
            kept.append(line)
            continue
        taken.append(line.strip())
        when = embargo.parse_time(line.strip(), now)
        if when is None:
            taken.append(_("Embargo line not understood: set Embargo until by hand."))
        until = until or when
    return until, taken, "\n".join(kept)


def _blocks(text):
    """Paragraphs: split on blank lines, or on every line when the copy has none.

    Hard-wrapped lines (no closing punctuation, next line starting lower-case)
    are joined back into one paragraph.
    """
    chunks = re.split(r"\n\s*\n", text.strip()) if text.strip() else []
    if len(chunks) == 1 and chunks[0].count("\n") >= 2:
        chunks = chunks[0].split("\n")
    blocks = []
    for chunk in chunks:
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        for line in lines:
            if blocks and blocks[-1] is not None and _continues(blocks[-1], line):
                blocks[-1] = f"{blocks[-1]} {line}"
            else:
                blocks.append(line)
        blocks.append(None)  # paragraph boundary
    return [b for b in blocks if b]


def _continues(previous, line):
    return not _SENTENCE_END.search(previous) and line[:1].islower() and not _LIST_ITEM.match(line)


def _split_at_end_marker(blocks):
    for i, block in enumerate(blocks):
        if _END_MARKER.match(block):
            return blocks[:i], blocks[i + 1 :]
    return blocks, []


def _take_metadata(block, state):
    """Use a byline, source or copyright line; True when ``block`` was one."""
    if len(block) > 160:
        return False
    if (match := _BYLINE.match(block)) and not _SENTENCE_END.search(block.rstrip(".")):
        names, _, agency = match.group("names").partition(",")
        state["byline"] = state["byline"] or _title_case(names.strip())
        if agency.strip() and not state["source_name"]:
            state["source_name"] = agency.strip()
        return True
    for pattern in (_SOURCE, _AGENCY_ALONE, _COPYRIGHT):
        if match := pattern.match(block):
            raw = match.group("rest" if pattern is _SOURCE else "name")
            url = _URL.search(raw)
            name = _URL.sub("", raw).strip(" ()[]-–—,.")
            if pattern is _COPYRIGHT and not name:
                return False
            if not state["source_name"] and name:
                state["source_name"] = name
            if url and not state["source_url"]:
                state["source_url"] = url.group(0).rstrip(".,)")
            return True
    return False


def _drop_writer_notes(blocks, left_out):
    """A closing note about the writer (bio, disclosure, credits) goes to ``left_out``."""
    while blocks and _WRITER_NOTE.match(blocks[-1]):
        left_out.insert(0, blocks.pop())
    return blocks


def _headline_and_standfirst(first):
    sentences = re.findall(r"[^.!?…]+[.!?…]*", first)
    if len(first) <= HEADLINE_MAX and len([s for s in sentences if s.strip()]) <= 1:
        return first.rstrip(".").strip(), ""
    words = first.split()
    clause = re.split(r"[,;:—–]\s|\.\s", first, maxsplit=1)[0].split()
    proposed = (
        clause if 4 <= len(clause) <= PROPOSED_HEADLINE_WORDS else words[:PROPOSED_HEADLINE_WORDS]
    )
    return " ".join(proposed)[:HEADLINE_MAX].rstrip(".,;:!?…—– "), first


def _markdown(blocks):
    paragraphs = []
    for i, block in enumerate(blocks):
        previous_item = paragraphs and paragraphs[-1].startswith("- ")
        if item := _LIST_ITEM.match(block):
            paragraphs.append(("\n" if previous_item else "") + f"- {item.group('text')}")
            continue
        if _is_crosshead(block, i, blocks):
            paragraphs.append(f"## {block}")
            continue
        paragraphs.append("\\" + block if _MARKDOWN_START.match(block) else block)
    text = "\n\n".join(paragraphs)
    return text.replace("\n\n\n- ", "\n- ")


def _is_crosshead(block, index, blocks):
    return (
        0 < index < len(blocks) - 1
        and len(block.split()) <= CROSSHEAD_MAX_WORDS
        and not _SENTENCE_END.search(block)
        and not _LIST_ITEM.match(block)
        and block[:1].isupper()
    )


def _title_case(name):
    return name.title() if name.isupper() else name
