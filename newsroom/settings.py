"""Newsroom settings.

Every difference between a laptop and production is an environment variable;
README.md lists them. Nothing here has a silent production fallback.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from articles.embeds import FRAME_ORIGINS

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def site_origin(value):
    """The origin ``value`` names, without a trailing slash; ImproperlyConfigured if it is not one."""
    origin = value.strip().rstrip("/")
    problem = ImproperlyConfigured(
        "SITE_URL must be the site's origin: scheme and host, and a port if it "
        f"needs one, such as https://news.example.org, with no path or query; not {value!r}."
    )
    parts = urlsplit(origin)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number up to 65535
    except ValueError:
        raise problem from None
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or "@" in parts.netloc
        or origin != f"{parts.scheme}://{parts.netloc}"
    ):
        raise problem
    return origin


DEBUG = env_bool("DEBUG")


def env_required(name, what, development_default):
    """The environment variable ``name``; with DEBUG off, start-up stops without it.

    ``development_default`` is used only with DEBUG on, on a developer's machine.
    """
    value = os.environ.get(name, "")
    if value:
        return value
    if not DEBUG:
        raise ImproperlyConfigured(
            f"{name} is not set. Set the {name} environment variable to {what} "
            "before starting Newsroom with DEBUG off."
        )
    return development_default


SECRET_KEY = env_required(
    "SECRET_KEY", "a long random string", "django-insecure-newsroom-local-development-only"
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    # Our AdminSite admits active members of the Editors group without is_staff.
    "articles.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "reversion",
    # The task queue: Django's Tasks framework (backport) on its database backend.
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files for the API docs, served by us (no CDN).
    "drf_spectacular_sidecar",
    # authors before articles: the groups receiver needs both apps' permissions.
    "authors",
    # The picture library: below articles, which places its pictures.
    "pictures",
    "articles",
    "pages",
    "planning",
    "ops",
    "discussion",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every response, static files and cached pages included.
    "ops.middleware.PermissionsPolicyMiddleware",
    # A NUL in an address is a 400, and is dropped from a query string, before any lookup sees it.
    "ops.middleware.NullCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every GET response, cached or not, and cheap 304s.
    "django.middleware.http.ConditionalGetMiddleware",
    # API keys and rate limits are checked before the page cache may answer.
    "api.access.ApiGateMiddleware",
    # Cached pages are stored with the headers of every middleware below, so a
    # cache hit runs none of them.
    "articles.middleware.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private on every page for someone with a session.
    "ops.middleware.PrivatePageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A view that cannot reach the database answers a short 503, not a 500.
    "ops.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
                "pages.context_processors.organization",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database server fails a request within seconds (a 503
    # page) instead of hanging it; `?connect_timeout=` in DATABASE_URL overrides.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share one file: a transaction takes the write
    # lock when it begins and waits for it, instead of failing "database is
    # locked" when a read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # Redis down is a cache miss, not an error page: readers get
                # uncached pages and editors can still publish.
                "IGNORE_EXCEPTIONS": True,
                # Redis on the local network answers in a millisecond.
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
                # After a failure, calls fail at once for 2 s instead of each
                # waiting for the timeout. Pages published while Redis was
                # unreachable could not bump the page-cache generation: it is
                # bumped once Redis answers again (ops.cache).
                "REDIS_CLIENT_CLASS": "ops.cache.GuardedRedis",
                "REDIS_CLIENT_KWARGS": {"retry_after": 2, "on_reconnect": "articles.cache.bump"},
            },
        }
    }
else:
    # Shared by every worker process on this machine (per-process memory would
    # let one worker serve pages another has already invalidated).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
        }
    }

# How many machines run the app. Each machine's file cache is shared by its
# own workers only, so more than one needs REDIS_URL (ops.checks warns).
# Unset means "not said": object storage then implies several machines.
APP_SERVERS = os.environ.get("APP_SERVERS", "")
if APP_SERVERS and not APP_SERVERS.isdigit():
    raise ImproperlyConfigured(f"APP_SERVERS must be a whole number, not {APP_SERVERS!r}.")
APP_SERVERS = int(APP_SERVERS) if APP_SERVERS else None

# Whole-page cache for anonymous readers (articles.cache); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# How long browsers and CDNs may keep a public page (Cache-Control max-age).
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "30"))
# An edge that keeps pages until they change (deploy/varnish.vcl): the
# addresses the app sends its purges to. Unset, no edge is told to keep pages
# longer than PAGE_MAX_AGE, since none would hear that they changed.
EDGE_PURGE_URLS = [url for url in os.environ.get("EDGE_PURGE_URLS", "").split(",") if url]
# How long such an edge keeps a page, at most (capped at the next scheduled time).
EDGE_SECONDS = int(os.environ.get("EDGE_SECONDS", str(4 * 3600)))
# The function that sends purges: Varnish's by default, or a CDN's (ops/edge.py).
EDGE_PURGER = os.environ.get("EDGE_PURGER", "ops.edge.purge_varnish")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Mail (password resets, notifications) goes to the console unless an SMTP
# host is configured; EMAIL_BACKEND names another backend (a file backend
# with EMAIL_FILE_PATH, for a look at what would be sent).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# An SMTP server that does not answer fails the attempt, which is retried later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / ".mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# Background work (mail) is a row in the database, enqueued in the transaction
# that asks for it, run by `manage.py run_worker` (ops.worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A worker renews its heartbeat this often; one silent for WORKER_STALE_SECONDS
# counts as gone: /readyz says so and its claimed tasks are run again.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "10"))
WORKER_STALE_SECONDS = float(os.environ.get("WORKER_STALE_SECONDS", "60"))

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in after repeated failures (django-axes), before checking passwords.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins for one username *from one address* lock that pair out
# for 15 minutes; a success resets the count. Not the username alone, nor the
# address alone: either would let one stranger lock a colleague out (by typing
# their username) or a whole office behind one address out (by failing five
# times). One address trying many usernames is throttled at the edge instead,
# as a rate of sign-in attempts that never locks anyone out (deploy/nginx.conf,
# `limit_req`), which also slows credential stuffing, one guess per username.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How many proxies we run in front of the app (nginx alone: 1). Each appends
# the address it saw to X-Forwarded-For, so the client is the PROXY_COUNT-th
# entry from the right; entries further left came from the client and are
# ignored. With no proxy, X-Forwarded-For is whatever the client claims:
# only REMOTE_ADDR counts.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
    # django-ipware counts the proxies listed in the header, that is all but
    # the last one (whose address is REMOTE_ADDR).
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    # Longer chains are expected (a client may send its own header); the
    # client is still found counting from the right.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = None

# The content API (api/, README "Content API"). Read only, JSON only: the
# page cache keys a response on its address, never on the Accept header.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Counted by api.access.ApiGateMiddleware, in front of the page cache, so
    # cache hits count too; a key's own rate is set on it in the admin.
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_THROTTLE_RATES": {"api_anonymous": os.environ.get("API_ANONYMOUS_RATE", "60/minute")},
    # The client's address, as sign-in throttling finds it (PROXY_COUNT).
    "NUM_PROXIES": PROXY_COUNT,
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom content API",
    "DESCRIPTION": (
        "What the newsroom publishes, exactly as its pages show it. Read only; anonymous "
        "use is rate-limited, and an API key from the editors raises the limit."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

SITE_NAME = os.environ.get("SITE_NAME", "The Newsroom")
# The site's own origin. Every absolute URL (canonical links, Open Graph,
# JSON-LD, feeds, sitemaps, robots.txt, password-reset mail) is built from it
# (articles.origin), never from the request: Django accepts any port on an
# allowed host, and a page cached for everyone must not carry a forged one.
SITE_URL = env_required(
    "SITE_URL",
    "the site's public origin (such as https://news.example.org)",
    "http://127.0.0.1:8000",
)
SITE_URL = site_origin(SITE_URL)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed file names so browsers may cache static files for ever.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Media in S3-compatible object storage, so every app server sees every upload.
# boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # Images are public and cached pages keep their URLs for minutes: plain
    # URLs, not signed ones that expire.
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    # File names are random and never reused, so browsers may keep them for ever.
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000, immutable"}
    # Like FileSystemStorage: a name in use gets a suffix, never overwritten.
    AWS_S3_FILE_OVERWRITE = False
    # Where pages load the images from, for the Content-Security-Policy.
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        # Path-style (endpoint/bucket/name) or virtual-hosted (bucket.endpoint/name).
        MEDIA_ORIGINS = [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://*.{endpoint.netloc}",
        ]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if AWS_S3_REGION_NAME:
            MEDIA_ORIGINS.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )

# Serve MEDIA_ROOT from Django (images only, ops.media). On for `make run`
# and `make serve`; in production nginx or object storage serves media.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: pictures are at most 15 MB (pictures.images checks the size
# before decoding); larger uploads stream to a temporary file, not memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The non-file part of a request: a long body (200,000 characters of wire copy
# is the largest field) fits; anything bigger is refused with a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# One hero image per form; a request carrying more files is refused with a 400.
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# The admin change page with its inlines (bylines, corrections, share links)
# posts a few hundred fields at most; Django's default of 1000 stays as a cap.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# HTTPS and browser protections. Production is HTTPS-only by default; a local
# `make serve` over plain HTTP turns the redirect and secure cookies off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The HTTPS redirect names the site's own host, never the one a request claims.
SECURE_SSL_HOST = urlsplit(SITE_URL).netloc if SITE_URL.startswith("https://") else None
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Load balancers probe the health checks over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_bool("BEHIND_PROXY"):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: public pages, desk and admin load only
# our own files. JSON-LD is a data block, which CSP does not treat as script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS, *env_list("CSP_IMG_ORIGINS")],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Only the embed players a reader asked for by clicking "Load" (articles/embeds.py).
        "frame-src": list(FRAME_ORIGINS),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# django-redis logs every cache call it ignored to "ops.cache"; a filter there
# keeps one report a minute of an outage, not one per request (ops.cache).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "ops.cache"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"cache_outages": {"()": "ops.cache.OutageReports"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"ops.cache": {"filters": ["cache_outages"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
