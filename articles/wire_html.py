"""Copy pasted from a web page as HTML → the plain text the wire importer reads.

Block elements (``<p>``, headings, ``<div>``, ``<li>``) become paragraphs
separated by blank lines, list items become bullet lines, entities and
non-breaking spaces become plain characters, and every other tag is dropped
with its words kept; a source paragraph keeps its link's address. A paragraph whose class names it a standfirst (``dek``,
``lede``, ``intro``, ``summary`` …) is reported, since a web page says so
where plain text cannot; so is a figure's caption, which is no paragraph of the story.
"""

import re
from html.parser import HTMLParser

_LOOKS_LIKE_HTML = re.compile(r"<(?:p|h[1-6]|div|br|li|ul|ol|article|section)\b[^>]*>", re.I)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "ul", "ol"}
_BLOCKS |= {"blockquote", "figure", "figcaption", "header", "footer", "table", "tr"}
_STANDFIRST_CLASS = re.compile(
    r"\b(?:standfirst|dek|deck|lede|lead|intro|summary|teaser|subtitle|strapline)\b", re.I
)
_SKIPPED = {"script", "style", "template", "noscript"}
_SOURCE_LABEL = re.compile(r"^(?:source|quelle|via|courtesy of)\b", re.I)


def looks_like_html(text):
    """True when ``text`` has HTML block tags (pasted page source, not plain copy)."""
    return bool(_LOOKS_LIKE_HTML.search(text))


def to_text(text):
    """Return ``(plain text, standfirst or "", captions)`` for pasted HTML ``text``."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    parser.end_block()
    paragraphs = [p for p in parser.paragraphs if p]
    return "\n\n".join(paragraphs), parser.standfirst, parser.captions


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.current, self.standfirst = [], [], ""
        self.in_standfirst = self.skipping = 0
        self.in_caption, self.captions = False, set()
        self.list_item = False
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS or tag == "li":
            self.end_block()
            self.list_item = tag == "li"
            self.in_caption = tag == "figcaption"
            if tag == "p" and _STANDFIRST_CLASS.search(dict(attrs).get("class") or ""):
                self.in_standfirst = True
        elif tag == "br":
            self.current.append("\n")
        elif tag == "a" and (href := dict(attrs).get("href") or "").startswith(("http:", "https:")):
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS or tag == "li":
            self.end_block()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)

    def end_block(self):
        lines = ["".join(self.current).replace("\xa0", " ")]
        text = "\n".join(" ".join(line.split()) for line in lines[0].split("\n")).strip()
        if text and self.links and _SOURCE_LABEL.match(text) and self.links[0] not in text:
            text = f"{text} ({self.links[0]})"
        if text and self.list_item:
            text = f"• {text}"
        if text and self.list_item and self.paragraphs and self.paragraphs[-1].startswith("• "):
            self.paragraphs[-1] += f"\n{text}"
        elif text:
            self.paragraphs.append(text)
            if self.in_standfirst and not self.standfirst:
                self.standfirst = text
            if self.in_caption:
                self.captions.add(text)
        self.current, self.in_standfirst, self.list_item, self.links = [], False, False, []
