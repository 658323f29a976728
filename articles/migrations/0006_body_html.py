"""Bodies are rendered once, at save, into body_html; existing pieces get theirs here.

Bodies also get their length limit: a validator, so nothing changes in the table.
"""

from django.db import migrations, models

import articles.models

BATCH = 200


def fill_body_html(apps, schema_editor):
    # Today's renderer, imported when the migration runs rather than frozen here:
    # the stored HTML must be what a save would store now.
    from articles.markup import render

    Article = apps.get_model("articles", "Article")
    pieces = Article.objects.only("pk", "body").order_by("pk")
    batch = []
    for piece in pieces.iterator(chunk_size=BATCH):
        piece.body_html = render(piece.body)
        batch.append(piece)
        if len(batch) == BATCH:
            Article.objects.bulk_update(batch, ["body_html"])
            batch = []
    Article.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_tag_name_unique_ignoring_case")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_html",
            field=models.TextField(blank=True, editable=False, verbose_name="body HTML"),
        ),
        migrations.AlterField(
            model_name="article",
            name="body",
            field=models.TextField(
                blank=True,
                help_text="Markdown.",
                validators=[articles.models.validate_body],
                verbose_name="body",
            ),
        ),
        migrations.RunPython(fill_body_html, migrations.RunPython.noop),
    ]
