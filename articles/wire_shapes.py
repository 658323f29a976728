"""The shapes of lines in wire copy: what a paragraph of pasted copy is, by its form.

Each function looks at one paragraph (a line, or hard-wrapped lines joined)
and says whether it is an end marker, a note to editors, a byline, a source
or copyright line, a dateline, a list item, a writer's biography or an
agency's sign-off. Labels are matched together with a shape (a short line
standing alone, ``Label: …``, a whole paragraph in brackets), never as a
phrase anywhere in a sentence, so a story that mentions an editor or a photo
keeps its paragraph. Pure functions: no models, no database.
"""

import re

URL = re.compile(r"https?://[^\s()<>\"']+", re.IGNORECASE)

END_MARKER = re.compile(
    r"^\s*(?:-+\s*30\s*-+|—\s*30\s*—|#{3,}|-*\s*ENDS?\s*-*|\(?END\)?|\*\s*\*\s*\*)\s*$",
    re.IGNORECASE,
)
# A note to the desk: a label with a colon (or a dash), or a bracketed line starting with one.
_NOTE_LABEL = (
    r"editor'?s'?\s+notes?|editors?|eds?|notes?\s+to\s+editors|note\s+for\s+editors|"
    r"corrections?|corrects|corrected|correcting|clarification|updated|updates\s+with|adds|"
    r"recasts|refiles?|photos?|pictures?|pictured|picture\s+credit|photo\s+credit|caption|"
    r"image|video|disclosure|about\s+the\s+author|contact|media\s+contact|press\s+contact|"
    r"media\s+enquiries|telephone|tel|phone|mobile|e-?mail|web(?:site)?|our\s+standards|"
    r"berichtigung|korrektur|hinweis\s+an\s+die\s+redaktion|bildunterschrift|foto|"
    r"rectificatif|légende|note\s+aux\s+rédactions|contact\s+presse"
).replace("'", "['’]")
NOTE = re.compile(
    rf"^[\[(]?\s*(?:{_NOTE_LABEL})\b(?:\s+\w+)?\s*(?::|\s[—–-]\s|$)|"
    r"^(?-i:CORRECTS|CORRECTED|UPDATED|UPDATES|ADDS|RECASTS|REFILES)\s",
    re.IGNORECASE,
)
# Whole lines agencies and press offices put around a story.
_NOTICE = re.compile(
    r"^\s*(?:urgent|bulletin|flash|alert|breaking|advisory|for\s+immediate\s+release|"
    r"press\s+release|news\s+release|media\s+release|pressemitteilung|communiqué(?:\s+de\s+presse)?|"
    r"more\s+follows|more\s+to\s+follow|more|mehr\s+folgt|suite\s+à\s+venir|"
    r"notes?\s+to\s+editors|notes?\s+for\s+editors|media\s+contacts?|press\s+contacts?|"
    r"for\s+(?:further|more)\s+information)"
    r"\s*[.:]?\s*$",
    re.IGNORECASE,
)
_SLUG = re.compile(r"^\s*\^?(?:[A-Z]{1,3}-)+[A-Za-z][\w-]*(?:,\d{2,5})?<?\s*$")
_EMAIL_OR_PHONE = re.compile(r"^\s*(?:[\w.+-]+@[\w-]+\.[\w.]+|\+?[\d][\d ()./-]{6,})\s*$")
# A contact block's first line: "Contact: …", "Media enquiries: …".
CONTACT = re.compile(r"^\W*(?:(?:media|press)\s+)?(?:contacts?|enquiries|inquiries)\b\s*:", re.I)
BOILERPLATE_HEADING = re.compile(r"^(?:about|über|à propos d[eu'’]|a propos d[eu'’])\s*\S", re.I)

