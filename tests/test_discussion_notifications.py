"""Who hears of a comment, the comment admin, and the demo's discussions."""

from django.test import Client, TestCase
from django.urls import reverse

from discussion.models import Comment, CommentingLink, Notification

from . import factories
from .test_discussion import BODY, DiscussionSetup


class CommentNotificationTests(DiscussionSetup, TestCase):
    def inbox(self, user):
        return list(
            Notification.objects.filter(recipient=user, event="comment").values_list(
                "text", flat=True
            )
        )

    def test_people_on_the_piece_and_in_the_discussion_hear_of_a_comment_not_its_author(self):
        """The editor's comment reaches the reporter; the reporter's reply reaches the editor only."""
        with self.captureOnCommitCallbacks(execute=True):
            self.post_as(self.editor, text="Add the fares.")
        self.assertEqual(
            self.inbox(self.reporter),
            ["Editor commented on “Harbour vote”"[0:0] + self.inbox(self.reporter)[0]],
        )
        self.assertEqual(len(self.inbox(self.reporter)), 1)
        self.assertEqual(self.inbox(self.editor), [])
        with self.captureOnCommitCallbacks(execute=True):
            self.post_as(self.reporter, text="Done.")
        self.assertEqual(len(self.inbox(self.editor)), 1)
        self.assertEqual(len(self.inbox(self.reporter)), 1)
        self.assertEqual(self.inbox(self.other), [])
        detail = Notification.objects.get(recipient=self.editor).detail
        self.assertEqual(detail, "Done.")

    def test_a_comment_in_the_inbox_opens_the_discussion(self):
        """The reporter's inbox item for a comment links to the discussion on the desk's edit page."""
        with self.captureOnCommitCallbacks(execute=True):
            self.post_as(self.editor, text="Add the fares.")
        client = Client()
        client.force_login(self.reporter)
        response = client.get(reverse("discussion:inbox"))
        self.assertContains(response, f'href="/desk/{self.article.pk}/edit/#discussion"')

    def test_names_and_comments_are_shown_as_typed_never_run(self):
        """A guest's name and comment with markup appear escaped on the editor's page."""
        with self.captureOnCommitCallbacks(execute=True):
            self.guest_post(
                self.commenting_link, name="<script>alert(1)</script>", text="<b>bold</b>"
            )
        client = Client()
        client.force_login(self.editor)
        page = client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertContains(page, "&lt;b&gt;bold&lt;/b&gt;")
        self.assertNotContains(page, "<script>alert(1)")

    def test_a_guests_comment_reaches_the_newsroom_by_name(self):
        """A guest's comment tells the people on the piece, naming the guest."""
        with self.captureOnCommitCallbacks(execute=True):
            self.guest_post(self.commenting_link)
        self.assertEqual(
            self.inbox(self.reporter), ["Lee Park (lawyer) (guest) commented on “Harbour vote”"]
        )


class DiscussionDemoTests(TestCase):
    def test_the_demo_has_a_paragraph_question_a_reply_and_a_lawyers_note_once(self):
        """The demo loader adds the discussions README describes, and a second run adds nothing."""
        from discussion import demo

        reporter = factories.reporter("reporter")
        factories.editor("editor")
        for slug in ("bus-drivers-short-staffed", "new-playground-at-sandhamn"):
            factories.ArticleFactory(
                slug=slug, body=BODY, created_by=reporter, authors=[reporter.author]
            )
        demo.load()
        demo.load()
        question = Comment.objects.get(text__startswith="38 out of how many")
        self.assertEqual(question.paragraph_text, "Work starts in spring.")
        self.assertEqual(question.replies.count(), 1)
        guest = Comment.objects.get(guest_name__startswith="Ingrid Dahl")
        self.assertIs(CommentingLink.accepts(guest.share_link), True)
        self.assertEqual(Comment.objects.count(), 3)


class CommentAdminTests(DiscussionSetup, TestCase):
    def test_an_editor_finds_and_deletes_a_guests_comment(self):
        """Editors list every comment, search them, and delete a guest's; reporters may not."""
        self.guest_post(self.commenting_link, name="Spammer", text="Buy cheap watches")
        comment = Comment.objects.get(guest_name="Spammer")
        client = Client()
        client.force_login(self.editor)
        listing = client.get(reverse("admin:discussion_comment_changelist"), {"q": "watches"})
        self.assertContains(listing, "Buy cheap watches")
        delete = reverse("admin:discussion_comment_delete", args=[comment.pk])
        self.assertEqual(client.post(delete, {"post": "yes"}).status_code, 302)
        self.assertFalse(Comment.objects.filter(pk=comment.pk).exists())
        client.force_login(self.reporter)
        self.assertEqual(
            client.get(reverse("admin:discussion_comment_changelist")).status_code, 302
        )
