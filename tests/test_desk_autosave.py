from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import Article

from . import factories
from .test_desk import desk_form_data


class DeskAutosaveTests(TestCase):
    def setUp(self):
        self.reporter = factories.reporter("rep")
        self.client.force_login(self.reporter)
        self.article = factories.ArticleFactory(
            headline="Ferry timetable", created_by=self.reporter
        )

    def autosave(self, article=None, **changes):
        article = article or self.article
        data = desk_form_data(article, self.reporter, action="autosave", **changes)
        return self.client.post(reverse("desk:edit", args=[article.pk]), data)

    def test_edit_form_of_a_draft_saves_in_the_background(self):
        """A draft's edit form is marked for background saving and has a place to say it saved."""
        response = self.client.get(reverse("desk:edit", args=[self.article.pk]))
        self.assertContains(response, 'data-autosave="true"')
        self.assertContains(response, 'id="autosave-status"')

    def test_background_save_keeps_the_text_as_a_revision_and_moves_the_version_on(self):
        """A background save stores the text, is a revision, and the next Save from the page works."""
        response = self.autosave(body="The first boat leaves at six.")
        self.assertEqual(response.status_code, 200)
        answer = response.json()
        self.assertIn("Saved automatically at", answer["message"])
        self.article.refresh_from_db()
        self.assertEqual(self.article.body, "The first boat leaves at six.")
        self.assertEqual(answer["version"], self.article.version)
        latest = Version.objects.get_for_object(self.article).first()
        self.assertEqual(latest.revision.comment, "Saved automatically while typing.")
        # The page carries the new version on, so its next Save is not a conflict.
        data = desk_form_data(self.article, self.reporter, body="The first boat leaves at seven.")
        data["edited_version"] = answer["edited_version"]
        self.client.post(reverse("desk:edit", args=[self.article.pk]), data)
        self.article.refresh_from_db()
        self.assertEqual(self.article.body, "The first boat leaves at seven.")

    def test_background_save_over_a_newer_save_is_refused_and_changes_nothing(self):
        """If someone saved the same field since the page loaded, the background save is refused."""
        stale = desk_form_data(self.article, self.reporter, action="autosave", body="Mine.")
        other = Article.objects.get(pk=self.article.pk)
        other.body = "The editor's better text."
        other.save()
        response = self.client.post(reverse("desk:edit", args=[self.article.pk]), stale)
        self.assertEqual(response.status_code, 409)
        self.assertTrue(response.json()["errors"])
        self.article.refresh_from_db()
        self.assertEqual(self.article.body, "The editor's better text.")

    def test_pieces_in_review_are_never_saved_in_the_background(self):
        """Once submitted, a piece's background saves are refused with a reason."""
        page = desk_form_data(self.article, self.reporter, action="autosave", body="Late edit.")
        workflow.transition(self.article, "submit", by=self.reporter)
        response = self.client.post(reverse("desk:edit", args=[self.article.pk]), page)
        self.assertEqual(response.status_code, 409)
        self.assertIn("no longer a draft", response.json()["errors"][0])
        self.article.refresh_from_db()
        self.assertNotEqual(self.article.body, "Late edit.")


class AutosaveRevisionTests(TestCase):
    def setUp(self):
        self.reporter = factories.reporter("rep")
        self.client.force_login(self.reporter)
        self.article = factories.ArticleFactory(created_by=self.reporter)
        self.url = reverse("desk:edit", args=[self.article.pk])
        self.created = Version.objects.get_for_object(self.article).count()

    def post(self, action, body, version):
        data = desk_form_data(self.article, self.reporter, action=action, body=body)
        if version:
            data["edited_version"] = version
        response = self.client.post(self.url, data)
        return response.json()["edited_version"] if action == "autosave" else None

    def comments(self):
        """The comments of the revisions since the piece was created, newest first."""
        versions = Version.objects.get_for_object(self.article)
        return [v.revision.comment for v in versions][: versions.count() - self.created]

    def test_background_saves_replace_each_other_and_explicit_saves_stay(self):
        """Five background saves leave one revision; a Save between them keeps its own."""
        version = None
        for n in range(5):
            version = self.post("autosave", f"Draft {n}. " * 2000, version)
        self.assertEqual(self.comments(), ["Saved automatically while typing."])
        self.post("save", "Saved on purpose.", version)
        version = None
        for n in range(3):
            version = self.post("autosave", f"Later draft {n}.", version)
        self.assertEqual(
            self.comments(),
            ["Saved automatically while typing.", "", "Saved automatically while typing."],
        )
        newest = Version.objects.get_for_object(self.article).first()
        self.assertEqual(newest.field_dict["body"], "Later draft 2.")
