"""Hostile text in a real browser: nothing runs, and our own pages break no CSP rule."""

import reversion
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import Article, Byline, Correction, Section, ShareLink, Tag

from .. import factories
from .base import BrowserTestCase

XSS = "window.__xss=1"
PAYLOAD = (
    f'xssmark <img src=x onerror="{XSS}"> <script>{XSS}</script> '
    f"\"><img src=x onerror={XSS}> ' autofocus onfocus='{XSS}' "
    f"<svg/onload={XSS}> [link](javascript:{XSS}) </script><script>{XSS}</script>"
)

# Records every Content-Security-Policy violation the page reports, from the first byte.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


class XssBrowserTests(BrowserTestCase):
    def setUp(self):
        self.reporter = factories.reporter("rep")
        self.editor = factories.editor("ed")
        author = self.reporter.author
        author.name, author.bio = PAYLOAD[:120], PAYLOAD
        author.save()
        section = Section.objects.create(name=PAYLOAD[:80], description=PAYLOAD)
        tag = Tag.objects.create(name=PAYLOAD[:60])
        fields = {
            "headline": PAYLOAD[:200],
            "standfirst": PAYLOAD,
            "body": f"{PAYLOAD}\n\n## {PAYLOAD}\n\nharbour",
            "hero_caption": PAYLOAD[:300],
            "hero_credit": PAYLOAD[:120],
            "source_name": PAYLOAD[:120],
            "source_url": "https://example.org/?q=" + PAYLOAD[:200],
            "section": section,
            "created_by": self.reporter,
        }

        def piece(steps):
            with reversion.create_revision():
                article = Article.objects.create(headline="Plain", standfirst="s", body="b")
                Byline.objects.create(article=article, author=author)
            with reversion.create_revision():
                for name, value in fields.items():
                    setattr(article, name, value)
                article.save()
            article.tags.add(tag)
            for step, who in steps:
                workflow.transition(article, step, by=who, note=PAYLOAD)
            return article

        self.live = piece([("submit", self.reporter), ("publish", self.editor)])
        Correction.objects.create(article=self.live, text=PAYLOAD)
        self.draft = piece([])
        self.share = ShareLink.objects.create(article=self.draft)
        versions = Version.objects.get_for_object(self.live)
        self.compare = (
            reverse("admin:articles_article_compare", args=[self.live.pk])
            + f"?a={versions.last().pk}&b={versions.first().pk}"
        )

    def public_urls(self):
        return [
            self.live.get_absolute_url(),
            reverse("articles:home"),
            self.live.section.get_absolute_url(),
            reverse("articles:search") + "?q=xssmark",
            reverse("articles:search") + "?q=" + PAYLOAD[:200].replace("#", ""),
            self.share.get_absolute_url(),
        ]

    def desk_urls(self):
        return [
            reverse("desk:home"),
            reverse("desk:edit", args=[self.draft.pk]),
            reverse("desk:preview", args=[self.draft.pk]),
            reverse("desk:edit", args=[self.live.pk]),
            reverse("desk:new"),
            reverse("desk:import"),
        ]

    def admin_urls(self):
        return [
            reverse("admin:index"),
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_change", args=[self.live.pk]),
            reverse("admin:articles_article_history", args=[self.live.pk]),
            self.compare,
            reverse("admin:articles_article_add"),
            reverse("admin:authors_author_change", args=[self.reporter.author.pk]),
            reverse("admin:articles_tag_changelist"),
        ]

    def empty_forms(self):
        """Pages that show none of the stored text."""
        return {
            reverse("desk:new"),
            reverse("desk:import"),
            reverse("admin:index"),
            reverse("admin:articles_article_add"),
        }

    def visit(self, page, url):
        page.goto(self.live_server_url + url)
        page.wait_for_load_state("load")
        # Give error handlers of broken images and autofocus handlers their chance to fire.
        page.wait_for_timeout(150)

    def test_payloads_never_run_even_without_csp(self):
        """With the browser's CSP turned off, no page runs a payload: escaping alone holds."""
        for who, urls in [
            (None, self.public_urls()),
            ("rep", self.desk_urls()),
            ("ed", self.admin_urls()),
        ]:
            page = self.new_page(bypass_csp=True)
            if who:
                self.sign_in(page, who)
            for url in urls:
                with self.subTest(url=url):
                    self.visit(page, url)
                    if url not in self.empty_forms():
                        self.assertIn("xssmark", page.content())
                    self.assertIsNone(page.evaluate("window.__xss"), url)

    def test_pages_users_visit_log_no_csp_violation(self):
        """The public site, the desk and the admin run under our CSP without one violation."""
        for who, urls in [
            (None, self.public_urls()),
            ("rep", self.desk_urls()),
            ("ed", self.admin_urls()),
        ]:
            page = self.new_page()
            page.add_init_script(RECORD_CSP_VIOLATIONS)
            console = []
            page.on(
                "console",
                lambda message, console=console: (
                    console.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            if who:
                self.sign_in(page, who)
            for url in urls:
                with self.subTest(url=url):
                    console.clear()
                    self.visit(page, url)
                    self.assertEqual(page.evaluate("window.__cspViolations"), [], url)
                    self.assertEqual(console, [], url)
                    self.assertIsNone(page.evaluate("window.__xss"), url)
            # The recorder itself works: an inline handler added now is refused and reported.
            page.evaluate(
                "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__xss=1\">')"
            )
            page.wait_for_function("window.__cspViolations.length > 0")
            self.assertIsNone(page.evaluate("window.__xss"))
