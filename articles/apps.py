from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import pre_save

        from .revisions import keep_workflow_fields
        from .roles import create_groups
        from .signals import connect_cache_receivers

        connect_cache_receivers()
        pre_save.connect(
            keep_workflow_fields, sender="articles.Article", dispatch_uid="articles.keep_workflow"
        )

        # A data migration cannot see custom permissions on a fresh database,
        # so the groups are made after every migrate, idempotently.
        post_migrate.connect(create_groups, dispatch_uid="articles.create_groups")


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """The admin, with our site (``admin_site.NewsroomAdminSite``) as ``admin.site``.

    Not this app's default config (``default = False``): it is listed in
    INSTALLED_APPS in place of ``django.contrib.admin``.
    """

    default = False
    default_site = "articles.admin_site.NewsroomAdminSite"
