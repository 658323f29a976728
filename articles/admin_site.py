"""The admin site editors work in.

Joining the Editors group is all it takes to become an editor (DESIGN
"Contract"), so the site admits active members of that group as well as staff.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.roles import EDITORS


def may_use_admin(user):
    """Return True when ``user`` may sign in to the admin."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_staff or user.groups.filter(name=EDITORS).exists()


class CleanInitialDataMixin:
    """Prefill an add form from the query string only with values its fields accept.

    The admin takes ``?section=…`` as initial data; an id that is not a number
    would crash the autocomplete widget while rendering, so it is dropped.
    """

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            target = field.target_field if field.is_relation else field
            try:
                for item in value if isinstance(value, list) else [value]:
                    target.to_python(item)
            except ValidationError:
                del initial[name]
        return initial


class EditorAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not may_use_admin(user):
            raise self.get_invalid_login_error()
        return super(AdminAuthenticationForm, self).confirm_login_allowed(user)


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom")
    site_title = _("Newsroom admin")
    index_title = _("Editorial desk")
    login_form = EditorAuthenticationForm

    def has_permission(self, request):
        return may_use_admin(request.user)

    def index(self, request, extra_context=None):
        from articles.admin.panels import state_counts

        extra_context = {**(extra_context or {}), "state_counts": state_counts(request)}
        return super().index(request, extra_context)

    def login(self, request, extra_context=None):
        # A signed-in reporter has nothing to do here: send them to their desk.
        if request.user.is_authenticated and not may_use_admin(request.user):
            return HttpResponseRedirect(reverse("desk:home"))
        return super().login(request, extra_context)
