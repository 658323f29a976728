"""The wire import's review screen, and putting left-out lines back into the body."""

import json
import shutil
import subprocess
import tempfile

from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles import wire_review
from articles.models import Article
from articles.wire import parse

from . import factories
from .test_pages_html import VNU

# The two shapes: a crosshead starting with a quotation mark, and a
# first-person biography after the source line and a blank line.
SYNDICATED = """In Halden Bay, the last cannery closed in spring. What came next surprised everyone.
The cannery's whistle sounded for the last time in April.
Half the workers signed up for a boat-building course.
"We build, we don't wait": Halden Bay
The course now has a waiting list of sixty.
Source: Coastlines Magazine (https://example.com/coastlines/halden-bay)

I have worked in news for twenty years, first as a court reporter and then abroad.
"""
BIO = "I have worked in news for twenty years, first as a court reporter and then abroad."


def line(number, label, text):
    """One row of the review screen as a reporter sees it: line number, where it went, text."""
    return (
        f'<tr class="wire-line-{label.lower().replace(" ", "-")}">'
        f'<td class="text-body-secondary">{number}</td>'
        f'<td><span class="badge text-bg-light border">{label}</span></td><td>{text}</td></tr>'
    )


class WireReviewTests(TestCase):
    def setUp(self):
        self.reporter = factories.reporter("rep")
        self.client.force_login(self.reporter)

    def import_copy(self, copy=SYNDICATED):
        response = self.client.post(reverse("desk:import"), {"wire_copy": copy}, follow=True)
        return Article.objects.get(), response

    def test_create_draft_shows_each_pasted_line_marked_with_where_it_went(self):
        """After "Create draft" the pasted copy is shown line by line, each with its place."""
        article, response = self.import_copy()
        self.assertEqual(
            response.redirect_chain[-1][0], reverse("desk:wire-review", args=[article.pk])
        )
        self.assertContains(response, '<h1 class="h3">What went where</h1>', html=True)
        expected = [
            (1, "Standfirst", "In Halden Bay, the last cannery closed in spring. What came next surprised everyone."),
            (2, "Body", "The cannery&#x27;s whistle sounded for the last time in April."),
            (4, "Crosshead", "&quot;We build, we don&#x27;t wait&quot;: Halden Bay"),
            (6, "Source", "Source: Coastlines Magazine (https://example.com/coastlines/halden-bay)"),
            (8, "Left out", BIO),
        ]  # fmt: skip
        for number, label, text in expected:
            with self.subTest(line=number):
                self.assertContains(response, line(number, label, text), html=True)
        self.assertIn('## "We build, we don\'t wait": Halden Bay', article.body)
        self.assertNotIn("I have worked", article.body)

    def test_the_review_is_linked_from_the_pieces_history(self):
        """The edit page's history links back to the review, and lists the left-out lines."""
        article, _response = self.import_copy()
        edit = self.client.get(reverse("desk:edit", args=[article.pk]))
        self.assertContains(
            edit,
            f'<a href="{reverse("desk:wire-review", args=[article.pk])}">'
            "Imported from wire copy: see what went where</a>",
            html=True,
        )
        self.assertContains(edit, "Left out of the body")
        self.assertContains(edit, BIO)
        self.assertContains(edit, ">Put back into the body</button>")

    def test_put_back_adds_the_line_to_the_end_of_the_body_as_a_revision(self):
        """One click puts a left-out line back as the body's last paragraph, saved as a revision."""
        article, _response = self.import_copy()
        review = reverse("desk:wire-review", args=[article.pk])
        response = self.client.post(
            reverse("desk:wire-put-back", args=[article.pk]),
            {"line": BIO, "next": review},
            follow=True,
        )
        self.assertEqual(response.redirect_chain[-1][0], review)
        self.assertContains(response, "Put back at the end of the body.")
        article.refresh_from_db()
        self.assertTrue(
            article.body.endswith("The course now has a waiting list of sixty.\n\n" + BIO)
        )
        self.assertContains(response, line(8, "Body", BIO), html=True)
        self.assertNotContains(response, ">Put back into the body</button>")
        newest = Version.objects.get_for_object(article).first()
        self.assertEqual(newest.revision.comment, str(wire_review.PUT_BACK_COMMENT))

    def test_putting_back_twice_changes_nothing_and_says_why(self):
        """A line already put back (from another tab) is not added a second time."""
        article, _response = self.import_copy()
        url = reverse("desk:wire-put-back", args=[article.pk])
        self.client.post(url, {"line": BIO})
        response = self.client.post(url, {"line": BIO}, follow=True)
        self.assertContains(response, "That line is no longer left out: it was put back already.")
        article.refresh_from_db()
        self.assertEqual(article.body.count(BIO), 1)

    def test_put_back_without_a_line_is_a_400_with_a_message(self):
        """A request that names no line is refused with a clear message, not a server error."""
        article, _response = self.import_copy()
        response = self.client.post(reverse("desk:wire-put-back", args=[article.pk]), {})
        self.assertContains(response, "Say which left-out line to put back.", status_code=400)

    def test_put_back_goes_only_to_this_site(self):
        """A "next" address on another site is ignored: the reporter lands on the review."""
        article, _response = self.import_copy()
        response = self.client.post(
            reverse("desk:wire-put-back", args=[article.pk]),
            {"line": BIO, "next": "https://evil.example/"},
        )
        self.assertRedirects(response, reverse("desk:wire-review", args=[article.pk]))

    def test_a_piece_in_review_keeps_its_body(self):
        """Once submitted, a reporter's piece cannot be changed by putting a line back."""
        article = factories.ArticleFactory(created_by=self.reporter)
        wire_review.record(article, parse(SYNDICATED), by=self.reporter)
        factories.submitted(article)
        body = Article.objects.get(pk=article.pk).body
        response = self.client.post(
            reverse("desk:wire-put-back", args=[article.pk]), {"line": BIO}, follow=True
        )
        self.assertContains(response, "This piece is in review, so it cannot be changed")
        self.assertNotContains(response, ">Put back into the body</button>")
        self.assertEqual(Article.objects.get(pk=article.pk).body, body)

    def test_another_reporters_import_is_not_found(self):
        """Another reporter can neither see the review nor put lines back (404)."""
        article, _response = self.import_copy()
        self.client.force_login(factories.reporter("other"))
        self.assertEqual(
            self.client.get(reverse("desk:wire-review", args=[article.pk])).status_code, 404
        )
        response = self.client.post(reverse("desk:wire-put-back", args=[article.pk]), {"line": BIO})
        self.assertEqual(response.status_code, 404)
        article.refresh_from_db()
        self.assertNotIn(BIO, article.body)

    def test_a_piece_written_on_the_desk_has_no_review(self):
        """A piece that was not imported answers 404 at the review address."""
        article = factories.ArticleFactory(created_by=self.reporter)
        response = self.client.get(reverse("desk:wire-review", args=[article.pk]))
        self.assertEqual(response.status_code, 404)


class WireReviewPageTests(TestCase):
    def test_pasted_markup_is_shown_as_text_and_the_page_is_valid_html(self):
        """Script in pasted copy is shown as text, and the review page passes the Nu HTML Checker."""
        self.client.force_login(factories.reporter("rep"))
        payload = '<img src=x onerror="alert(1)">'
        copy = f"Harbour wall repaired {payload}\n\nWork ended on Friday.\n\n{payload}\n\n-30-"
        response = self.client.post(reverse("desk:import"), {"wire_copy": copy}, follow=True)
        self.assertNotContains(response, payload)
        self.assertContains(response, "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;")
        if not VNU.exists() or not shutil.which("java"):
            self.fail("The Nu HTML Checker is missing: `make install-dev` installs it.")
        with tempfile.NamedTemporaryFile(suffix=".html") as page:
            page.write(response.content)
            page.flush()
            result = subprocess.run(
                ["java", "-jar", str(VNU), "--errors-only", "--format", "json", page.name],
                capture_output=True,
                text=True,
                timeout=180,
            )
        messages = json.loads(result.stderr or "{}").get("messages", [])
        self.assertEqual([m["message"] for m in messages], [])
