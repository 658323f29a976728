from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    """Notifications and each person's inbox, and the discussion on each piece."""

    name = "discussion"
    verbose_name = _("Notifications")

    def ready(self):
        from . import assignments
        from .receivers import connect
        from .roles import grant_editors

        connect()
        assignments.connect()
        # After articles' receiver, which creates the groups.
        post_migrate.connect(grant_editors, dispatch_uid="discussion.grant_editors")
