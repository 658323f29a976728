"""One of every page a signed-in person works on, for the page-validity and accessibility tests.

Each page type is one ``PageType`` line in ``build_newsroom()``: who is signed
in, the address, and (for a page that answers a form) what is posted. The
Nu HTML Checker and axe both check exactly the response ``fetch()`` returns.
"""

import dataclasses
import datetime

from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from reversion.models import Version

from articles import editing
from articles.models import ShareLink
from authors.models import Author
from discussion import comments
from discussion.notify import notify
from planning.models import Assignment

from . import factories
from .pages import build_newspaper

WIRE_COPY = """Harbour authority approves night ferries to the islands
By MARTA KOWALSKA, Baltic Press
HALDEN BAY (BP) - Night ferries to the outer islands will run from March.
Islanders had asked for them for years.
-30-
Marta Kowalska is a correspondent for Baltic Press based in Halden Bay.
"""


@dataclasses.dataclass(frozen=True)
class PageType:
    """How to reach one page type: signed in as ``user`` (or not), a GET, or a POST of ``post``.

    ``ours`` names the parts axe checks on an admin page (CSS selectors): the
    markup around them is Django's own admin. The Nu HTML Checker reads the
    whole page either way.
    """

    name: str
    url: str
    user: object = None
    post: dict | None = None
    follow: bool = False
    status: int | None = 200  # None: any of 200, 404, 410 (the public table)
    settings: dict = dataclasses.field(default_factory=dict)
    ours: tuple = ()


def fetch(client, page):
    """Return the response a person gets for ``page``, signed in as its user (or signed out)."""
    client.logout()
    if page.user is not None:
        client.force_login(page.user)
    with override_settings(**page.settings):
        if page.post is not None:
            return client.post(page.url, page.post, follow=page.follow)
        return client.get(page.url, follow=page.follow)


def every_page_type():
    """The public pages (signed out) and every page a signed-in person works on."""
    public = [PageType(name, url, status=None) for name, url in build_newspaper().items()]
    return public + build_newsroom()


