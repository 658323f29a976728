from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from articles.models import Tag

from . import factories


class TagNameTests(TestCase):
    def test_editor_cannot_add_a_tag_differing_only_in_case(self):
        """Adding "TRANSPORT" beside "transport" in the admin is refused with a clear message."""
        Tag.objects.create(name="transport")
        self.client.force_login(factories.editor())
        response = self.client.post(
            reverse("admin:articles_tag_add"), {"name": "TRANSPORT", "slug": "transport-2"}
        )
        self.assertContains(response, "A tag with this name already exists.")
        self.assertEqual(Tag.objects.count(), 1)


class MergeTagsMigrationTests(TransactionTestCase):
    def test_tags_differing_in_case_are_merged_and_keep_their_pieces(self):
        """Before the rule, "Ferries" and "ferries" could both exist; the migration merges them."""
        executor = MigrationExecutor(connection)
        before = [("articles", "0004_accent_insensitive_search")]
        after = [("articles", "0005_tag_name_unique_ignoring_case")]
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        Tag, Article = apps.get_model("articles", "Tag"), apps.get_model("articles", "Article")
        first = Tag.objects.create(name="ferries", slug="ferries")
        second = Tag.objects.create(name="Ferries", slug="ferries-2")
        one = Article.objects.create(headline="One", slug="one", state="draft", version=1)
        two = Article.objects.create(headline="Two", slug="two", state="draft", version=1)
        one.tags.add(first, second)
        two.tags.add(second)

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        apps = executor.loader.project_state(after).apps
        Tag, Article = apps.get_model("articles", "Tag"), apps.get_model("articles", "Article")
        self.assertEqual(list(Tag.objects.values_list("name", flat=True)), ["ferries"])
        for slug in ("one", "two"):
            self.assertEqual(
                list(Article.objects.get(slug=slug).tags.values_list("name", flat=True)),
                ["ferries"],
            )
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
