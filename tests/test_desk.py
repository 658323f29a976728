import datetime
import io

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import workflow
from articles.forms import ArticleDeskForm
from articles.models import Article
from authors.models import Author

from . import factories


def desk_form_data(article=None, user=None, **changes):
    """What the edit form posts when the reporter presses a button without changing anything else."""
    data = {
        "headline": "",
        "standfirst": "",
        "body": "",
        "section": "",
        "tags": "",
        "hero_picture": "",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "source_name": "",
        "source_url": "",
        "licence": "",
        "embargo_until": "",
        "take_down_at": "",
        "take_down_note": "",
        "action": "save",
    }
    if article is not None:
        article = Article.objects.get(pk=article.pk)
        form = ArticleDeskForm(instance=article, user=user)
        for name in data:
            if name in form.fields:
                # As the browser sends it: times in the picker's format.
                value = form.fields[name].widget.format_value(form[name].value())
                data[name] = "" if value is None else value
        data["tags"] = ", ".join(t.name for t in article.tags.all())
        data["edited_version"] = form["edited_version"].value()
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class DeskListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alice = factories.reporter("alice")
        cls.bob = factories.reporter("bob")
        cls.editor = factories.editor()
        cls.mine = factories.ArticleFactory(
            headline="Alice's ferry piece", created_by=cls.alice, authors=[cls.alice.author]
        )
        cls.theirs = factories.ArticleFactory(
            headline="Bob's secret draft", created_by=cls.bob, authors=[cls.bob.author]
        )

    def test_desk_lists_only_my_pieces_with_state_and_editor_note(self):
        """A reporter's desk shows their own pieces, each state in words and the editor's note."""
        workflow.transition(self.mine, "submit", by=self.alice)
        workflow.transition(
            self.mine, "request_changes", by=self.editor, note="Name the ferry operator."
        )
        self.client.force_login(self.alice)
        response = self.client.get(reverse("desk:home"))
        self.assertContains(response, "Alice&#x27;s ferry piece")
        self.assertContains(response, "Changes requested")
        self.assertContains(response, "Name the ferry operator.")
        self.assertContains(response, "New piece")
        self.assertNotContains(response, "Bob&#x27;s secret draft")

    def test_other_reporters_pieces_answer_404(self):
        """Another reporter's piece is not found by edit or preview URL."""
        self.client.force_login(self.alice)
        for name in ["desk:edit", "desk:preview"]:
            with self.subTest(url=name):
                response = self.client.get(reverse(name, args=[self.theirs.pk]))
                self.assertEqual(response.status_code, 404)
        response = self.client.post(
            reverse("desk:edit", args=[self.theirs.pk]), desk_form_data(headline="Hijacked")
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Article.objects.get(pk=self.theirs.pk).headline, "Bob's secret draft")

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        """Signed-out visitors to the desk are sent to the sign-in page."""
        response = self.client.get(reverse("desk:home"))
        self.assertRedirects(
            response,
            f"{reverse('login')}?next={reverse('desk:home')}",
            fetch_redirect_response=False,
        )

    def test_published_pieces_link_to_their_public_page(self):
        """A live piece on the desk says "View live" with its public URL; a scheduled one does not."""
        live = factories.published(
            headline="Ferry timetable agreed", created_by=self.alice, authors=[self.alice.author]
        )
        factories.published(
            headline="Ferry fares embargoed",
            created_by=self.alice,
            authors=[self.alice.author],
            publish_at=timezone.now() + datetime.timedelta(days=1),
        )
        self.client.force_login(self.alice)
        response = self.client.get(reverse("desk:home"))
        self.assertContains(
            response, f'<a href="{live.get_absolute_url()}">View live</a>', html=True, count=1
        )
        self.assertContains(response, "Scheduled for")

    def test_many_pieces_are_paged_with_the_desk_styles(self):
        """Past 30 pieces the desk shows a Bootstrap pager leading to the older ones."""
        for n in range(31):
            factories.ArticleFactory(headline=f"Note {n}", created_by=self.alice)
        self.client.force_login(self.alice)
        response = self.client.get(reverse("desk:home"))
        self.assertContains(
            response,
            '<li class="page-item"><a class="page-link" rel="next" href="?page=2">Older</a></li>',
            html=True,
        )
        self.assertContains(response, "Page 1 of 2")
        self.assertContains(self.client.get(reverse("desk:home"), {"page": 2}), 'rel="prev"')

    def test_editors_see_every_piece_on_the_desk(self):
        """An editor using the desk sees every reporter's pieces."""
        self.client.force_login(self.editor)
        response = self.client.get(reverse("desk:home"))
        self.assertContains(response, "Alice&#x27;s ferry piece")
        self.assertContains(response, "Bob&#x27;s secret draft")


class DeskWritingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = factories.SectionFactory(name="City")
        cls.newbie = factories.UserFactory(username="newbie", first_name="Noor", last_name="Haddad")
        from django.contrib.auth.models import Group

        cls.newbie.groups.add(Group.objects.get(name="Reporters"))

    def setUp(self):
        self.client.force_login(self.newbie)

    def test_form_has_the_contract_labels_and_buttons(self):
        """The write form shows every labelled field and the Save, Preview and Submit buttons."""
        response = self.client.get(reverse("desk:new"))
        for label in [
            "Headline", "Standfirst", "Body", "Section", "Tags", "Hero image",
            "Alt text", "Caption", "Credit", "Source name", "Source URL",
        ]:  # fmt: skip
            with self.subTest(label=label):
                self.assertRegex(response.content.decode(), rf"<label[^>]*>\s*{label}\b")
        for button in ["Save", "Preview", "Submit for review"]:
            self.assertContains(response, f">{button}</button>")

    def test_first_save_creates_the_reporters_author_and_byline(self):
        """A new reporter's first save makes their byline from their full name."""
        response = self.client.post(
            reverse("desk:new"),
            desk_form_data(headline="Tram line opens", tags="Transport, trams, transport"),
        )
        article = Article.objects.get(headline="Tram line opens")
        self.assertRedirects(response, reverse("desk:edit", args=[article.pk]))
        self.assertEqual(article.created_by, self.newbie)
        self.assertEqual(Author.objects.get(user=self.newbie).name, "Noor Haddad")
        self.assertEqual([a.name for a in article.byline_authors()], ["Noor Haddad"])
        self.assertEqual(sorted(t.name for t in article.tags.all()), ["Transport", "trams"])
        self.assertEqual(article.state, "draft")

    def test_a_namesake_reporter_gets_an_author_page_of_their_own(self):
        """Two reporters with one name get two author pages at different addresses."""
        factories.AuthorFactory(name="Noor Haddad", slug="noor-haddad")
        self.client.post(reverse("desk:new"), desk_form_data(headline="Ferry fares rise"))
        mine = Author.objects.get(user=self.newbie)
        self.assertEqual(mine.name, "Noor Haddad")
        self.assertEqual(mine.slug, "noor-haddad-2")

    def test_submit_shows_each_missing_item_next_to_its_field_and_keeps_the_text(self):
        """Submitting an incomplete piece saves it, stays a draft and marks each missing field."""
        response = self.client.post(
            reverse("desk:new"), desk_form_data(headline="Half-written", action="submit")
        )
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertIn("Add a standfirst.", form.errors["standfirst"])
        self.assertIn("Write the body.", form.errors["body"])
        self.assertIn("Choose a section.", form.errors["section"])
        article = Article.objects.get(headline="Half-written")
        self.assertEqual(article.state, "draft")
        self.assertContains(response, "Half-written")

    def test_submit_complete_piece_goes_to_review_and_locks_editing(self):
        """A complete piece goes to review; the reporter then sees it read-only with an explanation."""
        self.client.post(
            reverse("desk:new"),
            desk_form_data(
                headline="Harbour wall repaired",
                standfirst="Work finished a week early.",
                body="The wall reopened on Monday.",
                section=self.section.pk,
                action="submit",
            ),
        )
        article = Article.objects.get(headline="Harbour wall repaired")
        self.assertEqual(article.state, "in_review")
        response = self.client.get(reverse("desk:edit", args=[article.pk]))
        self.assertContains(response, "with the editors for review")
        self.assertNotContains(response, 'name="headline"')
        response = self.client.post(
            reverse("desk:edit", args=[article.pk]),
            desk_form_data(article, self.newbie, headline="Changed"),
        )
        self.assertEqual(Article.objects.get(pk=article.pk).headline, "Harbour wall repaired")

    def test_posted_workflow_fields_are_ignored(self):
        """Posting state, created_by or version does not change them."""
        self.client.post(
            reverse("desk:new"),
            desk_form_data(headline="Sneaky", state="published", created_by=999, version=50),
        )
        article = Article.objects.get(headline="Sneaky")
        self.assertEqual(
            (article.state, article.created_by, article.version), ("draft", self.newbie, 1)
        )

    def test_conflicting_save_is_refused_and_keeps_both_texts(self):
        """When an editor saved in between, the reporter's save is refused and their text stays in the form."""
        article = factories.ArticleFactory(created_by=self.newbie, body="Original body.")
        stale = desk_form_data(article, self.newbie, body="Reporter's rewrite.")
        article.body = "Editor's fix."
        article.save()
        response = self.client.post(reverse("desk:edit", args=[article.pk]), stale)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "after you opened it")
        self.assertContains(response, "Reporter&#x27;s rewrite.")
        self.assertEqual(Article.objects.get(pk=article.pk).body, "Editor's fix.")

    def test_hero_image_is_cleaned_and_rendered_on_upload(self):
        """An uploaded photo loses its EXIF data and gets its renditions straight away."""
        buffer = io.BytesIO()
        image = Image.new("RGB", (1200, 800), "teal")
        exif = Image.Exif()
        exif[0x010F] = "SecretCam"  # Make
        image.save(buffer, "JPEG", exif=exif)
        buffer.seek(0)
        buffer.name = "holiday.jpg"
        self.client.post(
            reverse("desk:new"),
            {
                **desk_form_data(headline="With picture", hero_alt="A teal square"),
                "hero_image": buffer,
            },
        )
        article = Article.objects.get(headline="With picture")
        self.assertNotIn("holiday", article.hero_picture.image.name)
        with Image.open(article.hero_picture.image.path) as stored:
            self.assertNotIn(0x010F, stored.getexif())
        widths = sorted({r["width"] for r in article.hero_picture.renditions})
        self.assertEqual(widths, [480, 960])
        self.assertEqual({r["format"] for r in article.hero_picture.renditions}, {"webp", "jpg"})

    def test_non_image_upload_is_refused_with_a_clear_error(self):
        """A file that is not a picture is refused with a message; nothing is saved."""
        fake = io.BytesIO(b"<svg onload=alert(1)></svg>")
        fake.name = "photo.jpg"
        response = self.client.post(
            reverse("desk:new"),
            {**desk_form_data(headline="Bad upload", hero_alt="x"), "hero_image": fake},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "not a JPEG, PNG or WebP image")
        self.assertFalse(Article.objects.filter(headline="Bad upload").exists())

    def test_hero_image_needs_alt_text(self):
        """Uploading a picture without alt text asks for a description."""
        buffer = io.BytesIO()
        Image.new("RGB", (100, 80), "red").save(buffer, "PNG")
        buffer.seek(0)
        buffer.name = "x.png"
        response = self.client.post(
            reverse("desk:new"), {**desk_form_data(headline="No alt"), "hero_image": buffer}
        )
        self.assertContains(response, "Describe the picture")

    def test_an_over_long_body_is_refused_and_nothing_typed_is_lost(self):
        """A body over 200,000 characters is refused with its length; every field keeps its text."""
        draft = factories.ArticleFactory(created_by=self.newbie, headline="Old headline")
        body = "a" * 250_312
        for url in [reverse("desk:new"), reverse("desk:edit", args=[draft.pk])]:
            with self.subTest(url=url):
                data = desk_form_data(
                    draft if "edit" in url else None, self.newbie, headline="Long read", body=body
                )
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 200)
                form = response.context["form"]
                self.assertEqual(
                    form.errors["body"],
                    [
                        "The body is 250,312 characters long; the limit is 200,000. "
                        "Split the piece or shorten it."
                    ],
                )
                self.assertEqual(
                    (form["headline"].value(), form["body"].value()), ("Long read", body)
                )
        self.assertFalse(Article.objects.filter(headline="Long read").exists())
        draft.refresh_from_db()
        self.assertEqual(draft.headline, "Old headline")

    def test_a_body_of_exactly_the_limit_is_saved(self):
        """A body of 200,000 characters, the limit, saves like any other."""
        response = self.client.post(
            reverse("desk:new"), desk_form_data(headline="At the limit", body="a" * 200_000)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(Article.objects.get(headline="At the limit").body), 200_000)


