"""Time controls: publish at, embargo until and take down at, each at its instant, on every surface."""

import datetime
import zoneinfo

import time_machine
from django.core.cache import cache
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import cache as page_cache
from articles import embargo, workflow
from articles.models import Article, ShareLink, WorkflowEvent

from . import factories
from .test_admin import messages_of, transition_url

SECOND = datetime.timedelta(seconds=1)
HOUR = datetime.timedelta(hours=1)


def public_surfaces(article, tag, author):
    """``{surface: (url, text that shows the piece there)}`` for every place readers find a piece."""
    return {
        "article page": (article.get_absolute_url(), article.headline),
        "front page": (reverse("articles:home"), article.headline),
        "section": (article.section.get_absolute_url(), article.headline),
        "tag": (tag.get_absolute_url(), article.headline),
        "author": (author.get_absolute_url(), article.headline),
        "search": (reverse("articles:search") + "?q=lighthouse", article.headline),
        "rss": (reverse("feed_latest_rss"), article.headline),
        "atom": (reverse("feed_latest_atom"), article.headline),
        "sitemap": (
            reverse("django.contrib.sitemaps.views.sitemap", kwargs={"section": "articles"}),
            article.get_absolute_url(),
        ),
        "news sitemap": (reverse("news_sitemap"), article.get_absolute_url()),
    }


class TimeControlFixture:
    """A live piece sharing a tag and an author with the piece under test, so lists exist."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.section = factories.SectionFactory(name="Coast")
        cls.tag = factories.TagFactory(name="lighthouses")
        cls.author = factories.AuthorFactory(name="Ines Vogel")
        other = factories.published(
            headline="Harbour wall repaired", section=cls.section, authors=[cls.author]
        )
        other.tags.add(cls.tag)

    def make(self, *, publish_at=None, **fields):
        """A piece about the lighthouse, published through the workflow with ``fields`` set first."""
        article = factories.ArticleFactory(
            headline="Lighthouse keeper retires",
            section=self.section,
            authors=[self.author],
            **fields,
        )
        article.tags.add(self.tag)
        return factories.published(article, publish_at=publish_at)

    def seen_on(self, article):
        """``{surface: True when the piece shows there}``, as an anonymous reader finds it now."""
        seen = {}
        for surface, (url, text) in public_surfaces(article, self.tag, self.author).items():
            response = self.client.get(url)
            seen[surface] = response.status_code == 200 and text in response.content.decode()
        return seen


class EmbargoVisibilityTests(TimeControlFixture, TestCase):
    def test_embargoed_piece_appears_everywhere_at_its_instant_and_not_before(self):
        """Before "Embargo until" a published piece is public nowhere; at that minute it is everywhere."""
        embargo = (timezone.now() + HOUR).replace(second=0, microsecond=0)
        article = self.make(embargo_until=embargo, publish_at=timezone.now() - HOUR)
        for when, visible in [(embargo - SECOND, False), (embargo, True), (embargo + HOUR, True)]:
            with time_machine.travel(when, tick=False):
                seen = self.seen_on(article)
            for surface, shown in seen.items():
                with self.subTest(surface=surface, when=when.isoformat()):
                    self.assertIs(shown, visible)

    def test_embargoed_piece_answers_404_not_410(self):
        """An embargoed address tells nothing: it answers 404, as if the piece did not exist."""
        article = self.make(embargo_until=timezone.now() + HOUR)
        response = self.client.get(article.get_absolute_url())
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, article.headline, status_code=404)

    def test_embargoed_piece_is_scheduled_until_its_embargo_ends(self):
        """The queue counts an embargoed piece as scheduled until its embargo ends, then as live."""
        embargo = timezone.now() + HOUR
        article = self.make(embargo_until=embargo, publish_at=timezone.now() - HOUR)
        self.assertIn(article, Article.objects.scheduled())
        self.assertIs(article.is_scheduled, True)
        with time_machine.travel(embargo + SECOND):
            self.assertNotIn(article, Article.objects.scheduled())
            self.assertIn(article, Article.objects.published())


class EmbargoedShareLinkTests(TimeControlFixture, TestCase):
    def test_share_link_shows_embargoed_copy_only_when_ticked(self):
        """A share link shows an embargoed piece only if the editor ticked "may show embargoed copy"."""
        embargo = timezone.now() + HOUR
        article = self.make(embargo_until=embargo)
        table = [
            (False, embargo - SECOND, 404),
            (True, embargo - SECOND, 200),
            (False, embargo + SECOND, 200),
            (True, embargo + SECOND, 200),
        ]
        for shows_embargoed, when, status in table:
            link = ShareLink.objects.create(
                article=article,
                shows_embargoed=shows_embargoed,
                expires_at=embargo + 10 * HOUR,
            )
            with (
                self.subTest(shows_embargoed=shows_embargoed, before=when < embargo),
                time_machine.travel(when, tick=False),
            ):
                response = self.client.get(link.get_absolute_url())
                self.assertEqual(response.status_code, status)
                if status == 404:
                    self.assertNotContains(response, article.headline, status_code=404)
                else:
                    self.assertContains(response, article.headline)

    def test_admin_share_links_have_the_embargo_column(self):
        """The admin's share-link rows offer a tick box "May show embargoed copy"."""
        article = self.make(embargo_until=timezone.now() + HOUR)
        ShareLink.objects.create(article=article)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        self.assertContains(response, "May show embargoed copy")
        self.assertContains(response, 'name="share_links-0-shows_embargoed"')


class PublishUnderEmbargoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()

    def test_publish_before_the_embargo_schedules_for_the_embargo(self):
        """Publish with no or an earlier "Publish at" schedules an embargoed piece for its embargo, saying so."""
        embargo = timezone.localtime(timezone.now() + 3 * HOUR).replace(second=0, microsecond=0)
        table = [
            ("no publish time", "", embargo),
            ("a past publish time", timezone.localtime() - HOUR, embargo),
            ("an earlier future time", embargo - HOUR, embargo),
            ("a later time", embargo + HOUR, embargo + HOUR),
        ]
        self.client.force_login(self.editor)
        for case, typed, scheduled_for in table:
            with self.subTest(case):
                article = factories.submitted(headline=f"Report with {case}", embargo_until=embargo)
                response = self.client.post(
                    transition_url(article),
                    {
                        "transition": "publish",
                        "publish_at": typed and typed.strftime("%Y-%m-%dT%H:%M"),
                    },
                    follow=True,
                )
                article.refresh_from_db()
                self.assertEqual(article.publish_at, scheduled_for)
                self.assertIs(article.is_scheduled, True)
                self.assertNotIn(article, Article.objects.published())
                waits = scheduled_for == embargo
                message = f"“{article.headline}” is scheduled for {embargo:%-d %B %Y, %H:%M}, when its embargo ends."
                self.assertIs(message in messages_of(response), waits)
                self.assertIs(workflow.waits_for_embargo(article), waits)

    def test_publish_after_the_embargo_publishes_now(self):
        """An embargo already over does not hold a piece back: Publish makes it live at once."""
        article = factories.submitted(embargo_until=timezone.now() - HOUR)
        workflow.transition(article, "publish", by=self.editor)
        self.assertIn(article, Article.objects.published())


class TimeControlFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.reporter = factories.reporter()

    def test_desk_and_admin_forms_show_the_labelled_time_fields(self):
        """The desk's edit page and the admin's change page both offer "Embargo until" and "Take down at" pickers."""
        article = factories.ArticleFactory(created_by=self.reporter, authors=[self.reporter.author])
        pages = [
            (self.reporter, reverse("desk:edit", args=[article.pk])),
            (self.editor, reverse("admin:articles_article_change", args=[article.pk])),
        ]
        for user, url in pages:
            self.client.force_login(user)
            response = self.client.get(url)
            for name, label in [
                ("embargo_until", "Embargo until"),
                ("take_down_at", "Take down at"),
            ]:
                with self.subTest(url=url, field=name):
                    self.assertContains(response, "Time controls")
                    self.assertRegex(
                        response.content.decode(),
                        rf'<label[^>]*for="id_{name}"[^>]*>\s*{label}:?\s*<',
                    )
                    self.assertRegex(
                        response.content.decode(),
                        rf'<input[^>]*type="datetime-local"[^>]*name="{name}"'
                        rf'|<input[^>]*name="{name}"[^>]*type="datetime-local"',
                    )

    def test_times_typed_on_the_desk_and_in_the_admin_are_site_time(self):
        """An embargo typed as 3 March 2027 00:01 means that minute in the site's time zone."""
        from .test_admin import change_form_data
        from .test_desk import desk_form_data

        article = factories.ArticleFactory(created_by=self.reporter, authors=[self.reporter.author])
        typed = "2027-03-03T00:01"
        expected = timezone.make_aware(datetime.datetime(2027, 3, 3, 0, 1))
        saves = [
            (
                self.reporter,
                reverse("desk:edit", args=[article.pk]),
                lambda: desk_form_data(article, self.reporter, embargo_until=typed),
            ),
            (
                self.editor,
                reverse("admin:articles_article_change", args=[article.pk]),
                lambda: change_form_data(article, take_down_at=typed),
            ),
        ]
        for user, url, data in saves:
            with self.subTest(url=url):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url, data()).status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.embargo_until, expected)
        self.assertEqual(article.take_down_at, expected)


class TimeStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.reporter = factories.reporter()

    def test_desk_home_and_review_queue_show_the_embargo_and_take_down_times(self):
        """Reporters and editors see "Embargoed until 3 March 2027, 00:01" and "Taken down …" in their lists."""
        embargo = timezone.make_aware(datetime.datetime(2027, 3, 3, 0, 1))
        take_down = timezone.make_aware(datetime.datetime(2027, 2, 1, 9, 30))
        mine = {"created_by": self.reporter, "authors": [self.reporter.author]}
        with time_machine.travel(datetime.datetime(2027, 1, 10, tzinfo=datetime.UTC)):
            factories.ArticleFactory(headline="Draft under embargo", embargo_until=embargo, **mine)
            factories.published(headline="Published under embargo", embargo_until=embargo, **mine)
            factories.published(headline="Licensed copy", take_down_at=take_down, **mine)
        table = [
            ("Draft under embargo", "Draft · Embargoed until 3 March 2027, 00:01"),
            ("Published under embargo", "Embargoed until 3 March 2027, 00:01"),
            ("Licensed copy", "Taken down 1 February 2027, 09:30"),
        ]
        pages = [
            (self.reporter, reverse("desk:home")),
            (self.editor, reverse("admin:articles_article_changelist")),
        ]
        with time_machine.travel(datetime.datetime(2027, 2, 2, tzinfo=datetime.UTC)):
            for user, url in pages:
                self.client.force_login(user)
                page = self.client.get(url).content.decode()
                for headline, label in table:
                    with self.subTest(url=url, headline=headline):
                        self.assertIn(headline, page)
                        self.assertIn(label, page)


class EmbargoLineTests(SimpleTestCase):
    def test_each_agency_embargo_line_is_read_to_its_minute(self):
        """Each usual way agencies write an embargo gives the instant it ends, in its own time zone."""
        now = datetime.datetime(2027, 1, 10, 12, 0, tzinfo=datetime.UTC)
        utc, cet = datetime.UTC, datetime.timezone(datetime.timedelta(hours=1))
        london = zoneinfo.ZoneInfo("Europe/London")
        table = [
            ("EMBARGOED UNTIL 0001 GMT 3 March", datetime.datetime(2027, 3, 3, 0, 1, tzinfo=utc)),
            (
                "EMBARGO: 00:01 GMT Tuesday 3 March 2027",
                datetime.datetime(2027, 3, 3, 0, 1, tzinfo=utc),
            ),
            (
                "Embargoed until 10:00 CET, 4 March",
                datetime.datetime(2027, 3, 4, 10, 0, tzinfo=cet),
            ),
            (
                "Sperrfrist: 3. März 2027, 00:01 Uhr",
                datetime.datetime(2027, 3, 3, 0, 1, tzinfo=london),
            ),
            ("Sperrfrist 03.03.2027 10 Uhr", datetime.datetime(2027, 3, 3, 10, 0, tzinfo=london)),
            ("Embargo : 3 mars 2027 à 00h01", datetime.datetime(2027, 3, 3, 0, 1, tzinfo=london)),
            (
                "*** Embargoed until 9am BST May 5th ***",
                datetime.datetime(2027, 5, 5, 8, 0, tzinfo=utc),
            ),
            ("Embargo: 2027-06-01 14:30 UTC", datetime.datetime(2027, 6, 1, 14, 30, tzinfo=utc)),
            # No year, and the date has passed: next year's.
            ("EMBARGOED UNTIL 0001 GMT 3 January", datetime.datetime(2028, 1, 3, 0, 1, tzinfo=utc)),
            # No date: the next such time.
            ("Embargoed until 10:00 GMT", datetime.datetime(2027, 1, 11, 10, 0, tzinfo=utc)),
        ]
        for line, expected in table:
            with self.subTest(line=line):
                self.assertIs(embargo.is_embargo_line(line), True)
                self.assertEqual(embargo.parse_time(line, now), expected)

    def test_lines_that_are_not_embargo_notices_or_cannot_be_read(self):
        """A sentence about an embargo is not a notice; a notice with no time reads as nothing."""
        self.assertIs(embargo.is_embargo_line("Embargo talks resume, officials say."), False)
        self.assertIs(embargo.is_embargo_line("Embargo to stay in place"), False)
        for line in ["EMBARGOED UNTIL FURTHER NOTICE", "Sperrfrist: 31. Februar 2027"]:
            with self.subTest(line=line):
                self.assertIs(embargo.is_embargo_line(line), True)
                self.assertIsNone(embargo.parse_time(line))


