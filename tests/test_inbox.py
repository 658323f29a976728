"""Each signed-in person's inbox at /inbox/, and its unread count in the desk's and admin's headers."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from discussion.models import Notification, NotificationSettings
from discussion.notify import notify

from . import factories
from .test_pages_html import VNU


class InboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("reporter")
        cls.reporter.email = "reporter@example.org"
        cls.reporter.save()
        cls.other = factories.reporter("reporter2")
        cls.editor = factories.editor("editor")
        cls.article = factories.ArticleFactory(headline="Ferries run at night")

    def tell(self, user, text, **kwargs):
        return notify(
            [user], Notification.Event.CHANGES_REQUESTED, article=self.article, text=text, **kwargs
        )[0]

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        """/inbox/ and its buttons need a signed-in person."""
        response = self.client.get("/inbox/")
        self.assertRedirects(
            response, "/accounts/login/?next=/inbox/", fetch_redirect_response=False
        )
        item = self.tell(self.reporter, "Add the fares")
        response = self.client.post(f"/inbox/{item.pk}/read/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        item.refresh_from_db()
        self.assertIsNone(item.read_at)

    def test_items_are_newest_first_and_open_the_desk_for_reporters(self):
        """A reporter sees their own items, newest first, each linking to the piece on the desk."""
        self.tell(self.reporter, "First thing")
        self.tell(self.reporter, "Second thing")
        self.tell(self.other, "Someone else's thing")
        self.client.force_login(self.reporter)
        response = self.client.get("/inbox/")
        self.assertContains(response, "<h1", count=1)
        body = response.content.decode()
        self.assertLess(body.index("Second thing"), body.index("First thing"))
        self.assertNotContains(response, "Someone else")
        self.assertContains(
            response, f'<a href="/desk/{self.article.pk}/edit/">Second thing</a>', html=True
        )

    def test_editors_items_open_the_admin_change_page(self):
        """An editor's item links to the piece's admin change page."""
        self.tell(self.editor, "Submitted")
        self.client.force_login(self.editor)
        response = self.client.get("/inbox/")
        self.assertContains(
            response,
            f'<a href="/admin/articles/article/{self.article.pk}/change/">Submitted</a>',
            html=True,
        )

    def test_marking_one_read(self):
        """ "Mark read" on one item leaves the others unread and lowers the header count."""
        first = self.tell(self.reporter, "First thing")
        self.tell(self.reporter, "Second thing")
        self.client.force_login(self.reporter)
        self.assertContains(
            self.client.get("/desk/"), '2<span class="visually-hidden"> unread</span>'
        )
        response = self.client.post(f"/inbox/{first.pk}/read/")
        self.assertRedirects(response, "/inbox/")
        first.refresh_from_db()
        self.assertIsNotNone(first.read_at)
        self.assertEqual(Notification.objects.for_user(self.reporter).unread().count(), 1)
        self.assertContains(
            self.client.get("/desk/"), '1<span class="visually-hidden"> unread</span>'
        )

    def test_nobody_can_mark_another_persons_item(self):
        """Marking someone else's item read is a 404 and changes nothing."""
        theirs = self.tell(self.other, "Not yours")
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.post(f"/inbox/{theirs.pk}/read/").status_code, 404)
        theirs.refresh_from_db()
        self.assertIsNone(theirs.read_at)

    def test_marking_needs_a_post(self):
        """A link (GET) cannot mark anything read: 405."""
        item = self.tell(self.reporter, "A thing")
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(f"/inbox/{item.pk}/read/").status_code, 405)
        self.assertEqual(self.client.get("/inbox/read/").status_code, 405)

    def test_marking_needs_the_csrf_token(self):
        """A forged cross-site form cannot mark items read (403 without the CSRF token)."""
        item = self.tell(self.reporter, "A thing")
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.reporter)
        self.assertEqual(client.post(f"/inbox/{item.pk}/read/").status_code, 403)
        self.assertEqual(client.post("/inbox/read/").status_code, 403)

    def test_mark_all_read(self):
        """ "Mark all read" clears the person's own unread items only."""
        for n in range(3):
            self.tell(self.reporter, f"Thing {n}")
        theirs = self.tell(self.other, "Not yours")
        self.client.force_login(self.reporter)
        response = self.client.post("/inbox/read/", follow=True)
        self.assertContains(response, "Marked 3 notifications read.")
        self.assertEqual(Notification.objects.for_user(self.reporter).unread().count(), 0)
        theirs.refresh_from_db()
        self.assertIsNone(theirs.read_at)

    def test_admin_header_shows_the_unread_count(self):
        """The admin's header links to the inbox with the editor's unread count."""
        self.tell(self.editor, "Submitted")
        self.client.force_login(self.editor)
        response = self.client.get("/admin/")
        self.assertContains(response, '<a href="/inbox/">Inbox (1 unread)</a>', html=True)

    def test_turning_mail_off(self):
        """The inbox's mail setting, unticked and saved, stops mail for later notifications."""
        self.client.force_login(self.reporter)
        self.assertContains(self.client.get("/inbox/"), "Send me my notifications by mail")
        response = self.client.post("/inbox/settings/", {}, follow=True)
        self.assertContains(response, "Notifications will no longer be sent by mail.")
        self.assertFalse(NotificationSettings.wants_mail(self.reporter))
        self.assertEqual(self.tell(self.reporter, "Quietly").mail, Notification.Mail.OFF)
        self.client.post("/inbox/settings/", {"mail_enabled": "on"})
        self.assertTrue(NotificationSettings.wants_mail(self.reporter))

    def test_pages_of_twenty_five(self):
        """Thirty items make two pages; the second holds the five oldest."""
        for n in range(30):
            self.tell(self.reporter, f"Thing number {n:02d}")
        self.client.force_login(self.reporter)
        first = self.client.get("/inbox/")
        self.assertContains(first, "Thing number 29")
        self.assertNotContains(first, "Thing number 04")
        self.assertContains(first, "Page 1 of 2")
        second = self.client.get("/inbox/?page=2")
        self.assertContains(second, "Thing number 04")
        self.assertNotContains(second, "Thing number 05")
        self.assertEqual(self.client.get("/inbox/?page=9").status_code, 404)

    def test_query_count_does_not_grow_with_the_inbox(self):
        """The inbox takes as many queries with 30 items as with 1."""
        self.client.force_login(self.reporter)
        counts = []
        for total in (1, 30):
            while Notification.objects.filter(recipient=self.reporter).count() < total:
                self.tell(self.reporter, "A thing")
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/inbox/").status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 8, counts)

    def test_inbox_is_valid_html(self):
        """/inbox/ with read and unread items and a pager passes the Nu HTML Checker."""
        if not VNU.exists() or not shutil.which("java"):
            self.fail("The Nu HTML Checker is missing: `make install-dev` installs it.")
        for n in range(27):
            self.tell(self.reporter, f"Thing {n}", detail="Please add the fares & times.")
        Notification.objects.filter(pk__in=Notification.objects.values("pk")[:3]).update(
            read_at="2027-01-01T00:00:00Z"
        )
        self.client.force_login(self.reporter)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "inbox.html"
            path.write_bytes(self.client.get("/inbox/").content)
            result = subprocess.run(
                ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(path)],
                capture_output=True,
                text=True,
                timeout=180,
            )
        messages = json.loads(result.stderr or "{}").get("messages", [])
        self.assertEqual([f"{m['message']} (line {m.get('lastLine')})" for m in messages], [])