_NAME_WORD = r"[A-ZÀ-Þ][\w'’.-]*"
_NAMES = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|der|da|le|la|du|di|bin|al))*"
BYLINE = re.compile(
    rf"^\s*(?i:by|von|par|door|di|av)\s+(?P<names>{_NAMES}(?:\s+(?:and|und|et|&)\s+{_NAMES})*)"
    r"(?P<rest>(?:\s*,\s*[^,]+){0,3})\s*$"
)
TRAILER = re.compile(r"^\s*\((?:reporting|writing|additional\s+reporting)\s+by\b.*\)\s*$", re.I)
_TRAILER_REPORTERS = re.compile(r"\(\s*reporting\s+by\s+(?P<names>[^;)]+)", re.IGNORECASE)
# "Anna Berg in Kessel": where a reporter filed from is not part of the byline.
_FILED_FROM = re.compile(rf"\s+in\s+{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_SOURCE = re.compile(
    r"^\s*(?:source|quelle|via|courtesy\s+of|fuente)\s*(?P<colon>[:\-–—])?\s+(?P<rest>.+?)\s*$",
    re.IGNORECASE,
)
AGENCY_ALONE = re.compile(r"^\s*\((?P<name>[A-Za-zÀ-ÿ][\w .&'’-]{1,40})\)\s*$")
_COPYRIGHT = re.compile(
    r"^\s*(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}\s*)?(?P<name>[^.]+?)\.?"
    r"\s*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(rf"^{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|of|de|du|des|der|für|&))*$")
DATELINE = re.compile(
    r"^(?P<dateline>(?:[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{1,40}|[A-ZÀ-Þ][\w .'’-]{1,30}(?=[,\s]*[^—–]*\())"
    r"(?:,\s*[^()\n—–/]{1,30}?)?"
    r"(?:\s*\((?P<agency>[^)]{1,30})\))?"
    r"(?:\s*/(?P<wire>[^/\n]{1,30})/)?"
    r")\s*(?:—|–|-{1,2})\s+"
)
_PREFIX = re.compile(
    r"^(?P<prefix>(?:UPDATE|CORRECTED|REFILE|RPT|WRAPUP|INSTANT VIEW)(?:\s+\d+)?\s*-|"
    r"(?:KORREKTUR|BERICHTIGUNG|CORRECTION|RECTIFICATIF|EILMELDUNG|URGENT)\s*:)\s*(?=\S)"
)
SENTENCE_END = re.compile(r"[.!?…:;]$")
LIST_ITEM = re.compile(r"^\s*(?:[•·▪‣◦–]|[-*])\s+(?P<text>.+)$")
NUMBERED = re.compile(r"^\s*(?P<number>\d{1,2})[.)]\s+(?P<text>.+)$")
MARKDOWN_START = re.compile(r"^(#{1,6}\s|>|[-*+]\s)")
CLOSING = "\"'”’»)]*_ "
_FIRST_PERSON = re.compile(r"(?:^|[\s(])(?:i|i'm|i've|i'd|my|me|ich|mein\w*|je|j'|j’|moi)\b", re.I)
_QUOTED = re.compile(r"[\"“„«‘'][^\"“”„«»‘’']*[\"”“»’']")
_WRITER_WORDS = re.compile(
    r"\b(?:writ\w*|journalist\w*|correspondent|report(?:er|ed|ing)\w*|author|autor\w*|auteur\w*|editor|"
    r"redakteur\w*|rédact\w*|columnist|freelance\w*|pigiste|covers|reports on|books?|"
    r"schreibt|écrit|korrespondent\w*|reporter\w*|kolumnist\w*|correspondant\w*|"
    r"chroniqu\w*|reportrice|photograph\w*|fotograf\w*)\b",
    re.IGNORECASE,
)
_ABOUT_A_PERSON = re.compile(
    r"^(?:[—–-]\s*)?(?:(?i:(?:written|reported)\s+by|the\s+(?:author|writer)|"
    r"(?:die|der)\s+autor(?:in)?|l['’]auteur)\b|"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}\s+"
    r"(?:is|was|has|writes|covers|lives|est|ist|hat|schreibt|vit|a)\b)"
)
_SIGNATURE = re.compile(r"^[a-z0-9]{1,6}(?:[ /][a-z0-9]{1,6}){1,6}$")


def ends_sentence(text):
    """True when ``text`` ends a sentence (its last mark before any closing quote or bracket)."""
    return bool(SENTENCE_END.search(text.rstrip(CLOSING)))


def is_end_marker(text):
    """``-30-``, ``###``, ``ENDS``, ``END``, ``- ENDS -``: the story stops here."""
    return bool(END_MARKER.match(text))


def is_note(text):
    """A line for the desk, not for readers: editor's notes, corrections, captions, contacts."""
    if len(text) > 400:
        return False
    stripped = text.strip()
    return bool(
        NOTE.match(stripped)
        or _NOTICE.match(stripped)
        or _SLUG.match(stripped)
        or _EMAIL_OR_PHONE.match(stripped)
    )


