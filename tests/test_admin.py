import datetime
import re
import unittest

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.admin.article import ArticleAdminForm
from articles.models import Article, ShareLink

from . import factories


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article):
    return reverse("admin:articles_article_transition", args=[article.pk])


def change_form_data(article, client=None, **changes):
    """The POST an editor's browser sends when saving the change page unchanged, plus ``changes``."""
    bylines = list(article.bylines.all())
    form = ArticleAdminForm(instance=Article.objects.filter(pk=article.pk).first() or article)
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id or "",
        "tags": [t.pk for t in article.tags.all()],
        "hero_picture": article.hero_picture_id or "",
        "hero_alt": article.hero_alt,
        "hero_caption": article.hero_caption,
        "hero_credit": article.hero_credit,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "licence": article.licence,
        **{
            # As the browser sends them: times in the picker's format.
            name: form.fields[name].widget.format_value(form[name].value()) or ""
            for name in ("embargo_until", "take_down_at", "take_down_note")
        },
        "edited_version": form.fields["edited_version"].initial,
        "bylines-TOTAL_FORMS": len(bylines),
        "bylines-INITIAL_FORMS": len(bylines),
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
        "corrections-MIN_NUM_FORMS": 0,
        "corrections-MAX_NUM_FORMS": 1000,
        "share_links-TOTAL_FORMS": 0,
        "share_links-INITIAL_FORMS": 0,
        "share_links-MIN_NUM_FORMS": 0,
        "share_links-MAX_NUM_FORMS": 1000,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 0,
    }
    for i, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{i}-id": byline.pk,
                f"bylines-{i}-article": article.pk,
                f"bylines-{i}-author": byline.author_id,
                f"bylines-{i}-position": byline.position,
            }
        )
    data.update(changes)
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


class AdminWorkflowButtonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_buttons_shown_are_those_the_editor_may_take_now(self):
        """A piece in review shows exactly the Request changes and Publish buttons, with Note and Publish at."""
        article = factories.submitted()
        response = self.client.get(change_url(article))
        buttons = re.findall(
            rb'name="transition" value="[a-z_]+">([^<]+)</button>', response.content
        )
        self.assertEqual(buttons, [b"Request changes", b"Publish"])
        self.assertContains(response, '<label for="id_note">Note</label>', html=True)
        self.assertContains(response, '<label for="id_publish_at">Publish at</label>', html=True)

    def test_publish_button_publishes_and_says_so(self):
        """Clicking Publish makes the piece live and reports it."""
        article = factories.submitted(headline="Bridge reopens")
        response = self.client.post(transition_url(article), {"transition": "publish"}, follow=True)
        self.assertIn("“Bridge reopens” is now published.", messages_of(response))
        self.assertTrue(Article.objects.published().filter(pk=article.pk).exists())

    def test_refused_publish_lists_every_missing_item_and_changes_nothing(self):
        """Publishing an incomplete piece shows each failed checklist item; the piece stays in review."""
        article = factories.submitted()
        Article.objects.filter(pk=article.pk).update(standfirst="", body="")
        response = self.client.post(transition_url(article), {"transition": "publish"}, follow=True)
        shown = messages_of(response)
        self.assertIn("Add a standfirst.", shown)
        self.assertIn("Write the body.", shown)
        article.refresh_from_db()
        self.assertEqual(article.state, "in_review")

    def test_refused_transition_keeps_the_typed_note(self):
        """A note typed with a refused Withdraw is still in the Note field when the page comes back."""
        article = factories.submitted()
        response = self.client.post(
            transition_url(article),
            {"transition": "withdraw", "note": "Legal asked us to hold this overnight."},
            follow=True,
        )
        self.assertContains(response, "Legal asked us to hold this overnight.</textarea>")
        article.refresh_from_db()
        self.assertEqual(article.state, "in_review")
        # Only once: a later visit starts with an empty note.
        self.assertNotContains(
            self.client.get(change_url(article)), "Legal asked us to hold this overnight."
        )

    def test_request_changes_needs_a_note(self):
        """Request changes without a note is refused; with one, the note is recorded."""
        article = factories.submitted()
        response = self.client.post(
            transition_url(article), {"transition": "request_changes", "note": ""}, follow=True
        )
        self.assertIn("“Request changes” needs a note saying why.", messages_of(response))
        self.client.post(
            transition_url(article), {"transition": "request_changes", "note": "Source the figure."}
        )
        article.refresh_from_db()
        self.assertEqual(article.state, "changes_requested")
        self.assertEqual(article.events.first().note, "Source the figure.")

    def test_future_publish_at_schedules(self):
        """Publish with a future Publish at schedules the piece and the changelist says so."""
        article = factories.submitted()
        when = timezone.localtime() + datetime.timedelta(days=2)
        self.client.post(
            transition_url(article),
            {"transition": "publish", "publish_at": when.strftime("%Y-%m-%dT%H:%M")},
        )
        article.refresh_from_db()
        self.assertIs(article.is_scheduled, True)
        self.assertFalse(Article.objects.published().filter(pk=article.pk).exists())
        response = self.client.get(reverse("admin:articles_article_changelist"))
        self.assertContains(response, "Scheduled for")

    def test_transition_endpoint_refuses_get(self):
        """Transitions only happen on POST."""
        article = factories.submitted()
        self.assertEqual(self.client.get(transition_url(article)).status_code, 405)

    def test_reporter_cannot_reach_admin_transition(self):
        """A reporter posting to the admin transition URL is sent to the admin login; nothing changes."""
        article = factories.submitted()
        self.client.force_login(factories.reporter("rep"))
        response = self.client.post(transition_url(article), {"transition": "publish"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
        article.refresh_from_db()
        self.assertEqual(article.state, "in_review")


class ReviewQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_queue_opens_on_pieces_in_review_oldest_first(self):
        """Pieces waiting for review come first, the one waiting longest at the top."""
        factories.published(headline="Already live piece")
        older = factories.submitted(headline="Waiting longest")
        factories.ArticleFactory(headline="Just a draft")
        newer = factories.submitted(headline="Waiting briefly")
        response = self.client.get(reverse("admin:articles_article_changelist"))
        headlines = [a.headline for a in response.context["cl"].result_list]
        self.assertEqual(headlines[:2], [older.headline, newer.headline])

    def test_search_finds_headlines_and_standfirsts(self):
        """Searching the list finds a piece by a word of its headline or of its standfirst."""
        factories.ArticleFactory(headline="Ferry fares rise", standfirst="Islanders object.")
        factories.ArticleFactory(headline="Council meets", standfirst="Budget agreed.")
        url = reverse("admin:articles_article_changelist")
        for q in ("ferry", "islanders"):
            with self.subTest(q=q):
                response = self.client.get(url, {"q": q})
                headlines = [a.headline for a in response.context["cl"].result_list]
                self.assertEqual(headlines, ["Ferry fares rise"])

    @unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL full-text search")
    def test_search_on_postgresql_reads_the_body_with_stemming_and_accents(self):
        """On PostgreSQL, "cafes" finds a piece whose body mentions the "Café"."""
        factories.ArticleFactory(headline="New owners", body="The harbour Café reopens on Monday.")
        factories.ArticleFactory(headline="Council meets", body="Budget agreed.")
        response = self.client.get(reverse("admin:articles_article_changelist"), {"q": "cafes"})
        headlines = [a.headline for a in response.context["cl"].result_list]
        self.assertEqual(headlines, ["New owners"])

    def test_changelist_query_count_does_not_grow(self):
        """The changelist costs the same queries with 1 piece as with 50."""
        url = reverse("admin:articles_article_changelist")
        factories.published()

        def count():
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        one = count()
        for _ in range(49):
            factories.submitted(authors=[factories.AuthorFactory(), factories.AuthorFactory()])
        self.assertEqual(count(), one)

    def test_index_shows_counts_per_state(self):
        """The admin index tells the editor how many pieces wait in review."""
        factories.submitted()
        factories.submitted()
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "Pieces by state")
        self.assertContains(response, "?state__exact=in_review")
        self.assertIn(
            ("In review", 2), [(str(r[0]), r[1]) for r in response.context["state_counts"]]
        )


class AdminEditingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")
        cls.other = factories.editor("other")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_saving_a_published_piece_keeps_it_live_and_marks_update_only_when_asked(self):
        """A typo fix keeps the piece live without an Updated mark; ticking Show as updated sets one."""
        article = factories.published()
        self.client.post(change_url(article), change_form_data(article, headline="Typo fixed"))
        article.refresh_from_db()
        self.assertEqual(
            (article.headline, article.state, article.updated_at), ("Typo fixed", "published", None)
        )
        self.client.post(
            change_url(article), change_form_data(article, body="New facts.", show_as_updated="on")
        )
        article.refresh_from_db()
        self.assertIsNotNone(article.updated_at)
        self.assertTrue(Article.objects.published().filter(pk=article.pk).exists())

    def test_second_conflicting_save_is_refused_and_keeps_the_text(self):
        """When someone saved in between, the later save is refused, names them, and keeps what was typed."""
        article = factories.ArticleFactory()
        stale = change_form_data(article)
        self.client.force_login(self.other)
        self.client.post(
            change_url(article), change_form_data(article, standfirst="Other's standfirst.")
        )
        self.client.force_login(self.editor)
        stale["standfirst"] = "My own standfirst."
        response = self.client.post(change_url(article), stale)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "saved this piece at")
        self.assertContains(response, "Standfirst")
        self.assertContains(response, "My own standfirst.")
        article.refresh_from_db()
        self.assertEqual(article.standfirst, "Other's standfirst.")

    def test_workflow_step_in_between_does_not_block_a_save(self):
        """A transition taken while an editor edits does not refuse their save."""
        article = factories.ArticleFactory()
        stale = change_form_data(article, body="Edited body.")
        workflow.transition(article, "submit", by=self.other)
        response = self.client.post(change_url(article), stale)
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual((article.body, article.state), ("Edited body.", "in_review"))

    def test_restoring_a_revision_keeps_the_workflow_state(self):
        """Restoring an old revision brings back its words but the piece stays live."""
        article = factories.ArticleFactory(headline="Original headline")
        self.client.post(change_url(article), change_form_data(article, headline="Draft headline"))
        old = Version.objects.get_for_object(article).first()
        workflow.transition(article, "submit", by=self.editor)
        workflow.transition(article, "publish", by=self.editor)
        article.refresh_from_db()
        self.client.post(change_url(article), change_form_data(article, headline="Live headline"))
        url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
        page = self.client.get(url)
        self.assertContains(page, "Draft headline")
        data = change_form_data(Article.objects.get(pk=article.pk), headline="Draft headline")
        data["edited_version"] = page.context["adminform"].form["edited_version"].value()
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.headline, "Draft headline")
        self.assertEqual(article.state, "published")

    def test_restoring_a_revision_with_another_slug_keeps_the_old_address(self):
        """A restore that changes a live piece's slug leaves its previous address answering 301."""
        article = factories.ArticleFactory(headline="Original headline", slug="original")
        self.client.post(change_url(article), change_form_data(article))
        old = Version.objects.get_for_object(article).first()
        workflow.transition(article, "submit", by=self.editor)
        workflow.transition(article, "publish", by=self.editor)
        article.refresh_from_db()
        self.client.post(change_url(article), change_form_data(article, slug="renamed"))
        article.refresh_from_db()
        live_before = article.get_absolute_url()
        url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
        page = self.client.get(url)
        data = change_form_data(Article.objects.get(pk=article.pk), slug="original")
        data["edited_version"] = page.context["adminform"].form["edited_version"].value()
        self.assertEqual(self.client.post(url, data).status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.slug, "original")
        response = self.client.get(live_before)
        self.assertRedirects(response, article.get_absolute_url(), status_code=301)
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 200)

    def test_an_over_long_body_is_refused_on_the_body_field(self):
        """The admin refuses a body over 200,000 characters on its field and keeps the other edits."""
        article = factories.ArticleFactory(headline="Old headline")
        response = self.client.post(
            change_url(article),
            change_form_data(article, headline="New headline", body="a" * 200_001),
        )
        self.assertEqual(response.status_code, 200)
        form = response.context["adminform"].form
        self.assertEqual(
            form.errors["body"],
            [
                "The body is 200,001 characters long; the limit is 200,000. "
                "Split the piece or shorten it."
            ],
        )
        self.assertEqual(form["headline"].value(), "New headline")
        article.refresh_from_db()
        self.assertEqual(article.headline, "Old headline")

    def test_restoring_a_revision_puts_its_body_on_the_page(self):
        """Readers see the restored revision's body at once, not the one it replaced."""
        article = factories.published(body="The first account.")
        self.client.post(change_url(article), change_form_data(article, body="A later account."))
        old = Version.objects.get_for_object(article)[1]
        url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
        page = self.client.get(url)
        data = change_form_data(Article.objects.get(pk=article.pk), body="The first account.")
        data["edited_version"] = page.context["adminform"].form["edited_version"].value()
        self.assertEqual(self.client.post(url, data).status_code, 302)
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "<p>The first account.</p>", html=True)
        self.assertNotContains(response, "A later account.")


class RevisionHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_compare_shows_changed_fields_and_escapes_everything(self):
        """Comparing two revisions shows the body as a line diff, with hostile text shown, not run."""
        article = factories.ArticleFactory(body="First paragraph.\n\nSecond paragraph.")
        self.client.post(change_url(article), change_form_data(article, headline="Headline one"))
        self.client.post(
            change_url(article),
            change_form_data(
                article,
                headline="<script>window.__xss=1</script>",
                body="First paragraph.\n\nA new second paragraph.",
            ),
        )
        old, new = (
            Version.objects.get_for_object(article)[1],
            Version.objects.get_for_object(article)[0],
        )
        history = self.client.get(reverse("admin:articles_article_history", args=[article.pk]))
        self.assertContains(history, 'name="a"')
        response = self.client.get(
            reverse("admin:articles_article_compare", args=[article.pk]), {"a": old.pk, "b": new.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<li class="removed">Second paragraph.</li>', html=True)
        self.assertContains(response, '<li class="added">A new second paragraph.</li>', html=True)
        self.assertNotContains(response, "<script>window.__xss")
        self.assertContains(response, "&lt;script&gt;window.__xss=1&lt;/script&gt;")

    def test_deleted_piece_can_be_recovered(self):
        """An editor can bring back a deleted piece from the recover list."""
        article = factories.ArticleFactory(headline="Deleted by mistake")
        self.client.post(change_url(article), change_form_data(article))
        self.client.post(
            reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
        )
        self.assertFalse(Article.objects.filter(pk=article.pk).exists())
        recover_list = self.client.get(reverse("admin:articles_article_recoverlist"))
        self.assertContains(recover_list, "Deleted by mistake")
        version = Version.objects.get_deleted(Article).get()
        url = reverse("admin:articles_article_recover", args=[version.pk])
        page = self.client.get(url)
        data = change_form_data(article)
        data["edited_version"] = page.context["adminform"].form["edited_version"].value()
        data["bylines-INITIAL_FORMS"] = 0
        self.client.post(url, data)
        self.assertEqual(Article.objects.get(pk=article.pk).headline, "Deleted by mistake")

    def test_view_on_site_previews_unpublished_pieces(self):
        """View on site on an unpublished piece opens its preview, not a 404."""
        article = factories.submitted(headline="Not yet out")
        response = self.client.get(change_url(article))
        preview = reverse("desk:preview", args=[article.pk])
        self.assertContains(response, preview)
        page = self.client.get(preview)
        self.assertContains(page, "Not yet out")
        self.assertContains(page, "Preview — not published")
        self.assertEqual(page["X-Robots-Tag"], "noindex, nofollow")
        self.assertIn("no-cache", page["Cache-Control"])


class ShareLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor("ed")
        cls.article = factories.submitted(headline="Embargoed investigation")

    def make_link(self):
        self.client.force_login(self.editor)
        data = change_form_data(self.article)
        data.update(
            {
                "share_links-TOTAL_FORMS": 1,
                "share_links-INITIAL_FORMS": 0,
                "share_links-MIN_NUM_FORMS": 0,
                "share_links-MAX_NUM_FORMS": 1000,
                "share_links-0-expires_at_0": (
                    timezone.localtime() + datetime.timedelta(hours=48)
                ).strftime("%Y-%m-%d"),
                "share_links-0-expires_at_1": (
                    timezone.localtime() + datetime.timedelta(hours=48)
                ).strftime("%H:%M:%S"),
            }
        )
        self.client.post(change_url(self.article), data)
        link = self.article.share_links.get()
        self.client.logout()
        return link

    def test_share_link_shows_preview_without_an_account(self):
        """Someone without an account can read the preview through a fresh share link."""
        link = self.make_link()
        self.assertEqual(link.created_by, self.editor)
        response = self.client.get(link.get_absolute_url())
        self.assertContains(response, "Embargoed investigation")
        self.assertContains(response, "Preview — not published")
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")

    def test_expired_link_answers_410_and_revoked_404(self):
        """An expired share link says it is gone; a revoked one is not found."""
        link = self.make_link()
        link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
        link.save()
        self.assertEqual(self.client.get(link.get_absolute_url()).status_code, 410)
        link.expires_at = timezone.now() + datetime.timedelta(hours=1)
        link.revoked = True
        link.save()
        self.assertEqual(self.client.get(link.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get("/share/made-up-token/").status_code, 404)

    def test_a_link_added_without_touching_its_expiry_is_made(self):
        """ "Add another share link" then Save, expiry left as offered, makes the link."""
        self.client.force_login(self.editor)
        offered = timezone.localtime() + datetime.timedelta(hours=48)
        day, time = offered.strftime("%Y-%m-%d"), offered.strftime("%H:%M:%S")
        data = change_form_data(self.article)
        data.update(
            {
                "share_links-TOTAL_FORMS": 1,
                "share_links-INITIAL_FORMS": 0,
                "share_links-MIN_NUM_FORMS": 0,
                "share_links-MAX_NUM_FORMS": 1000,
                "share_links-0-expires_at_0": day,
                "share_links-0-expires_at_1": time,
                "initial-share_links-0-expires_at_0": day,
                "initial-share_links-0-expires_at_1": time,
            }
        )
        self.assertEqual(self.client.post(change_url(self.article), data).status_code, 302)
        self.assertEqual(self.article.share_links.count(), 1)

    def test_withdrawing_or_unscheduling_ends_share_links(self):
        """After Withdraw or Back to draft, a share link of the piece shows nothing (404)."""
        for last_step in ["withdraw", "back_to_draft"]:
            with self.subTest(last_step=last_step):
                article = factories.published(
                    headline=f"Shared then {last_step}",
                    publish_at=timezone.now()
                    + datetime.timedelta(hours=-1 if last_step == "withdraw" else 1),
                )
                link = ShareLink.objects.create(article=article, created_by=self.editor)
                self.assertContains(self.client.get(link.get_absolute_url()), article.headline)
                workflow.transition(
                    article, last_step, by=self.editor, note="Legal.", public_reason="Legal."
                )
                response = self.client.get(link.get_absolute_url())
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, article.headline, status_code=404)

    def test_a_link_made_to_a_withdrawn_piece_shows_nothing(self):
        """A share link added to a piece already withdrawn does not show its text."""
        article = factories.in_state("withdrawn", headline="Taken down for legal reasons")
        link = ShareLink.objects.create(article=article, created_by=self.editor)
        response = self.client.get(link.get_absolute_url())
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, article.headline, status_code=404)
