"""Settings for the test suite: the project's own, with test-only differences."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# The test client's own host, so absolute URLs read as the pages it fetched.
os.environ.setdefault("SITE_URL", "http://testserver")

from newsroom.settings import *  # noqa: E402,F403

# Plain storage: tests need no collectstatic run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off by default so one test's cached page never answers another's request;
# tests/test_caching.py turns it on.
PAGE_CACHE_SECONDS = 0
# Tests never run collectstatic; finders serve static files instead.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# The test client speaks plain HTTP; production's HTTPS redirect is tested in test_security.
SECURE_SSL_REDIRECT = False
# Sign-in throttling is tested on its own (test_security); elsewhere the test
# client's login() has no request for django-axes to inspect.
AXES_ENABLED = False
