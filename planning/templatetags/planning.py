"""Planning on the desk's own pages, so that the articles app imports nothing from planning."""

from django import template

from ..models import Assignment

register = template.Library()


@register.inclusion_tag("planning/includes/assigned_to_you.html", takes_context=True)
def assigned_to_you(context):
    """ "Assigned to you": the signed-in person's assignments still to write, soonest due first."""
    user = context["user"]
    return {
        "assignments": list(Assignment.objects.open_for(user)) if user.is_authenticated else [],
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("planning/includes/brief.html")
def assignment_brief(article):
    """The brief of the assignment ``article`` is written for, if any, to read beside the body."""
    assignment = None
    # On a new piece's page there is no article yet (the variable is empty).
    if getattr(article, "pk", None):
        assignment = (
            Assignment.objects.filter(article=article)
            .select_related("section", "created_by")
            .prefetch_related("reporters")
            .first()
        )
    return {"assignment": assignment}
