"""The inbox in Chromium: axe-core finds nothing serious, and the header count follows the marks."""

from discussion.models import Notification
from discussion.notify import notify

from .. import factories
from .base import BrowserTestCase
from .test_accessibility import AXE


class InboxBrowserTests(BrowserTestCase):
    def setUp(self):
        self.reporter = factories.reporter("reporter")
        article = factories.ArticleFactory(headline="Ferries run at night")
        for n in range(3):
            notify(
                [self.reporter],
                Notification.Event.CHANGES_REQUESTED,
                article=article,
                text=f"Ana Ortiz asked for changes {n}",
                detail="Add the fares.",
            )

    def test_inbox_has_no_serious_accessibility_problems(self):
        """axe-core finds no serious or critical violation in /inbox/'s content or header link.

        The rest of the desk's header is the desk's own (its accessibility tests).
        """
        problems = []
        for width in (390, 1280):
            page = self.new_page(width=width, bypass_csp=True)
            self.sign_in(page, "reporter")
            page.goto(f"{self.live_server_url}/inbox/")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "async () => await axe.run({include: [['main'], ['a[href=\"/inbox/\"]']]})"
            )
            problems += [
                f"{width}px: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
        self.assertEqual(problems, [])

    def test_marking_read_lowers_the_count_in_the_header(self):
        """A reporter marks one item read, then all: the header's count goes 3, 2, gone."""
        page = self.new_page()
        self.sign_in(page, "reporter")
        page.goto(f"{self.live_server_url}/desk/")
        inbox = page.get_by_role("link", name="Inbox")
        self.assertEqual(inbox.inner_text().split(), ["Inbox", "3", "unread"])
        inbox.click()
        page.get_by_role("button", name="Mark read Ana Ortiz asked for changes 1").click()
        self.assertEqual(
            page.get_by_role("link", name="Inbox").inner_text().split(), ["Inbox", "2", "unread"]
        )
        page.get_by_role("button", name="Mark all read").click()
        self.assertEqual(page.get_by_role("link", name="Inbox").inner_text().strip(), "Inbox")