def starts_boilerplate(text):
    """A short "About <company>" line: the press release's boilerplate starts here."""
    return (
        bool(BOILERPLATE_HEADING.match(text))
        and len(text.split()) <= 6
        and not ends_sentence(text)
        and not is_byline(text)
    )


def is_bracketed(text):
    """A whole paragraph in brackets or parentheses: a note about the copy, not the story."""
    return (text.startswith("(") and text.endswith(")")) or (
        text.startswith("[") and text.endswith("]")
    )


def headline_prefix(text):
    """``(prefix, headline)`` for "UPDATE 2-Headline" or "KORREKTUR: Headline"; prefix may be ""."""
    match = _PREFIX.match(text)
    if match is None:
        return "", text
    return match.group("prefix"), text[match.end() :]


def byline(text):
    """``(names, titles, organisation)`` of a "By …" line, or None when ``text`` is not one."""
    if len(text) > 160 or ends_sentence(text.rstrip(". ")):
        return None
    match = BYLINE.match(text.rstrip("."))
    if match is None:
        return None
    names = match.group("names").strip()
    parts = [part.strip() for part in match.group("rest").split(",") if part.strip()]
    organisation = parts.pop() if parts else ""
    return _readable(names), parts, organisation


def is_byline(text):
    """True when ``text`` is a "By …" line."""
    return byline(text) is not None


def trailer_reporters(text):
    """The reporters named in "(Reporting by X; Editing by Y)", or ""."""
    match = _TRAILER_REPORTERS.search(text)
    return _readable(_FILED_FROM.sub("", match.group("names")).strip()) if match else ""


def source(text):
    """``(name, url, keep)`` for a source, agency or copyright line, or None.

    ``keep`` is True when the line says more than the name and address (a
    copyright notice): it is then listed as left out too, so nothing is lost.
    """
    if len(text) > 200:
        return None
    if match := _SOURCE.match(text):
        rest = match.group("rest")
        name = URL.sub("", rest).strip(" ()[]<>-–—,.")
        if not match.group("colon") and not _ORGANISATION.match(name):
            return None
        if len(name.split()) > 8:
            return None
        return name, _url(rest), False
    if match := _COPYRIGHT.match(text.strip("()[] ")):
        name = URL.sub("", match.group("name")).strip(" ()[]<>-–—,.")
        return (name, _url(text), True) if name else None
    if match := AGENCY_ALONE.match(text):
        return match.group("name").strip(), "", False
    return None


def is_writer_title(text):
    """A job title under a byline: "ANA Business Writer", "Health Correspondent"."""
    return len(text.split()) <= 6 and bool(_WRITER_WORDS.search(text)) and not ends_sentence(text)


def is_organisation(text):
    """A short run of capitalised words with no sentence mark: "Atlantic News Agency"."""
    words = text.split()
    return 2 <= len(words) <= 5 and bool(_ORGANISATION.match(text)) and not ends_sentence(text)


def dateline(text):
    """``(dateline, agency)`` at the start of ``text`` ("HALDEN BAY (BP) - …"), or None."""
    match = DATELINE.match(text)
    if match is None:
        return None
    return match.group("dateline").strip(), (match.group("agency") or "").strip()


def is_signature(text):
    """An agency's sign-off codes ("dpa hb xy", "jlv/ger/abc") on the last line."""
    return bool(_SIGNATURE.match(text.strip()))


def is_first_person(text):
    """True when ``text`` speaks in the first person outside quotations."""
    return bool(_FIRST_PERSON.search(_QUOTED.sub(" ", text)))


def mentions_writing(text):
    """True when ``text`` speaks of writing or reporting as work (writer, journalist, …)."""
    return bool(_WRITER_WORDS.search(text))


def is_about_a_writer(text):
    """A paragraph about a writer in the third person ("Lena Frost is a gardening writer …")."""
    return bool(_ABOUT_A_PERSON.match(text)) and bool(_WRITER_WORDS.search(text))


def _url(text):
    match = URL.search(text)
    return match.group(0).rstrip(".,)") if match else ""


def _readable(names):
    return names.title() if names.isupper() else names
