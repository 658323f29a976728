import importlib
from io import StringIO

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase

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
