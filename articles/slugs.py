"""Readable, unique slugs from any headline or name."""

import unicodedata

from django.utils.text import slugify

# Letters that NFKD does not decompose but that read well in ASCII.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "ð": "d",
    }
)


def readable_slug(text, max_length=200):
    """Return a slug for ``text``: accents folded to ASCII, other scripts kept.

    "Überschwemmung in Köln" becomes "uberschwemmung-in-koln"; a Greek, Cyrillic
    or Japanese headline keeps its own letters rather than becoming empty.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = slugify(unicodedata.normalize("NFC", folded), allow_unicode=True)
    return slug[:max_length].strip("-") or "piece"


def unique_slug(model, text, *, instance=None, max_length=200, reserved=()):
    """Return a slug for ``text`` used by no other row of ``model``.

    ``reserved`` lists further ``(queryset, field)`` pairs whose values are
    spoken for too, such as old slugs that still redirect.
    """
    base = readable_slug(text, max_length=max_length - 6)
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    places = [(others, "slug"), *reserved]
    slug, n = base, 2
    while any(qs.filter(**{field: slug}).exists() for qs, field in places):
        slug, n = f"{base}-{n}", n + 1
    return slug
