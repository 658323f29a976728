"""The picture library: crops around the focal point, and rights that run out on time."""

import datetime

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import workflow
from pictures import images
from pictures.models import Picture

from . import factories

SECOND = datetime.timedelta(seconds=1)


class CropGeometryTests(TestCase):
    def test_the_focal_point_is_inside_every_crop(self):
        """Wherever the focal point is, each ratio's crop keeps it and has that ratio."""
        sizes = [(1600, 900), (900, 1600), (2400, 2400), (1000, 300), (300, 1000)]
        points = [(0, 0), (1, 1), (0.5, 0.5), (0.05, 0.95), (0.97, 0.1), (0.33, 0.66)]
        for width, height in sizes:
            for fx, fy in points:
                for name, rw, rh, _out in images.CROPS:
                    with self.subTest(size=(width, height), focus=(fx, fy), ratio=name):
                        left, top, right, bottom = images.crop_box(width, height, rw, rh, fx, fy)
                        self.assertTrue(0 <= left < right <= width)
                        self.assertTrue(0 <= top < bottom <= height)
                        self.assertTrue(left <= fx * width <= right)
                        self.assertTrue(top <= fy * height <= bottom)
                        self.assertAlmostEqual((right - left) / (bottom - top), rw / rh, delta=0.02)
                        # As large as the picture allows: it touches two opposite edges.
                        self.assertTrue(right - left == width or bottom - top == height)

    def test_an_upload_gets_page_widths_ratios_and_an_open_graph_crop(self):
        """A new picture has its widths and 16:9, 4:3, 1:1 crops 1200 px wide, and 1200 × 630."""
        picture = factories.picture(size=(2400, 1600))
        self.assertEqual({r["width"] for r in picture.renditions}, {480, 960, 1600})
        for name in ("16x9", "4x3", "1x1"):
            self.assertEqual(picture.crops[name]["width"], 1200)
        self.assertEqual((picture.crops["og"]["width"], picture.crops["og"]["height"]), (1200, 630))
        with picture.image.storage.open(picture.crops["1x1"]["name"]) as handle:
            self.assertEqual(Image.open(handle).size, (1200, 1200))

    def test_a_changed_focal_point_remakes_the_crops(self):
        """Moving the focal point to the right edge moves the square crop there."""
        picture = factories.picture(size=(1600, 900))
        self.assertEqual(picture.crops["1x1"]["box"], [350, 0, 1250, 900])
        renditions = picture.renditions
        picture = Picture.objects.get(pk=picture.pk)
        picture.focal_x = 1.0
        picture.save()
        self.assertEqual(picture.crops["1x1"]["box"], [700, 0, 1600, 900])
        self.assertEqual(picture.renditions, renditions)

    def test_a_small_original_is_never_enlarged(self):
        """A picture narrower than 1200 px gets crops of its own size."""
        picture = factories.picture(size=(800, 600))
        self.assertEqual(picture.crops["4x3"]["width"], 800)
        self.assertEqual(picture.crops["og"]["width"], 800)


class PictureChecklistTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()

    def test_every_body_picture_needs_alt_text(self):
        """Publishing is refused while a body picture has no alt text in its line or the library."""
        bare = factories.picture(alt="")
        described = factories.picture(alt="")
        article = factories.ArticleFactory(
            body=f"![](picture:{bare.pk})\n\n![The quay](picture:{described.pk})"
        )
        problems = workflow.publish_problems(article)
        self.assertEqual(
            problems["body"], f"Give alt text to every picture in the body: picture {bare.pk}."
        )
        bare.alt = "Boats"
        bare.save()
        self.assertNotIn("body", workflow.publish_problems(article))

    def test_an_expired_picture_refuses_submit_and_publish_naming_it(self):
        """A picture past "Usable until", as hero or in the body, blocks Submit and Publish."""
        until = timezone.now() + datetime.timedelta(hours=1)
        hero = factories.picture(alt="Old press photo", usable_until=until)
        inside = factories.picture(alt="Agency picture", usable_until=until)
        uses = {
            "hero": ({"hero_picture": hero}, hero),
            "body": ({"body": f"![x](picture:{inside.pk})"}, inside),
        }
        for place, (fields, picture) in uses.items():
            draft = factories.ArticleFactory(**fields)
            in_review = factories.submitted(factories.ArticleFactory(**fields))
            for article, name in ((draft, "submit"), (in_review, "publish")):
                with self.subTest(place=place, transition=name):
                    with (
                        time_machine.travel(until + SECOND),
                        self.assertRaises(workflow.TransitionRefused) as refused,
                    ):
                        workflow.transition(article, name, by=self.editor)
                    message = " ".join(refused.exception.messages)
                    self.assertIn(f"{picture} may no longer be used", message)

    def test_a_usable_picture_does_not_block_publishing(self):
        """Before "Usable until" the piece publishes as usual."""
        picture = factories.picture(usable_until=timezone.now() + datetime.timedelta(days=1))
        article = factories.published(hero_picture=picture)
        self.assertEqual(article.state, "published")


