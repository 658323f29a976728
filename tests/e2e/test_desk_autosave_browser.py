from articles.models import Article

from .. import factories
from .base import BrowserTestCase


class DeskAutosaveBrowserTests(BrowserTestCase):
    def test_typing_in_a_draft_is_saved_within_a_minute_without_clicking_save(self):
        """A reporter types, a minute passes, the text is saved, and a later Save is no conflict."""
        reporter = factories.reporter("rep")
        article = factories.ArticleFactory(headline="Ferry timetable", created_by=reporter)
        page = self.new_page()
        page.clock.install()
        self.sign_in(page, "rep")
        page.goto(f"{self.live_server_url}/desk/{article.pk}/edit/")
        page.get_by_label("Body").fill("The first boat now leaves at six.")
        page.clock.run_for(61_000)
        status = page.locator("#autosave-status")
        status.filter(has_text="Saved automatically at").wait_for()
        article.refresh_from_db()
        self.assertEqual(article.body, "The first boat now leaves at six.")
        self.assertEqual(page.locator("#article-version").inner_text(), str(article.version))
        # Saved in the background: no "leave page?" question, and a later Save is no conflict.
        page.get_by_label("Body").fill("The first boat now leaves at seven.")
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("Saved.").wait_for()
        self.assertEqual(
            Article.objects.get(pk=article.pk).body, "The first boat now leaves at seven."
        )
