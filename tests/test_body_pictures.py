"""Library pictures inside a body: figures, galleries, and lines that cannot be shown."""

import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article

from . import factories
from .test_desk import desk_form_data


def figures(html):
    return re.findall(r"<figure class=\"picture\">.*?</figure>", html, re.S)


class BodyPictureRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.harbour = factories.picture(
            alt="Cranes over the harbour",
            caption="The harbour at dusk.",
            credit="Photo: Ines Vogel",
        )
        cls.ferry = factories.picture(size=(800, 600), alt="The ferry", caption="", credit="")

    def test_a_picture_line_becomes_a_figure_with_srcset_caption_and_credit(self):
        """A line of its own shows the picture at several widths, with the line's caption and the credit."""
        article = factories.ArticleFactory(
            body=f'Before.\n\n![Cranes at work](picture:{self.harbour.pk} "Work starts at six.")\n\nAfter.'
        )
        found = figures(article.body_html)
        self.assertEqual(len(found), 1)
        self.assertIn('alt="Cranes at work"', found[0])
        self.assertRegex(found[0], r'srcset="[^"]+-480\.jpg 480w, [^"]+-960\.jpg 960w')
        self.assertIn('type="image/webp"', found[0])
        self.assertIn(
            '<figcaption>Work starts at six. <span class="credit">Photo: Ines Vogel</span></figcaption>',
            found[0],
        )
        self.assertNotIn("<p><figure", article.body_html)

    def test_without_a_title_the_picture_keeps_its_own_caption_and_alt_text(self):
        """A bare line ``![](picture:ID)`` shows the library's alt text and caption."""
        article = factories.ArticleFactory(body=f"![](picture:{self.harbour.pk})")
        self.assertIn('alt="Cranes over the harbour"', article.body_html)
        self.assertIn("<figcaption>The harbour at dusk.", article.body_html)

    def test_two_lines_in_one_paragraph_make_a_gallery(self):
        """Consecutive picture lines show side by side as one gallery."""
        article = factories.ArticleFactory(
            body=f"![One](picture:{self.harbour.pk})\n![Two](picture:{self.ferry.pk})\n\nText."
        )
        gallery = re.search(r'<div class="gallery">(.*?)</div>', article.body_html, re.S)
        self.assertIsNotNone(gallery)
        self.assertEqual(len(figures(gallery.group(1))), 2)
        self.assertIn("<p>Text.</p>", article.body_html)

    def test_an_unknown_picture_shows_nothing(self):
        """A line naming a picture that does not exist leaves no broken image behind."""
        article = factories.ArticleFactory(body="Text.\n\n![Gone](picture:999999)")
        self.assertHTMLEqual(article.body_html, "<p>Text.</p>")

    def test_words_are_escaped_and_markers_cannot_be_forged(self):
        """Alt text and caption cannot add markup, and typed marker text stays text."""
        article = factories.ArticleFactory(
            body=(
                f'![<script>x</script>](picture:{self.harbour.pk} "<b onclick=1>hi</b>")\n\n'
                "picture-slot-0000000000000000-0"
            )
        )
        self.assertNotIn("<script>", article.body_html)
        self.assertNotIn("<b onclick", article.body_html)
        self.assertIn("&lt;b onclick=1&gt;hi&lt;/b&gt;", article.body_html)
        self.assertIn("<p>picture-slot-0000000000000000-0</p>", article.body_html)

    def test_a_picture_inside_text_is_not_shown(self):
        """Only a line of its own places a picture: inside a sentence it shows nothing."""
        article = factories.ArticleFactory(body=f"See ![x](picture:{self.harbour.pk}) here.")
        self.assertNotIn("<img", article.body_html)
        self.assertNotIn("<figure", article.body_html)

    def test_where_used_follows_the_body(self):
        """The piece lists the pictures its body places, and forgets those taken out."""
        article = factories.ArticleFactory(body=f"![a](picture:{self.harbour.pk})")
        self.assertEqual(list(self.harbour.in_bodies.all()), [article])
        article.body = "No pictures now."
        article.save()
        self.assertEqual(list(self.harbour.in_bodies.all()), [])

    def test_a_changed_caption_reaches_the_pieces_that_show_it(self):
        """Editing a picture's caption in the library changes it in every body using it."""
        article = factories.ArticleFactory(body=f"![a](picture:{self.harbour.pk})")
        version = article.version
        self.harbour.caption = "A new caption."
        self.harbour.save()
        article.refresh_from_db()
        self.assertIn("A new caption.", article.body_html)
        self.assertEqual(article.version, version)


class BodyPictureSavingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")
        cls.picture = factories.picture(alt="")

    def setUp(self):
        self.client.force_login(self.reporter)

    def save(self, body):
        return self.client.post(reverse("desk:new"), desk_form_data(headline="Pictures", body=body))

    def test_an_unknown_picture_is_reported_when_saving(self):
        """Saving a body that names a missing picture says which one, and saves nothing."""
        response = self.save("Text.\n\n![Gone](picture:42424242)")
        self.assertContains(response, "Picture 42424242 does not exist.")
        self.assertFalse(Article.objects.filter(headline="Pictures").exists())

    def test_a_picture_inside_text_is_reported_when_saving(self):
        """A picture written inside a sentence is refused with a message saying how to place it."""
        response = self.save(f"See ![x](picture:{self.picture.pk}) here.")
        self.assertContains(response, f"Put picture {self.picture.pk} on a line of its own")

    def test_a_well_placed_picture_saves(self):
        """A picture on a line of its own saves and is shown in the preview."""
        response = self.save(f"![Boats](picture:{self.picture.pk})")
        article = Article.objects.get(headline="Pictures")
        self.assertRedirects(response, reverse("desk:edit", args=[article.pk]))
        preview = self.client.get(reverse("desk:preview", args=[article.pk]))
        self.assertContains(preview, 'alt="Boats"')


class BodyPictureQueryTests(TestCase):
    def queries_for(self, url):
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_ten_pictures_in_the_body_add_no_query(self):
        """A page with ten body pictures (and a gallery) costs as many queries as one without."""
        section = factories.SectionFactory(name="News")
        plain = factories.published(section=section, body="Just words.")
        pictures = [factories.picture(size=(640, 360)) for _ in range(10)]
        lines = [f"![Picture {n}](picture:{p.pk})" for n, p in enumerate(pictures)]
        body = "\n\n".join(lines[:6]) + "\n\n" + "\n".join(lines[6:])
        rich = factories.published(section=section, body=body)
        self.assertEqual(len(figures(rich.body_html)), 10)
        self.queries_for(plain.get_absolute_url())
        self.assertEqual(
            self.queries_for(rich.get_absolute_url()), self.queries_for(plain.get_absolute_url())
        )


class MalformedPictureLineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rita")
        cls.picture = factories.picture(alt="Boats")

    def test_malformed_lines_show_no_image_and_saving_says_why(self):
        """Each malformed picture line is refused with a message on saving, and never shows an image."""
        pk = self.picture.pk
        cases = {
            "no number": ("![x](picture:abc)", "“picture:abc” names no picture"),
            "empty number": ("![x](picture:)", "“picture:” names no picture"),
            "inside a sentence": (f"Look: ![x](picture:{pk}) here.", "on a line of its own"),
            "inside a link": (f"[![x](picture:{pk})](https://example.org)", "on a line of its own"),
            "beside text": (f"Caption line\n![x](picture:{pk})", "on a line of its own"),
            "missing": ("![x](picture:987654321)", "Picture 987654321 does not exist."),
        }
        self.client.force_login(self.reporter)
        for name, (body, message) in cases.items():
            with self.subTest(name):
                article = factories.ArticleFactory(body=body)
                self.assertNotIn("<img", article.body_html)
                self.assertNotIn("<figure", article.body_html)
                response = self.client.post(
                    reverse("desk:new"), desk_form_data(headline=f"Bad {name}", body=body)
                )
                self.assertContains(response, message)
                self.assertFalse(Article.objects.filter(headline=f"Bad {name}").exists())

    def test_a_line_that_is_not_quite_a_picture_stays_text(self):
        """An unclosed picture line stays visible as the text typed, so the preview shows it."""
        article = factories.ArticleFactory(body=f"![x](picture:{self.picture.pk}")
        self.assertIn(f"picture:{self.picture.pk}", article.body_html)
        self.assertNotIn("<img", article.body_html)
