import json
import re

from django.test import TestCase, override_settings
from django.urls import reverse

from articles.roles import EDITORS
from pages.models import Page

from . import factories
from .test_public_pages import h1_count

POLICIES = {
    "correctionsPolicy": ("corrections-policy", "Corrections policy", Page.Kind.CORRECTIONS_POLICY),
    "ethicsPolicy": ("ethics-policy", "Ethics policy", Page.Kind.ETHICS_POLICY),
    "masthead": ("masthead", "Masthead", Page.Kind.MASTHEAD),
}


def jsonld(response):
    """Every JSON-LD block on the page, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return [json.loads(block) for block in blocks]


def make_policy_pages():
    for slug, title, kind in POLICIES.values():
        Page.objects.create(slug=slug, title=title, kind=kind, body=f"## {title}\n\nOur rules.")


@override_settings(SITE_URL="https://news.example")
class NewsMediaOrganizationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_policy_pages()
        cls.article = factories.published(headline="Ferry fares rise")

    def test_home_page_names_the_policies_in_json_ld(self):
        """The front page's NewsMediaOrganization links the three policy pages by absolute URL."""
        response = self.client.get(reverse("articles:home"))
        [organization] = [d for d in jsonld(response) if d["@type"] == "NewsMediaOrganization"]
        self.assertEqual(organization["url"], "https://news.example/")
        for prop, (slug, _, _) in POLICIES.items():
            with self.subTest(property=prop):
                self.assertEqual(organization[prop], f"https://news.example/about/{slug}/")

    def test_an_article_names_the_organization_as_publisher(self):
        """A NewsArticle's publisher is the same NewsMediaOrganization with its policies."""
        response = self.client.get(self.article.get_absolute_url())
        [article] = [d for d in jsonld(response) if d["@type"] == "NewsArticle"]
        self.assertEqual(article["publisher"]["@type"], "NewsMediaOrganization")
        self.assertEqual(article["publisher"]["masthead"], "https://news.example/about/masthead/")

    def test_each_linked_page_answers_with_its_one_h1(self):
        """Every policy URL in the JSON-LD answers 200 with the page's title as the only h1."""
        response = self.client.get(reverse("articles:home"))
        [organization] = [d for d in jsonld(response) if d["@type"] == "NewsMediaOrganization"]
        for prop, (_, title, _) in POLICIES.items():
            with self.subTest(property=prop):
                page = self.client.get(organization[prop].removeprefix("https://news.example"))
                self.assertEqual(page.status_code, 200)
                self.assertEqual(h1_count(page), 1)
                self.assertContains(page, f"<h1>{title}</h1>", html=True)
                self.assertContains(page, f"<h2>{title}</h2>", html=True)

    def test_without_policy_pages_the_json_ld_names_none(self):
        """A policy page deleted is no longer linked: no address in the JSON-LD answers 404."""
        Page.objects.filter(kind=Page.Kind.ETHICS_POLICY).delete()
        response = self.client.get(reverse("articles:home"))
        [organization] = [d for d in jsonld(response) if d["@type"] == "NewsMediaOrganization"]
        self.assertNotIn("ethicsPolicy", organization)
        self.assertIn("correctionsPolicy", organization)

    def test_corrections_page_links_the_corrections_policy(self):
        """The corrections page points readers at the corrections policy."""
        response = self.client.get(reverse("articles:corrections"))
        self.assertContains(response, 'href="/about/corrections-policy/"')

    def test_unknown_page_is_404(self):
        """An address under /about/ that no page has answers 404."""
        self.assertEqual(self.client.get("/about/no-such-page/").status_code, 404)


class PageEditingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editors_member_can_add_and_change_a_page(self):
        """A member of Editors writes a page in the admin; readers see it, Markdown rendered."""
        self.assertTrue(self.editor.groups.filter(name=EDITORS).exists())
        self.assertFalse(self.editor.is_superuser)
        add = reverse("admin:pages_page_add")
        self.assertEqual(self.client.get(add).status_code, 200)
        data = {
            "title": "Ethics policy",
            "slug": "ethics-policy",
            "kind": Page.Kind.ETHICS_POLICY,
            "body": "We **never** take gifts.\n\n<script>alert(1)</script>",
        }
        self.assertEqual(self.client.post(add, data).status_code, 302)
        page = Page.objects.get(slug="ethics-policy")
        change = reverse("admin:pages_page_change", args=[page.pk])
        response = self.client.post(change, {**data, "title": "Our ethics"})
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        response = self.client.get(page.get_absolute_url())
        self.assertContains(response, "<h1>Our ethics</h1>", html=True)
        self.assertContains(response, "<strong>never</strong>", html=True)
        self.assertNotContains(response, "<script>alert(1)")

    def test_two_pages_cannot_share_a_kind(self):
        """A second corrections policy is refused in the admin with a message."""
        make_policy_pages()
        response = self.client.post(
            reverse("admin:pages_page_add"),
            {
                "title": "Another policy",
                "slug": "another",
                "kind": Page.Kind.CORRECTIONS_POLICY,
                "body": "Text.",
            },
        )
        self.assertContains(response, "Another page already has this kind.")

    def test_a_reporter_cannot_edit_pages(self):
        """Reporters do not manage the newspaper's own pages."""
        self.client.force_login(factories.reporter())
        self.assertNotEqual(self.client.get(reverse("admin:pages_page_add")).status_code, 200)
