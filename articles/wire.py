"""Wire copy → a draft's fields. Pure functions: no models, no database.

Agencies and syndication partners send plain text (or a web page's HTML)
with their own conventions: a headline or a long teaser on the first line,
datelines, ``By`` lines, crossheads as short lines, source and copyright
lines, end markers, notes to editors, and sometimes a note about the writer
after the story. ``parse()`` turns that into a headline, standfirst,
Markdown body, byline, source and embargo (``articles.embargo``), lists
whatever it kept out of the body in ``left_out`` (in the order pasted), and
says for every pasted line where it went (``lines``), so nothing pasted is
lost without being shown.

Decisions are made by position and shape (``articles.wire_shapes``): what
follows an end marker or the source line at the end of the copy is never
body; a closing paragraph about the writer is a biography; a crosshead is a
short line between paragraphs that does not end a sentence, whatever its
first character. ``make wire-eval`` measures the rules on a corpus.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import embargo, wire_html, wire_markdown
from . import wire_shapes as shapes
from .text import clean as clean_text

HEADLINE_MAX = 120
# A teaser's first sentence (else its first clause) up to this length is proposed as the headline.
PROPOSED_HEADLINE_MAX = 110
STANDFIRST_MAX = 250
BIOGRAPHY_MAX_PARAGRAPHS = 2
WRAPPED_LINE_MIN = 40

HEADLINE, STANDFIRST, BODY, CROSSHEAD = "headline", "standfirst", "body", "crosshead"
BYLINE, SOURCE, EMBARGO, LEFT_OUT, BLANK = "byline", "source", "embargo", "left out", ""
ROLES = (HEADLINE, STANDFIRST, BODY, CROSSHEAD, BYLINE, SOURCE, EMBARGO, LEFT_OUT)
_SPACES = re.compile(r"[\xa0\u2007\u202f]")


def embargo_not_understood():
    """The note listed under an embargo line that gives no time the importer can read."""
    return _("Embargo line not understood: set Embargo until by hand.")


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
    # ``(role, text)`` for every line read, blank lines with the role "".
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Block:
    text: str
    indices: list[int]


def parse(text, now=None):
    """Return a ``WireDraft`` for pasted wire ``text``; never raises.

    An embargo line without a year is read as the next such date after
    ``now`` (default: the present).
    """
    return _Parser(text or "", now).run()


class _Parser:
    def __init__(self, text, now):
        text = _SPACES.sub(" ", clean_text(text))
        self.standfirst_hint, self.captions = "", set()
        if wire_html.looks_like_html(text):
            text, self.standfirst_hint, self.captions = wire_html.to_text(text)
        text = text.strip("\n") if text.strip() else ""
        self.lines = [line.rstrip() for line in text.split("\n")] if text else []
        self.roles = [BLANK] * len(self.lines)
        self.now = now
        self.left_out = []  # (line index, order found, text)
        self.fields = dict.fromkeys(["byline", "source_name", "source_url", "dateline"], "")
        self.headline = self.standfirst = ""
        self.embargo_until = None

    def run(self):
        self.take_embargo_lines()
        blocks = self.blocks()
        while blocks and _is_leading_note(blocks[0].text):
            self.leave_out(blocks.pop(0))
        if blocks:
            self.take_headline(blocks.pop(0))
        story, tail = self.split_at_tail(blocks)
        body = self.story(story)
        for block in tail:
            self.take_tail(block)
        body = self.end_of_story(body)
        self.take_standfirst(body)
        self.take_dateline(body)
        return WireDraft(
            headline=self.headline,
            standfirst=self.standfirst,
            body=self.markdown(body),
            embargo_until=self.embargo_until,
            left_out=[text for _index, _order, text in sorted(self.left_out)],
            lines=[(role, line) for role, line in zip(self.roles, self.lines, strict=True)],
            **self.fields,
        )

    # Reading the copy

    def take_embargo_lines(self):
        """An embargo line anywhere is taken out whole: it is neither headline nor paragraph."""
        for index, line in enumerate(self.lines):
            if not embargo.is_embargo_line(line.strip()):
                continue
            self.roles[index] = EMBARGO
            self.list_left_out(index, line.strip())
            when = embargo.parse_time(line.strip(), self.now)
            if when is None:
                self.list_left_out(index, embargo_not_understood())
            self.embargo_until = self.embargo_until or when

    def blocks(self):
        """Paragraphs: runs of lines between blank lines, each line its own paragraph
        unless the run is hard-wrapped text or a line carries on a sentence in lower case."""
        blocks, run = [], []
        for index, line in enumerate(self.lines):
            if line.strip() and self.roles[index] != EMBARGO:
                run.append(index)
            elif run:
                blocks += self.paragraphs(run)
                run = []
        return blocks + (self.paragraphs(run) if run else [])

    def paragraphs(self, run):
        texts = [self.lines[i].strip() for i in run]
        long_lines = [t for t in texts[:-1] if len(t) >= WRAPPED_LINE_MIN]
        wrapped = sum(not shapes.ends_sentence(t) for t in long_lines) * 2 > len(long_lines)
        blocks = []
        for index, text in zip(run, texts, strict=True):
            previous = blocks[-1].text if blocks else None
            if previous is not None and _carries_on(previous, text, wrapped):
                blocks[-1].text = f"{previous} {text}"
                blocks[-1].indices.append(index)
            else:
                blocks.append(_Block(text, [index]))
        return blocks

    def take_headline(self, block):
        prefix, text = shapes.headline_prefix(block.text)
        if prefix:
            self.list_left_out(block.indices[0], prefix.strip())
        self.headline, self.standfirst = _headline_and_standfirst(text)
        # A teaser is the standfirst; the headline is proposed from it.
        self.mark(block, STANDFIRST if self.standfirst else HEADLINE)

    def split_at_tail(self, blocks):
        """The story, and what follows its end: a marker, credits, boilerplate, the source line."""
        seen_paragraph = False
        for i, block in enumerate(blocks):
            text = block.text
            ends = _starts_tail(text) or shapes.source(text) or shapes.CONTACT.match(text)
            if shapes.is_end_marker(text) or (seen_paragraph and ends):
                return blocks[:i], blocks[i:]
            seen_paragraph = seen_paragraph or not (
                shapes.is_byline(text) or shapes.is_note(text) or shapes.source(text)
            )
        return blocks, []

    def story(self, blocks):
        """Take bylines, sources and notes out of the story's blocks; return the body's."""
        body = []
        for block in blocks:
            text = block.text
            if self.take_byline(block):
                continue
            under_byline = self.roles[block.indices[0] - 1 : block.indices[0]] == [BYLINE]
            if under_byline and shapes.is_writer_title(text):
                self.list_left_out(block.indices[0], text)
                self.mark(block, BYLINE)
            elif under_byline and not self.fields["source_name"] and shapes.is_organisation(text):
                self.fields["source_name"] = text
                self.mark(block, SOURCE)
            elif _is_note_in_story(text, self.captions, first=not body):
                self.leave_out(block)
            elif not body and self.take_source(block):
                continue
            else:
                body.append(block)
        return body

    def take_tail(self, block):
        text = block.text
        if shapes.TRAILER.match(text) and not self.fields["byline"]:
            self.fields["byline"] = shapes.trailer_reporters(text)
        if not self.take_byline(block) and not self.take_source(block):
            self.leave_out(block)

    def end_of_story(self, body):
        """The last paragraphs: an agency's sign-off, its name alone, or the writer's biography."""
        if body and shapes.is_signature(body[-1].text):
            self.leave_out(body.pop())
        if body and not self.fields["source_name"] and shapes.is_organisation(body[-1].text):
            self.fields["source_name"] = body[-1].text
            self.mark(body.pop(), SOURCE)
        for _paragraph in range(BIOGRAPHY_MAX_PARAGRAPHS):
            if len(body) <= 2 or not _is_biography(body[-1].text, body[:-1]):
                break
            self.leave_out(body.pop())
        return body

    def take_standfirst(self, body):
        """A standfirst under a short headline: marked as such on a web page, or a short
        paragraph between the headline and the dateline's paragraph (a press release's
        subheading)."""
        if self.standfirst or not body:
            return
        first = body[0].text
        hinted = self.standfirst_hint and first == self.standfirst_hint
        subheading = (
            len(body) > 1
            and len(first) <= STANDFIRST_MAX
            and not shapes.dateline(first)
            and shapes.dateline(body[1].text)
            and not _is_list_item(first)
        )
        if hinted or subheading:
            self.standfirst = first
            self.mark(body.pop(0), STANDFIRST)

    def take_dateline(self, body):
        for block in [b for b in body if not _is_list_item(b.text)][:2]:
            if found := shapes.dateline(block.text):
                self.fields["dateline"], agency = found
                if agency and not self.fields["source_name"]:
                    self.fields["source_name"] = agency
                return

    # Metadata

    def take_byline(self, block):
        found = shapes.byline(block.text)
        if found is None:
            return False
        names, titles, organisation = found
        self.fields["byline"] = self.fields["byline"] or names
        if organisation and not self.fields["source_name"]:
            self.fields["source_name"] = organisation
        elif organisation:
            titles = [*titles, organisation]
        for title in titles:
            self.list_left_out(block.indices[0], title)
        self.mark(block, BYLINE)
        return True

    def take_source(self, block):
        found = shapes.source(block.text)
        if found is None:
            return False
        name, url, keep = found
        used = False
        if name and not self.fields["source_name"]:
            self.fields["source_name"], used = name, True
        if url and not self.fields["source_url"]:
            self.fields["source_url"], used = url, True
        if keep or not used and name != self.fields["source_name"]:
            self.leave_out(block)
        self.mark(block, SOURCE)
        return True

    def leave_out(self, block):
        self.list_left_out(block.indices[0], block.text)
        self.mark(block, LEFT_OUT)

    def list_left_out(self, index, text):
        """List ``text`` as left out; the list is in the order pasted, then the order found."""
        self.left_out.append((index, len(self.left_out), text))

    def mark(self, block, role):
        for index in block.indices:
            self.roles[index] = role

    def markdown(self, blocks):
        text, crossheads = wire_markdown.render([block.text for block in blocks])
        for i, block in enumerate(blocks):
            self.mark(block, CROSSHEAD if i in crossheads else BODY)
        return text


def _is_leading_note(text):
    """A note above the headline; "KORREKTUR: Headline" is the headline, its label left out."""
    prefix, rest = shapes.headline_prefix(text)
    if prefix and not shapes.ends_sentence(rest):
        return False
    return shapes.is_note(text) or shapes.is_bracketed(text)


def _is_note_in_story(text, captions, first):
    """A note, a web page's figure caption, or (before the first paragraph) a bracketed line."""
    return text in captions or shapes.is_note(text) or (first and shapes.is_bracketed(text))


