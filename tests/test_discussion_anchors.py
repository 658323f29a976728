"""Paragraph comments across edits, comments kept out of everything readers see, valid HTML."""

import re
import shutil
from types import SimpleNamespace

from django.test import TestCase
from django.urls import reverse
from reversion.models import Version

from articles import editing
from articles.models import ShareLink
from discussion.models import Comment, CommentingLink
from discussion.paragraphs import fingerprint, locate, split

from . import factories
from .test_pages_html import VNU
from .test_planning_html import vnu_problems

BODY = "The council met on Tuesday.\n\nThe vote was seven to two.\n\nWork starts in spring."


def paragraph_block(html, number):
    """The preview's list item for paragraph ``number``, up to the next one."""
    start = html.index(f'id="paragraph-{number}"')
    following = html.find(f'id="paragraph-{number + 1}"', start)
    return html[start : following if following != -1 else html.index("</ol>", start)]


def as_document(response):
    """The discussion section of ``response`` alone, as a page of its own."""
    html = response.content.decode()
    start = html.index('<link rel="stylesheet" href="/static/css/discussion.css">')
    end = html.index("</section>", html.index('<section id="discussion"')) + len("</section>")
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Discussion</title>'
        f"</head><body><main>{html[start:end]}</main></body></html>"
    )
    return page.encode()


class ParagraphAnchorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("reporter")
        cls.editor = factories.editor("editor")
        cls.article = factories.ArticleFactory(
            body=BODY, created_by=cls.reporter, authors=[cls.reporter.author]
        )

    def setUp(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("comments:post", args=[self.article.pk]),
            {
                "text": "Who voted against?",
                "paragraph": 1,
                "paragraph_hash": fingerprint("The vote was seven to two."),
            },
        )
        self.assertEqual(response.status_code, 302)

    def rewrite(self, body):
        self.article.refresh_from_db()
        self.article.body = body
        editing.save(self.article, by=self.reporter)

    def preview(self):
        self.client.force_login(self.reporter)
        return self.client.get(reverse("desk:preview", args=[self.article.pk])).content.decode()

    def test_a_paragraph_comment_shows_on_its_paragraph_in_the_preview(self):
        """The comment and its reply are listed under paragraph 2 of the preview, not the others."""
        question = Comment.objects.get(text="Who voted against?")
        self.client.post(
            reverse("comments:post", args=[self.article.pk]),
            {"text": "Two harbour members.", "parent": question.pk},
        )
        html = self.preview()
        self.assertIn("Who voted against?", paragraph_block(html, 2))
        self.assertIn("Two harbour members.", paragraph_block(html, 2))
        self.assertNotIn("Who voted against?", paragraph_block(html, 1))

    def test_the_anchor_survives_edits_to_other_paragraphs(self):
        """A paragraph added above and another one edited: the comment follows its paragraph, unchanged."""
        self.rewrite(
            "A new opening line.\n\nThe council met on Tuesday evening.\n\n"
            "The vote was seven to two.\n\nWork starts in spring."
        )
        html = self.preview()
        block = paragraph_block(html, 3)
        self.assertIn("Who voted against?", block)
        self.assertNotIn("has changed since", block)
        self.assertNotIn("Who voted against?", paragraph_block(html, 2))
        edit = self.client.get(reverse("desk:edit", args=[self.article.pk]))
        self.assertContains(edit, "On paragraph 3:")

    def test_a_comment_whose_paragraph_changed_says_so(self):
        """When the paragraph itself is reworded, the comment stays in its place and quotes the old text."""
        self.rewrite("The council met on Tuesday.\n\nThe vote was 7–2.\n\nWork starts in spring.")
        block = paragraph_block(self.preview(), 2)
        self.assertIn("Who voted against?", block)
        self.assertIn("This paragraph has changed since the comment. It read:", block)
        self.assertIn("The vote was seven to two.", block)
        edit = self.client.get(reverse("desk:edit", args=[self.article.pk]))
        self.assertContains(edit, "On paragraph 2, which has changed since. It read:")

    def test_a_comment_whose_paragraph_is_gone_is_still_shown(self):
        """With its paragraph cut, the comment is listed apart with the text it was made on."""
        self.rewrite("The council met on Tuesday.")
        html = self.preview()
        lost = html[html.index("On paragraphs no longer in the piece") :]
        self.assertIn("Who voted against?", lost)
        self.assertIn("The vote was seven to two.", lost)

    def test_commenting_on_a_paragraph_that_changed_meanwhile_is_refused(self):
        """A form from before the paragraph was reworded is a 400 asking to reload, not a misplaced comment."""
        self.rewrite("The council met on Tuesday.\n\nThe vote was 7–2.")
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("comments:post", args=[self.article.pk]),
            {
                "text": "Late",
                "paragraph": 1,
                "paragraph_hash": fingerprint("The vote was seven to two."),
            },
        )
        self.assertContains(response, "That paragraph has changed", status_code=400)
        self.assertFalse(Comment.objects.filter(text="Late").exists())

    def test_repeated_text_finds_the_copy_nearest_the_old_place(self):
        """Two identical paragraphs: the comment stays with the one nearest where it was."""
        texts = split("Yes.\n\nNo.\n\nYes.\n\nMaybe.")
        comment = SimpleNamespace(paragraph_hash=fingerprint("Yes."), paragraph_index=3)
        self.assertEqual(locate(comment, texts).index, 2)


