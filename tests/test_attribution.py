"""Attribution readers and machines can see: the licence line, JSON-LD sources, feed sources."""

import xml.etree.ElementTree as ET

import extruct
import feedparser
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles import editing, revisions
from articles.models import Article

from . import factories
from .test_admin import change_form_data, change_url
from .test_desk import desk_form_data


def jsonld(response):
    """The JSON-LD blocks of a page, as a schema.org-aware parser reads them."""
    data = extruct.extract(
        response.content.decode(), base_url=settings.SITE_URL, syntaxes=["json-ld"], errors="strict"
    )
    return data["json-ld"]


def of_type(blocks, schema_type):
    found = [block for block in blocks if block.get("@type") == schema_type]
    assert len(found) == 1, f"expected one {schema_type} in {blocks!r}"
    return found[0]


HOSTILE = "</script><script>alert(1)</script> & <!-- \u2028 “quoted”"


class LicenceLineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.reporter = factories.reporter("alice")
        cls.article = factories.published(
            headline="Storm closes the coast road",
            source_name="Harbour Press",
            licence="© Harbour Press, used with permission",
        )

    def test_licence_shows_under_the_body_with_the_source(self):
        """A reader sees the licence line after the body, beside "Source: Harbour Press"."""
        content = self.client.get(self.article.get_absolute_url()).content.decode()
        body, source, licence = (
            content.index('class="story-body"'),
            content.index('class="source"'),
            content.index('<p class="licence">© Harbour Press, used with permission</p>'),
        )
        self.assertLess(body, source)
        self.assertLess(source, licence)

    def test_hostile_licence_is_shown_as_text(self):
        """Markup typed into the licence line appears as the characters typed, never as markup."""
        piece = factories.published(headline="Syndicated piece", licence=HOSTILE)
        response = self.client.get(piece.get_absolute_url())
        self.assertContains(response, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>alert(1)</script>")

    def test_piece_without_licence_shows_no_licence_line(self):
        """Staff copy carries no empty licence paragraph."""
        piece = factories.published(headline="Staff piece")
        self.assertNotContains(self.client.get(piece.get_absolute_url()), 'class="licence"')

    def test_reporter_sets_the_licence_on_the_desk(self):
        """The desk's Source fieldset has a "Licence" field, and what is typed there is saved."""
        self.client.force_login(self.reporter)
        form = self.client.get(reverse("desk:new")).content.decode()
        self.assertRegex(form, r'<label[^>]*for="id_licence"[^>]*>\s*Licence\b')
        self.assertLess(form.index('id="id_source_url"'), form.index('id="id_licence"'))
        self.client.post(
            reverse("desk:new"),
            desk_form_data(headline="Wire ferry piece", licence="© Northern Wire Service"),
        )
        self.assertEqual(
            Article.objects.get(headline="Wire ferry piece").licence, "© Northern Wire Service"
        )

    def test_editor_sets_the_licence_in_the_admin(self):
        """The admin's Source fieldset has a "Licence" field, and saving it changes the piece."""
        self.client.force_login(self.editor)
        form = self.client.get(change_url(self.article)).content.decode()
        self.assertRegex(form, r'<label[^>]*for="id_licence"[^>]*>\s*Licence:')
        response = self.client.post(
            change_url(self.article),
            change_form_data(self.article, licence="© Harbour Press, all rights reserved"),
        )
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.licence, "© Harbour Press, all rights reserved")

    def test_revision_compare_shows_a_changed_licence(self):
        """Comparing two revisions names the licence line when it changed."""
        self.article.licence = "© Harbour Press, for one week"
        editing.save(self.article, by=self.editor)
        new, old = Version.objects.get_for_object(self.article)[:2]
        rows = {str(row["label"]): row for row in revisions.compare(old, new)}
        self.assertIs(rows["licence"]["changed"], True)
        self.assertEqual(rows["licence"]["new"], "© Harbour Press, for one week")


class ArticleJsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = factories.AuthorFactory(name="Ines Vogel")
        cls.agency = factories.AuthorFactory(
            name="Northern Wire Service", is_organisation=True, url="https://example.org/nws"
        )
        cls.wire = factories.published(
            headline="Storm closes the coast road",
            source_name="Northern Wire Service",
            source_url="https://example.org/nws/storm",
            licence="© Northern Wire Service, used with permission",
            authors=[cls.staff],
        )
        cls.own = factories.published(headline="Ferry timetable changes", authors=[cls.staff])

    def article_data(self, article):
        return of_type(jsonld(self.client.get(article.get_absolute_url())), "NewsArticle")

    def test_wire_piece_names_its_source_agency_and_licence(self):
        """Search engines read the source, the agency and the copyright notice of wire copy."""
        data = self.article_data(self.wire)
        self.assertEqual(data["isBasedOn"], "https://example.org/nws/storm")
        self.assertEqual(
            data["sourceOrganization"],
            {
                "@type": "Organization",
                "name": "Northern Wire Service",
                "url": "https://example.org/nws/storm",
            },
        )
        self.assertEqual(data["copyrightNotice"], "© Northern Wire Service, used with permission")

    def test_staff_piece_without_source_claims_none(self):
        """A staff piece with no source says nothing about a source, an agency or a licence."""
        data = self.article_data(self.own)
        self.assertEqual(data["headline"], "Ferry timetable changes")
        for key in ("isBasedOn", "sourceOrganization", "copyrightNotice", "license"):
            with self.subTest(key=key):
                self.assertNotIn(key, data)

    def test_source_without_address_is_a_named_creative_work(self):
        """A source named but not linked is still read as what the piece is based on."""
        piece = factories.published(headline="Yard orders ferries", source_name="Vik Shipyard")
        data = self.article_data(piece)
        self.assertEqual(data["isBasedOn"], {"@type": "CreativeWork", "name": "Vik Shipyard"})
        self.assertNotIn("sourceOrganization", data)

    def test_organisation_byline_makes_wire_copy(self):
        """A piece bylined to an agency names the agency and its website as the source organisation."""
        piece = factories.published(headline="Grain prices rise", authors=[self.agency])
        self.assertEqual(
            self.article_data(piece)["sourceOrganization"],
            {
                "@type": "Organization",
                "name": "Northern Wire Service",
                "url": "https://example.org/nws",
            },
        )

    def test_press_release_is_a_source_but_not_wire_copy(self):
        """A source that is no agency is what the piece is based on, not its source organisation."""
        piece = factories.published(
            headline="Yard electrifies ferries",
            source_name="Vik Shipyard press release",
            source_url="https://example.org/vik",
        )
        data = self.article_data(piece)
        self.assertEqual(data["isBasedOn"], "https://example.org/vik")
        self.assertNotIn("sourceOrganization", data)

    def test_hostile_source_and_licence_stay_inside_the_block(self):
        """Markup in a source name or licence round-trips exactly and never ends the script early."""
        piece = factories.published(
            headline="Hostile wire piece", source_name=f"Reuters {HOSTILE}", licence=HOSTILE
        )
        response = self.client.get(piece.get_absolute_url())
        self.assertNotContains(response, "<script>alert(1)")
        data = of_type(jsonld(response), "NewsArticle")
        self.assertEqual(data["sourceOrganization"]["name"], f"Reuters {HOSTILE}")
        self.assertEqual(data["isBasedOn"]["name"], f"Reuters {HOSTILE}")
        self.assertEqual(data["copyrightNotice"], HOSTILE)


class AuthorJsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = factories.AuthorFactory(
            name="Ines Vogel",
            role="Transport correspondent",
            bio="Ines follows ferries and trams.",
            photo=factories.image_file("ines.jpg"),
        )
        cls.agency = factories.AuthorFactory(
            name="Northern Wire Service", is_organisation=True, role="", bio=HOSTILE
        )
        factories.published(headline="Ferries at night", authors=[cls.person, cls.agency])

    def profile(self, author):
        return of_type(jsonld(self.client.get(author.get_absolute_url())), "ProfilePage")

    def test_author_page_is_a_profile_page_about_the_person(self):
        """An author page tells search engines whose profile it is: name, page, role, bio, photo."""
        page = settings.SITE_URL + self.person.get_absolute_url()
        data = self.profile(self.person)
        self.assertEqual(data["url"], page)
        self.assertEqual(
            data["mainEntity"],
            {
                "@type": "Person",
                "name": "Ines Vogel",
                "url": page,
                "jobTitle": "Transport correspondent",
                "description": "Ines follows ferries and trams.",
                "image": settings.SITE_URL + self.person.photo.url,
            },
        )

    def test_agency_page_is_a_profile_of_an_organisation(self):
        """A wire service's page describes an Organization, its hostile bio intact in the block."""
        response = self.client.get(self.agency.get_absolute_url())
        self.assertNotContains(response, "<script>alert(1)")
        entity = of_type(jsonld(response), "ProfilePage")["mainEntity"]
        self.assertEqual(entity["@type"], "Organization")
        self.assertEqual(entity["name"], "Northern Wire Service")
        self.assertEqual(entity["description"], HOSTILE)
        self.assertNotIn("jobTitle", entity)


