"""API keys and rate limits: issued by editors, stored hashed, revocable, checked on every request."""

import datetime
import re

import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey
from articles.roles import EDITORS

from . import factories

LIST = "/api/v1/articles/"
RATES = {"DEFAULT_THROTTLE_RATES": {"api_anonymous": "3/minute"}}


def issue(name="Harbour Radio", **fields):
    """A saved key and its secret."""
    key = ApiKey(name=name, **fields)
    secret = key.issue()
    key.save()
    return key, secret


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class IssuingKeysTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = factories.editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_editor_issues_a_named_key_shown_once_and_stored_hashed(self):
        """The add page shows the new key once; the database and the change page never hold it."""
        response = self.client.post(
            reverse("admin:api_apikey_add"),
            {"name": "Harbour Radio app", "requests_per_minute": 100, "is_active": "on"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        secret = re.search(r'value="(nr_[^"]+)"', response.content.decode()).group(1)
        key = ApiKey.objects.get()
        self.assertEqual(
            (key.name, key.requests_per_minute, key.created_by),
            ("Harbour Radio app", 100, self.editor),
        )
        stored = " ".join(str(value) for value in ApiKey.objects.values_list().get())
        self.assertNotIn(secret, stored)
        self.assertTrue(secret.startswith(key.prefix))
        change = self.client.get(reverse("admin:api_apikey_change", args=[key.pk]))
        self.assertNotContains(change, secret)
        self.assertContains(change, key.prefix)
        self.client.logout()
        self.assertEqual(self.client.get(LIST, **bearer(secret)).status_code, 200)

    def test_editors_group_may_manage_keys_and_reporters_may_not(self):
        """After migrate the Editors group holds the key permissions; a reporter is kept out."""
        perms = set(
            Group.objects.get(name=EDITORS)
            .permissions.filter(content_type__app_label="api")
            .values_list("codename", flat=True)
        )
        self.assertEqual(perms, {"add_apikey", "change_apikey", "delete_apikey", "view_apikey"})
        self.client.force_login(factories.reporter())
        response = self.client.get(reverse("admin:api_apikey_changelist"))
        self.assertEqual(response.status_code, 302)

    def test_revoking_stops_the_key_at_once(self):
        """The "Revoke" action, or unticking Active, makes the next request with the key a 401."""
        key, secret = issue()
        other, other_secret = issue("Second")
        self.client.post(
            reverse("admin:api_apikey_changelist"),
            {"action": "revoke", "_selected_action": [key.pk]},
        )
        self.client.post(
            reverse("admin:api_apikey_change", args=[other.pk]),
            {"name": "Second", "requests_per_minute": 120},
        )
        self.client.logout()
        for revoked in [secret, other_secret]:
            response = self.client.get(LIST, **bearer(revoked))
            self.assertEqual(response.status_code, 401)
            self.assertIn("revoked", response.json()["detail"])


class KeyUseTests(TestCase):
    def test_last_used_time_is_recorded_about_once_a_minute(self):
        """The admin shows when a key was last used, without a write on every request."""
        key, secret = issue()
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.client.get(LIST, **bearer(secret))
            key.refresh_from_db()
            self.assertEqual(key.last_used_at, start)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(LIST, **bearer(secret))
            self.assertFalse([q for q in queries if q["sql"].startswith("UPDATE")])
        with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
            self.client.get(LIST, **bearer(secret))
        key.refresh_from_db()
        self.assertEqual(key.last_used_at, start + datetime.timedelta(minutes=2))

    def test_unknown_or_malformed_keys_are_refused_with_a_message(self):
        """A made-up key, an empty one or another scheme is a 401 saying how to send a key."""
        for header in [
            "Bearer nr_made-up",
            "Bearer made-up",
            "Bearer ",
            "Basic dXNlcjpwdw==",
            "Bearer " + "x" * 5000,
        ]:
            with self.subTest(header[:20]):
                response = self.client.get(LIST, HTTP_AUTHORIZATION=header)
                self.assertEqual(response.status_code, 401)
                self.assertTrue(response.json()["detail"])
                self.assertTrue(response["WWW-Authenticate"].startswith("Bearer"))


@override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **RATES})
class RateLimitTests(TestCase):
    def test_anonymous_callers_are_limited_per_address(self):
        """The fourth request in a minute from one address is a 429 with Retry-After; others go on."""
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _ in range(3):
                self.assertEqual(self.client.get(LIST).status_code, 200)
            limited = self.client.get(LIST)
            self.assertEqual(limited.status_code, 429)
            self.assertEqual(limited["Retry-After"], "60")
            self.assertIn("Too many requests", limited.json()["detail"])
            # X-Forwarded-For is the client's own claim without a proxy (PROXY_COUNT=0).
            self.assertEqual(
                self.client.get(LIST, HTTP_X_FORWARDED_FOR="10.0.0.9").status_code, 429
            )
            self.assertEqual(self.client.get(LIST, REMOTE_ADDR="10.0.0.2").status_code, 200)
        with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
            self.assertEqual(self.client.get(LIST).status_code, 200)

    def test_each_key_has_its_own_limit(self):
        """A key gets its own rate, whatever the address; it is not the anonymous one."""
        key, secret = issue(requests_per_minute=5)
        with time_machine.travel(timezone.now(), tick=False):
            for address in ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]:
                response = self.client.get(LIST, REMOTE_ADDR=address, **bearer(secret))
                self.assertEqual(response.status_code, 200)
            self.assertEqual(
                self.client.get(LIST, REMOTE_ADDR="10.0.0.6", **bearer(secret)).status_code, 429
            )
            self.assertEqual(self.client.get(LIST).status_code, 200)


@override_settings(
    PAGE_CACHE_SECONDS=300,
    REST_FRAMEWORK={**settings.REST_FRAMEWORK, **RATES},
)
class CachedResponsesTests(TestCase):
    """Keyed and anonymous callers share cached responses; keys and rates are checked before them."""

    def test_cache_hits_are_rate_limited_too(self):
        """Cached answers count: the fourth anonymous request in a minute is a 429, not a hit."""
        factories.published()
        with time_machine.travel(timezone.now(), tick=False):
            self.assertEqual(self.client.get(LIST)["X-Cache"], "MISS")
            self.assertEqual(self.client.get(LIST)["X-Cache"], "HIT")
            self.assertEqual(self.client.get(LIST)["X-Cache"], "HIT")
            self.assertEqual(self.client.get(LIST).status_code, 429)

    def test_revoked_key_gets_no_cached_answer(self):
        """A response cached for a key is never served to it once it is revoked."""
        key, secret = issue()
        self.assertEqual(self.client.get(LIST, **bearer(secret))["X-Cache"], "MISS")
        hit = self.client.get(LIST, **bearer(secret))
        self.assertEqual((hit.status_code, hit["X-Cache"]), (200, "HIT"))
        ApiKey.objects.filter(pk=key.pk).update(is_active=False)
        refused = self.client.get(LIST, **bearer(secret))
        self.assertEqual(refused.status_code, 401)
        self.assertNotIn("X-Cache", refused)
        self.assertEqual(self.client.get(LIST)["X-Cache"], "HIT")
