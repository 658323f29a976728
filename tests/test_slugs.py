from django.test import SimpleTestCase, TestCase

from articles.slugs import readable_slug

from . import factories


class SlugTests(SimpleTestCase):
    def test_unicode_headlines_get_readable_slugs(self):
        """Accented Latin folds to ASCII; other scripts keep their letters."""
        cases = [
            ("Überschwemmung in Köln: Straße gesperrt", "uberschwemmung-in-koln-strasse-gesperrt"),
            ("Café crème — à la «française»", "cafe-creme-a-la-francaise"),
            ("Ελληνικά νέα", "ελληνικα-νεα"),
            ("Новости города", "новости-города"),
            ("!!!", "piece"),
        ]
        for headline, slug in cases:
            with self.subTest(headline=headline):
                self.assertEqual(readable_slug(headline), slug)


class UniqueSlugTests(TestCase):
    def test_same_headline_twice_gets_two_addresses(self):
        """Two pieces with the same headline get different slugs."""
        a = factories.ArticleFactory(headline="Storm hits the coast")
        b = factories.ArticleFactory(headline="Storm hits the coast")
        self.assertEqual(a.slug, "storm-hits-the-coast")
        self.assertEqual(b.slug, "storm-hits-the-coast-2")
