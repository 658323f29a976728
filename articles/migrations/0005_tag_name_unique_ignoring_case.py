"""One tag per name whatever its case: tags that differ only in case are merged first."""

import django.db.models.functions.text
from django.db import migrations, models


def merge_tags_differing_in_case(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    Through = apps.get_model("articles", "Article_tags")
    kept = {}
    for tag in Tag.objects.order_by("pk"):
        keeper = kept.setdefault(tag.name.lower(), tag)
        if keeper.pk == tag.pk:
            continue
        tagged = Through.objects.filter(tag=keeper).values("article_id")
        Through.objects.filter(tag=tag).exclude(article_id__in=tagged).update(tag=keeper)
        tag.delete()
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys now: PostgreSQL builds no index on a
        # table with pending checks, and the constraint below is an index.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_accent_insensitive_search")]

    operations = [
        migrations.RunPython(merge_tags_differing_in_case, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                name="tag_name_unique_ignoring_case",
                violation_error_message="A tag with this name already exists.",
            ),
        ),
    ]
