import re
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils.html import escape

from articles.models import Article, Correction, Section, WorkflowEvent
from authors.models import Author
from planning.models import Assignment


class DemoTestCase(TestCase):
    """A test case over the demo newspaper, loaded once, its pictures in a folder of its own."""

    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="newsroom-demo-test-")
        cls.settings_override = override_settings(DEBUG=True, MEDIA_ROOT=cls.media)
        cls.settings_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.settings_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())


class DemoDataTests(DemoTestCase):
    def test_demo_is_a_believable_newspaper(self):
        """The demo has 30+ public pieces over 5+ sections and 8+ authors, one a wire service."""
        self.assertGreaterEqual(Article.objects.published().count(), 30)
        self.assertGreaterEqual(
            Section.objects.filter(articles__isnull=False).distinct().count(), 5
        )
        self.assertGreaterEqual(Author.objects.count(), 8)
        self.assertTrue(Author.objects.filter(user__isnull=True, is_organisation=True).exists())
        with_images = Article.objects.published().exclude(hero_picture=None)
        self.assertGreater(with_images.count(), 25)
        self.assertFalse(with_images.filter(hero_alt="").exists())
        self.assertTrue(all(a.hero_picture.renditions for a in with_images))
        self.assertTrue(Article.objects.published().exclude(source_name="").exists())

    def test_demo_pieces_use_the_picture_library_with_a_gallery(self):
        """Heroes are library pictures, and one live piece shows a picture and a gallery in its body."""
        museum = Article.objects.published().get(slug="maritime-museum-reopens-with-a-whale")
        self.assertIsNotNone(museum.hero_picture)
        self.assertEqual(museum.body_pictures.count(), 4)
        self.assertIn('<div class="gallery">', museum.body_html)
        self.assertEqual(museum.body_html.count('<figure class="picture">'), 4)
        self.assertNotIn("picture:@", museum.body)

    def test_every_workflow_state_is_represented(self):
        """Drafts, pieces in review, changes requested with a note, scheduled and withdrawn pieces exist."""
        for state in ["draft", "in_review", "changes_requested", "withdrawn"]:
            with self.subTest(state=state):
                self.assertTrue(Article.objects.filter(state=state).exists())
        self.assertGreaterEqual(Article.objects.scheduled().count(), 1)
        self.assertTrue(
            WorkflowEvent.objects.filter(to_state="changes_requested").exclude(note="").exists()
        )

    def test_live_pieces_show_an_embed_a_pull_quote_and_a_fact_box(self):
        """Readers of the demo find an embed card, a pull quote and a fact box on published pages."""
        for marker in ['class="embed ', 'class="pull-quote"', 'class="fact-box"']:
            with self.subTest(element=marker):
                piece = Article.objects.published().filter(body_html__contains=marker).first()
                self.assertIsNotNone(piece)
                self.assertContains(self.client.get(piece.get_absolute_url()), marker)

    def test_the_newspapers_own_pages_exist(self):
        """The corrections and ethics policies and the masthead answer, the masthead by role."""
        for slug, title in [
            ("corrections-policy", "Corrections policy"),
            ("ethics-policy", "Ethics policy"),
            ("masthead", "Masthead"),
        ]:
            with self.subTest(page=slug):
                response = self.client.get(f"/about/{slug}/")
                self.assertContains(response, f"<h1>{title}</h1>", html=True)
        masthead = self.client.get("/about/masthead/")
        self.assertContains(masthead, "Ruth Adeyemi</a>, Managing editor")
        self.assertContains(masthead, "Sam Okafor</a>, City reporter")

    def test_the_demo_corrections_are_listed(self):
        """/corrections/ lists the demo's corrections."""
        response = self.client.get("/corrections/")
        for correction in Correction.objects.public():
            self.assertContains(response, escape(correction.text))

    def test_the_withdrawn_piece_tells_readers_why(self):
        """The demo's withdrawn piece answers 410 with the reason given to readers."""
        gone = Article.objects.withdrawn().get()
        event = gone.events.get(to_state="withdrawn")
        self.assertNotEqual(event.public_reason, "")
        response = self.client.get(gone.get_absolute_url())
        self.assertContains(response, escape(event.public_reason), status_code=410)

    def test_loading_twice_changes_nothing(self):
        """A second run leaves every count, version and event as it was."""
        before = (
            Article.objects.count(),
            list(Article.objects.order_by("pk").values_list("version", flat=True)),
            WorkflowEvent.objects.count(),
            Author.objects.count(),
            get_user_model().objects.count(),
            Correction.objects.count(),
        )
        call_command("load_demo", stdout=StringIO())
        after = (
            Article.objects.count(),
            list(Article.objects.order_by("pk").values_list("version", flat=True)),
            WorkflowEvent.objects.count(),
            Author.objects.count(),
            get_user_model().objects.count(),
            Correction.objects.count(),
        )
        self.assertEqual(after, before)

    def test_a_published_piece_shows_a_correction_as_readme_promises(self):
        """README promises a demo correction: a live piece carries one and its page shows it."""
        readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
        self.assertIn("a correction", readme)
        promised = re.search(r"(\d+) original\s+pieces", readme).group(1)
        self.assertEqual(Article.objects.count(), int(promised))
        corrections = Correction.objects.filter(article__in=Article.objects.published())
        self.assertTrue(corrections.exists())
        for correction in corrections:
            with self.subTest(article=correction.article.slug):
                response = self.client.get(correction.article.get_absolute_url())
                self.assertContains(response, escape(correction.text))

    def test_loading_again_adds_a_missing_demo_correction_once(self):
        """A demo loaded before corrections were part of it gets them on the next load, once."""
        made = Correction.objects.count()
        Correction.objects.all().delete()
        call_command("load_demo", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(Correction.objects.count(), made)

    def test_demo_accounts_sign_in_with_their_roles(self):
        """editor, reporter and reporter2 sign in with newsroom-demo and are in their groups."""
        for username, group in [
            ("editor", "Editors"),
            ("reporter", "Reporters"),
            ("reporter2", "Reporters"),
        ]:
            with self.subTest(user=username):
                self.assertIs(self.client.login(username=username, password="newsroom-demo"), True)
                user = get_user_model().objects.get(username=username)
                self.assertTrue(user.groups.filter(name=group).exists())
                self.assertTrue(Author.objects.filter(user=user).exists())

    def test_reporter_has_pieces_on_the_desk(self):
        """The demo reporter finds their own pieces in several states on the desk."""
        reporter = get_user_model().objects.get(username="reporter")
        states = set(Article.objects.for_desk(reporter).values_list("state", flat=True))
        self.assertTrue({"draft", "in_review", "changes_requested", "published"} <= states)

    def test_reporter_has_assignments_and_the_editor_a_budget(self):
        """The demo reporter finds "Assigned to you" with "Start writing"; the budget shows the week."""
        self.client.login(username="reporter", password="newsroom-demo")
        desk = self.client.get("/desk/")
        self.assertContains(desk, "Assigned to you")
        self.assertContains(desk, "Start writing")
        self.assertContains(desk, "Night buses: who rides them after midnight?")
        self.client.login(username="editor", password="newsroom-demo")
        budget = self.client.get("/admin/articles/budget/")
        self.assertContains(budget, "Ferry fares to rise")
        self.assertContains(budget, "Not started")

    def test_loading_twice_keeps_the_assignments(self):
        """A second run adds no assignment and changes none."""
        before = list(Assignment.objects.order_by("pk").values())
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(list(Assignment.objects.order_by("pk").values()), before)
        self.assertGreaterEqual(len(before), 5)


class DemoRefusalTests(TestCase):
    @override_settings(DEBUG=False)
    def test_refuses_without_debug_and_creates_nothing(self):
        """With DEBUG off, the demo loader refuses and creates no account or piece."""
        with self.assertRaisesMessage(CommandError, "local development only"):
            call_command("load_demo", stdout=StringIO())
        self.assertFalse(get_user_model().objects.filter(username="editor").exists())
        self.assertFalse(Article.objects.exists())
