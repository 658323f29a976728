import datetime
import json
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Correction
from pages.models import Page

from . import factories


def h1_count(response):
    return len(re.findall(rb"<h1[\s>]", response.content))


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.section = factories.SectionFactory(name="Politics")
        cls.author = factories.AuthorFactory(name="Mara Lindqvist")
        cls.article = factories.published(
            headline="Council approves harbour plan",
            standfirst="A year of argument ends in a close vote.",
            body="The vote was 21 to 19.\n\n## Reaction\n\nTraders welcomed it.",
            section=cls.section,
            source_name="Harbour Gazette",
            source_url="https://example.org/harbour",
            authors=[cls.author],
        )

    def test_published_piece_shows_headline_standfirst_byline_body_and_source(self):
        """A reader sees the piece with its one h1, byline, date, crossheads and source."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(h1_count(response), 1)
        self.assertContains(response, "Council approves harbour plan")
        self.assertContains(response, "A year of argument ends in a close vote.")
        self.assertContains(response, "Mara Lindqvist")
        self.assertContains(response, self.author.get_absolute_url())
        self.assertContains(response, "<h2>Reaction</h2>", html=True)
        self.assertContains(response, "Harbour Gazette")
        self.assertContains(response, 'href="https://example.org/harbour"')
        published = timezone.localtime(self.article.publish_at).replace(microsecond=0).isoformat()
        self.assertContains(response, f'<time datetime="{published}">')

    def test_unpublished_pieces_answer_404(self):
        """Drafts, pieces in review and scheduled pieces are not found by readers."""
        draft = factories.ArticleFactory(section=self.section)
        in_review = factories.submitted(section=self.section)
        scheduled = factories.published(
            section=self.section, publish_at=timezone.now() + datetime.timedelta(hours=3)
        )
        for article in [draft, in_review, scheduled]:
            with self.subTest(state=article.state):
                url = reverse(
                    "articles:detail", kwargs={"section": self.section.slug, "slug": article.slug}
                )
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_unknown_address_answers_404(self):
        """An address no piece ever had is a 404 page."""
        response = self.client.get("/politics/no-such-piece/")
        self.assertEqual(response.status_code, 404)

    def test_withdrawn_piece_answers_410(self):
        """A withdrawn piece's address says it is gone, not that it never existed."""
        article = factories.published(section=self.section)
        url = article.get_absolute_url()
        workflow.transition(
            article, "withdraw", by=self.editor, note="Legal advice.", public_reason="Legal advice."
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 410)
        self.assertNotContains(response, article.body[:20], status_code=410)

    def test_changed_slug_redirects_in_one_hop(self):
        """Old addresses of a published piece answer 301 to the current one, even after two moves."""
        article = factories.published(headline="First headline", section=self.section)
        first_url = article.get_absolute_url()
        article.slug = "second-headline"
        article.save()
        second_url = article.get_absolute_url()
        article.slug = "third-headline"
        article.save()
        for old in [first_url, second_url]:
            with self.subTest(old=old):
                response = self.client.get(old)
                self.assertRedirects(response, article.get_absolute_url(), status_code=301)

    def test_changed_section_redirects(self):
        """Moving a piece to another section makes its old address answer 301."""
        article = factories.published(section=self.section)
        old_url = article.get_absolute_url()
        article.section = factories.SectionFactory(name="Business")
        article.save()
        self.assertRedirects(self.client.get(old_url), article.get_absolute_url(), status_code=301)

    def test_related_pieces_share_most_tags_then_section(self):
        """ "Related" lists pieces sharing the most topics first, then the section's newest."""
        ferries, harbour = factories.TagFactory(name="ferries"), factories.TagFactory(name="port")
        self.article.tags.add(ferries, harbour)
        hours = iter(range(1, 100))

        def piece(headline, section, tags=(), **kwargs):
            ago = timezone.now() - datetime.timedelta(hours=next(hours))
            article = factories.published(
                headline=headline, section=section, publish_at=ago, **kwargs
            )
            article.tags.add(*tags)
            return article

        elsewhere = factories.SectionFactory(name="Culture")
        piece("Newest in section", self.section)
        piece("One shared topic", elsewhere, [ferries])
        piece("Two shared topics", elsewhere, [ferries, harbour])
        piece("Older in section", self.section)
        piece("Oldest in section", self.section)
        piece("Unrelated piece", elsewhere)
        draft = factories.ArticleFactory(headline="Draft sharing topics", section=self.section)
        draft.tags.add(ferries, harbour)
        response = self.client.get(self.article.get_absolute_url())
        related = re.findall(
            r'class="card-headline"><a href="[^"]+">([^<]+)</a>', response.content.decode()
        )
        self.assertEqual(
            related,
            ["Two shared topics", "One shared topic", "Newest in section", "Older in section"],
        )


class HeroPictureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = factories.published(
            headline="Lighthouse repainted",
            hero_image=factories.image_file(size=(2000, 1000)),
            hero_alt="The lighthouse in fresh red and white.",
        )

    def test_sharing_data_and_the_page_choose_the_same_pictures(self):
        """Open Graph shows the 1200 × 630 crop, JSON-LD the three ratios, the page the widest."""
        response = self.client.get(self.article.get_absolute_url())
        self.assertRegex(response.text, r'<meta property="og:image" content="[^"]+-og\.jpg">')
        self.assertContains(response, '<meta property="og:image:width" content="1200">')
        self.assertContains(response, '<meta property="og:image:height" content="630">')
        self.assertRegex(response.text, r'<img src="[^"]+-1600\.jpg" srcset="[^"]+-480\.jpg 480w')
        block = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
        )
        images = json.loads(block.group(1))["image"]
        self.assertEqual(
            [re.search(r"-(\w+)\.jpg$", url).group(1) for url in images], ["16x9", "4x3", "1x1"]
        )

    def test_cards_in_lists_use_the_narrow_picture(self):
        """A small card on a section page loads the 480-pixel picture, not the widest."""
        response = self.client.get(self.article.section.get_absolute_url())
        self.assertRegex(response.text, r'<img src="[^"]+-480\.jpg" srcset="[^"]+-480\.jpg 480w"')


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live = factories.published(headline="Ferry timetable changes")
        cls.draft = factories.ArticleFactory(headline="Secret draft headline")
        cls.scheduled = factories.published(
            headline="Tomorrow's scheduled piece",
            publish_at=timezone.now() + datetime.timedelta(days=1),
        )

    def test_home_lists_only_published_pieces(self):
        """The front page shows live pieces and never drafts or scheduled pieces."""
        response = self.client.get(reverse("articles:home"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(h1_count(response), 1)
        self.assertContains(response, "Ferry timetable changes")
        self.assertContains(response, self.live.get_absolute_url())
        self.assertNotContains(response, "Secret draft headline")
        self.assertNotContains(response, "scheduled piece")

    def test_listing_pages_answer_with_one_h1(self):
        """Section, tag, author and corrections pages answer 200 with exactly one h1."""
        tag = factories.TagFactory(name="ferries")
        self.live.tags.add(tag)
        Correction.objects.create(article=self.live, text="The timetable starts on Monday.")
        author = self.live.bylines.first().author
        for url in [
            self.live.section.get_absolute_url(),
            tag.get_absolute_url(),
            author.get_absolute_url(),
            reverse("articles:corrections"),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(h1_count(response), 1)
                self.assertContains(response, "Ferry timetable changes")
                self.assertNotContains(response, "Secret draft headline")


class QueryCountTests(TestCase):
    """Public pages cost the same number of queries with 2 pieces as with 30."""

    def queries_for(self, url):
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_public_pages_have_a_fixed_query_budget(self):
        """Adding pieces, authors and tags does not add queries to any public page (no N+1)."""
        section = factories.SectionFactory(name="News")
        tag = factories.TagFactory(name="harbour")
        author = factories.AuthorFactory()

        def add_pieces(n):
            for _ in range(n):
                article = factories.published(
                    section=section, authors=[author, factories.AuthorFactory()]
                )
                article.tags.add(tag, factories.TagFactory())
                Correction.objects.create(article=article, text="A figure was wrong.")
            return article

        Page.objects.create(title="Masthead", slug="masthead", kind="masthead", body="Us.")
        # Two pieces, so that lists such as "Related" are not empty to begin with.
        first = add_pieces(2)
        urls = {
            "home": reverse("articles:home"),
            "section": section.get_absolute_url(),
            "tag": tag.get_absolute_url(),
            "author": author.get_absolute_url(),
            "article": first.get_absolute_url(),
            "search": reverse("articles:search") + "?q=council",
            "feed": reverse("feed_latest_rss"),
            "section feed": reverse("feed_section_atom", args=[section.slug]),
            "sitemap": reverse(
                "django.contrib.sitemaps.views.sitemap", kwargs={"section": "articles"}
            ),
            "news sitemap": reverse("news_sitemap"),
            "corrections": reverse("articles:corrections"),
            "corrections feed": reverse("feed_corrections_rss"),
            "about page": "/about/masthead/",
        }
        # Home, article and corrections pages spend one query on the policy pages
        # the organisation's JSON-LD and the corrections page link.
        budgets = {
            "home": 8,
            "section": 6,
            "tag": 6,
            "author": 6,
            "article": 6,
            "search": 6,
            "feed": 3,
            "section feed": 4,
            "sitemap": 3,
            "news sitemap": 3,
            "corrections": 4,
            "corrections feed": 1,
            "about page": 2,
        }
        with_one = {name: self.queries_for(url) for name, url in urls.items()}
        add_pieces(28)
        with_thirty = {name: self.queries_for(url) for name, url in urls.items()}
        for name in urls:
            with self.subTest(page=name):
                self.assertEqual(with_one[name], with_thirty[name])
                self.assertLessEqual(with_thirty[name], budgets[name])
