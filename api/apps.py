from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def give_editors_keys(**kwargs):
    """Let the Editors group issue, change and revoke API keys; safe to run again."""
    from django.contrib.auth.models import Group, Permission

    from articles.roles import EDITORS

    found = Permission.objects.filter(content_type__app_label="api", content_type__model="apikey")
    if found:
        Group.objects.get_or_create(name=EDITORS)[0].permissions.add(*found)


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Content API")

    def ready(self):
        # After every migrate, like the role groups themselves (articles.roles).
        post_migrate.connect(give_editors_keys, sender=self, dispatch_uid="api.editor_keys")
