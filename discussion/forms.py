from django import forms
from django.utils.translation import gettext_lazy as _

from articles.text import CleanInputMixin, one_line

from .models import Comment, NotificationSettings
from .paragraphs import fingerprint, split


class NotificationSettingsForm(forms.ModelForm):
    """A person's mail setting, on their inbox page."""

    class Meta:
        model = NotificationSettings
        fields = ["mail_enabled"]


class CommentForm(CleanInputMixin, forms.Form):
    """A comment from the newsroom: on the piece, a reply, or on one paragraph of the preview."""

    text = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    paragraph = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    paragraph_hash = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)

    def __init__(self, *args, article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write a comment first."), code="empty")
        return text

    def clean_parent(self):
        pk = self.cleaned_data["parent"]
        if pk is None:
            return None
        parent = Comment.objects.filter(article=self.article, pk=pk).first()
        if parent is None:
            raise forms.ValidationError(
                _("The comment you replied to is not in this discussion."), code="parent"
            )
        # Replies stay one level deep: a reply to a reply joins the same thread.
        return parent.parent or parent

    def clean(self):
        data = super().clean()
        index, wanted = data.get("paragraph"), data.get("paragraph_hash")
        data["anchor"] = None
        if index is None and not wanted:
            return data
        texts = split(self.article.body)
        if index is None or index >= len(texts) or fingerprint(texts[index]) != wanted:
            raise forms.ValidationError(
                _(
                    "That paragraph has changed since you opened the page. "
                    "Reload the preview and comment again."
                ),
                code="paragraph_changed",
            )
        data["anchor"] = (index, wanted, texts[index])
        return data


class GuestCommentForm(CommentForm):
    """A comment from a guest with a commenting share link: a name, no account."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={"required": _("Say who you are: your name is required.")},
    )
    field_order = ["name", "text"]
    # A guest comments on paragraphs; replies are the newsroom's.
    parent = None

    def clean_name(self):
        name = one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Say who you are: your name is required."), code="name")
        return name
