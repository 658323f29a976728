import django.db.models.deletion
from django.db import migrations, models


# Numbered 0010: 0009 is the wire importer's, made on another branch at the same
# time; where both are present this follows it.
class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_wire_import"),
        ("pictures", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="hero_picture",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hero_of",
                to="pictures.picture",
                verbose_name="library picture",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="body_pictures",
            field=models.ManyToManyField(
                blank=True,
                editable=False,
                related_name="in_bodies",
                to="pictures.picture",
                verbose_name="pictures in the body",
            ),
        ),
    ]
