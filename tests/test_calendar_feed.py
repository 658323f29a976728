"""Each person's private calendar feed (.ics): valid iCalendar, theirs alone, its address resettable."""

import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse
from icalendar import Calendar

from planning.models import Assignment, CalendarFeed

from . import factories

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOW, tick=False)
class CalendarFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("sam")
        cls.other = factories.reporter("lena")
        mine = Assignment.objects.create(
            headline="Night buses",
            brief="Ride the N3.",
            due_at=NOW + datetime.timedelta(days=1),
            publish_at=NOW + datetime.timedelta(days=2),
        )
        mine.reporters.set([cls.reporter])
        theirs = Assignment.objects.create(
            headline="Jazz week", due_at=NOW + datetime.timedelta(days=1)
        )
        theirs.reporters.set([cls.other])
        author = cls.reporter.author
        factories.published(
            headline="Ferry fares rise",
            authors=[author],
            publish_at=NOW + datetime.timedelta(hours=5),
        )
        factories.published(headline="Already out", authors=[author])
        cls.feed = CalendarFeed.objects.create(user=cls.reporter)

    def events(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        calendar = Calendar.from_ical(response.content)
        self.assertEqual(str(calendar["version"]), "2.0")
        return {str(e["summary"]): e for e in calendar.walk("VEVENT")}

    def test_feed_parses_and_holds_due_times_and_scheduled_publishes(self):
        """The feed is iCalendar with the person's due time, planned and scheduled publishes."""
        events = self.events(self.client.get(self.feed.get_absolute_url()))
        self.assertEqual(
            sorted(events),
            ["Due: Night buses", "Planned publish: Night buses", "Publishes: Ferry fares rise"],
        )
        due = events["Due: Night buses"]
        self.assertEqual(due.decoded("dtstart"), NOW + datetime.timedelta(days=1))
        self.assertIn("Ride the N3.", str(due["description"]))
        self.assertTrue(str(due["url"]).startswith("http://testserver/desk/assignments/"))
        publish = events["Publishes: Ferry fares rise"]
        self.assertEqual(publish.decoded("dtstart"), NOW + datetime.timedelta(hours=5))
        self.assertEqual(len({str(e["uid"]) for e in events.values()}), 3)

    def test_feed_is_private_and_never_cached(self):
        """The feed tells caches to keep no copy and search engines to stay out."""
        response = self.client.get(self.feed.get_absolute_url())
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")

    def test_unknown_token_is_a_404(self):
        """An address with a made-up secret answers 404."""
        response = self.client.get(reverse("planning:feed", args=["not-a-real-token"]))
        self.assertEqual(response.status_code, 404)

    def test_reset_gives_a_new_address_and_ends_the_old_one(self):
        """ "Reset calendar address" makes a new address; the old one answers 404 at once."""
        old = self.feed.get_absolute_url()
        self.client.force_login(self.reporter)
        response = self.client.post(reverse("planning:calendar"), follow=True)
        self.assertContains(response, "Your calendar has a new address.")
        self.feed.refresh_from_db()
        self.assertNotEqual(self.feed.get_absolute_url(), old)
        self.assertContains(response, f"http://testserver{self.feed.get_absolute_url()}")
        self.assertEqual(self.client.get(old).status_code, 404)
        self.events(self.client.get(self.feed.get_absolute_url()))

    def test_calendar_page_shows_the_address_to_its_owner_only(self):
        """The desk's calendar page shows each person their own address; anonymous must sign in."""
        self.client.force_login(self.other)
        response = self.client.get(reverse("planning:calendar"))
        self.assertContains(response, "Calendar address")
        self.assertNotContains(response, self.feed.token)
        other_feed = CalendarFeed.objects.get(user=self.other)
        events = self.events(self.client.get(other_feed.get_absolute_url()))
        self.assertEqual(sorted(events), ["Due: Jazz week"])
        self.client.logout()
        response = self.client.get(reverse("planning:calendar"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))

    def test_inactive_persons_feed_answers_404(self):
        """Once a person's account is switched off, their calendar address stops working."""
        self.reporter.is_active = False
        self.reporter.save()
        self.assertEqual(self.client.get(self.feed.get_absolute_url()).status_code, 404)
