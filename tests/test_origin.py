"""Absolute URLs come from SITE_URL, never from the Host header a request sent."""

import json
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from articles.models import Article
from articles.origin import absolute_url
from articles.views.public import PAGE_SIZE

from . import factories
from .pages import build_newspaper

ORIGIN = "https://news.example.org"
# Django accepts any port on an allowed host: this is the forged request's Host.
FORGED_HOST = "127.0.0.1:6666"


def documents(urls):
    """Every public page and document, each with an absolute URL it must show on ORIGIN."""
    article = Article.objects.published().get(headline__startswith="Night ferries")
    section, author = article.section, article.bylines.first().author
    feeds = [
        ("feed_latest_rss", []),
        ("feed_latest_atom", []),
        ("feed_section_rss", [section.slug]),
        ("feed_section_atom", [section.slug]),
        ("feed_author_rss", [author.slug]),
        ("feed_author_atom", [author.slug]),
    ]
    return [
        ("home", urls["home"], None),
        ("article", urls["article"], f'rel="canonical" href="{ORIGIN}{urls["article"]}"'),
        ("section", urls["section"], f'rel="canonical" href="{ORIGIN}{urls["section"]}"'),
        ("tag", urls["tag"], f'rel="canonical" href="{ORIGIN}{urls["tag"]}"'),
        ("author", urls["author"], f'rel="canonical" href="{ORIGIN}{urls["author"]}"'),
        ("search", urls["search"], None),
        *((name, reverse(name, args=args), ORIGIN + urls["article"]) for name, args in feeds),
        ("sitemap index", reverse("sitemap"), f"{ORIGIN}/sitemap-articles.xml"),
        ("articles sitemap", "/sitemap-articles.xml", ORIGIN + urls["article"]),
        ("sections sitemap", "/sitemap-sections.xml", ORIGIN + urls["section"]),
        ("tags sitemap", "/sitemap-tags.xml", ORIGIN + urls["tag"]),
        ("authors sitemap", "/sitemap-authors.xml", ORIGIN + urls["author"]),
        ("news sitemap", reverse("news_sitemap"), ORIGIN + urls["article"]),
        ("robots.txt", reverse("robots_txt"), f"Sitemap: {ORIGIN}/sitemap.xml"),
    ]


@override_settings(SITE_URL=ORIGIN)
class ForgedHostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.urls = build_newspaper()

    def test_no_page_or_document_repeats_a_forged_host(self):
        """Whatever Host a request names, every page, feed and sitemap links to the site itself."""
        for name, url, expected in documents(self.urls):
            for secure in (False, True):
                with self.subTest(name, secure=secure):
                    response = self.client.get(url, HTTP_HOST=FORGED_HOST, secure=secure)
                    self.assertEqual(response.status_code, 200)
                    body = response.content.decode()
                    self.assertNotIn("6666", body)
                    self.assertNotIn("testserver", body)
                    if expected:
                        self.assertIn(expected, body)

    def test_feeds_link_everything_on_the_site_origin(self):
        """A feed's own link, self link, item links, ids, author links and images are on the site; only the source is not."""
        article, author = ORIGIN + self.urls["article"], ORIGIN + self.urls["author"]
        for name, expected in (
            ("feed_latest_rss", [f"{ORIGIN}/", f"{ORIGIN}/feeds/rss/", article]),
            ("feed_latest_atom", [f"{ORIGIN}/", f"{ORIGIN}/feeds/atom/", article, author]),
        ):
            with self.subTest(name):
                response = self.client.get(reverse(name), HTTP_HOST=FORGED_HOST)
                document = re.sub(r'xmlns(:\w+)?="[^"]*"', "", response.text)
                addresses = set(re.findall(r'https?://[^"<\s]+', document))
                self.assertLessEqual(set(expected), addresses)
                self.assertTrue(any(a.startswith(f"{ORIGIN}/media/") for a in addresses))
                # The piece's source is the one address off the site, named as the publisher gave it.
                outside = {a for a in addresses if not a.startswith(ORIGIN)}
                self.assertEqual(outside, {"https://example.org/wire/ferries"})

    def test_article_meta_and_json_ld_name_the_site_origin(self):
        """An article's canonical link, Open Graph URL and image, and JSON-LD are on the site."""
        response = self.client.get(self.urls["article"], HTTP_HOST=FORGED_HOST)
        page = ORIGIN + self.urls["article"]
        self.assertContains(response, f'<meta property="og:url" content="{page}">', html=True)
        self.assertContains(response, f'<meta property="og:image" content="{ORIGIN}/media/')
        self.assertContains(response, f'<meta name="twitter:image" content="{ORIGIN}/media/')
        block = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
        ).group(1)
        data = json.loads(block)
        self.assertEqual(data["mainEntityOfPage"], page)
        self.assertEqual(data["publisher"]["url"], f"{ORIGIN}/")
        self.assertTrue(all(a["url"].startswith(f"{ORIGIN}/author/") for a in data["author"]))
        self.assertTrue(all(url.startswith(f"{ORIGIN}/media/") for url in data["image"]))

    def test_a_later_page_of_a_listing_keeps_its_number_in_the_canonical_link(self):
        """Page 2 of a section, a tag and an author names itself, on the site, as canonical."""
        article = Article.objects.published().get(headline__startswith="Night ferries")
        tag, author = article.tags.get(), article.bylines.first().author
        for _ in range(PAGE_SIZE):
            factories.published(section=article.section, authors=[author]).tags.add(tag)
        for obj in (article.section, tag, author):
            with self.subTest(obj._meta.model_name):
                url = obj.get_absolute_url()
                response = self.client.get(url, {"page": 2}, HTTP_HOST=FORGED_HOST)
                self.assertContains(response, f'rel="canonical" href="{ORIGIN}{url}?page=2"')


