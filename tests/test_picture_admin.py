"""Editors manage the picture library in the admin."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from pictures.models import Picture

from . import factories


class PictureAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()
        cls.soon = factories.picture(
            alt="Agency photo of the quay",
            credit="Harbour Press",
            usable_until=timezone.now() + datetime.timedelta(days=3),
        )
        cls.own = factories.picture(alt="Our own lighthouse photo")
        cls.live = factories.published(
            headline="Quay reopens", body=f"![The quay](picture:{cls.soon.pk})"
        )
        cls.draft = factories.ArticleFactory(headline="Lighthouse draft", hero_picture=cls.own)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_list_searches_and_filters_by_rights(self):
        """Editors find pictures by their words and by when their rights run out."""
        url = reverse("admin:pictures_picture_changelist")
        found = self.client.get(url, {"q": "harbour press"})
        self.assertContains(found, "Agency photo of the quay")
        self.assertNotContains(found, "Our own lighthouse photo")
        unlimited = self.client.get(url, {"rights": "unlimited"})
        self.assertContains(unlimited, "Our own lighthouse photo")
        self.assertNotContains(unlimited, "Agency photo of the quay</a>")

    def test_the_list_shows_rights_running_out_with_the_live_pieces_using_them(self):
        """Above the list: each picture expiring within 7 days, and the live pieces that show it."""
        response = self.client.get(reverse("admin:pictures_picture_changelist"))
        self.assertContains(response, "Rights running out in the next 7 days")
        box = response.text.split("expiring-pictures", 1)[1].split("</div>", 1)[0]
        self.assertIn("Agency photo of the quay", box)
        self.assertIn("Quay reopens", box)
        self.assertNotIn("Our own lighthouse photo", box)

    def test_the_change_page_lists_where_the_picture_is_used_and_its_body_line(self):
        """Each picture's page names the pieces using it, and the line that places it."""
        response = self.client.get(reverse("admin:pictures_picture_change", args=[self.own.pk]))
        self.assertContains(response, "Lighthouse draft")
        self.assertContains(response, f"![Our own lighthouse photo](picture:{self.own.pk})")
        self.assertContains(response, 'class="focal-picker"')
        self.assertContains(response, "focal-point.js")

    def test_typing_a_focal_point_remakes_the_crops(self):
        """The no-JavaScript way: new numbers in the focal point fields move the crops."""
        before = self.own.crops["1x1"]["box"]
        response = self.client.post(
            reverse("admin:pictures_picture_change", args=[self.own.pk]),
            {
                "alt": self.own.alt,
                "caption": "",
                "credit": "",
                "copyright": "",
                "usable_until": "",
                "focal_x": "0",
                "focal_y": "0.5",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.own.refresh_from_db()
        self.assertNotEqual(self.own.crops["1x1"]["box"], before)
        self.assertEqual(self.own.crops["1x1"]["box"][0], 0)

    def test_a_focal_point_outside_the_picture_is_refused(self):
        """A focal point beyond the edges gets a clear message, not an error page."""
        response = self.client.post(
            reverse("admin:pictures_picture_change", args=[self.own.pk]),
            {"alt": "x", "focal_x": "1.5", "focal_y": "0.5"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ensure this value is less than or equal to 1")

    def test_an_editor_uploads_a_picture_into_the_library(self):
        """Uploading in the admin stores a cleaned picture with its crops."""
        response = self.client.post(
            reverse("admin:pictures_picture_add"),
            {
                "image": factories.image_file(size=(1400, 1000)),
                "alt": "A new photo",
                "focal_x": "0.5",
                "focal_y": "0.5",
            },
        )
        self.assertEqual(response.status_code, 302)
        picture = Picture.objects.get(alt="A new photo")
        self.assertRegex(picture.image.name, r"^pictures/[0-9a-f]{32}\.jpg$")
        self.assertEqual(set(picture.crops), {"16x9", "4x3", "1x1", "og"})
        self.assertEqual(picture.uploaded_by, self.editor)

    def test_deleting_a_body_picture_takes_it_out_of_the_pieces(self):
        """A deleted picture leaves the bodies that showed it; a hero picture cannot be deleted."""
        self.client.post(
            reverse("admin:pictures_picture_delete", args=[self.soon.pk]), {"post": "yes"}
        )
        self.assertFalse(Picture.objects.filter(pk=self.soon.pk).exists())
        self.live.refresh_from_db()
        self.assertNotIn("<figure", self.live.body_html)
        response = self.client.post(
            reverse("admin:pictures_picture_delete", args=[self.own.pk]), {"post": "yes"}
        )
        self.assertContains(response, "Lighthouse draft")
        self.assertTrue(Picture.objects.filter(pk=self.own.pk).exists())
