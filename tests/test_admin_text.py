from django.test import TestCase
from django.urls import reverse

from articles.models import Section, Tag
from authors.models import Author

from . import factories


class AdminTextTests(TestCase):
    def setUp(self):
        self.client.force_login(factories.editor())

    def test_names_and_bios_lose_invisible_control_characters(self):
        """A section, tag or author saved with a vertical tab keeps its text without it."""
        posts = [
            (
                "admin:articles_section_add",
                {"name": "Har\x0bbour", "slug": "harbour", "position": 1},
            ),
            ("admin:articles_tag_add", {"name": "fer\x0bries", "slug": "ferries"}),
            (
                "admin:authors_author_add",
                {"name": "Ines\x0b Vogel", "slug": "ines-vogel", "bio": "Boats\x0b.", "role": ""},
            ),
        ]
        for url, data in posts:
            with self.subTest(url=url):
                response = self.client.post(reverse(url), data)
                self.assertEqual(response.status_code, 302)
        self.assertEqual(Section.objects.get().name, "Harbour")
        self.assertEqual(Tag.objects.get().name, "ferries")
        author = Author.objects.get()
        self.assertEqual((author.name, author.bio), ("Ines Vogel", "Boats."))
