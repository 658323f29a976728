"""``{% inbox_link %}``: the link to the inbox with the unread count, for the desk's and admin's headers."""

from django import template

from ..models import Notification

register = template.Library()


@register.inclusion_tag("discussion/includes/inbox_link.html", takes_context=True)
def inbox_link(context, look="desk"):
    """The inbox link for the signed-in person, in the ``look`` of "desk" or "admin"; one query."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    unread = Notification.objects.for_user(user).unread().count()
    return {"show": True, "unread": unread, "look": look}
