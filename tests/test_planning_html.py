"""Planning's pages pass the Nu HTML Checker: the budget, the desk with assignments, the brief."""

import datetime
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from planning.models import Assignment, CalendarFeed

from . import factories
from .test_pages_html import VNU


def planned_week():
    """A reporter and an editor with a week of assignments in every state; return them."""
    reporter = factories.reporter("sam")
    editor = factories.editor("ruth")
    section = factories.SectionFactory(name="Harbour")
    now = timezone.now()
    for n, headline in enumerate(["Crane inspection", "Night buses", "Budget vote"]):
        made = Assignment.objects.create(
            headline=headline,
            brief="Ask for the full report.\\n\\nTalk to the union.",
            section=section,
            due_at=now + datetime.timedelta(hours=n * 20 - 10),
            publish_at=now + datetime.timedelta(hours=n * 20 + 2),
            created_by=editor,
        )
        made.reporters.set([reporter])
    started = Assignment.objects.get(headline="Night buses")
    started.article = factories.ArticleFactory(
        headline="Night buses", created_by=reporter, authors=[reporter.author]
    )
    started.save()
    factories.submitted(headline="In review now")
    factories.published(headline="Scheduled soon", publish_at=now + datetime.timedelta(hours=3))
    factories.published(headline="Out this week")
    return reporter, editor, started


def vnu_problems(responses):
    """The Nu HTML Checker's errors in ``responses`` (name → response), as readable lines."""
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for name, response in responses.items():
            path = Path(folder) / f"{name}.html"
            path.write_bytes(response.content)
            files[str(path)] = name
        result = subprocess.run(
            ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=180,
        )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"{m['message']} (line {m.get('lastLine')})"
        for m in messages
    ]


class PlanningPageValidityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter, cls.editor, cls.started = planned_week()

    def test_planning_pages_are_valid_html(self):
        """The budget, the desk home with assignments, an assignment, the brief and the calendar page are valid."""
        if not VNU.exists() or not shutil.which("java"):
            self.fail(
                "The Nu HTML Checker is missing: `make install-dev` installs it (needs npm and Java)."
            )
        pages = {}
        self.client.force_login(self.reporter)
        not_started = Assignment.objects.get(headline="Crane inspection")
        for name, url in {
            "desk-home": reverse("desk:home"),
            "assignment": not_started.get_absolute_url(),
            "edit-with-brief": reverse("desk:edit", args=[self.started.article_id]),
            "calendar": reverse("planning:calendar"),
        }.items():
            pages[name] = self.client.get(url)
        self.client.force_login(self.editor)
        pages["budget"] = self.client.get(reverse("planning:budget"))
        pages["budget-bad-week"] = self.client.get(reverse("planning:budget") + "?week=soon")
        self.assertContains(pages["desk-home"], "Start writing")
        self.assertContains(pages["edit-with-brief"], "Talk to the union.")
        self.assertTrue(CalendarFeed.objects.filter(user=self.reporter).exists())
        self.assertEqual(pages["budget-bad-week"].status_code, 400)
        self.maxDiff = None
        self.assertEqual(vnu_problems(pages), [])
