"""The file storage refuses a hero image (disk full): the piece's text is saved all the same."""

import errno
from unittest import mock

from django.core.files.storage import FileSystemStorage
from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from pictures.models import Picture

from . import factories
from .test_admin import change_form_data, change_url
from .test_desk import desk_form_data

MESSAGE = "The image could not be stored"


def disk_full():
    """Patch the file storage so that every write fails as on a full disk."""
    return mock.patch.object(
        FileSystemStorage, "_save", side_effect=OSError(errno.ENOSPC, "No space left on device")
    )


class DeskStorageErrorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")

    def setUp(self):
        self.client.force_login(self.reporter)

    def test_full_disk_saves_the_text_and_says_the_image_was_not_stored(self):
        """A reporter whose picture cannot be stored sees a clear error; the text they typed is saved."""
        article = factories.ArticleFactory(created_by=self.reporter)
        data = desk_form_data(
            article,
            self.reporter,
            headline="Ferry fares frozen",
            hero_alt="The ferry at dusk",
            hero_image=factories.image_file(size=(800, 600)),
        )
        with disk_full(), self.assertLogs("articles.editing", "ERROR"):
            response = self.client.post(reverse("desk:edit", args=[article.pk]), data, follow=True)
        self.assertRedirects(response, reverse("desk:edit", args=[article.pk]))
        self.assertContains(response, MESSAGE)
        self.assertContains(response, "The rest of the piece has been saved")
        article.refresh_from_db()
        self.assertEqual(article.headline, "Ferry fares frozen")
        self.assertEqual(article.hero_alt, "The ferry at dusk")
        self.assertIsNone(article.hero_picture)
        self.assertFalse(Picture.objects.exists())
        revision = Version.objects.get_for_object(article).first()
        self.assertEqual(revision.field_dict["headline"], "Ferry fares frozen")

    def test_full_disk_on_a_new_piece_still_creates_it(self):
        """A new piece with a picture that cannot be stored is created without the picture."""
        data = desk_form_data(
            headline="Night buses return",
            hero_alt="A night bus",
            hero_image=factories.image_file(),
        )
        with disk_full(), self.assertLogs("articles.editing", "ERROR"):
            response = self.client.post(reverse("desk:new"), data, follow=True)
        article = Article.objects.get(headline="Night buses return")
        self.assertRedirects(response, reverse("desk:edit", args=[article.pk]))
        self.assertContains(response, MESSAGE)
        self.assertIsNone(article.hero_picture)

    def test_full_disk_keeps_the_picture_the_piece_already_had(self):
        """Replacing a picture on a full disk keeps the old picture, its size and renditions."""
        article = factories.ArticleFactory(
            created_by=self.reporter,
            hero_image=factories.image_file(size=(1000, 500)),
            hero_alt="The old picture",
        )
        article.refresh_from_db()
        old = article.hero_picture
        data = desk_form_data(
            article,
            self.reporter,
            body="A new paragraph.",
            hero_image=factories.image_file(size=(640, 480), color="red"),
        )
        with disk_full(), self.assertLogs("articles.editing", "ERROR"):
            response = self.client.post(reverse("desk:edit", args=[article.pk]), data, follow=True)
        self.assertContains(response, MESSAGE)
        article.refresh_from_db()
        self.assertEqual(article.body, "A new paragraph.")
        self.assertEqual(article.hero_picture, old)
        self.assertEqual(Picture.objects.count(), 1)

    def test_submit_with_an_unstored_picture_is_not_submitted(self):
        """Pressing "Submit for review" when the picture failed saves the text but does not submit."""
        article = factories.ArticleFactory(created_by=self.reporter, authors=[self.reporter.author])
        data = desk_form_data(
            article,
            self.reporter,
            action="submit",
            hero_alt="A picture",
            hero_image=factories.image_file(),
        )
        with disk_full(), self.assertLogs("articles.editing", "ERROR"):
            response = self.client.post(reverse("desk:edit", args=[article.pk]), data, follow=True)
        self.assertContains(response, MESSAGE)
        article.refresh_from_db()
        self.assertEqual(article.state, Article.State.DRAFT)


class AdminStorageErrorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")

    def test_full_disk_in_the_admin_saves_the_text_and_shows_the_error(self):
        """An editor whose picture cannot be stored sees a clear error; the text is saved."""
        self.client.force_login(self.editor)
        article = factories.ArticleFactory()
        data = change_form_data(
            article,
            headline="Bridge reopens early",
            hero_alt="The bridge",
            hero_image=factories.image_file(),
        )
        with disk_full(), self.assertLogs("articles.editing", "ERROR"):
            response = self.client.post(change_url(article), data, follow=True)
        self.assertRedirects(response, change_url(article))
        self.assertContains(response, MESSAGE)
        # Not the admin's "was changed successfully": the picture was not saved.
        self.assertNotContains(response, "successfully")
        article.refresh_from_db()
        self.assertEqual(article.headline, "Bridge reopens early")
        self.assertIsNone(article.hero_picture)
