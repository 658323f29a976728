import importlib
from io import StringIO

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase, TransactionTestCase

from articles.models import Article
from articles.roles import create_groups


class MigrationTests(TestCase):
    def test_no_model_change_lacks_a_migration(self):
        """Every model change ships with its migration."""
        out = StringIO()
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
        self.assertIn("No changes detected", out.getvalue())


class BodyHtmlMigrationTests(TestCase):
    def test_existing_pieces_get_their_body_html(self):
        """Pieces saved before bodies were stored as HTML show their bodies after migrate."""
        from . import factories

        pieces = [factories.ArticleFactory(body=f"Piece *{n}*.") for n in range(3)]
        Article.objects.update(body_html="")
        migration = importlib.import_module("articles.migrations.0006_body_html")
        migration.fill_body_html(apps, schema_editor=None)
        for n, piece in enumerate(pieces):
            piece.refresh_from_db()
            self.assertHTMLEqual(piece.body_html, f"<p>Piece <em>{n}</em>.</p>")


class RoleGroupTests(TestCase):
    def perms(self, name):
        group = Group.objects.get(name=name)
        return {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }

    def test_groups_exist_after_migrate_with_their_permissions(self):
        """After migrate, Reporters may write and submit; Editors may also publish and review."""
        reporters, editors = self.perms("Reporters"), self.perms("Editors")
        self.assertTrue({"articles.add_article", "articles.submit_article"} <= reporters)
        self.assertFalse({"articles.publish_article", "articles.review_article"} & reporters)
        self.assertFalse({"articles.change_any_article", "articles.delete_article"} & reporters)
        self.assertTrue(
            {
                "articles.publish_article",
                "articles.review_article",
                "articles.change_any_article",
                "articles.change_section",
                "articles.add_correction",
                "authors.change_author",
            }
            <= editors
        )

    def test_creating_groups_again_changes_nothing(self):
        """Running the post-migrate step twice leaves the same groups and permissions."""
        before = (Group.objects.count(), self.perms("Editors"), self.perms("Reporters"))
        create_groups()
        self.assertEqual(
            (Group.objects.count(), self.perms("Editors"), self.perms("Reporters")), before
        )


class EditorAdminAccessTests(TestCase):
    def test_editor_group_member_can_use_admin_without_is_staff(self):
        """Joining Editors is enough to sign in to /admin/."""
        from . import factories

        user = factories.editor("ed")
        self.assertIs(user.is_staff, False)
        response = self.client.post(
            "/admin/login/?next=/admin/", {"username": "ed", "password": "pw-for-tests"}
        )
        self.assertRedirects(response, "/admin/")
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_reporter_cannot_use_admin(self):
        """A reporter is not let into the admin."""
        from . import factories

        factories.reporter("rep")
        response = self.client.post(
            "/admin/login/?next=/admin/", {"username": "rep", "password": "pw-for-tests"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/admin/").status_code, 302)


class HeroesIntoTheLibraryMigrationTests(TransactionTestCase):
    def test_existing_hero_images_become_library_pictures_losing_nothing(self):
        """After migrate, a piece's hero is a library picture with the same file, renditions and words."""
        from django.core.files.storage import default_storage

        from pictures import images

        from . import factories

        executor = MigrationExecutor(connection)
        before = [("articles", "0010_hero_picture")]
        after = [("articles", "0012_remove_hero_image")]
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        OldArticle = old_apps.get_model("articles", "Article")
        stored = default_storage.save(
            "heroes/old-hero.jpg", images.clean_image(factories.image_file(size=(1600, 900)))
        )
        renditions = images.make_renditions(stored)
        with_hero = OldArticle.objects.create(
            headline="With a hero",
            slug="with-a-hero",
            state="draft",
            version=1,
            hero_image=stored,
            hero_width=1600,
            hero_height=900,
            hero_renditions=renditions,
            hero_alt="The quay at dawn",
            hero_caption="Halden Bay quay.",
            hero_credit="Photo: Ines Vogel",
        )
        OldArticle.objects.create(headline="Without", slug="without", state="draft", version=1)

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new_apps = executor.loader.project_state(after).apps
        Article = new_apps.get_model("articles", "Article")
        Picture = new_apps.get_model("pictures", "Picture")
        self.assertEqual(Picture.objects.count(), 1)
        piece = Article.objects.get(pk=with_hero.pk)
        picture = Picture.objects.get(pk=piece.hero_picture_id)
        self.assertEqual(picture.image.name, stored)
        self.assertTrue(default_storage.exists(stored))
        self.assertEqual((picture.width, picture.height), (1600, 900))
        self.assertEqual(picture.renditions, renditions)
        self.assertEqual(
            (picture.alt, picture.caption, picture.credit),
            ("The quay at dawn", "Halden Bay quay.", "Photo: Ines Vogel"),
        )
        self.assertEqual(
            (piece.hero_alt, piece.hero_caption), ("The quay at dawn", "Halden Bay quay.")
        )
        self.assertEqual(set(picture.crops), {"16x9", "4x3", "1x1", "og"})
        self.assertIsNone(Article.objects.get(slug="without").hero_picture_id)
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