class CommentsStayInsideTests(TestCase):
    def test_comments_are_not_on_public_pages_feeds_search_or_in_revisions(self):
        """A published piece's comments are nowhere a reader looks, nor in its body's revisions."""
        reporter = factories.reporter("reporter")
        article = factories.published(
            body="Ferries run at night now.", created_by=reporter, authors=[reporter.author]
        )
        Comment.objects.create(article=article, author=reporter, text="Ferrymen-secret-remark")
        article.refresh_from_db()
        article.body = "Ferries run at night now, all week."
        editing.save(article, by=reporter)
        for url in [
            article.get_absolute_url(),
            reverse("articles:home"),
            article.section.get_absolute_url(),
            "/feeds/rss/",
            "/feeds/atom/",
            "/search/?q=ferries",
            "/sitemap.xml",
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (200,), url)
                self.assertNotContains(response, "Ferrymen-secret-remark")
        self.assertContains(self.client.get("/search/?q=Ferrymen-secret-remark"), "0 pieces found.")
        self.assertContains(self.client.get("/search/?q=ferries"), "1 piece found.")
        versions = Version.objects.get_for_object(article)
        self.assertGreaterEqual(len(versions), 2)
        for version in versions:
            self.assertNotIn("Ferrymen-secret-remark", version.serialized_data)


class DiscussionPageValidityTests(TestCase):
    def test_discussion_pages_are_valid_html(self):
        """The desk's edit and locked pages, the admin change page and both previews pass the Nu checker."""
        if not VNU.exists() or not shutil.which("java"):
            self.fail(
                "The Nu HTML Checker is missing: `make install-dev` installs it (needs npm and Java)."
            )
        reporter = factories.reporter("reporter")
        editor = factories.editor("editor")
        draft = factories.ArticleFactory(body=BODY, created_by=reporter, authors=[reporter.author])
        locked = factories.submitted(
            factories.ArticleFactory(body=BODY, created_by=reporter, authors=[reporter.author])
        )
        link = ShareLink.objects.create(article=draft, created_by=editor)
        CommentingLink.objects.create(share_link=link, accepts_comments=True)
        for article in (draft, locked):
            first = Comment.objects.create(article=article, author=editor, text="Add <the> fares.")
            Comment.objects.create(article=article, author=reporter, text="Done.", parent=first)
            Comment.objects.create(
                article=article,
                guest_name="Lee Park",
                share_link=link,
                text="Check this.",
                paragraph_index=1,
                paragraph_hash=fingerprint("The vote was seven to two."),
                paragraph_text="The vote was seven to two.",
            )
        first.resolved_by, first.resolved_at = editor, first.created_at
        first.save()
        pages = {}
        self.client.force_login(reporter)
        pages["edit"] = self.client.get(reverse("desk:edit", args=[draft.pk]))
        pages["locked"] = self.client.get(reverse("desk:edit", args=[locked.pk]))
        pages["preview"] = self.client.get(reverse("desk:preview", args=[draft.pk]))
        pages["refused"] = self.client.post(reverse("comments:post", args=[draft.pk]), {"text": ""})
        self.client.force_login(editor)
        pages["admin"] = self.client.get(reverse("admin:articles_article_change", args=[draft.pk]))
        self.client.logout()
        pages["share"] = self.client.get(link.get_absolute_url())
        self.assertContains(pages["share"], "Check this.")
        self.assertContains(pages["admin"], "Stop guest comments")
        self.assertEqual(pages["refused"].status_code, 400)
        for name, response in pages.items():
            with self.subTest(name):
                self.assertEqual(len(re.findall(r"<h1[ >]", response.content.decode())), 1)
        whole = pages["admin"].content.decode()
        ours = re.findall(r' id="([^"]+)"', as_document(pages["admin"]).decode())
        clashes = [i for i in ours if whole.count(f'id="{i}"') != 1]
        self.assertEqual(clashes, [], "the discussion's ids clash with the admin's own")
        # The admin's own markup is Django's; only the discussion it shows is ours.
        pages["admin"] = SimpleNamespace(content=as_document(pages["admin"]))
        self.maxDiff = None
        self.assertEqual(vnu_problems(pages), [])
