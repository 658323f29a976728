"""Every hero image becomes a library picture, keeping its file, renditions and words.

The file is not copied: the picture takes the stored name it had. Its crops
around the centre are made now (the focal point starts there); a file the
storage cannot read keeps its renditions and gets its crops when an editor
next sets its focal point.
"""

import logging

from django.db import migrations

from pictures import images

logger = logging.getLogger(__name__)


def move_heroes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Picture = apps.get_model("pictures", "Picture")
    for article in Article.objects.exclude(hero_image="").iterator():
        name = article.hero_image.name
        try:
            crops = images.make_crops(name)
        except Exception:  # A missing or unreadable file must not stop the migration.
            logger.warning("No crops for %s: the file could not be read.", name)
            crops = {}
        picture = Picture.objects.create(
            image=name,
            width=article.hero_width,
            height=article.hero_height,
            renditions=article.hero_renditions,
            crops=crops,
            alt=article.hero_alt,
            caption=article.hero_caption,
            credit=article.hero_credit,
            uploaded_by_id=article.created_by_id,
        )
        Article.objects.filter(pk=article.pk).update(hero_picture=picture)


def back_to_heroes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(hero_picture=None).select_related("hero_picture"):
        picture = article.hero_picture
        Article.objects.filter(pk=article.pk).update(
            hero_image=picture.image.name,
            hero_width=picture.width,
            hero_height=picture.height,
            hero_renditions=picture.renditions,
            hero_alt=article.hero_alt or picture.alt,
            hero_caption=article.hero_caption or picture.caption,
            hero_credit=article.hero_credit or picture.credit,
            hero_picture=None,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_hero_picture")]

    operations = [migrations.RunPython(move_heroes, back_to_heroes)]
