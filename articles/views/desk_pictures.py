"""The picture library on the desk: reporters upload pictures and find them to place in a body."""

import logging

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from pictures.models import Picture

from ..fields import HeroImageField, formfield_for
from ..forms import DecodeUploadsMixin
from ..text import CleanInputMixin

logger = logging.getLogger(__name__)


class PictureUploadForm(CleanInputMixin, DecodeUploadsMixin, forms.ModelForm):
    """A new library picture: the image and its words; alt text is required."""

    class Meta:
        model = Picture
        fields = ["image", "alt", "caption", "credit", "copyright", "usable_until"]
        field_classes = {"image": HeroImageField}
        formfield_callback = formfield_for
        labels = {"image": gettext_lazy("Picture"), "alt": gettext_lazy("Alt text")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt"].required = True
        self.helper = FormHelper()
        self.helper.form_id = "picture-upload"
        self.helper.add_input(Submit("upload", _("Upload"), css_class="btn-primary"))


@method_decorator(never_cache, name="dispatch")
class PictureLibraryView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """``/desk/pictures/``: search and browse the library, upload to it, copy a picture's line.

    With ``?picker=1`` only the results are sent, for the body field's
    "Insert picture" dialog. A POST uploads; asked for JSON (the dialog), it
    answers with the new picture's body line instead of a page.
    """

    permission_required = "pictures.view_picture"
    template_name = "desk/picture_library.html"
    context_object_name = "pictures"
    paginate_by = 24

    def get_queryset(self):
        return Picture.objects.usable().search(self.request.GET.get("q", ""))

    def get_template_names(self):
        if self.request.GET.get("picker"):
            return ["desk/includes/picture_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", PictureUploadForm())
        return super().get_context_data(
            query=self.request.GET.get("q", ""),
            picker=bool(self.request.GET.get("picker")),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        wants_json = "application/json" in request.headers.get("Accept", "")
        if not request.user.has_perm("pictures.add_picture"):
            return self.handle_no_permission()
        form = PictureUploadForm(request.POST, request.FILES)
        if form.is_valid():
            form.instance.uploaded_by = request.user
            try:
                picture = form.save()
            except OSError:
                logger.exception("Could not store a library picture.")
                form.add_error(
                    "image",
                    _(
                        "The picture could not be stored: the server’s file storage is full or "
                        "unavailable. Try again later."
                    ),
                )
            else:
                if wants_json:
                    return JsonResponse({"id": picture.pk, "line": picture.body_line})
                messages.success(
                    request,
                    _("Picture %(id)s is in the library. Its line for the body: %(line)s")
                    % {"id": picture.pk, "line": picture.body_line},
                )
                return redirect("desk:pictures")
        if wants_json:
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)
