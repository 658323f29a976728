import time_machine
from django.test import TestCase
from django.utils import timezone

from articles import workflow
from articles.models import Article, ShareLink

from . import factories
from .test_admin import change_url, messages_of, transition_url
from .test_public_pages import h1_count


class WithdrawReasonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()

    def setUp(self):
        self.client.force_login(self.editor)
        self.article = factories.published(headline="Swing bridge to close for a month")

    def test_change_page_asks_for_the_reason_beside_the_note(self):
        """A published piece's workflow box has a "Reason shown to readers" field and a Note."""
        response = self.client.get(change_url(self.article))
        self.assertContains(
            response, '<label for="id_public_reason">Reason shown to readers</label>'
        )
        self.assertContains(response, '<label for="id_note">Note</label>')

    def test_withdraw_without_a_reason_is_refused_naming_the_field(self):
        """Withdraw with a note but no reason says the reason is needed; the piece stays up."""
        for reason in ["", "   "]:
            with self.subTest(reason=reason):
                response = self.client.post(
                    transition_url(self.article),
                    {"transition": "withdraw", "note": "Legal advice.", "public_reason": reason},
                    follow=True,
                )
                self.assertIn(
                    "“Withdraw” needs a “Reason shown to readers”.", messages_of(response)
                )
                self.article.refresh_from_db()
                self.assertEqual(self.article.state, Article.State.PUBLISHED)

    def test_transition_refuses_a_withdrawal_without_a_reason_under_its_field(self):
        """Called directly, Withdraw without a public reason is refused with the field named."""
        with self.assertRaises(workflow.TransitionRefused) as refused:
            workflow.transition(self.article, "withdraw", by=self.editor, note="Legal advice.")
        self.assertEqual(list(refused.exception.message_dict), ["public_reason"])

    def test_refused_withdrawal_keeps_the_typed_reason(self):
        """A reason typed with a refused Withdraw (no note) is still in its field afterwards."""
        response = self.client.post(
            transition_url(self.article),
            {"transition": "withdraw", "note": "", "public_reason": "The dates were wrong."},
            follow=True,
        )
        self.assertContains(response, "The dates were wrong.</textarea>")
        self.assertNotContains(self.client.get(change_url(self.article)), "The dates were wrong.")

    def test_withdrawn_page_shows_headline_time_and_reason(self):
        """The 410 page names the piece, says when it was withdrawn and why, escaped."""
        url = self.article.get_absolute_url()
        link = ShareLink.objects.create(article=self.article, created_by=self.editor)
        when = timezone.now().replace(microsecond=0)
        reason = "The dates were wrong. <script>alert(1)</script>"
        with time_machine.travel(when, tick=False):
            self.client.post(
                transition_url(self.article),
                {"transition": "withdraw", "note": "Legal advice.", "public_reason": reason},
            )
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 410)
        self.assertEqual(h1_count(response), 1)
        self.assertContains(response, "Swing bridge to close for a month", status_code=410)
        self.assertContains(
            response,
            f'<time datetime="{timezone.localtime(when).isoformat()}">',
            status_code=410,
        )
        self.assertContains(
            response, "The dates were wrong. &lt;script&gt;alert(1)&lt;/script&gt;", status_code=410
        )
        self.assertNotContains(response, "<script>alert(1)", status_code=410)
        self.assertNotContains(response, "Legal advice.", status_code=410)
        self.assertEqual(self.client.get(link.get_absolute_url()).status_code, 404)
