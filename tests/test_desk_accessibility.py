from django.test import TestCase
from django.urls import reverse

from articles.models import ShareLink

from . import factories


class RefusedSaveAnnouncementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("ines")

    def setUp(self):
        self.client.force_login(self.reporter)

    def test_a_refused_save_opens_on_a_summary_that_links_each_problem_to_its_field(self):
        """After a refused save, focus lands on an alert naming each problem, linked to its field."""
        response = self.client.post(
            reverse("desk:new"),
            {"headline": "Ferries", "source_url": "harbour authority", "action": "save"},
        )
        self.assertContains(response, "<title>Error: New piece", status_code=200)
        self.assertContains(
            response,
            '<div class="alert alert-danger" id="error-summary" role="alert" tabindex="-1" '
            'autofocus aria-labelledby="error-summary-heading">',
        )
        self.assertContains(
            response,
            '<li><a class="alert-link" href="#id_source_url">Source URL</a>: Enter a valid URL.</li>',
            html=True,
        )

    def test_a_page_without_errors_has_no_summary(self):
        """The write page opens on the form, not on an empty alert."""
        response = self.client.get(reverse("desk:new"))
        self.assertNotContains(response, "error-summary")
        self.assertContains(response, "<title>New piece")

    def test_an_error_message_is_an_alert(self):
        """A refused change is announced at once (role="alert"), a done one politely (role="status")."""
        piece = factories.submitted(created_by=self.reporter)
        edit = reverse("desk:edit", args=[piece.pk])
        refused = self.client.post(edit, {"headline": "Changed", "action": "save"}, follow=True)
        self.assertContains(refused, 'role="alert">This piece is in review', status_code=200)


class PreviewWayBackTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("ines")
        cls.piece = factories.ArticleFactory(created_by=cls.reporter)

    def test_the_desk_preview_links_back_to_the_piece(self):
        """From the preview a reporter goes back to editing the piece with one link."""
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("desk:preview", args=[self.piece.pk]))
        self.assertContains(
            response,
            f'<a href="{reverse("desk:edit", args=[self.piece.pk])}">Back to editing</a>',
            html=True,
        )

    def test_a_shared_preview_has_no_way_into_the_desk(self):
        """Someone reading through a share link is not sent to a desk they cannot use."""
        link = ShareLink.objects.create(article=self.piece)
        response = self.client.get(reverse("share", args=[link.token]))
        self.assertContains(response, "Preview — not published")
        self.assertNotContains(response, "Back to editing")
