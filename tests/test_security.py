import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

from axes.models import AccessAttempt
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


def proxy_settings(proxy_count):
    """The client-address settings newsroom/settings.py derives from PROXY_COUNT."""
    with mock.patch.dict(os.environ, {"PROXY_COUNT": str(proxy_count), "DEBUG": "1"}):
        derived = runpy.run_path(str(ROOT / "newsroom" / "settings.py"))
    names = ["AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT", "IPWARE_STRICT"]
    return {name: derived.get(name) for name in names}


@override_settings(AXES_ENABLED=True)
class SignInAddressTests(TestCase):
    """Throttling counts failures per username and client address, as the proxies report it."""

    @classmethod
    def setUpTestData(cls):
        factories.editor("editor")

    def sign_in(self, username, password, remote_addr="127.0.0.1", forwarded_for=None):
        headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
        self.client.logout()
        return self.client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR=remote_addr,
            headers=headers,
        )

    def fail_five_times(self, username, **client):
        for _ in range(5):
            self.sign_in(username, "wrong", **client)

    def test_through_one_proxy_one_client_cannot_lock_out_another(self):
        """Behind nginx, five failures from one reader lock out neither other readers nor the real user."""
        with self.settings(**proxy_settings(1)):
            attacker = {"forwarded_for": "198.51.100.66"}
            self.fail_five_times("editor", **attacker)
            for _ in range(5):
                self.sign_in(f"guess-{secrets.token_hex(4)}", "wrong", **attacker)
            self.assertEqual(self.sign_in("editor", "pw-for-tests", **attacker).status_code, 429)
            real_user = self.sign_in("editor", "pw-for-tests", forwarded_for="203.0.113.10")
        self.assertEqual(real_user.status_code, 302)
        addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
        self.assertEqual(addresses, {"198.51.100.66"})

    def test_through_one_proxy_a_client_supplied_header_is_ignored(self):
        """A reader's own X-Forwarded-For, in front of the one nginx adds, changes nothing."""
        with self.settings(**proxy_settings(1)):
            for n in range(5):
                self.sign_in("editor", "wrong", forwarded_for=f"192.0.2.{n}, 198.51.100.66")
            locked = self.sign_in("editor", "pw-for-tests", forwarded_for="198.51.100.66")
        self.assertEqual(locked.status_code, 429)

    def test_without_a_proxy_a_forged_forwarded_for_is_ignored(self):
        """With no proxy, a client cannot dodge the lockout by claiming another address."""
        with self.settings(**proxy_settings(0)):
            for n in range(5):
                self.sign_in(
                    "editor", "wrong", remote_addr="198.51.100.66", forwarded_for=f"192.0.2.{n}"
                )
            locked = self.sign_in(
                "editor", "pw-for-tests", remote_addr="198.51.100.66", forwarded_for="192.0.2.200"
            )
            elsewhere = self.sign_in("editor", "pw-for-tests", remote_addr="203.0.113.10")
        self.assertEqual(locked.status_code, 429)
        self.assertEqual(elsewhere.status_code, 302)
        addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
        self.assertEqual(addresses, {"198.51.100.66"})

    def test_random_usernames_do_not_lock_out_a_real_user_at_the_same_address(self):
        """Five wrong passwords for made-up usernames leave the real users able to sign in."""
        for _ in range(5):
            self.sign_in(f"guess-{secrets.token_hex(4)}", "wrong")
        self.assertEqual(self.sign_in("editor", "pw-for-tests").status_code, 302)

    def test_lockout_is_for_the_username_at_that_address(self):
        """Five wrong passwords lock that username out from that address only."""
        self.fail_five_times("editor", remote_addr="198.51.100.66")
        self.assertEqual(
            self.sign_in("editor", "pw-for-tests", remote_addr="198.51.100.66").status_code, 429
        )
        self.assertEqual(
            self.sign_in("editor", "pw-for-tests", remote_addr="203.0.113.10").status_code, 302
        )


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
