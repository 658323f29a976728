import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

from ops.checks import shared_cache_check

ROOT = Path(__file__).resolve().parent.parent

FILE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}}
REDIS_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}
LOCAL_MEDIA = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_MEDIA = {"BACKEND": "storages.backends.s3.S3Storage"}
STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def run_django(code, **env):
    """Run ``code`` after ``django.setup()`` with production settings and ``env``; return the process."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and k not in {"REDIS_URL", "APP_SERVERS", "SECRET_KEY"}
    }
    environment.update(env, DEBUG="1", DJANGO_SETTINGS_MODULE="newsroom.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


class SharedCacheCheckTests(SimpleTestCase):
    def check_ids(self, *, servers, caches=FILE_CACHE, media=LOCAL_MEDIA):
        storages = {"default": media, "staticfiles": STATIC}
        with self.settings(APP_SERVERS=servers, CACHES=caches, STORAGES=storages):
            return [message.id for message in shared_cache_check(None)]

    def test_several_servers_without_redis_are_warned_about(self):
        """An operator who runs three app servers without Redis is told at start-up."""
        self.assertEqual(self.check_ids(servers=3), ["newsroom.W001"])

    def test_object_storage_without_redis_is_warned_about(self):
        """Media in object storage without Redis is warned about: it means several servers."""
        self.assertEqual(self.check_ids(servers=None, media=S3_MEDIA), ["newsroom.W002"])

    def test_one_machine_needs_no_redis(self):
        """One machine (its workers share the file cache) starts without a warning."""
        for servers, media in [(None, LOCAL_MEDIA), (1, LOCAL_MEDIA), (1, S3_MEDIA)]:
            with self.subTest(servers=servers, media=media["BACKEND"]):
                self.assertEqual(self.check_ids(servers=servers, media=media), [])

    def test_redis_silences_the_warning(self):
        """With REDIS_URL set, several servers share one cache and nothing is reported."""
        for media in (LOCAL_MEDIA, S3_MEDIA):
            with self.subTest(media=media["BACKEND"]):
                self.assertEqual(self.check_ids(servers=4, caches=REDIS_CACHE, media=media), [])

    def test_manage_py_check_shows_the_warning(self):
        """`manage.py check` with APP_SERVERS=2 and no REDIS_URL prints the warning and its hint."""
        environment = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "SECRET_KEY"}}
        environment.update(DEBUG="1", APP_SERVERS="2", DJANGO_SETTINGS_MODULE="newsroom.settings")
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        output = result.stdout + result.stderr
        self.assertIn("newsroom.W001", output)
        self.assertIn("Set REDIS_URL", output)

    def test_a_wrong_server_count_is_refused_clearly(self):
        """APP_SERVERS that is not a number stops start-up with a message naming it."""
        result = run_django("", APP_SERVERS="two")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("APP_SERVERS must be a whole number", result.stderr)


class ObjectStorageSettingsTests(SimpleTestCase):
    def test_a_bucket_puts_media_in_object_storage(self):
        """With a bucket configured, uploads go to S3 and pages link images on the media domain."""
        result = run_django(
            "import json\n"
            "from django.conf import settings\n"
            "from django.core.files.storage import storages\n"
            "media = storages['default']\n"
            "print(json.dumps({'class': type(media).__name__,"
            " 'url': media.url('heroes/abc.jpg'),"
            " 'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))",
            AWS_STORAGE_BUCKET_NAME="newsroom-media",
            AWS_S3_REGION_NAME="eu-central-1",
            AWS_S3_CUSTOM_DOMAIN="media.news.example",
            AWS_ACCESS_KEY_ID="test-key",
            AWS_SECRET_ACCESS_KEY="test-secret",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        seen = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(seen["class"], "S3Storage")
        self.assertEqual(seen["url"], "https://media.news.example/heroes/abc.jpg")
        self.assertIn("https://media.news.example", seen["img_src"])

    def test_without_a_bucket_media_stays_on_disk(self):
        """Without a bucket, uploads are files under MEDIA_ROOT served at /media/."""
        result = run_django(
            "from django.core.files.storage import storages\n"
            "media = storages['default']\n"
            "print(type(media).__name__, media.url('heroes/abc.jpg'))"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["FileSystemStorage", "/media/heroes/abc.jpg"])
