"""A piece's paragraphs as comments anchor to them, and finding a comment's paragraph again.

A paragraph is a block of the body's Markdown between blank lines, as the
reporter typed it. Its anchor is a fingerprint of its text (whitespace
evened out) and its position: the fingerprint finds it wherever other edits
moved it; the position is the fallback when its own text changed.
"""

import hashlib
import re
from dataclasses import dataclass

BLANK_LINES = re.compile(r"\n[ \t]*\n")


def split(body):
    """The paragraphs of ``body`` (Markdown), in order, each stripped; empty ones left out."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in BLANK_LINES.split(text) if block.strip()]


def fingerprint(paragraph):
    """A short, stable fingerprint of a paragraph's text (16 hex digits)."""
    even = " ".join(paragraph.split())
    return hashlib.sha256(even.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Place:
    """Where a paragraph comment sits in the body as it is now."""

    index: int | None  # None: no paragraph is there any more
    changed: bool  # the paragraph's text is not what the comment was made on


def locate(comment, paragraphs, fingerprints=None):
    """Find ``comment``'s paragraph in ``paragraphs`` (from ``split``); a ``Place``.

    The paragraph with the same fingerprint wins (the one nearest the old
    position if the text occurs twice); else the paragraph now at the old
    position, marked changed; else ``Place(None, True)``.
    """
    fingerprints = fingerprints or [fingerprint(p) for p in paragraphs]
    same = [i for i, f in enumerate(fingerprints) if f == comment.paragraph_hash]
    if same:
        return Place(min(same, key=lambda i: abs(i - comment.paragraph_index)), False)
    if comment.paragraph_index is not None and comment.paragraph_index < len(paragraphs):
        return Place(comment.paragraph_index, True)
    return Place(None, True)
