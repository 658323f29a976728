"""The Reporters and Editors groups and the permissions each role holds."""

from django.contrib.auth.models import Group, Permission

REPORTERS = "Reporters"
EDITORS = "Editors"

ROLE_PERMISSIONS = {
    # Reporters work on their own pieces only; querysets and the workflow
    # enforce "own" on top of these model permissions.
    REPORTERS: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.submit_article",
        "articles.view_section",
        "articles.view_tag",
        "articles.add_tag",
        "authors.view_author",
        # The picture library: reporters upload and browse it at /desk/pictures/.
        "pictures.add_picture",
        "pictures.view_picture",
    ],
    EDITORS: [
        *(
            f"articles.{action}_{model}"
            for model in (
                *("article", "section", "tag", "correction", "byline", "articleredirect"),
                "sharelink",
            )
            for action in ("add", "change", "delete", "view")
        ),
        "articles.submit_article",
        "articles.review_article",
        "articles.publish_article",
        "articles.change_any_article",
        "articles.view_workflowevent",
        *(f"authors.{action}_author" for action in ("add", "change", "delete", "view")),
        *(f"pages.{action}_page" for action in ("add", "change", "delete", "view")),
        *(f"pictures.{action}_picture" for action in ("add", "change", "delete", "view")),
        "auth.view_user",
    ],
}


def create_groups(**kwargs):
    """Create the role groups and give them their permissions; safe to run again."""
    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = [p.split(".", 1) for p in perms]
        found = Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        )
        group.permissions.add(
            *[p for p in found if [p.content_type.app_label, p.codename] in wanted]
        )
