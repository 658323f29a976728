import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from . import factories

ROOT = Path(__file__).resolve().parent.parent


class DeploySettingsTests(SimpleTestCase):
    def test_check_deploy_is_clean_in_production(self):
        """With production settings, `manage.py check --deploy` reports no issue."""
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
        env.update(
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            DEBUG="0",
            SECRET_KEY="k3y-" + "x9Q!z" * 12,
            ALLOWED_HOSTS="news.example.org",
            SITE_URL="https://news.example.org",
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)


@override_settings(AXES_ENABLED=True)
class SignInThrottleTests(TestCase):
    def test_repeated_wrong_passwords_lock_the_username_with_a_clear_message(self):
        """After five wrong passwords, even the right one is refused for a while, with an explanation."""
        factories.reporter("rep")
        url = reverse("login")
        for _ in range(5):
            self.client.post(url, {"username": "rep", "password": "wrong"})
        response = self.client.post(url, {"username": "rep", "password": "pw-for-tests"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many failed sign-ins", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_successful_sign_in_rotates_the_session(self):
        """Signing in gives a new session key, so a planted session id is useless."""
        factories.reporter("rep")
        self.client.get(reverse("login"))
        self.client.cookies["sessionid"] = "planted-session-id"
        self.client.post(reverse("login"), {"username": "rep", "password": "pw-for-tests"})
        self.assertNotEqual(self.client.cookies["sessionid"].value, "planted-session-id")

    def test_logout_needs_a_post(self):
        """Signing out happens only by POST, so a link elsewhere cannot sign anyone out."""
        self.client.force_login(factories.reporter("rep"))
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        self.client.post(reverse("logout"))
        self.assertNotIn("_auth_user_id", self.client.session)


class AnonymousCookieTests(TestCase):
    def test_public_pages_set_no_cookies(self):
        """Reading the site sets no session or CSRF cookie, so pages stay cacheable."""
        article = factories.published()
        for url in [
            reverse("articles:home"),
            article.get_absolute_url(),
            reverse("articles:search") + "?q=x",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).cookies, {})

    def test_security_headers_on_public_pages(self):
        """Pages carry a strict Content-Security-Policy and refuse to be framed or sniffed."""
        response = self.client.get(reverse("articles:home"))
        csp = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