def _carries_on(previous, line, wrapped):
    """True when ``line`` continues the paragraph ``previous`` (hard-wrapped text)."""
    if not wrapped and (shapes.ends_sentence(previous) or not line[:1].islower()):
        return False
    return not any(
        _is_list_item(t) or _is_metadata(t) or shapes.is_bracketed(t) for t in (previous, line)
    )


def _is_metadata(text):
    return bool(
        shapes.is_byline(text)
        or shapes.is_note(text)
        or shapes.is_end_marker(text)
        or shapes.source(text)
    )


def _starts_tail(text):
    return bool(
        shapes.is_end_marker(text)
        or shapes.TRAILER.match(text)
        or shapes.starts_boilerplate(text)
        or re.match(r"^\W*notes?\s+(?:to|for)\s+editors", text, re.IGNORECASE)
        or re.match(
            r"^\W*(?:(?:media|press)\s+contacts?|for\s+(?:further|more)\s+information)\b",
            text,
            re.I,
        )
    )


def _is_biography(text, story):
    """A closing paragraph about the writer's work: in the first person after a story told
    in the third, or about a named writer in the third person."""
    if shapes.is_about_a_writer(text):
        return True
    return (
        shapes.is_first_person(text)
        and shapes.mentions_writing(text)
        and not any(shapes.is_first_person(block.text) for block in story)
    )


def _headline_and_standfirst(first):
    """A short first line is the headline; a long teaser is the standfirst, and its first
    sentence (or first clause, or first words) is proposed as the headline."""
    sentences = [s for s in re.split(r"(?<=[.!?…])\s+", first) if s.strip()]
    if len(first) <= HEADLINE_MAX and len(sentences) <= 1:
        return first.rstrip(".").strip(), ""
    sentence = sentences[0].strip().rstrip(".!?…")
    if len(sentence) <= PROPOSED_HEADLINE_MAX:
        return sentence, first
    clause = re.split(r"[,;:—–]\s", sentence, maxsplit=1)[0]
    if len(clause.split()) >= 4 and len(clause) <= PROPOSED_HEADLINE_MAX:
        return clause, first
    proposed = sentence[: PROPOSED_HEADLINE_MAX + 1].rsplit(" ", 1)[0]
    return proposed.rstrip(".,;:!?…—– "), first


def _is_list_item(text):
    return bool(shapes.LIST_ITEM.match(text))