def build_newsroom():
    """Create a reporter's pieces in each state and an editor; return the page types to check."""
    reporter = factories.reporter("ines")
    editor = factories.editor("maria")
    section = factories.SectionFactory(name="Islands")
    mine = list(Author.objects.filter(user=reporter))
    draft = factories.ArticleFactory(
        headline="Ferry timetable draft",
        section=section,
        created_by=reporter,
        authors=mine,
        hero_image=factories.image_file(size=(1200, 675)),
        hero_alt="The ferry at the quay",
        hero_caption="The island ferry.",
        hero_credit="Illustration: Newsroom",
        source_name="Northern Wire Service",
        source_url="https://example.org/wire/ferries",
    )
    draft.tags.add(factories.TagFactory(name="ferries"))
    returned = factories.in_state(
        "changes_requested",
        headline="Returned with a note",
        section=section,
        created_by=reporter,
        authors=mine,
    )
    in_review = factories.submitted(
        headline="With the editors", section=section, created_by=reporter, authors=mine
    )
    live = factories.published(
        headline="Already live", section=section, created_by=reporter, authors=mine
    )
    live.headline = "Already live, corrected"
    editing.save(live, by=editor)
    old, new = Version.objects.get_for_object(live)[1], Version.objects.get_for_object(live)[0]
    factories.ArticleFactory(headline="Deleted by mistake", section=section).delete()
    link = ShareLink.objects.create(
        article=draft, created_by=editor, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    AccessAttempt.objects.create(
        username="ines",
        ip_address="127.0.0.1",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info=reverse("login"),
        failures_since_start=5,
    )
    # Signing in changes a reset token's hash, so the reset is for someone who never signs in here.
    forgetful = factories.reporter("kai")
    uid = urlsafe_base64_encode(force_bytes(forgetful.pk))
    token = default_token_generator.make_token(forgetful)
    assignment = Assignment.objects.create(
        headline="Night buses after midnight",
        brief="Ride the N3 one night and talk to the drivers.",
        section=section,
        due_at=timezone.now() + datetime.timedelta(hours=20),
    )
    assignment.reporters.add(reporter)
    started = Assignment.objects.create(
        headline="Ferry timetable",
        brief="What changes in March.",
        section=section,
        due_at=timezone.now() - datetime.timedelta(hours=2),
        article=draft,
    )
    started.reporters.add(reporter)
    question = comments.add(in_review, "Is the March date confirmed?", author=editor)
    comments.add(in_review, "Yes, by the harbour master.", author=reporter, parent=question)
    factories.picture(alt="Cranes over the harbour", caption="Dusk.")
    notify([reporter], "published", article=live, actor=editor)
    notify(
        [reporter], "changes_requested", article=returned, actor=editor, detail="Check the times."
    )
    notify([editor], "submitted", article=in_review, actor=reporter)
    new_piece = reverse("desk:new")
    login = reverse("login")
    change = "admin:articles_article_change"
    return [
        PageType("desk-home", reverse("desk:home"), reporter),
        PageType("write-assigned", reverse("desk:edit", args=[draft.pk]), reporter),
        PageType("assignment", reverse("planning:assignment", args=[assignment.pk]), reporter),
        PageType("calendar-settings", reverse("planning:calendar"), reporter),
        PageType("inbox", reverse("discussion:inbox"), reporter),
        PageType("picture-library", reverse("desk:pictures"), reporter),
        PageType("picture-library-search", reverse("desk:pictures") + "?q=cranes", reporter),
        PageType("inbox-editor", reverse("discussion:inbox"), editor),
        PageType("write-new", new_piece, reporter),
        PageType("write-existing", reverse("desk:edit", args=[returned.pk]), reporter),
        PageType(
            "write-errors",
            new_piece,
            reporter,
            post={"headline": "", "source_url": "not an address", "action": "save"},
        ),
        PageType(
            "write-submit-refused",
            new_piece,
            reporter,
            post={"headline": "Only a headline", "action": "submit"},
        ),
        PageType("write-locked", reverse("desk:edit", args=[in_review.pk]), reporter),
        PageType("preview", reverse("desk:preview", args=[draft.pk]), reporter),
        PageType("share-preview", reverse("share", args=[link.token])),
        PageType("wire-import", reverse("desk:import"), reporter),
        PageType("wire-import-errors", reverse("desk:import"), reporter, post={"wire_copy": ""}),
        PageType(
            "wire-import-result",
            reverse("desk:import"),
            reporter,
            post={"wire_copy": WIRE_COPY},
            follow=True,
        ),
        PageType("login-errors", login, post={"username": "ines", "password": "wrong"}, status=200),
        PageType(
            "locked-out",
            login,
            post={"username": "ines", "password": "wrong"},
            status=429,
            settings={"AXES_ENABLED": True},
        ),
        PageType("password-change", reverse("password_change"), reporter),
        PageType(
            "password-change-errors",
            reverse("password_change"),
            reporter,
            post={"old_password": "wrong", "new_password1": "a", "new_password2": "b"},
        ),
        PageType("password-change-done", reverse("password_change_done"), reporter),
        PageType(
            "password-reset-errors", reverse("password_reset"), post={"email": "not an address"}
        ),
        PageType("password-reset-done", reverse("password_reset_done")),
        PageType(
            "password-reset-confirm",
            reverse("password_reset_confirm", args=[uid, token]),
            follow=True,
        ),
        PageType(
            "password-reset-confirm-invalid",
            reverse("password_reset_confirm", args=[uid, "0-wrong"]),
        ),
        PageType("password-reset-complete", reverse("password_reset_complete")),
        PageType("admin-index", reverse("admin:index"), editor, ours=("#newsroom-queue",)),
        PageType("budget", reverse("planning:budget"), editor, ours=("#content-main",)),
        PageType(
            "admin-changelist",
            reverse("admin:articles_article_changelist"),
            editor,
            ours=("#result_list", "#changelist-filter"),
        ),
        PageType(
            "admin-workflow-review",
            reverse(change, args=[in_review.pk]),
            editor,
            ours=(".workflow-panel",),
        ),
        PageType(
            "admin-discussion",
            reverse(change, args=[in_review.pk]),
            editor,
            ours=("#discussion",),
        ),
        PageType(
            "admin-workflow-published",
            reverse(change, args=[live.pk]),
            editor,
            ours=(".workflow-panel",),
        ),
        PageType(
            "admin-history",
            reverse("admin:articles_article_history", args=[live.pk]),
            editor,
            ours=("#content-main",),
        ),
        PageType(
            "admin-recover",
            reverse("admin:articles_article_recoverlist"),
            editor,
            ours=("#content-main",),
        ),
        PageType(
            "admin-compare",
            reverse("admin:articles_article_compare", args=[live.pk]) + f"?a={old.pk}&b={new.pk}",
            editor,
            ours=("#content-main",),
        ),
    ]
