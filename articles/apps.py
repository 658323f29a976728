from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import pre_save

        from .models import render_body_html
        from .revisions import keep_workflow_fields
        from .roles import create_groups
        from .signals import connect_cache_receivers

        connect_cache_receivers()
        pre_save.connect(
            keep_workflow_fields, sender="articles.Article", dispatch_uid="articles.keep_workflow"
        )
        pre_save.connect(
            render_body_html, sender="articles.Article", dispatch_uid="articles.body_html"
        )

        # A data migration cannot see custom permissions on a fresh database,
        # so the groups are made after every migrate, idempotently.
        post_migrate.connect(create_groups, dispatch_uid="articles.create_groups")
