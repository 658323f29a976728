"""What editors may see of the notifications, the mail and the task queue."""

from django.contrib.auth.models import Group, Permission

from articles.roles import EDITORS

EDITOR_PERMISSIONS = [
    # Mail deliveries: their state and errors, and "Send again" on failed ones.
    ("discussion", "view_notification"),
    ("discussion", "change_notification"),
    *(("discussion", f"{action}_sectioneditor") for action in ("add", "change", "delete", "view")),
    # Every comment, and deleting a guest's unwanted one.
    ("discussion", "view_comment"),
    ("discussion", "delete_comment"),
    # Every background task's result, failures with their tracebacks.
    ("django_tasks_database", "view_dbtaskresult"),
    ("ops", "view_workerheartbeat"),
]


def grant_editors(**kwargs):
    """Give the Editors group the permissions above; safe to run again."""
    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        return
    found = Permission.objects.select_related("content_type").filter(
        codename__in={codename for _, codename in EDITOR_PERMISSIONS}
    )
    group.permissions.add(
        *[p for p in found if (p.content_type.app_label, p.codename) in EDITOR_PERMISSIONS]
    )
