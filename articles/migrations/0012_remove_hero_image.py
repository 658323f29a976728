from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_heroes_into_the_library")]

    operations = [
        migrations.RemoveField(model_name="article", name="hero_image"),
        migrations.RemoveField(model_name="article", name="hero_width"),
        migrations.RemoveField(model_name="article", name="hero_height"),
        migrations.RemoveField(model_name="article", name="hero_renditions"),
    ]
