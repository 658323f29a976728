"""A piece's discussion: who may see and join it, the thread, guests' comments, notifications."""

import datetime
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import ShareLink
from discussion.models import Comment, CommentingLink
from discussion.paragraphs import fingerprint

from . import factories

BODY = "The council met on Tuesday.\n\nThe vote was seven to two.\n\nWork starts in spring."


class DiscussionSetup:
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("reporter")
        cls.other = factories.reporter("reporter2")
        cls.editor = factories.editor("editor")
        cls.article = factories.ArticleFactory(
            headline="Harbour vote",
            body=BODY,
            created_by=cls.reporter,
            authors=[cls.reporter.author],
        )
        cls.plain_link = ShareLink.objects.create(article=cls.article, created_by=cls.editor)
        cls.commenting_link = ShareLink.objects.create(article=cls.article, created_by=cls.editor)
        CommentingLink.objects.create(share_link=cls.commenting_link, accepts_comments=True)

    def setUp(self):
        cache.clear()

    def post_as(self, user, text="Check the figures.", **data):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client.post(reverse("comments:post", args=[self.article.pk]), {"text": text, **data})

    def guest_post(self, link, name="Lee Park (lawyer)", text="This is defamatory.", index=1):
        paragraph = BODY.split("\n\n")[index]
        return Client().post(
            reverse("comments:guest", args=[link.token]),
            {
                "name": name,
                "text": text,
                "paragraph": index,
                "paragraph_hash": fingerprint(paragraph),
            },
        )


