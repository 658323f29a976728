"""The read API at /api/v1/: exactly what the pages show, as fresh, and as cheap."""

import datetime

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction

from . import factories

HOUR = datetime.timedelta(hours=1)
LIST = "/api/v1/articles/"


def detail(article):
    return f"/api/v1/articles/{article.pk}/"


def by_address(article):
    return f"/api/v1/articles/{article.section.slug}/{article.slug}/"


def listed_ids(client, url=LIST):
    """Every id the list shows, following its cursor to the end."""
    ids = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        ids += [item["id"] for item in response.json()["results"]]
        url = response.json()["next"]
    return ids


class VisibilityMatrixTests(TestCase):
    """Every state and time control, now and after their times: the API answers as the page does."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.soon = now + HOUR
        cls.section = factories.SectionFactory(name="Coast")
        make = lambda state, **fields: factories.in_state(  # noqa: E731
            state, section=cls.section, headline=f"Piece {state} {sorted(fields)}", **fields
        )
        cls.pieces = {
            "draft": make("draft"),
            "in review": make("in_review"),
            "changes requested": make("changes_requested"),
            "published": make("published"),
            "scheduled": make("published", publish_at=cls.soon),
            "embargoed": make("published", embargo_until=cls.soon),
            "taken down soon": make("published", take_down_at=cls.soon),
            "withdrawn": make("withdrawn"),
        }

    def check_matrix(self, expected):
        listed = set(listed_ids(self.client))
        for name, article in self.pieces.items():
            with self.subTest(name):
                page = self.client.get(article.get_absolute_url()).status_code
                self.assertEqual(page, expected[name])
                self.assertEqual(self.client.get(detail(article)).status_code, page)
                self.assertEqual(self.client.get(by_address(article)).status_code, page)
                self.assertIs(article.pk in listed, page == 200)
                self.assertIs(
                    Article.objects.published().filter(pk=article.pk).exists(), page == 200
                )

    def test_before_the_times_come(self):
        """Drafts, reviews, scheduled and embargoed pieces are 404; withdrawn 410; live 200."""
        self.check_matrix(
            {
                "draft": 404,
                "in review": 404,
                "changes requested": 404,
                "published": 200,
                "scheduled": 404,
                "embargoed": 404,
                "taken down soon": 200,
                "withdrawn": 410,
            }
        )

    def test_after_the_times_come(self):
        """At their instants scheduled and embargoed pieces appear and the taken-down one is 410."""
        with time_machine.travel(self.soon + datetime.timedelta(seconds=1)):
            self.check_matrix(
                {
                    "draft": 404,
                    "in review": 404,
                    "changes requested": 404,
                    "published": 200,
                    "scheduled": 200,
                    "embargoed": 200,
                    "taken down soon": 410,
                    "withdrawn": 410,
                }
            )


class GoneTests(TestCase):
    def test_withdrawn_piece_answers_410_with_the_reason_shown_to_readers(self):
        """A withdrawn piece's API address says when and why, as its 410 page does."""
        article = factories.in_state("withdrawn", headline="Pier report")
        response = self.client.get(detail(article))
        self.assertEqual(response.status_code, 410)
        body = response.json()
        self.assertEqual(body["detail"], "This piece has been withdrawn.")
        self.assertEqual(body["headline"], "Pier report")
        self.assertEqual(body["reason"], "Set up for a test.")
        self.assertIsNotNone(body["gone_at"])
        self.assertNotIn("body_html", body)
        self.assertContains(
            self.client.get(article.get_absolute_url()), "Set up for a test.", status_code=410
        )

    def test_taken_down_piece_answers_410_with_its_note_and_is_recorded(self):
        """After "Take down at" the API answers 410 with the take-down note, and the history records it."""
        soon = timezone.now() + HOUR
        article = factories.published(
            factories.ArticleFactory(take_down_at=soon, take_down_note="Legal reasons.")
        )
        with time_machine.travel(soon + datetime.timedelta(seconds=1)):
            response = self.client.get(detail(article))
        self.assertEqual(response.status_code, 410)
        self.assertEqual(response.json()["reason"], "Legal reasons.")
        self.assertTrue(article.events.filter(transition="take_down").exists())

    def test_unknown_id_and_address_answer_404_in_json(self):
        """No piece there: a 404 with a message, not an error page."""
        for url in ["/api/v1/articles/999999/", "/api/v1/articles/coast/no-such-piece/"]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404)
            self.assertEqual(response.json()["detail"], "No published piece here.")

    def test_old_address_and_wrong_section_redirect_to_the_current_one(self):
        """A renamed piece's old slug, or a wrong section, answers 301 to its API address."""
        article = factories.published(headline="First name")
        old = by_address(article)
        article.slug = "second-name"
        article.save()
        response = self.client.get(old)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], by_address(article))
        other = factories.SectionFactory(name="Elsewhere")
        response = self.client.get(f"/api/v1/articles/{other.slug}/{article.slug}/")
        self.assertEqual(response["Location"], by_address(article))


class ArticleFieldsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = factories.AuthorFactory(name="Ines Vogel")
        cls.tag = factories.TagFactory(name="Harbour")
        article = factories.ArticleFactory(
            headline="Harbour wall repaired",
            source_name="Harbour Press",
            source_url="https://press.example/wall",
            licence="© Harbour Press",
            hero_image=factories.image_file(size=(1600, 900)),
            hero_alt="The new wall",
            hero_caption="The wall at dawn",
            hero_credit="Sam Okafor",
            authors=[cls.author],
        )
        article.tags.add(cls.tag)
        cls.article = factories.published(article)
        Correction.objects.create(article=article, text="The wall is 40 m long, not 400 m.")

    def test_detail_shows_what_the_page_shows(self):
        """Headline, standfirst, body HTML as stored, byline, source, corrections and canonical URL."""
        data = self.client.get(detail(self.article)).json()
        article = Article.objects.get(pk=self.article.pk)
        self.assertEqual(data["headline"], "Harbour wall repaired")
        self.assertEqual(data["standfirst"], article.standfirst)
        self.assertEqual(data["body_html"], article.body_html)
        self.assertIn("<h2>What happens next</h2>", data["body_html"])
        self.assertEqual(data["canonical_url"], "http://testserver" + article.get_absolute_url())
        self.assertEqual([a["name"] for a in data["byline"]], ["Ines Vogel"])
        self.assertEqual([t["name"] for t in data["tags"]], ["Harbour"])
        self.assertEqual(data["section"]["slug"], article.section.slug)
        self.assertEqual(
            data["source"],
            {
                "name": "Harbour Press",
                "url": "https://press.example/wall",
                "licence": "© Harbour Press",
            },
        )
        self.assertEqual(data["corrections"][0]["text"], "The wall is 40 m long, not 400 m.")
        self.assertIsNotNone(data["updated_at"])
        page = self.client.get(article.get_absolute_url()).content.decode()
        self.assertIn(article.body_html, page)

    def test_hero_picture_has_the_renditions_the_page_offers(self):
        """The hero's alt, caption, credit and each rendition's absolute URL, as in the page's srcset."""
        hero = self.client.get(detail(self.article)).json()["hero"]
        self.assertEqual(
            (hero["alt"], hero["caption"], hero["credit"]),
            ("The new wall", "The wall at dawn", "Sam Okafor"),
        )
        self.assertEqual({r["format"] for r in hero["renditions"]}, {"jpg", "webp"})
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        for rendition in hero["renditions"]:
            self.assertTrue(rendition["url"].startswith("http://testserver/media/"))
            self.assertIn(rendition["url"].removeprefix("http://testserver"), page)
        self.assertEqual(sorted(hero["crops"]), ["16x9", "1x1", "4x3", "og"])
        self.assertEqual((hero["crops"]["og"]["width"], hero["crops"]["og"]["height"]), (1200, 630))
        for name in ("16x9", "4x3", "1x1"):
            # The same crops the page's JSON-LD lists for search engines.
            self.assertIn(hero["crops"][name]["url"], page)

    def test_other_lists(self):
        """Sections, tags and authors with public pieces, and public corrections with their piece."""
        hidden_tag = factories.TagFactory(name="Secret plans")
        draft = factories.ArticleFactory(authors=[factories.AuthorFactory(name="Hidden Hand")])
        draft.tags.add(hidden_tag)
        Correction.objects.create(article=draft, text="Not public yet.")
        tags = [t["name"] for t in self.client.get("/api/v1/tags/").json()["results"]]
        self.assertEqual(tags, ["Harbour"])
        authors = [a["name"] for a in self.client.get("/api/v1/authors/").json()["results"]]
        self.assertEqual(authors, ["Ines Vogel"])
        corrections = self.client.get("/api/v1/corrections/").json()["results"]
        self.assertEqual([c["text"] for c in corrections], ["The wall is 40 m long, not 400 m."])
        self.assertEqual(corrections[0]["article"]["headline"], "Harbour wall repaired")
        sections = self.client.get("/api/v1/sections/").json()
        self.assertIn(self.article.section.name, [s["name"] for s in sections])


class FilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.coast = factories.SectionFactory(name="Coast")
        cls.city = factories.SectionFactory(name="City")
        cls.ines = factories.AuthorFactory(name="Ines Vogel")
        cls.tag = factories.TagFactory(name="Ferries")
        cls.coast_piece = factories.published(section=cls.coast, authors=[cls.ines])
        cls.coast_piece.tags.add(cls.tag)
        cls.city_piece = factories.published(section=cls.city)

    def test_section_tag_and_author_filters(self):
        """Each filter, by slug, lists only the pieces that section, tag or author page lists."""
        for query, expected in [
            (f"section={self.coast.slug}", [self.coast_piece.pk]),
            (f"section={self.city.slug}", [self.city_piece.pk]),
            (f"tag={self.tag.slug}", [self.coast_piece.pk]),
            (f"author={self.ines.slug}", [self.coast_piece.pk]),
            (f"section={self.city.slug}&tag={self.tag.slug}", []),
            ("section=no-such-section", []),
        ]:
            with self.subTest(query):
                self.assertEqual(listed_ids(self.client, f"{LIST}?{query}"), expected)

    def test_updated_since_lists_pieces_saved_corrected_or_gone_live_since(self):
        """A poll with the last sync's time finds edits, corrections and scheduled pieces going live."""
        start = timezone.now()
        later = start + HOUR
        scheduled = factories.published(publish_at=later - datetime.timedelta(minutes=5))
        with time_machine.travel(later - datetime.timedelta(minutes=30)):
            self.city_piece.standfirst = "A new standfirst."
            self.city_piece.save()
            Correction.objects.create(article=self.coast_piece, text="Spelling of the ferry.")
        with time_machine.travel(later):
            since = (later - datetime.timedelta(minutes=40)).isoformat()
            found = listed_ids(self.client, f"{LIST}?updated_since={since.replace('+', '%2B')}")
            self.assertEqual(
                sorted(found), sorted([scheduled.pk, self.city_piece.pk, self.coast_piece.pk])
            )
            # An unencoded "+" arrives as a space, and still reads as the offset.
            self.assertEqual(len(listed_ids(self.client, f"{LIST}?updated_since={since}")), 3)
            since = (later - datetime.timedelta(minutes=10)).isoformat().replace("+", "%2B")
            self.assertEqual(
                listed_ids(self.client, f"{LIST}?updated_since={since}"), [scheduled.pk]
            )

    def test_unreadable_updated_since_is_a_clear_400(self):
        """A time that is not ISO 8601 is refused with a message saying what to send."""
        for value in [
            "yesterday",
            "2026-13-45T99:00:00Z",
            "10:00",
            "2026-01-01T00:00:00%2B25:00",
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00%2B14:00",
        ]:
            with self.subTest(value):
                response = self.client.get(f"{LIST}?updated_since={value}")
                self.assertEqual(response.status_code, 400)
                self.assertIn("ISO 8601", response.json()["updated_since"])


class CursorPaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        section = factories.SectionFactory(name="Coast")
        now = timezone.now()
        cls.pieces = [
            factories.published(section=section, publish_at=now - i * datetime.timedelta(minutes=1))
            for i in range(1, 26)
        ]

    def test_pages_follow_the_cursor_newest_first_without_gaps_or_repeats(self):
        """25 pieces come in pages of 20 and 5, newest first, each once."""
        first = self.client.get(LIST).json()
        self.assertEqual(len(first["results"]), 20)
        self.assertEqual(listed_ids(self.client), [p.pk for p in self.pieces])

    def test_links_are_on_the_site_origin_not_the_requests_host(self):
        """A request naming another allowed host still gets links on SITE_URL (cached for everyone)."""
        first = self.client.get(LIST, HTTP_HOST="localhost:8080").json()
        self.assertTrue(first["next"].startswith("http://testserver/api/v1/articles/?cursor="))
        self.assertTrue(first["results"][0]["url"].startswith("http://testserver/"))

    def test_made_up_cursor_is_a_404_with_a_message(self):
        """A cursor the API did not give out answers 404 "Invalid cursor", never a 500."""
        response = self.client.get(f"{LIST}?cursor=not-a-cursor")
        self.assertEqual(response.status_code, 404)
        self.assertIn("cursor", response.json()["detail"].lower())


class QueryBudgetTests(TestCase):
    """A fixed number of SQL queries whatever the amount of data (no N+1)."""

    def count(self, url):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertIn(response.status_code, (200, 410), url)
        return len(queries)

    def test_list_and_detail_cost_the_same_with_one_piece_and_thirty(self):
        """List, detail, by address and the other lists make the same queries at 1 and 30 pieces."""
        section = factories.SectionFactory(name="Coast")
        tags = [factories.TagFactory(name=f"tag {i}") for i in range(3)]

        def add(n):
            for _ in range(n):
                piece = factories.published(
                    section=section, authors=[factories.AuthorFactory(), factories.AuthorFactory()]
                )
                piece.tags.add(*tags)
                Correction.objects.create(article=piece, text="A correction.")
            return piece

        piece = add(1)
        urls = [
            LIST,
            detail(piece),
            by_address(piece),
            "/api/v1/sections/",
            "/api/v1/tags/",
            "/api/v1/authors/",
            "/api/v1/corrections/",
        ]
        small = [self.count(url) for url in urls]
        piece = add(29)
        urls[1:3] = [detail(piece), by_address(piece)]
        self.assertEqual([self.count(url) for url in urls], small)
        # Pieces, bylines with their authors, tags, corrections.
        self.assertEqual(small[:3], [4, 4, 4])