class FrontPageJsonLdTests(TestCase):
    def test_front_page_structured_data_reads_cleanly_with_hostile_pieces(self):
        """The front page's structured data is the paper's NewsMediaOrganization; a hostile piece on it stays text."""
        factories.published(
            headline=f"Wire {HOSTILE}", source_name=f"Reuters {HOSTILE}", licence=HOSTILE
        )
        response = self.client.get(reverse("articles:home"))
        self.assertNotContains(response, "<script>alert(1)")
        blocks = jsonld(response)
        self.assertEqual([b.get("@type") for b in blocks], ["NewsMediaOrganization"])
        self.assertEqual(blocks[0]["@context"], "https://schema.org")
        self.assertEqual(blocks[0]["name"], "The Newsroom")


class FeedSourceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = factories.SectionFactory(name="Harbour")
        cls.author = factories.AuthorFactory(name="Ines Vogel")
        cls.wire = factories.published(
            headline="Storm closes the coast road",
            section=cls.section,
            authors=[cls.author],
            source_name="Northern Wire Service",
            source_url="https://example.org/nws/storm?a=1&b=2",
        )
        cls.named_only = factories.published(
            headline="Yard orders ferries",
            section=cls.section,
            authors=[cls.author],
            source_name="Vik Shipyard",
        )
        cls.own = factories.published(
            headline="Ferry timetable changes", section=cls.section, authors=[cls.author]
        )

    def entries(self, url):
        response = self.client.get(url)
        feed = feedparser.parse(response.content)
        self.assertEqual(feed.bozo, 0, getattr(feed, "bozo_exception", None))
        return response, {entry.title: entry for entry in feed.entries}

    def rss_urls(self):
        return [
            reverse("feed_latest_rss"),
            reverse("feed_section_rss", args=[self.section.slug]),
            reverse("feed_author_rss", args=[self.author.slug]),
        ]

    def atom_urls(self):
        return [
            reverse("feed_latest_atom"),
            reverse("feed_section_atom", args=[self.section.slug]),
            reverse("feed_author_atom", args=[self.author.slug]),
        ]

    def test_rss_items_name_their_source(self):
        """Every RSS feed's item for sourced copy has <source url="…">, read by feed readers."""
        for url in self.rss_urls():
            with self.subTest(url=url):
                response, entries = self.entries(url)
                source = entries["Storm closes the coast road"].source
                self.assertEqual(source.href, "https://example.org/nws/storm?a=1&b=2")
                self.assertEqual(source.title, "Northern Wire Service")
                items = ET.fromstring(response.content).iter("item")
                sources = {i.findtext("title"): i.find("source") for i in items}
                element = sources["Storm closes the coast road"]
                self.assertEqual(element.text, "Northern Wire Service")
                self.assertEqual(element.get("url"), "https://example.org/nws/storm?a=1&b=2")

    def test_rss_items_without_a_source_address_have_no_source_element(self):
        """Staff copy, and a source named without an address, carry no <source> element."""
        for url in self.rss_urls():
            with self.subTest(url=url):
                response, _entries = self.entries(url)
                sources = {
                    i.findtext("title"): i.find("source")
                    for i in ET.fromstring(response.content).iter("item")
                }
                self.assertIsNone(sources["Ferry timetable changes"])
                self.assertIsNone(sources["Yard orders ferries"])

    def test_atom_entries_link_their_source_as_via(self):
        """Every Atom feed links sourced copy to its source with rel="via", and only that copy."""
        for url in self.atom_urls():
            with self.subTest(url=url):
                _response, entries = self.entries(url)
                via = {
                    title: [link.href for link in entry.links if link.rel == "via"]
                    for title, entry in entries.items()
                }
                self.assertEqual(
                    via["Storm closes the coast road"], ["https://example.org/nws/storm?a=1&b=2"]
                )
                self.assertEqual(via["Ferry timetable changes"], [])
                self.assertEqual(via["Yard orders ferries"], [])

    def test_hostile_source_name_is_text_in_the_feed(self):
        """Markup in a source name reaches feed readers as the same characters, not markup."""
        factories.published(
            headline="Hostile source",
            section=self.section,
            source_name=f"Reuters {HOSTILE}",
            source_url="https://example.org/r",
        )
        response, entries = self.entries(reverse("feed_latest_rss"))
        self.assertEqual(entries["Hostile source"].source.title, f"Reuters {HOSTILE}")
        self.assertNotIn(b"<script>", response.content)