@override_settings(SITE_URL=ORIGIN, PAGE_CACHE_SECONDS=300)
class ForgedHostCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.urls = build_newspaper()

    def setUp(self):
        cache.clear()

    def test_a_forged_host_never_reaches_later_readers_through_the_page_cache(self):
        """After one request names another port, the next reader still gets the site's own links."""
        for name, url, expected in documents(self.urls):
            with self.subTest(name):
                self.client.get(url, HTTP_HOST=FORGED_HOST)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("6666", response.content.decode())
                if expected:
                    self.assertContains(response, expected)


@override_settings(SITE_URL=ORIGIN)
class PasswordResetOriginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        get_user_model().objects.create_user("ines", "ines@example.org", "an-old-password")

    def test_reset_mail_links_to_the_site_whatever_host_the_request_named(self):
        """The password-reset mail's link and wording name the site, never the request's host."""
        for host, secure in (("testserver", False), (FORGED_HOST, False), (FORGED_HOST, True)):
            with self.subTest(host=host, secure=secure):
                mail.outbox.clear()
                response = self.client.post(
                    reverse("password_reset"),
                    {"email": "ines@example.org"},
                    HTTP_HOST=host,
                    secure=secure,
                )
                self.assertRedirects(response, reverse("password_reset_done"))
                (message,) = mail.outbox
                links = re.findall(r"https?://\S+", message.body)
                self.assertEqual(len(links), 1, message.body)
                self.assertTrue(links[0].startswith(f"{ORIGIN}/accounts/reset/"), links[0])
                for text in (message.subject, message.body):
                    self.assertNotIn("6666", text)
                    self.assertNotIn("testserver", text)

    def test_reset_link_from_the_mail_opens_the_form_for_a_new_password(self):
        """Following the mailed link leads to the form for choosing a new password."""
        self.client.post(reverse("password_reset"), {"email": "ines@example.org"})
        link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
        response = self.client.get(link.removeprefix(ORIGIN), follow=True)
        self.assertContains(response, "new_password1")


class AbsoluteUrlTests(TestCase):
    @override_settings(SITE_URL="http://127.0.0.1:8000")
    def test_paths_join_the_origin_and_absolute_urls_stay_as_they_are(self):
        """Paths land on the configured origin; images already in object storage keep their address."""
        cases = [
            ("/harbour/ferries/", "http://127.0.0.1:8000/harbour/ferries/"),
            ("/", "http://127.0.0.1:8000/"),
            ("", "http://127.0.0.1:8000/"),
            ("https://bucket.s3.amazonaws.com/a.jpg", "https://bucket.s3.amazonaws.com/a.jpg"),
            ("//cdn.example.net/a.jpg", "http://cdn.example.net/a.jpg"),
        ]
        for given, expected in cases:
            with self.subTest(given):
                self.assertEqual(absolute_url(given), expected)
