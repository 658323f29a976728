"""The read API. Every view starts from ``Article.objects.published()`` and nothing else.

Each response declares what it shows to the page cache (``articles.cache``):
lists ``api`` (stamped by every change readers could see), a piece
``article:ID`` and its tags, so a change refreshes the API as it refreshes
the pages.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from articles import cache as page_cache
from articles import workflow
from articles.models import Article, ArticleRedirect, Correction, Section, Tag
from articles.querysets import has_published
from authors.models import Author

from . import (
    access,  # noqa: F401 - registers the key's security scheme with the schema.
    pagination,
)
from .serializers import (
    ArticleSerializer,
    AuthorSerializer,
    CorrectionListSerializer,
    GoneSerializer,
    SectionSerializer,
    TagSerializer,
    page_url,
)

LISTING = "api"


def shows(request, *names):
    """Record what this response shows, for the page cache (``articles.cache.depends_on``)."""
    page_cache.depends_on(request._request, *names)


def parse_since(value):
    """``updated_since`` as an aware datetime (UTC when it names no offset); 400 when unreadable."""
    # A "+" left unencoded in a query string arrives as a space.
    text = value.strip().replace(" ", "+") if "T" in value else value.strip()
    try:
        when = parse_datetime(text)
        if when is not None:
            # In UTC now: a time at the edge of the calendar may not fit once converted.
            when = when.replace(tzinfo=when.tzinfo or datetime.UTC).astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        when = None
    if when is None:
        raise ValidationError(
            {"updated_since": _("Give a date and time in ISO 8601, such as 2026-03-01T09:30:00Z.")}
        )
    return when


ARTICLE_FILTERS = [
    OpenApiParameter("section", str, description="Only pieces in the section with this slug."),
    OpenApiParameter("tag", str, description="Only pieces carrying the tag with this slug."),
    OpenApiParameter("author", str, description="Only pieces whose byline names this author."),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description=(
            "ISO 8601 date-time (UTC unless it names an offset). Only pieces that went live, "
            "were saved or corrected at or after it: poll with the time of your last sync."
        ),
    ),
]


@extend_schema(parameters=ARTICLE_FILTERS)
class ArticleListView(generics.ListAPIView):
    """Published pieces, newest first, with their full text, byline, pictures and corrections."""

    serializer_class = ArticleSerializer
    pagination_class = pagination.ArticlePagination

    def get_queryset(self):
        shows(self.request, LISTING)
        queryset = Article.objects.published().for_listing().prefetch_related("corrections")
        params = self.request.query_params
        if params.get("section"):
            queryset = queryset.filter(section__slug=params["section"])
        if params.get("tag"):
            queryset = queryset.filter(tags__slug=params["tag"])
        if params.get("author"):
            queryset = queryset.filter(bylines__author__slug=params["author"])
        if params.get("updated_since"):
            since = parse_since(params["updated_since"])
            queryset = queryset.filter(
                Q(modified_at__gte=since)
                | Q(publish_at__gte=since)
                | Q(embargo_until__gte=since)
                | Exists(Correction.objects.filter(article=OuterRef("pk"), created_at__gte=since))
            )
        return queryset


GONE = OpenApiResponse(GoneSerializer, description="The piece was withdrawn or taken down.")


@extend_schema(responses={200: ArticleSerializer, 410: GONE})
class ArticleDetailView(generics.GenericAPIView):
    """One published piece, by id or by its section and slug (the page's own address)."""

    serializer_class = ArticleSerializer

    def get(self, request, pk=None, section=None, slug=None):
        published = Article.objects.published().for_listing().prefetch_related("corrections")
        found = published.filter(pk=pk) if pk is not None else published.filter(slug=slug)
        article = found.first()
        if article is None:
            return self.missing(request, pk=pk, section=section, slug=slug)
        if section is not None and article.section.slug != section:
            # The piece moved to another section, as its page's 301 says.
            return redirect(address_of(article), permanent=True)
        shows(request, f"article:{article.pk}", *(f"tag:{tag.pk}" for tag in article.tags.all()))
        return Response(self.get_serializer(article).data)

    def missing(self, request, *, pk, section, slug):
        if slug is not None:
            moved = (
                ArticleRedirect.objects.filter(
                    old_slug=slug, article__in=Article.objects.published()
                )
                .select_related("article__section")
                .first()
            )
            if moved is not None:
                return redirect(address_of(moved.article), permanent=True)
        gone = (Article.objects.withdrawn() | Article.objects.taken_down()).select_related(
            "section"
        )
        gone = gone.filter(pk=pk) if pk is not None else gone.filter(slug=slug)
        article = gone.first()
        if article is None or (section is not None and article.section.slug != section):
            raise NotFound(_("No published piece here."))
        shows(request, f"article:{article.pk}")
        # 410, not 404: the piece existed and was taken down (RFC 9110 §15.5.11).
        return Response(gone_notice(article), status=410)


@extend_schema_view(
    get=extend_schema(
        operation_id="articles_by_address", responses={200: ArticleSerializer, 410: GONE}
    )
)
class ArticleByAddressView(ArticleDetailView):
    """One published piece by its section and slug, as in its page's address."""


def address_of(article):
    """The API's address of ``article`` by section and slug."""
    return reverse(
        "api:article-by-address", kwargs={"section": article.section.slug, "slug": article.slug}
    )


def gone_notice(article):
    """What the 410 page says about ``article``: when it went, and the reason shown to readers."""
    notice = workflow.how_gone(article)
    return GoneSerializer(
        {
            "detail": _("This piece is no longer available.")
            if notice.taken_down
            else _("This piece has been withdrawn."),
            "id": article.pk,
            "headline": article.headline,
            "canonical_url": page_url(article),
            "gone_at": notice.when,
            "reason": notice.reason,
        }
    ).data


class SectionListView(generics.ListAPIView):
    """Every section, in the order of the site's menu."""

    serializer_class = SectionSerializer
    pagination_class = None

    def get_queryset(self):
        shows(self.request, LISTING)
        return Section.objects.all()


class TagListView(generics.ListAPIView):
    """Tags that at least one published piece carries, by name."""

    serializer_class = TagSerializer
    pagination_class = pagination.NamePagination

    def get_queryset(self):
        shows(self.request, LISTING)
        return Tag.objects.filter(has_published("tags"))


class AuthorListView(generics.ListAPIView):
    """Authors with at least one published piece, by name."""

    serializer_class = AuthorSerializer
    pagination_class = pagination.NamePagination

    def get_queryset(self):
        shows(self.request, LISTING)
        return Author.objects.filter(has_published("bylines__author"))


class CorrectionListView(generics.ListAPIView):
    """Every public correction, newest first, each with the piece it corrects."""

    serializer_class = CorrectionListSerializer
    pagination_class = pagination.CorrectionPagination

    def get_queryset(self):
        shows(self.request, LISTING)
        return Correction.objects.public().select_related("article__section")
