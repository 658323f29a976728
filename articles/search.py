"""Full-text search of published pieces.

On PostgreSQL: a stored, weighted ``tsvector`` column (headline A, standfirst B,
body C) with a GIN index, queried with ``websearch_to_tsquery`` (quotes,
``-word``, ``or``), ranked with a mild preference for recent pieces, and
highlighted with ``ts_headline``. On SQLite: every word must appear somewhere,
newest first, with the same highlighted snippets made in Python.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, FloatField, Q, TextField, Value
from django.db.models.expressions import Expression, ExpressionWrapper, RawSQL
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import one_line

# English stemming with accents removed (migration 0004); "cafe" finds "Café".
CONFIG = "newsroom"
MAX_QUERY_LENGTH = 200
# The most matches ranked for one search; the page says when there are more.
MAX_CANDIDATES = 300
# Private-use characters mark the highlights inside the database's text, so the
# text can be escaped before they become <mark> tags.
_START, _STOP = "\ue000", "\ue001"
_MARKDOWN_NOISE = re.compile(r"(^|\s)#{1,6}\s|\*\*|__|(^|\n)>\s?")


def clean_query(text):
    """Return the query a reader typed, trimmed of control characters and surrounding space.

    Raises ``ValueError`` when it is longer than ``MAX_QUERY_LENGTH``.
    """
    query = one_line(text or "")
    if len(query) > MAX_QUERY_LENGTH:
        raise ValueError(f"Search for at most {MAX_QUERY_LENGTH} characters.")
    return query


def has_words(text):
    """True when the query has at least one letter or digit to look for."""
    return any(ch.isalnum() for ch in text)


class SearchVectorColumn(Expression):
    """The stored ``search_vector`` column of the query's own table, under whatever alias it has.

    The column exists only on PostgreSQL (migration 0003), so it is not a model field.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f'{compiler.quote_name_unless_alias(alias)}."search_vector"', []


def search(queryset, text):
    """Return ``queryset`` narrowed to pieces matching ``text``, best first.

    Each row has a ``snippet_raw`` text with highlight markers; pass it to
    ``highlight()`` for display.
    """
    if connection.vendor == "postgresql":
        return _postgres(queryset, text)
    return _fallback(queryset, text)


def matching(queryset, text):
    """``queryset`` narrowed to the pieces whose stored vector matches ``text`` (PostgreSQL)."""
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    return queryset.annotate(search_vector=SearchVectorColumn()).filter(search_vector=query)


def _postgres(queryset, text):
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    vector = SearchVectorColumn()
    # Only the newest MAX_CANDIDATES matches are ranked: a word found in most
    # of a large archive would otherwise rank every piece on every search.
    # Fetched once: the page's count and its ranking then read only these rows.
    candidates = list(
        matching(queryset, text)
        .order_by("-publish_at")
        .values_list("pk", flat=True)[:MAX_CANDIDATES]
    )
    queryset = queryset.filter(pk__in=candidates)
    age_days = RawSQL(
        'GREATEST(EXTRACT(EPOCH FROM (NOW() - "articles_article"."publish_at")), 0) / 86400.0',
        [],
        output_field=FloatField(),
    )
    return queryset.annotate(
        rank=SearchRank(vector, query),
        # A month-old piece needs twice the relevance of today's to rank above it.
        score=ExpressionWrapper(F("rank") / (Value(1.0) + age_days / Value(30.0)), FloatField()),
        snippet_raw=SearchHeadline(
            Concat("standfirst", Value(" — "), "body", output_field=TextField()),
            query,
            config=CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    ).order_by("-score", "-publish_at")


def _fallback(queryset, text):
    words = [w for w in re.findall(r"\w+", text) if w]
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    newest = queryset.order_by("-publish_at").values("pk")[:MAX_CANDIDATES]
    return (
        queryset.filter(pk__in=newest)
        .annotate(snippet_raw=Value("", output_field=TextField()))
        .order_by("-publish_at")
    )


def highlight(article, text):
    """Return the piece's search snippet as safe HTML: escaped text with ``<mark>``ed matches."""
    raw = getattr(article, "snippet_raw", "") or _python_snippet(article, text)
    raw = _MARKDOWN_NOISE.sub(" ", raw)
    html = escape(raw).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags added.


def _python_snippet(article, text, width=240):
    source = f"{article.standfirst} — {article.body}"
    words = [w for w in re.findall(r"\w+", text) if len(w) > 1]
    first = min(
        (m.start() for w in words if (m := re.search(re.escape(w), source, re.IGNORECASE))),
        default=0,
    )
    start = max(0, first - width // 3)
    snippet = source[start : start + width]
    for word in words:
        snippet = re.sub(
            f"({re.escape(word)})", f"{_START}\\1{_STOP}", snippet, flags=re.IGNORECASE
        )
    return ("… " if start else "") + snippet + (" …" if start + width < len(source) else "")
