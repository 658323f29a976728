"""The story budget at /admin/articles/budget/: a week by day, for editors only."""

import datetime
import zoneinfo
from pathlib import Path

import time_machine
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from planning.models import Assignment

from . import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")
# A Wednesday: its week, 2026-W49, runs from Monday 30 November to Sunday 6 December.
NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)


def at(day, hour):
    """That December 2026 day at ``hour``, London time."""
    return datetime.datetime(2026, 12, day, hour, 0, tzinfo=LONDON)


def given(reporter, headline, due_at, **kwargs):
    made = Assignment.objects.create(headline=headline, due_at=due_at, **kwargs)
    made.reporters.set([reporter])
    return made


def day_section(content, day):
    """The HTML of the budget's section for ``day`` (``YYYY-MM-DD``)."""
    start = content.index(f'aria-labelledby="day-{day}"')
    end = content.find("<section", start)
    return content[start : end if end != -1 else len(content)]


@time_machine.travel(NOW, tick=False)
class BudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ruth")
        cls.reporter = factories.reporter("sam")
        cls.section = factories.SectionFactory(name="Harbour")
        given(cls.reporter, "Crane inspection", at(1, 16), section=cls.section)  # overdue
        given(cls.reporter, "Night buses", at(3, 17), priority=Assignment.Priority.URGENT)
        started = given(cls.reporter, "Ferry fares", at(4, 12))
        started.article = factories.ArticleFactory(headline="Ferry fares to rise")
        started.save()
        review = factories.submitted(headline="Playground opens at Sandhamn")
        given(cls.reporter, "Playground", at(2, 11), article=review)
        factories.published(headline="Scheduled for Saturday", publish_at=at(5, 7))
        monday = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=LONDON)
        factories.published(headline="Out on Monday", publish_at=monday)
        factories.published(headline="Out last week", publish_at=monday - datetime.timedelta(7))
        given(cls.reporter, "Next week's piece", at(8, 9))
        factories.published(
            headline="Embargoed till Thursday", publish_at=monday, embargo_until=at(3, 9)
        )

    def budget(self, query=""):
        self.client.force_login(self.editor)
        return self.client.get(reverse("planning:budget") + query)

    def test_each_kind_of_line_is_on_its_day_with_its_state(self):
        """Each line is on its day with its state: not started, due, in review, scheduled, published."""
        content = self.budget().content.decode()
        expected = {
            "2026-11-30": [("Out on Monday", "Published")],
            "2026-12-01": [("Crane inspection", "Not started")],
            "2026-12-02": [("Playground opens at Sandhamn", "In review")],
            "2026-12-03": [
                ("Night buses", "Not started"),
                ("Embargoed till Thursday", "Scheduled"),
            ],
            "2026-12-04": [("Ferry fares to rise", "Draft")],
            "2026-12-05": [("Scheduled for Saturday", "Scheduled")],
        }
        for day, lines in expected.items():
            with self.subTest(day=day):
                html = day_section(content, day)
                for headline, state in lines:
                    self.assertIn(headline, html)
                    self.assertIn(f"<td>{state}", html)
        self.assertIn("Nothing planned.", day_section(content, "2026-12-06"))
        self.assertNotIn("Out last week", content)
        self.assertNotIn("Next week&#x27;s piece", content)

    def test_reporter_and_overdue_are_shown(self):
        """A line names its reporter; one past its due time and not submitted says "Overdue"."""
        content = self.budget().content.decode()
        crane = day_section(content, "2026-12-01")
        self.assertIn(self.reporter.get_full_name(), crane)
        self.assertIn("Overdue", crane)
        self.assertNotIn("Overdue", day_section(content, "2026-12-03"))

    def test_week_is_chosen_by_iso_week_or_date(self):
        """?week=2026-W50 and ?week=2026-12-09 both show the next week, with links either side."""
        for query in ("?week=2026-W50", "?week=2026-12-09"):
            with self.subTest(query=query):
                response = self.budget(query)
                self.assertContains(
                    response, "Week Monday 7 December 2026 to Sunday 13 December 2026"
                )
                self.assertContains(response, "Next week&#x27;s piece")
                self.assertContains(response, 'href="?week=2026-W49" rel="prev"')
                self.assertContains(response, 'href="?week=2026-W51" rel="next"')

    def test_bad_week_is_a_400_with_a_message(self):
        """A week that is not one answers 400 and says how to write one."""
        for query in ("?week=soon", "?week=2026-W60", "?week=2026-13-01"):
            with self.subTest(query=query):
                response = self.budget(query)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "give one as 2026-W49", status_code=400)

    def test_budget_is_printable(self):
        """The budget links its stylesheet, which prints the week without the admin's menus."""
        self.assertContains(self.budget(), "planning/budget.css")
        stylesheet = Path(finders.find("planning/budget.css")).read_text()
        printed = stylesheet[stylesheet.index("@media print") :]
        self.assertIn("#header", printed)
        self.assertIn("#nav-sidebar", printed)
        self.assertIn(".budget-nav", printed)

    def test_only_editors_see_the_budget(self):
        """Anonymous visitors and reporters are sent to sign in; editors see the week."""
        url = reverse("planning:budget")
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))
        self.client.force_login(self.reporter)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(url), "<h1>Story budget</h1>", html=True)


@time_machine.travel(NOW, tick=False)
class BudgetQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ruth")
        cls.reporters = [factories.reporter(f"writer{n}") for n in range(3)]
        cls.section = factories.SectionFactory(name="Harbour")

    def add(self, count):
        """``count`` more assignments this week, every third started, with two reporters each."""
        drafts = []
        for n in range(count):
            made = Assignment.objects.create(
                headline=f"Plan {n}", due_at=at(1 + n % 6, 9 + n % 10), section=self.section
            )
            made.reporters.set(self.reporters[: 1 + n % 2])
            if n % 3 == 0:
                drafts.append(made)
        for made in drafts[:10]:
            made.article = factories.ArticleFactory(headline=f"Draft of {made.headline}")
            made.save()
        factories.submitted(headline=f"In review {count}")
        factories.published(headline=f"Published {count}", publish_at=at(1, 8))

    def queries(self):
        self.client.force_login(self.editor)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(reverse("planning:budget"))
        self.assertEqual(response.status_code, 200)
        return len(captured), response

    def test_same_number_of_queries_at_1_and_200_assignments(self):
        """The budget costs as many queries with 200 assignments as with one."""
        self.add(1)
        few, _ = self.queries()
        self.add(199)
        many, response = self.queries()
        self.assertEqual(Assignment.objects.count(), 200)
        self.assertIn("Plan 198<", response.content.decode())
        self.assertEqual(few, many)
        self.assertLessEqual(many, 12)

    def test_lines_of_pieces_not_assigned_are_counted_once(self):
        """A piece without an assignment is listed once, on the day it was last saved."""
        self.add(1)
        _, response = self.queries()
        self.assertContains(response, "In review 1", count=1)
        self.assertEqual(Article.objects.filter(state=Article.State.IN_REVIEW).count(), 1)


class BudgetLinkTests(TestCase):
    def test_planning_admin_links_to_the_budget(self):
        """The admin's Planning page and the assignments list both link to the story budget."""
        self.client.force_login(factories.editor("ruth"))
        budget = reverse("planning:budget")
        for url in (
            reverse("admin:app_list", args=["planning"]),
            reverse("admin:planning_assignment_changelist"),
        ):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), f'href="{budget}"')
