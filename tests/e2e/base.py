"""Browser tests: Debian's Chromium driven by Playwright against a live test server."""

import os
import shutil

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
class BrowserTestCase(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(CHROMIUM) or not shutil.which("chromium"):
            if os.environ.get("CI"):
                raise RuntimeError(f"{CHROMIUM} is missing; .ci/run installs it with apt-get.")
            raise pytest.skip.Exception(f"{CHROMIUM} is not installed", allow_module_level=True)
        # Playwright's sync API runs an event loop in this thread; the test's own
        # ORM calls are still synchronous and safe. Only while browser tests run.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def new_page(self, width=1280, height=900, bypass_csp=False):
        context = self.browser.new_context(
            viewport={"width": width, "height": height}, bypass_csp=bypass_csp
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss())
        )
        self.addCleanup(
            lambda: self.assertEqual(errors, [], "JavaScript errors or dialogs on the page")
        )
        return page

    def sign_in(self, page, username, password="pw-for-tests"):
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
