"""The one rendition chooser: which stored file of a picture each place shows.

The article page, cards, feeds' enclosures, JSON-LD, Open Graph and the news
sitemap all choose through these functions, so a picture looks the same
everywhere and a change of policy has one home. Each takes a ``Picture`` and
returns rendition dicts (``width``, ``height``, ``type``, ``name``) as
``images.make_renditions()`` and ``images.make_crops()`` store them.
"""

# Feeds' enclosures: wide enough for a reader app's card, small enough to download.
ENCLOSURE_WIDTH = 960
RATIOS = ("16x9", "4x3", "1x1")


def widths(picture, image_format="jpg", max_width=None):
    """The page-width renditions in ``image_format``, narrowest first.

    With ``max_width``, only those up to that width, unless none is that narrow.
    """
    found = sorted(
        (r for r in picture.renditions if r.get("format") == image_format),
        key=lambda r: r["width"],
    )
    narrow = [r for r in found if max_width is None or r["width"] <= max_width]
    return narrow or found


def closest(picture, width=None, image_format="jpg"):
    """The rendition in ``image_format`` closest to ``width`` (the widest when None), or None."""
    found = widths(picture, image_format)
    if not found:
        return None
    if width is None:
        return found[-1]
    return min(found, key=lambda r: abs(r["width"] - width))


def enclosure(picture):
    """The JPEG a feed item encloses."""
    return closest(picture, ENCLOSURE_WIDTH)


def share(picture):
    """The 1200 × 630 crop for Open Graph and Twitter cards, else the widest JPEG."""
    return picture.crops.get("og") or closest(picture)


def ratios(picture):
    """The 16:9, 4:3 and 1:1 crops (JSON-LD ``image``, the news sitemap), else the widest JPEG."""
    found = [picture.crops[name] for name in RATIOS if name in picture.crops]
    if found:
        return found
    widest = closest(picture)
    return [widest] if widest else []
