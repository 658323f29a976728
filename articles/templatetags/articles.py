"""Template tags: responsive hero pictures, JSON-LD, workflow states.

Which file of a picture each place shows is ``pictures.renditions``' choice.
"""

import json
from urllib.parse import urlsplit

from django import template
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from pictures import renditions

from .. import attribution, body_pictures, workflow
from ..origin import absolute_url

register = template.Library()


@register.filter
def awaiting_review(article):
    """``workflow.awaiting_review()`` for templates: ``{% if article|awaiting_review %}``."""
    return workflow.awaiting_review(article)


@register.filter
def web_url(value):
    """``value`` when it is an http(s) address, else "": only those become links.

    Forms refuse other schemes; this keeps a ``javascript:`` address that
    reached the database some other way from ever being a link.
    """
    value = (value or "").strip()
    return value if urlsplit(value).scheme.lower() in {"http", "https"} else ""


@register.filter
def isodate(value):
    """A datetime as HTML's ``datetime`` attribute wants it: ISO 8601, whole seconds, site time zone."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag
def canonical_url(obj, page_obj=None):
    """``obj``'s page as an absolute URL on the site; page 2 onward of a listing keeps ``?page=``."""
    url = obj.get_absolute_url()
    if page_obj and page_obj.number > 1:
        url += f"?page={page_obj.number}"
    return absolute_url(url)


@register.simple_tag
def absolute_media(name):
    """The absolute URL of a stored file, wherever the storage keeps it."""
    return absolute_url(default_storage.url(name))


@register.filter
def media_url(name):
    """The URL of a stored file (a rendition's ``name``), wherever the storage keeps it."""
    return default_storage.url(name)


@register.simple_tag
def share_image(article):
    """The rendition Open Graph and Twitter show for ``article`` (``renditions.share``), or None."""
    hero = article.hero
    return renditions.share(hero.picture) if hero else None


@register.simple_tag
def hero_picture(article, sizes="100vw", eager=False, max_width=None):
    """A ``<picture>`` with WebP and JPEG sources from the upload-time renditions.

    ``max_width`` keeps only renditions up to that width (small cards in lists).
    Falls back to the stored image when there are no renditions. Empty when the
    piece has no hero, or its picture may no longer be used.
    """
    hero = article.hero
    if hero is None:
        return ""
    picture = hero.picture
    loading = {"fetchpriority": "high"} if eager else {"loading": "lazy", "decoding": "async"}
    extra = format_html_join(" ", '{}="{}"', loading.items())
    jpegs = renditions.widths(picture, "jpg", max_width)
    if not jpegs:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" {}>',
            picture.image.url,
            hero.alt,
            picture.width or "",
            picture.height or "",
            extra,
        )
    fallback = jpegs[-1]
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" {}></picture>',
        body_pictures.srcset(renditions.widths(picture, "webp", max_width)),
        sizes,
        default_storage.url(fallback["name"]),
        body_pictures.srcset(jpegs),
        sizes,
        hero.alt,
        fallback["width"],
        fallback["height"],
        extra,
    )


# In a <script> data block only "<" can end the element early; escaping it (and
# the line separators JavaScript dislikes) keeps every field inside the block.
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def _organization(context):
    """The site as a schema.org ``NewsMediaOrganization``.

    Its policy pages (``correctionsPolicy``, ``ethicsPolicy``, ``masthead``)
    come from the context's ``organization_links``, which the pages app fills.
    """
    links = context.get("organization_links") or {}
    if callable(links):
        links = links()
    return {
        "@type": "NewsMediaOrganization",
        "name": context.get("newspaper_name", ""),
        "url": absolute_url(reverse("articles:home")),
        **{prop: absolute_url(path) for prop, path in links.items()},
    }


@register.simple_tag(takes_context=True)
def organization_jsonld(context):
    """A JSON-LD ``NewsMediaOrganization`` block for the site, escaped like the article's."""
    return _jsonld_script({"@context": "https://schema.org", **_organization(context)})


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, article):
    """A JSON-LD ``NewsArticle`` block for search engines, escaped so no field can leave it."""
    authors = [
        {
            "@type": "Organization" if author.is_organisation else "Person",
            "name": author.name,
            "url": absolute_url(author.get_absolute_url()),
        }
        for author in article.byline_authors()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.standfirst,
        "datePublished": isodate(article.publish_at) or None,
        "dateModified": isodate(
            article.last_changed_at() or article.publish_at or article.modified_at
        ),
        "author": authors,
        "publisher": _organization(context),
        "mainEntityOfPage": absolute_url(article.get_absolute_url() or context["request"].path),
        "articleSection": article.section.name if article.section else None,
        "keywords": [t.name for t in article.tags.all()],
    }
    hero = article.hero
    # Google's Article guidance: the 16:9, 4:3 and 1:1 crops.
    data["image"] = [
        absolute_url(default_storage.url(r["name"]))
        for r in (renditions.ratios(hero.picture) if hero else [])
    ]
    corrections = list(article.corrections.all())
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": c.text,
                "datePublished": isodate(c.created_at),
            }
            for c in corrections
        ]
    data.update(_attribution_jsonld(article))
    return _jsonld_script(data)


def _attribution_jsonld(article):
    """The NewsArticle's source, agency and licence keys; none of them for staff copy."""
    data = {"copyrightNotice": article.licence}
    source_url = web_url(article.source_url)
    if source_url:
        data["isBasedOn"] = source_url
    elif article.source_name:
        data["isBasedOn"] = {"@type": "CreativeWork", "name": article.source_name}
    agency = attribution.wire_organisation(article)
    if agency:
        name, url = agency
        data["sourceOrganization"] = {"@type": "Organization", "name": name, "url": web_url(url)}
    return data


@register.simple_tag
def profile_page_jsonld(author):
    """A JSON-LD ``ProfilePage`` about ``author``, a ``Person`` or (a wire service) an ``Organization``."""
    page = absolute_url(author.get_absolute_url())
    entity = {
        "@type": "Organization" if author.is_organisation else "Person",
        "name": author.name,
        "url": page,
        "description": author.bio,
        "image": absolute_url(author.photo.url) if author.photo else None,
        "sameAs": web_url(author.url),
    }
    if not author.is_organisation:
        entity["jobTitle"] = author.role
    return _jsonld_script(
        {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "url": page,
            "mainEntity": entity,
        }
    )


def _without_empty(value):
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v not in (None, [], "")}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


def _jsonld_script(data):
    """``data`` as a JSON-LD script block, empty values left out, escaped so no field can leave it."""
    payload = json.dumps(_without_empty(data), ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped above.
    )
