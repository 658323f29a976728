from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")

    def ready(self):
        from .roles import grant_permissions

        # After every migrate, as the articles app makes the groups themselves.
        post_migrate.connect(grant_permissions, dispatch_uid="planning.grant_permissions")
