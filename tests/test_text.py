"""Text entering the newsroom is cleaned once, the same way everywhere."""

from django.contrib.admin.models import LogEntry
from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles import search, wire
from articles.models import Article

from . import factories
from .test_admin import change_form_data, change_url
from .test_desk import desk_form_data

BODY = "The council met on Tuesday.\n\n## What happens next\n\nWork starts in spring."


def as_browser_sends(text):
    return text.replace("\n", "\r\n")


class LineEndingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")
        cls.editor = factories.editor("eddie")

    def test_a_body_saved_from_a_browser_is_stored_with_plain_line_breaks(self):
        """A body posted with CRLF line breaks is stored exactly as typed, with \\n."""
        self.client.force_login(self.reporter)
        data = desk_form_data(headline="Line breaks", body=as_browser_sends(BODY))
        self.client.post(reverse("desk:new"), data)
        self.assertEqual(Article.objects.get(headline="Line breaks").body, BODY)

    def test_an_admin_save_changing_only_the_standfirst_says_so(self):
        """Saving in the admin after editing only the standfirst logs "Changed Standfirst", not Body."""
        article = factories.ArticleFactory(body=BODY)
        self.client.force_login(self.editor)
        data = change_form_data(article, standfirst="A new standfirst.")
        data["body"] = as_browser_sends(data["body"])
        response = self.client.post(change_url(article), data)
        self.assertEqual(response.status_code, 302)
        message = LogEntry.objects.get(object_id=str(article.pk)).get_change_message()
        self.assertIn("Standfirst", message)
        self.assertNotIn("Body", message)
        newest = Version.objects.get_for_object(article).first()
        self.assertEqual(newest.field_dict["body"], BODY)

    def test_a_conflict_names_only_the_field_that_changed(self):
        """Two editors' saves: the refusal lists the standfirst they both changed, never Body."""
        article = factories.ArticleFactory(body=BODY)
        self.client.force_login(self.editor)
        first = change_form_data(article, standfirst="Mine.")
        second = change_form_data(article, standfirst="Theirs.")
        for data in (first, second):
            data["body"] = as_browser_sends(data["body"])
        self.client.post(change_url(article), first)
        response = self.client.post(change_url(article), second)
        self.assertContains(response, "and changed: Standfirst.")


class OneCleaningRuleTests(TestCase):
    def test_every_entry_point_drops_the_same_invisible_characters(self):
        """The desk, the wire importer and search all drop control characters and the BOM."""
        dirty = "\ufeffHarbour\x0b plan\x07\x7f"
        reporter = factories.reporter("rita")
        self.client.force_login(reporter)
        self.client.post(reverse("desk:new"), desk_form_data(headline=dirty))
        self.assertTrue(Article.objects.filter(headline="Harbour plan").exists())
        self.assertEqual(wire.parse(dirty + "\r\n\r\nBody.").headline, "Harbour plan")
        self.assertEqual(search.clean_query(dirty), "Harbour plan")
