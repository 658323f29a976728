"""Library pictures in a body: ``![Alt text](picture:12 "Caption")`` on a line of its own.

A paragraph made only of such lines becomes one ``<figure>`` per picture; two
or more make a gallery. The markdown-it rule (``mark_pictures``) leaves a
marker only we can write (it carries a random value per render) where each
such paragraph was; once nh3 has cleaned the rest, ``place()`` puts the
figures there, built with ``format_html`` from the library's own words and
renditions, so no reporter's markup reaches them unescaped. A picture with a
"Usable until" is wrapped in a comment naming that time (nh3 removed every
comment a reporter wrote), and ``without_expired()`` leaves it out of the page
from that instant on, with no query and no job.
"""

import re
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from pictures import renditions
from pictures.models import Picture

_SOURCE = re.compile(r"picture:(\d{1,12})")
# Each picture named in a body, wherever it stands, for the checks made when saving.
_ANY_REFERENCE = re.compile(r"\]\(\s*<?picture:(\d{1,12})")
_LINE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?picture:(\d{1,12})")
_EXPIRING = re.compile(r"<!--picture-until (\S+?)-->(.*?)<!--/picture-->", re.DOTALL)

FIGURE_SIZES = "(min-width: 48rem) 46rem, 100vw"
GALLERY_SIZES = "(min-width: 48rem) 23rem, 50vw"


def ids_in(text):
    """The IDs of the library pictures ``text`` names, in order, each once."""
    return list(dict.fromkeys(int(found) for found in _ANY_REFERENCE.findall(text or "")))


def lines_in(text):
    """``[(id, alt)]`` for each picture image written in ``text``, in order (the checklist's)."""
    return [(int(found), alt) for alt, found in _LINE.findall(text or "")]


def _picture_id(token):
    if token.type != "image":
        return None
    found = _SOURCE.fullmatch(token.attrGet("src") or "")
    return int(found.group(1)) if found else None


def _only_pictures(children):
    """``[(id, alt, title)]`` when an inline's children are picture images and line breaks only."""
    found = []
    for child in children:
        if child.type in {"softbreak", "hardbreak"} or (
            child.type == "text" and not child.content.strip()
        ):
            continue
        picture_id = _picture_id(child)
        if picture_id is None:
            return None
        found.append((picture_id, child.content, child.attrGet("title") or ""))
    return found or None


def mark_pictures(state):
    """markdown-it core rule: each paragraph of picture lines becomes a marker (see ``place``).

    Noted in ``env``: ``picture_slots`` (what each marker places),
    ``misplaced_pictures`` (IDs used inside other text, which are not shown)
    and ``unreadable_pictures`` (``picture:`` sources without a number).
    """
    env = state.env
    nonce = env.setdefault("picture_nonce", secrets.token_hex(8))
    slots = env.setdefault("picture_slots", [])
    misplaced = env.setdefault("misplaced_pictures", [])
    unreadable = env.setdefault("unreadable_pictures", [])
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        opened = index > 0 and tokens[index - 1].type == "paragraph_open"
        found = _only_pictures(token.children) if opened else None
        unreadable.extend(
            child.attrGet("src")
            for child in token.children
            if child.type == "image"
            and (child.attrGet("src") or "").startswith("picture:")
            and _picture_id(child) is None
        )
        if found is None:
            misplaced.extend(i for i in map(_picture_id, token.children) if i is not None)
            continue
        marker = f"picture-slot-{nonce}-{len(slots)}"
        slots.append((marker, found))
        tokens[index - 1].hidden = True
        tokens[index + 1].hidden = True
        text = token.children[0]
        text.type, text.tag, text.content, text.children = "text", "", marker, None
        token.children = [text]


def place(html, env, pictures):
    """``html`` (nh3's output) with each marker replaced by its figures or gallery.

    ``pictures`` maps IDs to ``Picture`` rows; an ID missing from it places
    nothing (saving reports it, see ``problems``), never a broken image.
    """
    for marker, found in env.get("picture_slots", []):
        known = [(pictures[i], alt, title) for i, alt, title in found if i in pictures]
        if len(known) > 1:
            figures = format_html_join(
                "", "{}", ((figure(*item, GALLERY_SIZES),) for item in known)
            )
            block = format_html('<div class="gallery">{}</div>', figures)
        elif known:
            block = figure(*known[0], FIGURE_SIZES)
        else:
            block = ""
        html = html.replace(f"<p>{marker}</p>", block).replace(marker, block)
    return html


def figure(picture, alt, caption, sizes):
    """A library picture as a ``<figure>``: WebP and JPEG ``srcset``, caption and credit.

    ``alt`` and ``caption`` are the body line's; each falls back to the picture's own.
    """
    alt = alt or picture.alt
    caption = caption or picture.caption
    jpegs = renditions.widths(picture, "jpg")
    if jpegs:
        image = format_html(
            '<picture><source type="image/webp" srcset="{}" sizes="{}">'
            '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" '
            'loading="lazy" decoding="async"></picture>',
            srcset(renditions.widths(picture, "webp")),
            sizes,
            default_storage.url(jpegs[-1]["name"]),
            srcset(jpegs),
            sizes,
            alt,
            jpegs[-1]["width"],
            jpegs[-1]["height"],
        )
    else:
        image = format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy" decoding="async">',
            picture.image.url,
            alt,
            picture.width or "",
            picture.height or "",
        )
    words = format_html(
        "{}{}",
        caption,
        format_html(' <span class="credit">{}</span>', picture.credit) if picture.credit else "",
    )
    html = format_html(
        '<figure class="picture">{}{}</figure>',
        image,
        format_html("<figcaption>{}</figcaption>", words) if caption or picture.credit else "",
    )
    if picture.usable_until is not None:
        until = picture.usable_until.isoformat()
        html = format_html("<!--picture-until {}-->{}<!--/picture-->", until, html)
    return html


def srcset(found):
    """A ``srcset`` value of stored renditions: "url 480w, url 960w"."""
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in found)


def without_expired(html, now):
    """``html`` without the pictures whose "Usable until" is at or before ``now``."""
    if "<!--picture-until " not in html:
        return html

    def keep(match):
        return "" if datetime.fromisoformat(match.group(1)) <= now else match.group(2)

    return _EXPIRING.sub(keep, html)


def validate(text, render):
    """Raise ``ValidationError`` naming each picture line of ``text`` that could not be shown.

    ``render`` is ``markup.render``, which notes in its ``env`` the pictures
    written inside other text.
    """
    env = {}
    render(text, env=env)
    ids = ids_in(text)
    found = set(Picture.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    messages = problems(text, env, found)
    if messages:
        raise ValidationError(messages, code="pictures")


def problems(text, env, pictures):
    """Messages for the picture lines of ``text`` that could not be shown as written."""
    messages = [
        _("Picture %(id)s does not exist.") % {"id": i} for i in ids_in(text) if i not in pictures
    ]
    for source in dict.fromkeys(env.get("unreadable_pictures", [])):
        messages.append(
            _('“%(source)s” names no picture: write ![Alt text](picture:12 "Caption").')
            % {"source": source}
        )
    for picture_id in dict.fromkeys(env.get("misplaced_pictures", [])):
        messages.append(
            _("Put picture %(id)s on a line of its own: inside other text it is not shown.")
            % {"id": picture_id}
        )
    return messages