@override_settings(PAGE_CACHE_SECONDS=300)
class RightsExpiryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.until = timezone.now() + datetime.timedelta(minutes=10)
        cls.hero = factories.picture(alt="A licensed photo", usable_until=cls.until)
        cls.inside = factories.picture(
            alt="A licensed body photo", caption="Body caption", usable_until=cls.until
        )
        cls.lasting = factories.picture(alt="Our own photo")
        cls.article = factories.published(
            hero_picture=cls.hero,
            body=f"First.\n\n![](picture:{cls.inside.pk})\n![](picture:{cls.lasting.pk})\n\nLast.",
        )

    def setUp(self):
        cache.clear()

    def test_an_expired_picture_disappears_at_its_instant_from_a_cached_page(self):
        """The page shows the pictures until "Usable until", and not one second after, cache or not."""
        url = self.article.get_absolute_url()
        first = self.client.get(url)
        self.assertContains(first, 'alt="A licensed photo"')
        self.assertContains(first, 'alt="A licensed body photo"')
        self.assertEqual(self.client.get(url)["X-Cache"], "HIT")
        with time_machine.travel(self.until + SECOND):
            later = self.client.get(url)
        self.assertNotContains(later, "A licensed photo")
        self.assertNotContains(later, "A licensed body photo")
        self.assertNotContains(later, "og:image")
        self.assertContains(later, 'alt="Our own photo"')
        self.assertContains(later, "<p>Last.</p>", html=True)

    def test_extended_rights_keep_the_picture_on_the_page(self):
        """An editor who extends "Usable until" keeps the picture showing past the old time."""
        self.inside.usable_until = self.until + datetime.timedelta(days=30)
        self.inside.save()
        with time_machine.travel(self.until + SECOND):
            response = self.client.get(self.article.get_absolute_url())
        self.assertContains(response, 'alt="A licensed body photo"')
        self.assertNotContains(response, 'alt="A licensed photo"')

    def test_the_page_cache_is_capped_at_the_next_expiry(self):
        """A page is kept no longer than the time left before a picture's rights run out."""
        from articles.cache import page_timeout

        with time_machine.travel(self.until - datetime.timedelta(seconds=30), tick=False):
            self.assertEqual(page_timeout(), 30)

    def test_lists_and_feeds_drop_an_expired_hero(self):
        """Cards and feed enclosures stop showing the hero at the same instant."""
        section_url = self.article.section.get_absolute_url()
        feed = reverse("feed_latest_rss")
        self.assertContains(self.client.get(feed), "<enclosure")
        with time_machine.travel(self.until + SECOND):
            self.assertNotContains(self.client.get(section_url), "A licensed photo")
            self.assertNotContains(self.client.get(feed), "<enclosure")


class RenditionChooserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.picture = factories.picture(size=(2400, 1350), alt="The new bridge")
        cls.article = factories.published(hero_picture=cls.picture)

    def test_feeds_and_the_news_sitemap_choose_through_the_library(self):
        """The feed encloses the 960 px JPEG; the news sitemap names the 16:9 crop."""
        feed = self.client.get(reverse("feed_latest_rss")).text
        self.assertRegex(feed, r'<enclosure [^>]*url="http[^"]+-960\.jpg"')
        sitemap = self.client.get(reverse("news_sitemap")).text
        self.assertIn(
            f"<image:loc>http://testserver/media/{self.picture.crops['16x9']['name']}</image:loc>",
            sitemap,
        )

    def test_per_piece_words_override_the_librarys(self):
        """A piece's own alt text and caption show on its page; the picture's own fill the gaps."""
        self.picture.caption = "The library's caption."
        self.picture.credit = "Photo: Library"
        self.picture.save()
        article = factories.published(
            hero_picture=self.picture, hero_alt="The bridge from the quay", hero_caption=""
        )
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, 'alt="The bridge from the quay"')
        self.assertContains(response, "The library&#x27;s caption.")
        self.assertContains(response, '<span class="credit">Photo: Library</span>', html=True)
