"""What each role may do with assignments.

Editors create, change and see every assignment (model permissions, through the
admin). Reporters need no permission of this app: they see the assignments that
name them, which ``AssignmentQuerySet.for_user`` decides.
"""

from django.contrib.auth.models import Group, Permission

from articles.roles import EDITORS

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("assignment",)
    for action in ("add", "change", "delete", "view")
]


def grant_permissions(**kwargs):
    """Give the Editors group this app's permissions; safe to run again."""
    found = Permission.objects.filter(
        content_type__app_label="planning", codename__in=EDITOR_PERMISSIONS
    )
    if not found:
        # Before this app's own migration has run there is nothing to grant.
        return
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(*found)