class TakeDownTests(TimeControlFixture, TestCase):
    def test_taken_down_piece_leaves_every_surface_at_its_instant(self):
        """At "Take down at" a live piece leaves every page, list, feed, sitemap and search."""
        take_down = (timezone.now() + HOUR).replace(second=0, microsecond=0)
        article = self.make(take_down_at=take_down)
        for when, visible in [
            (take_down - SECOND, True),
            (take_down, False),
            (take_down + HOUR, False),
        ]:
            with time_machine.travel(when, tick=False):
                seen = self.seen_on(article)
            for surface, shown in seen.items():
                with self.subTest(surface=surface, when=when.isoformat()):
                    self.assertIs(shown, visible)

    def test_taken_down_address_answers_410_with_the_note(self):
        """A taken-down piece's address answers 410 with its headline, the time and the take-down note."""
        take_down = timezone.make_aware(datetime.datetime(2027, 3, 3, 0, 1))
        with time_machine.travel(take_down - HOUR):
            article = self.make(
                take_down_at=take_down, take_down_note="Our licence for this report has ended."
            )
        with time_machine.travel(take_down + SECOND):
            response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "Lighthouse keeper retires", status_code=410)
        self.assertContains(response, "Taken down on", status_code=410)
        self.assertContains(response, "3 March 2027, 00:01", status_code=410)
        self.assertContains(response, "Our licence for this report has ended.", status_code=410)
        self.assertNotContains(response, "has been withdrawn", status_code=410)

    def test_take_down_is_recorded_once_when_first_observed(self):
        """The history gets one "take_down" event, however many readers find the piece gone."""
        take_down = timezone.now() + HOUR
        article = self.make(take_down_at=take_down)
        events = WorkflowEvent.objects.filter(article=article, transition="take_down")
        self.client.get(article.get_absolute_url())
        self.assertFalse(events.exists())
        with time_machine.travel(take_down + SECOND):
            for _ in range(2):
                self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 410)
        event = events.get()
        self.assertEqual((event.from_state, event.to_state), ("published", "published"))
        self.assertIsNone(event.actor)
        # Moved later and passed again: a second take-down, recorded once too.
        Article.objects.filter(pk=article.pk).update(take_down_at=take_down + 2 * HOUR)
        article.refresh_from_db()
        with time_machine.travel(take_down + 3 * HOUR):
            self.assertIsNotNone(workflow.record_take_down(article))
            self.assertIsNone(workflow.record_take_down(article))
        self.assertEqual(events.count(), 2)


@override_settings(PAGE_CACHE_SECONDS=3600)
class TimeControlCacheTests(TimeControlFixture, TestCase):
    def setUp(self):
        cache.clear()

    def test_cached_pages_never_outlive_an_embargo_end_or_a_take_down(self):
        """A cached front page and article page change at the embargo's end and at the take-down time."""
        now = timezone.now()
        cases = [
            ("embargo", {"embargo_until": now + 10 * 60 * SECOND}, False),
            ("take-down", {"take_down_at": now + 10 * 60 * SECOND}, True),
        ]
        for case, fields, shown_before in cases:
            with self.subTest(case):
                cache.clear()
                Article.objects.filter(headline="Lighthouse keeper retires").delete()
                article = self.make(**fields)
                instant = next(iter(fields.values()))
                self.assertLessEqual(page_cache.page_timeout(), 10 * 60)
                self.assertGreater(page_cache.page_timeout(), 9 * 60)
                urls = [reverse("articles:home"), article.get_absolute_url()]
                for url in urls:
                    first = self.client.get(url)
                    self.assertIs(article.headline in first.content.decode(), shown_before)
                    if first.status_code == 200:
                        self.assertEqual(self.client.get(url)["X-Cache"], "HIT")
                with time_machine.travel(instant + SECOND):
                    home = self.client.get(urls[0])
                    self.assertIs(article.headline in home.content.decode(), not shown_before)
                    page = self.client.get(urls[1])
                    self.assertEqual(page.status_code, 410 if shown_before else 200)
