"""Attribution readers and machines can see: the licence line, JSON-LD sources, feed sources."""

from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles import editing, revisions
from articles.models import Article

from . import factories
from .test_admin import change_form_data, change_url
from .test_desk import desk_form_data

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