class SignInTests(TestCase):
    def test_reporter_lands_on_desk_and_editor_in_admin(self):
        """After signing in, reporters reach the desk and editors the admin."""
        factories.reporter("rep")
        factories.editor("ed")
        response = self.client.post(
            reverse("login"), {"username": "rep", "password": "pw-for-tests"}
        )
        self.assertRedirects(response, reverse("desk:home"))
        self.client.logout()
        response = self.client.post(
            reverse("login"), {"username": "ed", "password": "pw-for-tests"}
        )
        self.assertRedirects(response, reverse("admin:index"))

    def test_next_never_leads_off_site(self):
        """A ?next= pointing at another site is ignored."""
        factories.reporter("rep")
        response = self.client.post(
            reverse("login") + "?next=https://evil.example/",
            {"username": "rep", "password": "pw-for-tests", "next": "https://evil.example/"},
        )
        self.assertRedirects(response, reverse("desk:home"))

    def test_login_page_has_contract_labels(self):
        """The sign-in page has Username and Password fields and a Log in button."""
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Username")
        self.assertContains(response, "Password")
        self.assertContains(response, "Log in")

    def test_account_pages_keep_the_newspaper_name_in_the_header(self):
        """Sign-in and password-reset pages show the newspaper's name, not the server's host name."""
        for url in (reverse("login"), reverse("password_reset")):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, f'class="site-name" href="/">{settings.SITE_NAME}<')

    def test_reporter_changes_their_password(self):
        """A reporter changes their password on the site's own page and can sign in with the new one."""
        user = factories.reporter("rep")
        self.client.force_login(user)
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": "pw-for-tests",
                "new_password1": "harbour-lights-42",
                "new_password2": "harbour-lights-42",
            },
            follow=True,
        )
        self.assertContains(response, "Your new password is in use.")
        self.client.logout()
        self.assertTrue(self.client.login(username="rep", password="harbour-lights-42"))

    def test_reporter_visiting_admin_is_sent_to_desk(self):
        """A signed-in reporter who opens /admin/ is taken to their desk."""
        user = factories.reporter("rep")
        self.client.force_login(user)
        response = self.client.get(reverse("admin:index"), follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("desk:home"))