class DiscussionAccessTests(DiscussionSetup, TestCase):
    def test_who_sees_the_discussion_and_may_post(self):
        """Reporter on the piece and editor see and post; another reporter gets 404; anonymous signs in."""
        Comment.objects.create(article=self.article, author=self.editor, text="Seen by whom?")
        desk = reverse("desk:edit", args=[self.article.pk])
        admin = reverse("admin:articles_article_change", args=[self.article.pk])
        cases = [
            ("reporter on the piece", self.reporter, desk, 200, 302, True),
            ("other reporter", self.other, desk, 404, 404, False),
            ("editor", self.editor, admin, 200, 302, True),
            ("anonymous", None, desk, 302, 302, False),
        ]
        for who, user, page, seen, posted, created in cases:
            with self.subTest(who):
                client = Client()
                if user is not None:
                    client.force_login(user)
                response = client.get(page)
                self.assertEqual(response.status_code, seen)
                if seen == 200:
                    self.assertContains(response, "Seen by whom?")
                    self.assertRegex(
                        response.content.decode(),
                        r'<label for="new-comment"[^>]*>Comment</label>',
                    )
                    self.assertContains(response, "Post comment")
                before = Comment.objects.count()
                response = self.post_as(user, text=f"From {who}")
                self.assertEqual(response.status_code, posted)
                self.assertEqual(Comment.objects.count() - before, int(created))
                if user is None:
                    self.assertIn("/accounts/login/", response["Location"])

    def test_guests_see_and_post_only_what_their_link_opens(self):
        """A commenting link shows paragraph comments and takes a named comment; a plain link neither."""
        Comment.objects.create(
            article=self.article,
            author=self.editor,
            text="Is the vote count confirmed?",
            paragraph_index=1,
            paragraph_hash=fingerprint("The vote was seven to two."),
            paragraph_text="The vote was seven to two.",
        )
        Comment.objects.create(article=self.article, author=self.editor, text="Internal only.")
        page = Client().get(self.commenting_link.get_absolute_url())
        self.assertContains(page, "Comments by paragraph")
        self.assertContains(page, "Is the vote count confirmed?")
        self.assertNotContains(page, "Internal only.")
        self.assertContains(page, '<label for="name-2">Your name</label>', html=True)
        response = self.guest_post(self.commenting_link)
        self.assertRedirects(
            response,
            self.commenting_link.get_absolute_url() + "#discussion",
            fetch_redirect_response=False,
        )
        comment = Comment.objects.get(text="This is defamatory.")
        self.assertEqual(comment.guest_name, "Lee Park (lawyer)")
        self.assertIsNone(comment.author)
        self.assertEqual(comment.paragraph_index, 1)

        plain = Client().get(self.plain_link.get_absolute_url())
        self.assertEqual(plain.status_code, 200)
        self.assertNotContains(plain, "Is the vote count confirmed?")
        self.assertNotContains(plain, "Your name")
        refused = self.guest_post(self.plain_link, text="Through a plain link")
        self.assertContains(refused, "does not take comments", status_code=403)
        self.assertFalse(Comment.objects.filter(text="Through a plain link").exists())

    def test_a_guest_does_not_see_comments_from_another_guests_link(self):
        """Each guest sees the newsroom's paragraph comments and their own link's, not another link's (even once it is deleted)."""
        other_link = ShareLink.objects.create(article=self.article, created_by=self.editor)
        CommentingLink.objects.create(share_link=other_link, accepts_comments=True)
        self.guest_post(other_link, name="A source", text="My quote is wrong.")
        page = Client().get(self.commenting_link.get_absolute_url())
        self.assertNotContains(page, "My quote is wrong.")
        self.assertContains(Client().get(other_link.get_absolute_url()), "My quote is wrong.")
        other_link.delete()
        page = Client().get(self.commenting_link.get_absolute_url())
        self.assertNotContains(page, "My quote is wrong.")

    def test_a_revoked_or_expired_link_refuses_comments(self):
        """A revoked link answers 404 and an expired one 410, each saying so; nothing is saved."""
        self.commenting_link.revoked = True
        self.commenting_link.save()
        self.assertEqual(self.guest_post(self.commenting_link).status_code, 404)
        self.commenting_link.revoked = False
        self.commenting_link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
        self.commenting_link.save()
        response = self.guest_post(self.commenting_link)
        self.assertContains(response, "This share link has expired", status_code=410)
        self.assertFalse(Comment.objects.exists())

    def test_a_guest_must_give_a_name(self):
        """A guest comment without a name is a 400 saying the name is required, the text kept."""
        response = self.guest_post(self.commenting_link, name="  ", text="Keep this text.")
        self.assertContains(response, "your name is required", status_code=400)
        self.assertContains(response, "Keep this text.", status_code=400)
        self.assertFalse(Comment.objects.exists())

    @override_settings(GUEST_COMMENTS_PER_MINUTE=3)
    def test_a_link_taking_too_many_comments_a_minute_is_told_to_wait(self):
        """Past the link's cap a minute, a guest's comment is a 429 with a message, not saved."""
        for n in range(3):
            self.assertEqual(self.guest_post(self.commenting_link, text=f"n{n}").status_code, 302)
        response = self.guest_post(self.commenting_link, text="One too many")
        self.assertContains(response, "Wait a minute", status_code=429)
        self.assertEqual(Comment.objects.count(), 3)

    @override_settings(GUEST_COMMENTS_PER_MINUTE=1)
    def test_comments_still_go_through_while_the_cache_is_down(self):
        """With the shared cache unreachable (django-redis answers None), guests' comments are saved."""
        with mock.patch("discussion.comment_views.cache.incr", return_value=None):
            for n in range(3):
                self.assertEqual(
                    self.guest_post(self.commenting_link, text=f"n{n}").status_code, 302
                )
        self.assertEqual(Comment.objects.count(), 3)

    def test_posting_needs_the_csrf_token(self):
        """A comment posted without the page's CSRF token is refused (403), for staff and guests."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.reporter)
        response = client.post(reverse("comments:post", args=[self.article.pk]), {"text": "x"})
        self.assertEqual(response.status_code, 403)
        guest = Client(enforce_csrf_checks=True).post(
            reverse("comments:guest", args=[self.commenting_link.token]), {"name": "a", "text": "b"}
        )
        self.assertEqual(guest.status_code, 403)
        self.assertFalse(Comment.objects.exists())

    def test_an_empty_comment_says_so(self):
        """An empty comment is a 400 asking for text; GET on a posting address is a 405."""
        self.assertContains(
            self.post_as(self.reporter, text="   "), "Write a comment first", status_code=400
        )
        client = Client()
        client.force_login(self.reporter)
        self.assertEqual(
            client.get(reverse("comments:post", args=[self.article.pk])).status_code, 405
        )

    def test_only_editors_open_a_link_to_comments(self):
        """An editor's "Let guests comment" opens a link; a reporter's try is a 404."""
        url = reverse("comments:link", args=[self.plain_link.pk])
        client = Client()
        client.force_login(self.reporter)
        self.assertEqual(client.post(url, {"accepts_comments": "1"}).status_code, 404)
        self.assertFalse(CommentingLink.accepts(self.plain_link))
        client.force_login(self.editor)
        page = client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        self.assertContains(page, '<li><a href="#discussion">Discussion</a></li>', html=True)
        self.assertContains(page, "Let guests comment")
        self.assertContains(page, "Stop guest comments")
        client.post(url, {"accepts_comments": "1"})
        self.assertIs(CommentingLink.accepts(self.plain_link), True)
        client.post(url, {"accepts_comments": "0"})
        self.assertIs(CommentingLink.accepts(self.plain_link), False)


class DiscussionThreadTests(DiscussionSetup, TestCase):
    def test_thread_is_oldest_first_with_workflow_notes_replies_and_resolve(self):
        """Comments and an editor's note share one thread, newest last; replies nest; Resolve marks it."""
        self.post_as(self.reporter, text="First, a question.")
        workflow.transition(self.article, "submit", by=self.reporter)
        workflow.transition(
            self.article, "request_changes", by=self.editor, note="Name the two who voted against."
        )
        question = Comment.objects.get(text="First, a question.")
        self.post_as(self.editor, text="Answered in the note.", parent=question.pk)
        self.post_as(self.editor, text="Last word.")
        client = Client()
        client.force_login(self.reporter)
        page = client.get(reverse("desk:edit", args=[self.article.pk])).content.decode()
        order = [
            page.index(text)
            for text in (
                "First, a question.",
                "Answered in the note.",
                "Name the two",
                "Last word.",
            )
        ]
        self.assertEqual(order, sorted(order))
        self.assertIn("Reply to ", page)
        response = client.post(reverse("comments:resolve", args=[question.pk]))
        self.assertEqual(response.status_code, 302)
        page = client.get(reverse("desk:edit", args=[self.article.pk]))
        self.assertContains(page, "Resolved by ")
        self.assertContains(page, "Resolve</button>", count=1)

    def test_a_reporter_can_comment_while_the_piece_is_with_the_editors(self):
        """In review the piece is locked on the desk, but its discussion is there to read and join."""
        workflow.transition(self.article, "submit", by=self.reporter)
        client = Client()
        client.force_login(self.reporter)
        self.post_as(self.editor, text="Who is the second source?")
        page = client.get(reverse("desk:edit", args=[self.article.pk]))
        self.assertContains(page, "cannot be changed now")
        self.assertContains(page, "Who is the second source?")
        self.assertContains(page, "Post comment")

    def test_a_reply_to_a_comment_of_another_piece_is_refused(self):
        """A reply naming a comment from a different piece is a 400, not a new thread."""
        elsewhere = factories.ArticleFactory(created_by=self.reporter)
        foreign = Comment.objects.create(article=elsewhere, author=self.editor, text="Elsewhere")
        response = self.post_as(self.reporter, text="Reply", parent=foreign.pk)
        self.assertContains(response, "not in this discussion", status_code=400)

    def test_another_reporter_cannot_resolve(self):
        """Resolving a comment on a piece one is not on is a 404 and changes nothing."""
        comment = Comment.objects.create(article=self.article, author=self.editor, text="Hm")
        client = Client()
        client.force_login(self.other)
        self.assertEqual(
            client.post(reverse("comments:resolve", args=[comment.pk])).status_code, 404
        )
        comment.refresh_from_db()
        self.assertIsNone(comment.resolved_at)


class DiscussionQueryTests(DiscussionSetup, TestCase):
    def test_a_long_discussion_costs_no_more_queries(self):
        """The edit page, the admin page and the preview make as many queries with 30 comments as with 1."""
        pages = [
            (self.reporter, reverse("desk:edit", args=[self.article.pk])),
            (self.reporter, reverse("desk:preview", args=[self.article.pk])),
            (self.editor, reverse("admin:articles_article_change", args=[self.article.pk])),
        ]

        def counts():
            found = []
            for user, url in pages:
                client = Client()
                client.force_login(user)
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(client.get(url).status_code, 200)
                found.append(len(queries))
            return found

        def comment(n, **kwargs):
            author = factories.reporter(f"r{n}") if n % 3 == 0 else self.editor
            return Comment.objects.create(
                article=self.article,
                author=author,
                text=f"Comment {n}",
                paragraph_index=1,
                paragraph_hash=fingerprint("The vote was seven to two."),
                paragraph_text="The vote was seven to two.",
                **kwargs,
            )

        first = comment(0)
        counts()  # Warms the content-type cache the admin reads once per process.
        one = counts()
        for n in range(1, 30):
            comment(n, parent=first if n % 2 else None)
        self.assertEqual(counts(), one)
