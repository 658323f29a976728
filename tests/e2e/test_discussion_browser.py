"""A piece's discussion in Chromium: a reporter and an editor talk, a guest comments, axe is content."""

from articles.models import ShareLink
from discussion.comments import add
from discussion.models import CommentingLink
from discussion.paragraphs import fingerprint

from .. import factories
from .base import BrowserTestCase
from .test_accessibility import AXE

SECOND = "The vote was seven to two."
BODY = f"The council met on Tuesday.\n\n{SECOND}\n\nWork starts in spring."


class DiscussionBrowserTests(BrowserTestCase):
    def setUp(self):
        self.reporter = factories.reporter("reporter")
        self.editor = factories.editor("editor")
        self.article = factories.ArticleFactory(
            headline="Harbour vote",
            body=BODY,
            created_by=self.reporter,
            authors=[self.reporter.author],
        )
        self.link = ShareLink.objects.create(article=self.article, created_by=self.editor)
        CommentingLink.objects.create(share_link=self.link, accepts_comments=True)

    def admin_url(self):
        return f"{self.live_server_url}/admin/articles/article/{self.article.pk}/change/"

    def admin_inbox(self, page):
        return page.locator('#user-tools a[href="/inbox/"]').text_content().strip()

    def test_a_reporter_and_an_editor_exchange_comments_and_the_inbox_counts_follow(self):
        """The editor's comment reaches the reporter's inbox; the reply reaches the editor's."""
        editor = self.new_page()
        self.sign_in(editor, "editor")
        editor.goto(self.admin_url())
        self.assertEqual(self.admin_inbox(editor), "Inbox (0 unread)")
        editor.get_by_label("Comment", exact=True).fill("Add the ferry fares, please.")
        editor.get_by_role("button", name="Post comment").click()
        discussion = editor.locator("#discussion")
        self.assertIn("Add the ferry fares, please.", discussion.inner_text())

        reporter = self.new_page()
        self.sign_in(reporter, "reporter")
        reporter.goto(f"{self.live_server_url}/desk/")
        inbox = reporter.get_by_role("link", name="Inbox")
        self.assertEqual(inbox.inner_text().split(), ["Inbox", "1", "unread"])
        reporter.goto(f"{self.live_server_url}/desk/{self.article.pk}/edit/")
        thread = reporter.locator("#discussion")
        self.assertIn("Add the ferry fares, please.", thread.inner_text())
        thread.get_by_text("Reply", exact=True).click()
        thread.get_by_label(f"Reply to {self.editor.get_full_name()}").fill("Added: 4 euros.")
        thread.get_by_role("button", name="Post reply").click()
        self.assertIn("Added: 4 euros.", reporter.locator("#discussion").inner_text())
        self.assertEqual(
            reporter.get_by_role("link", name="Inbox").inner_text().split(),
            ["Inbox", "1", "unread"],
        )

        editor.goto(self.admin_url())
        self.assertEqual(self.admin_inbox(editor), "Inbox (1 unread)")
        self.assertIn("Added: 4 euros.", editor.locator("#discussion").inner_text())
        editor.locator("#discussion").get_by_role("button", name="Resolve").click()
        self.assertIn("Resolved by", editor.locator("#discussion").inner_text())

    def test_a_guest_comments_on_a_paragraph_without_an_account(self):
        """Through a commenting link a guest names themself, comments on paragraph 2, and sees it there."""
        guest = self.new_page()
        guest.goto(f"{self.live_server_url}{self.link.get_absolute_url()}")
        guest.get_by_text("Comment on paragraph 2").click()
        paragraph = guest.locator("#paragraph-2")
        paragraph.get_by_label("Your name").fill("Lee Park, lawyer")
        paragraph.get_by_label("Comment").fill("Say “alleged” here.")
        paragraph.get_by_role("button", name="Post comment").click()
        self.assertIn("Say “alleged” here.", guest.locator("#paragraph-2").inner_text())
        self.assertIn("Lee Park, lawyer", guest.locator("#paragraph-2").inner_text())

    def test_the_discussion_has_no_serious_accessibility_problems(self):
        """axe-core finds no serious or critical violation in the discussion on any page that shows it."""
        problems = []
        pages = [
            ("reporter", f"/desk/{self.article.pk}/edit/"),
            ("reporter", f"/desk/{self.article.pk}/preview/"),
            ("editor", f"/admin/articles/article/{self.article.pk}/change/"),
            (None, self.link.get_absolute_url()),
        ]
        first = add(self.article, "Check the count.", author=self.editor)
        add(self.article, "Checked.", author=self.reporter, parent=first)
        add(
            self.article,
            "Alleged?",
            guest_name="Lee",
            share_link=self.link,
            anchor=(1, fingerprint(SECOND), SECOND),
        )
        for width in (390, 1280):
            for who, path in pages:
                page = self.new_page(width=width, bypass_csp=True)
                if who:
                    self.sign_in(page, who)
                page.goto(f"{self.live_server_url}{path}")
                self.assertIn("Alleged?", page.locator("#discussion").inner_text())
                page.locator("#discussion details").first.evaluate("d => d.open = true")
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run({include: [['#discussion']]})")
                problems += [
                    f"{width}px {path}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
                    for v in result["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
        self.assertEqual(problems, [])
