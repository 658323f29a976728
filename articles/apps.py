from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

        from .editing import after_restore, before_restore, keep_body_pictures, render_body
        from .roles import create_groups
        from .signals import (
            connect_cache_receivers,
            picture_deleted,
            picture_deleting,
            picture_saved,
        )

        connect_cache_receivers()
        # Revision restores save raw, past Article.save(): see articles.editing.
        pre_save.connect(before_restore, sender="articles.Article", dispatch_uid="articles.restore")
        post_save.connect(
            after_restore, sender="articles.Article", dispatch_uid="articles.restored"
        )
        # The body's HTML is made at every save, raw ones included, never on a read.
        pre_save.connect(render_body, sender="articles.Article", dispatch_uid="articles.body_html")
        post_save.connect(
            keep_body_pictures, sender="articles.Article", dispatch_uid="articles.body_pictures"
        )
        # A picture's new words, crops or rights reach the bodies that show it.
        post_save.connect(picture_saved, sender="pictures.Picture", dispatch_uid="articles.picture")
        pre_delete.connect(
            picture_deleting, sender="pictures.Picture", dispatch_uid="articles.picture.deleting"
        )
        post_delete.connect(
            picture_deleted, sender="pictures.Picture", dispatch_uid="articles.picture.deleted"
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
