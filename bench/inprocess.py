"""In-process measurements for ``bench.run``; prints one JSON object.

``python -m bench.inprocess pages``: the URLs the benchmark requests (home,
section, article, search, feed, tag, author, chosen the same way at every
size) and the SQL queries each costs, counted with ``CaptureQueriesContext``
through Django's test client with the page cache off.
``python -m bench.inprocess count``: how many pieces ``seed_bench`` has added.
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article, Section, Tag  # noqa: E402
from authors.models import Author  # noqa: E402

PUBLISHED = Q(articles__in=Article.objects.published())


def pages():
    """The URL of each kind of public page, the fullest section, tag and author picked."""
    section = Section.objects.annotate(n=Count("articles", filter=PUBLISHED)).order_by("-n")[0]
    in_section = Article.objects.published().filter(section=section).order_by("pk")
    article = in_section[in_section.count() // 2]
    tag = Tag.objects.annotate(n=Count("articles", filter=PUBLISHED)).order_by("-n")[0]
    author = Author.objects.annotate(n=Count("articles", filter=PUBLISHED)).order_by("-n")[0]
    return {
        "home": reverse("articles:home"),
        "section": section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "search": reverse("articles:search") + "?q=harbour+ferry",
        "feed": reverse("feed_latest_rss"),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
    }


def query_counts(urls):
    client = Client()
    counts = {}
    for name, url in urls.items():
        client.get(url)  # Warm: connection opened, lazy settings read.
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts[name] = len(queries.captured_queries)
    return counts


def main(command):
    if command == "count":
        bench_pieces = Article.objects.filter(created_by__username="bench-editor").count()
        result = {"bench_pieces": bench_pieces, "published": Article.objects.published().count()}
    elif command == "pages":
        urls = pages()
        result = {
            "urls": urls,
            "queries": query_counts(urls),
            "published": Article.objects.published().count(),
            "vendor": connection.vendor,
        }
    else:
        raise SystemExit("usage: python -m bench.inprocess count|pages")
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
