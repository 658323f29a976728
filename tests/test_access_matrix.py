"""Who may open and post what: every desk, admin, preview and share URL for every role.

Each row runs inside a rolled-back savepoint, so one row's changes never leak
into the next; a refused request must leave the database exactly as it was.
"""

import datetime
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import reversion
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.forms import ArticleDeskForm
from articles.models import Article, Byline, Correction, ShareLink, WorkflowEvent

from . import factories
from .test_admin import change_form_data
from .test_desk import desk_form_data

ROLES = ("anonymous", "reporter_a", "reporter_b", "editor")
DESK_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"

# (transition, state it is tried from) -> the state an editor's click leads to.
# Every other pair must be refused and change nothing.
EDITOR_TRANSITIONS = {
    ("submit", "draft"): "in_review",
    ("submit", "changes_requested"): "in_review",
    ("request_changes", "in_review"): "changes_requested",
    ("publish", "in_review"): "published",
    ("withdraw", "published"): "withdrawn",
    ("back_to_draft", "withdrawn"): "draft",
}
TRANSITION_NAMES = [*workflow.TRANSITIONS, "no_such_transition"]
STATES = ["draft", "in_review", "changes_requested", "published", "withdrawn"]

OFF_SITE_NEXTS = [
    "//evil.example",
    "///evil.example",
    "https://evil.example/",
    "http://evil.example",
    "https:evil.example",
    "http:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/%09/evil.example",
    "https://testserver@evil.example/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example%2f..",
    "ftp://evil.example/",
]


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run the block in a savepoint that is always undone."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def snapshot():
    """Everything a request could change that a refused request must leave alone."""
    return (
        list(
            Article.objects.order_by("pk").values_list(
                "pk", "state", "headline", "version", "created_by", "publish_at"
            )
        ),
        list(Byline.objects.order_by("pk").values_list("article", "author", "position")),
        ShareLink.objects.count(),
        WorkflowEvent.objects.count(),
        Correction.objects.count(),
    )


def desk_post(article, user, **changes):
    """What ``user``'s browser posts from the desk edit form, co-authors included."""
    form = ArticleDeskForm(instance=Article.objects.get(pk=article.pk), user=user)
    return desk_form_data(article, user, coauthors=form.initial["coauthors"], **changes)


def assert_on_site(test, location):
    """A redirect target stays on this site: a path, or an absolute URL to testserver."""
    parts = urlsplit(location)
    test.assertIn(parts.scheme, ("", "http", "https"), location)
    test.assertIn(parts.netloc, ("", "testserver"), location)
    test.assertTrue(location.startswith("/") or parts.netloc == "testserver", location)
    test.assertFalse(re.match(r"^[/\\\s]{2}", location), location)


class AccessMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter_a = factories.reporter("alice")
        cls.reporter_b = factories.reporter("bob")
        cls.editor = factories.editor("ed")
        cls.section = factories.SectionFactory(name="City")
        cls.draft = factories.ArticleFactory(
            headline="Alice draft",
            section=cls.section,
            created_by=cls.reporter_a,
            authors=[cls.reporter_a.author],
        )
        for headline in ["Alice draft, first go", "Alice draft"]:
            with reversion.create_revision():
                cls.draft.headline = headline
                cls.draft.save()
        cls.in_review = factories.submitted(
            headline="Alice in review",
            section=cls.section,
            created_by=cls.reporter_a,
            authors=[cls.reporter_a.author],
        )
        cls.live = factories.published(headline="Live piece", section=cls.section)
        cls.share = ShareLink.objects.create(article=cls.in_review, created_by=cls.editor)
        cls.withdrawn = factories.in_state("withdrawn", headline="Withdrawn piece")
        cls.withdrawn_share = ShareLink.objects.create(article=cls.withdrawn, created_by=cls.editor)
        cls.revoked = ShareLink.objects.create(
            article=cls.in_review, created_by=cls.editor, revoked=True
        )
        cls.expired = ShareLink.objects.create(
            article=cls.in_review,
            created_by=cls.editor,
            expires_at=timezone.now() - datetime.timedelta(minutes=1),
        )

    def login(self, client, role):
        if role != "anonymous":
            client.force_login(getattr(self, role))

    def rows(self):
        """``(name, method, url, data, {role: (status, redirect prefix or None, changes?)})``.

        ``data`` may be a function of the signed-in user (the desk form differs per user).
        """
        draft, review, live = self.draft, self.in_review, self.live
        for_reporters = lambda ok, b=None: {  # noqa: E731
            "anonymous": (302, DESK_LOGIN, False),
            "reporter_a": ok,
            "reporter_b": b or ok,
            "editor": ok,
        }
        admin_only = lambda ok: {  # noqa: E731
            "anonymous": (302, ADMIN_LOGIN, False),
            "reporter_a": (302, ADMIN_LOGIN, False),
            "reporter_b": (302, ADMIN_LOGIN, False),
            "editor": ok,
        }
        not_found = (404, None, False)
        page = (200, None, False)
        created = (302, "/desk/", True)
        edit = lambda a: reverse("desk:edit", args=[a.pk])  # noqa: E731
        versions = Version.objects.get_for_object(draft)
        share_post = {
            **change_form_data(draft),
            "share_links-TOTAL_FORMS": 1,
            "share_links-0-expires_at_0": timezone.localdate().isoformat(),
            "share_links-0-expires_at_1": "23:59:00",
        }
        return [
            ("desk home", "get", reverse("desk:home"), None, for_reporters(page)),
            ("desk new", "get", reverse("desk:new"), None, for_reporters(page)),
            (
                "desk new post",
                "post",
                reverse("desk:new"),
                desk_form_data(headline="Matrix new piece"),
                for_reporters(created),
            ),
            ("wire import", "get", reverse("desk:import"), None, for_reporters(page)),
            (
                "wire import post",
                "post",
                reverse("desk:import"),
                {"wire_copy": "Harbour wall repaired\n\nWork ended on Friday."},
                for_reporters(created),
            ),
            ("edit own draft", "get", edit(draft), None, for_reporters(page, not_found)),
            (
                "save own draft",
                "post",
                edit(draft),
                lambda user: desk_post(draft, user, headline="Changed by post"),
                for_reporters((302, edit(draft), True), not_found),
            ),
            (
                "submit own draft",
                "post",
                edit(draft),
                lambda user: desk_post(draft, user, action="submit"),
                for_reporters((302, "/desk/", True), not_found),
            ),
            (
                "preview own draft",
                "get",
                reverse("desk:preview", args=[draft.pk]),
                None,
                for_reporters(page, not_found),
            ),  # fmt: skip
            ("locked piece", "get", edit(review), None, for_reporters(page, not_found)),
            (
                "save locked piece",
                "post",
                edit(review),
                lambda user: desk_post(review, user, headline="Sneaky change"),
                {
                    "anonymous": (302, DESK_LOGIN, False),
                    "reporter_a": (302, edit(review), False),
                    "reporter_b": not_found,
                    "editor": (302, edit(review), True),
                },
            ),
            (
                "preview someone else's live piece",
                "get",
                reverse("desk:preview", args=[live.pk]),
                None,
                for_reporters(page, not_found) | {"reporter_a": not_found},
            ),
            (
                "edit missing piece",
                "get",
                reverse("desk:edit", args=[999_999]),
                None,
                for_reporters(not_found),
            ),  # fmt: skip
            ("admin index", "get", reverse("admin:index"), None, admin_only(page)),
            (
                "admin changelist",
                "get",
                reverse("admin:articles_article_changelist"),
                None,
                admin_only(page),
            ),  # fmt: skip
            (
                "admin change",
                "get",
                reverse("admin:articles_article_change", args=[draft.pk]),
                None,
                admin_only(page),
            ),  # fmt: skip
            (
                "admin history",
                "get",
                reverse("admin:articles_article_history", args=[draft.pk]),
                None,
                admin_only(page),
            ),  # fmt: skip
            (
                "admin compare",
                "get",
                reverse("admin:articles_article_compare", args=[draft.pk])
                + f"?a={versions.last().pk}&b={versions.first().pk}",
                None,
                admin_only(page),
            ),
            (
                "admin transition by GET",
                "get",
                reverse("admin:articles_article_transition", args=[review.pk])
                + "?transition=publish",
                None,
                admin_only((405, None, False)),
            ),
            (
                "admin share link creation",
                "post",
                reverse("admin:articles_article_change", args=[draft.pk]),
                share_post,
                admin_only((302, "/admin/articles/article/", True)),
            ),
            (
                "admin delete",
                "post",
                reverse("admin:articles_article_delete", args=[draft.pk]),
                {"post": "yes"},
                admin_only((302, "/admin/articles/article/", True)),
            ),
            (
                "admin recover list",
                "get",
                reverse("admin:articles_article_recoverlist"),
                None,
                admin_only(page),
            ),  # fmt: skip
            (
                "admin add user",
                "get",
                reverse("admin:auth_user_add"),
                None,
                admin_only((403, None, False)),
            ),  # fmt: skip
            (
                "share link",
                "get",
                self.share.get_absolute_url(),
                None,
                dict.fromkeys(ROLES, page),
            ),  # fmt: skip
            (
                "revoked share link",
                "get",
                self.revoked.get_absolute_url(),
                None,
                dict.fromkeys(ROLES, not_found),
            ),  # fmt: skip
            (
                "expired share link",
                "get",
                self.expired.get_absolute_url(),
                None,
                dict.fromkeys(ROLES, (410, None, False)),
            ),  # fmt: skip
            (
                "share link of a withdrawn piece",
                "get",
                self.withdrawn_share.get_absolute_url(),
                None,
                dict.fromkeys(ROLES, not_found),
            ),  # fmt: skip
            (
                "made-up share link",
                "get",
                "/share/not-a-real-token/",
                None,
                dict.fromkeys(ROLES, not_found),
            ),  # fmt: skip
        ]

    def test_every_role_gets_the_expected_answer_on_every_url(self):
        """Each role gets exactly the page, sign-in redirect, 403, 404 or 405 it should, and refusals change nothing."""
        size = 0
        for name, method, url, data, expected in self.rows():
            for role in ROLES:
                status, location, changes = expected[role]
                size += 1
                with self.subTest(row=name, role=role), rolled_back():
                    client = Client()
                    self.login(client, role)
                    posted = data(getattr(self, role, self.reporter_a)) if callable(data) else data
                    before = snapshot()
                    response = getattr(client, method)(url, posted or {})
                    self.assertEqual(response.status_code, status, response.content[:300])
                    if location:
                        self.assertTrue(response["Location"].startswith(location), response.url)
                    if changes:
                        self.assertNotEqual(snapshot(), before)
                    else:
                        self.assertEqual(snapshot(), before)
        self.assertGreaterEqual(size, 100)
        print(f"\naccess matrix: {size} role x URL cases")

    def test_every_transition_endpoint_for_every_role_and_state(self):
        """Only an editor moves a piece, only along the workflow; everyone else changes nothing."""
        size = 0
        for state in STATES:
            article = self.article_in(state)
            url = reverse("admin:articles_article_transition", args=[article.pk])
            for name in TRANSITION_NAMES:
                for role in ROLES:
                    size += 1
                    target = EDITOR_TRANSITIONS.get((name, state)) if role == "editor" else None
                    with self.subTest(state=state, transition=name, role=role), rolled_back():
                        client = Client()
                        self.login(client, role)
                        before = snapshot()
                        response = client.post(
                            url,
                            {"transition": name, "note": "Because.", "public_reason": "Because."},
                        )
                        self.assertEqual(response.status_code, 302)
                        if role != "editor":
                            self.assertTrue(response["Location"].startswith(ADMIN_LOGIN))
                        article.refresh_from_db()
                        if target:
                            self.assertEqual(article.state, target)
                        else:
                            self.assertEqual(article.state, state)
                            self.assertEqual(snapshot(), before)
        print(f"\ntransition matrix: {size} state x transition x role cases")

    def article_in(self, state):
        return factories.in_state(state, headline=f"Piece in {state}", section=self.section)


class CsrfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("alice")
        cls.editor = factories.editor("ed")
        cls.draft = factories.ArticleFactory(created_by=cls.reporter, authors=[cls.reporter.author])
        cls.in_review = factories.submitted()

    def posts(self):
        draft = self.draft
        return [
            ("reporter", reverse("desk:new"), desk_form_data(headline="Forged")),
            (
                "reporter",
                reverse("desk:edit", args=[draft.pk]),
                desk_form_data(draft, self.reporter, headline="Forged"),
            ),  # fmt: skip
            ("reporter", reverse("desk:import"), {"wire_copy": "Forged\n\nText."}),
            ("reporter", reverse("logout"), {}),
            (
                "editor",
                reverse("admin:articles_article_transition", args=[self.in_review.pk]),
                {"transition": "publish"},
            ),  # fmt: skip
            (
                "editor",
                reverse("admin:articles_article_change", args=[draft.pk]),
                change_form_data(draft, headline="Forged"),
            ),  # fmt: skip
            ("editor", reverse("admin:articles_article_delete", args=[draft.pk]), {"post": "yes"}),
            ("editor", reverse("admin:logout"), {}),
            ("anonymous", reverse("login"), {"username": "alice", "password": "pw-for-tests"}),
        ]

    def test_every_post_without_a_csrf_token_is_refused(self):
        """A form posted from another site is refused (403) and changes nothing."""
        for role, url, data in self.posts():
            with self.subTest(url=url):
                client = Client(enforce_csrf_checks=True)
                if role != "anonymous":
                    client.force_login(getattr(self, role))
                before = snapshot()
                response = client.post(url, data)
                self.assertEqual(response.status_code, 403)
                self.assertEqual(snapshot(), before)
                if role != "anonymous":
                    self.assertIn("_auth_user_id", client.session)
                else:
                    self.assertNotIn("_auth_user_id", client.session)

    def test_the_same_post_with_the_token_goes_through(self):
        """With the page's own CSRF token, the same post works (the refusal above is the token's doing)."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.reporter)
        client.get(reverse("desk:new"))
        token = client.cookies["csrftoken"].value
        response = client.post(
            reverse("desk:new"),
            {**desk_form_data(headline="Genuine"), "csrfmiddlewaretoken": token},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Article.objects.filter(headline="Genuine").exists())


class ForgedDeskFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alice = factories.reporter("alice")
        cls.bob = factories.reporter("bob")
        cls.section = factories.SectionFactory(name="City")

    def setUp(self):
        self.client.force_login(self.alice)

    def test_workflow_and_ownership_fields_posted_to_the_desk_are_ignored(self):
        """Posting state, dates, creator, version, slug or someone else's byline changes none of them."""
        forged = {
            "state": "published",
            "publish_at": "2020-01-01 10:00",
            "first_published_at": "2020-01-01 10:00",
            "updated_at": "2020-01-01 10:00",
            "created_by": self.bob.pk,
            "version": 99,
            "slug": "forged-slug",
            "authors": [self.bob.author.pk],
            "bylines-0-author": self.bob.author.pk,
            "hero_renditions": '[{"name": "../../etc/passwd"}]',
        }
        self.client.post(reverse("desk:new"), desk_form_data(headline="Mine", **forged))
        article = Article.objects.get(headline="Mine")
        self.assertEqual(article.state, "draft")
        self.assertIsNone(article.publish_at)
        self.assertIsNone(article.first_published_at)
        self.assertIsNone(article.updated_at)
        self.assertEqual(article.created_by, self.alice)
        self.assertEqual(article.version, 1)
        self.assertEqual(article.slug, "mine")
        self.assertIsNone(article.hero_picture)
        self.assertEqual(article.byline_authors(), [self.alice.author])

        self.client.post(
            reverse("desk:edit", args=[article.pk]),
            desk_form_data(article, self.alice, headline="Mine again", **forged),
        )
        article.refresh_from_db()
        self.assertEqual((article.headline, article.state), ("Mine again", "draft"))
        self.assertEqual(article.created_by, self.alice)
        self.assertEqual(article.byline_authors(), [self.alice.author])

    def test_a_made_up_co_author_is_refused_with_a_message(self):
        """A co-author id that does not exist is refused on the form, and nothing is saved."""
        response = self.client.post(
            reverse("desk:new"), desk_form_data(headline="Ghost", coauthors=[987_654])
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(Article.objects.filter(headline="Ghost").exists())

    def test_a_reporter_cannot_take_over_someone_elses_piece_by_posting_its_id(self):
        """Posting an edit to another reporter's piece answers 404 and leaves it alone."""
        theirs = factories.ArticleFactory(
            headline="Bob's", created_by=self.bob, authors=[self.bob.author]
        )
        response = self.client.post(
            reverse("desk:edit", args=[theirs.pk]),
            desk_form_data(theirs, self.bob, headline="Taken", coauthors=[self.alice.author.pk]),
        )
        self.assertEqual(response.status_code, 404)
        theirs.refresh_from_db()
        self.assertEqual(theirs.headline, "Bob's")
        self.assertEqual(theirs.byline_authors(), [self.bob.author])


class NextRedirectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter = factories.reporter("rep")
        cls.editor = factories.editor("ed")

    def test_sign_in_never_redirects_off_site(self):
        """Whatever ?next= says, signing in lands on this site."""
        for user, login_url in [("rep", reverse("login")), ("ed", reverse("admin:login"))]:
            for target in OFF_SITE_NEXTS:
                with self.subTest(login=login_url, next=target):
                    client = Client()
                    response = client.post(
                        login_url,
                        {"username": user, "password": "pw-for-tests", "next": target},
                        QUERY_STRING=f"next={target}",
                    )
                    self.assertEqual(response.status_code, 302)
                    assert_on_site(self, response["Location"])
                    self.assertIn("_auth_user_id", client.session)

    def test_signed_in_visit_to_login_and_logout_never_redirect_off_site(self):
        """A signed-in user opening the sign-in page, or signing out, with a hostile ?next= stays here."""
        for target in OFF_SITE_NEXTS:
            with self.subTest(next=target):
                client = Client()
                client.force_login(self.reporter)
                response = client.get(reverse("login"), {"next": target})
                self.assertEqual(response.status_code, 302)
                assert_on_site(self, response["Location"])
                response = client.post(reverse("logout"), {"next": target})
                self.assertEqual(response.status_code, 302)
                assert_on_site(self, response["Location"])

    def test_a_safe_next_is_followed(self):
        """A ?next= on this site is honoured (the refusals above are not a blanket ignore)."""
        response = self.client.post(
            reverse("login"),
            {"username": "rep", "password": "pw-for-tests", "next": "/desk/new/"},
        )
        self.assertRedirects(response, "/desk/new/")
