from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from articles.cache import bump_on_commit

        from .models import render_body

        # The body's HTML is made at every save, raw ones (revision restores) included.
        pre_save.connect(render_body, sender="pages.Page", dispatch_uid="pages.body_html")
        # Every page shows the footer's links and the organisation's JSON-LD, which name pages.
        post_save.connect(bump_on_commit, sender="pages.Page", dispatch_uid="cache.pages.Page")
        post_delete.connect(
            bump_on_commit, sender="pages.Page", dispatch_uid="cache.pages.Page.delete"
        )
