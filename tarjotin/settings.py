"""Settings read from the environment (12-factor), with defaults that run on a fresh machine.

Every variable is described in `.env.example`.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("TARJOTIN_VAR_DIR", CHECKOUT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def installation_key(path: Path) -> str:
    """This installation's own key, made at its first start and kept in its var folder.

    A key written in the code would let anyone sign confirmation links for a site run without
    TARJOTIN_SECRET_KEY (security audit #16); production must still set one.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
    except FileExistsError:
        pass  # made at an earlier start, or by another process starting at the same moment
    return path.read_text(encoding="utf-8").strip()


DEBUG = env_bool("TARJOTIN_DEBUG", False)
# Production: HTTPS only, secure cookies, HSTS, a real secret key (docs/operations.md).
PRODUCTION = env_bool("TARJOTIN_PRODUCTION", False)
SECRET_KEY = os.environ.get("TARJOTIN_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION or (not DEBUG and env_bool("TARJOTIN_REQUIRE_SECRET_KEY", False)):
        raise ImproperlyConfigured("TARJOTIN_SECRET_KEY must be set in production")
    SECRET_KEY = installation_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("TARJOTIN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "tarjotin.catalogue",
    "tarjotin.staff",
    "tarjotin.sources",
    "tarjotin.search",
    "tarjotin.api",
    "tarjotin.publishing",
    "tarjotin.referrals",
    "tarjotin.indicators",
    "tarjotin.web",
    "mozilla_django_oidc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tarjotin.methods.KnownMethodsOnly",
    "tarjotin.ratelimit.RateLimitMiddleware",
    "tarjotin.api.cors.ReadApiCors",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tarjotin.http_cache.CacheHeaders",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tarjotin.staff.sessions.StaffSessionTimeout",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tarjotin.urls"
WSGI_APPLICATION = "tarjotin.wsgi.application"

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
                "tarjotin.web.context_processors.site",
            ],
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'tarjotin.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("TARJOTIN_DATABASE_URL", DEFAULT_SQLITE_URL),
        conn_max_age=60,
        # A kept connection is checked before reuse: after a database restart or failover a
        # node reconnects instead of failing the first request on each thread.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the importer writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff single sign-on with OpenID Connect (docs/operations.md); off without a client id.
OIDC_RP_CLIENT_ID = os.environ.get("TARJOTIN_OIDC_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("TARJOTIN_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("TARJOTIN_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("TARJOTIN_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("TARJOTIN_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("TARJOTIN_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("TARJOTIN_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("TARJOTIN_OIDC_SCOPES", "openid email profile")
OIDC_ROLES_CLAIM = os.environ.get("TARJOTIN_OIDC_ROLES_CLAIM", "roles")
OIDC_ROLE_PREFIX = os.environ.get("TARJOTIN_OIDC_ROLE_PREFIX", "tarjotin-")
OIDC_TIMEOUT = 10
OIDC_REQUIRE_EMAIL_VERIFIED = env_bool("TARJOTIN_OIDC_REQUIRE_EMAIL_VERIFIED", True)
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    *(["tarjotin.staff.sso.StaffOIDCBackend"] if OIDC_ENABLED else []),
]

# Staff sessions: logged out after this long without use, and this long after logging in; the
# cookie lives no longer than that and ends with the browser.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("TARJOTIN_STAFF_IDLE_MINUTES", "30"))
STAFF_SESSION_MAX_HOURS = int(os.environ.get("TARJOTIN_STAFF_SESSION_HOURS", "10"))
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Staff login throttling (staff/throttle.py): this many failures for an account from one address
# lock that pair out; an address failing against many accounts is refused after the second limit.
LOGIN_FAILURE_LIMIT = int(os.environ.get("TARJOTIN_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("TARJOTIN_LOGIN_ADDRESS_FAILURE_LIMIT", "100"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("TARJOTIN_LOGIN_LOCKOUT_SECONDS", "900"))

# Interface languages (gettext). Content may be in more languages: see CONTENT_LANGUAGES.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

# Languages that catalogue texts may be written in (BCP 47). fi-x-selko is plain-language Finnish.
CONTENT_LANGUAGES = env_list(
    "TARJOTIN_CONTENT_LANGUAGES", "fi,sv,en,fi-x-selko,se,ru,ar,so,et,uk,fa,ku"
)
# Order in which a missing translation falls back to another language.
CONTENT_FALLBACK = env_list("TARJOTIN_CONTENT_FALLBACK", "fi,sv,en")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Map tiles for the Leaflet maps ({z}/{x}/{y}); empty = no background map (markers only).
# Pages work without tiles; their host is allowed in the Content-Security-Policy.
MAP_TILE_URL = os.environ.get(
    "TARJOTIN_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_ATTRIBUTION = os.environ.get("TARJOTIN_MAP_ATTRIBUTION", "© OpenStreetMap contributors")
# Journey planner link of a place: {name}, {lat}, {lon} (Digitransit covers all of Finland).
JOURNEY_PLANNER_URL = os.environ.get(
    "TARJOTIN_JOURNEY_PLANNER_URL", "https://opas.matka.fi/reitti/-/{name}::{lat},{lon}"
)
# Sites allowed to show the embeddable search (/embed/) in an iframe; "*" = any site.
EMBED_ALLOWED_ORIGINS = env_list("TARJOTIN_EMBED_ALLOWED_ORIGINS", "*")


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


# No CDN, fonts or trackers: everything comes from this site, map tiles from MAP_TILE_URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [_origin(MAP_TILE_URL)])],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Data owners (publishing): email, moderators, freshness of the services they keep.
EMAIL_BACKEND = os.environ.get(
    "TARJOTIN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("TARJOTIN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("TARJOTIN_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("TARJOTIN_FROM_EMAIL", "tarjotin@localhost")
SITE_URL = os.environ.get("TARJOTIN_SITE_URL", "http://127.0.0.1:8000")
MODERATORS_GROUP = "moderators"
FRESHNESS_REMIND_DAYS = int(os.environ.get("TARJOTIN_FRESHNESS_REMIND_DAYS", "182"))
FRESHNESS_OUTDATED_DAYS = int(os.environ.get("TARJOTIN_FRESHNESS_OUTDATED_DAYS", "274"))
FRESHNESS_HIDE_DAYS = int(os.environ.get("TARJOTIN_FRESHNESS_HIDE_DAYS", "365"))
FRESHNESS_CONFIRM_LINK_DAYS = 60
# Wellbeing referrals (docs/referrals.md).
REFERRAL_MAX_SESSIONS = int(os.environ.get("TARJOTIN_REFERRAL_MAX_SESSIONS", "5"))
REFERRAL_CONTACT_DAYS = int(os.environ.get("TARJOTIN_REFERRAL_CONTACT_DAYS", "7"))
REFERRAL_RETENTION_DAYS = int(os.environ.get("TARJOTIN_REFERRAL_RETENTION_DAYS", "365"))
REFERRAL_DRAFT_DAYS = int(os.environ.get("TARJOTIN_REFERRAL_DRAFT_DAYS", "30"))
# What else people typed (security audit #22; docs/indicators.md "Retention").
DEMAND_RARE_QUERY_DAYS = int(os.environ.get("TARJOTIN_DEMAND_RARE_QUERY_DAYS", "90"))
FEEDBACK_COMMENT_DAYS = int(os.environ.get("TARJOTIN_FEEDBACK_COMMENT_DAYS", "365"))
ERROR_REPORT_DAYS = int(os.environ.get("TARJOTIN_ERROR_REPORT_DAYS", "180"))
ACCESS_REQUEST_DAYS = int(os.environ.get("TARJOTIN_ACCESS_REQUEST_DAYS", "90"))
REFERRAL_CLIENT_LINK_DAYS = int(os.environ.get("TARJOTIN_REFERRAL_CLIENT_LINK_DAYS", "90"))
FHIR_ENDPOINT = os.environ.get("TARJOTIN_FHIR_ENDPOINT", "")  # push target; empty = no push
FHIR_TOKEN = os.environ.get("TARJOTIN_FHIR_TOKEN", "")
FHIR_TIMEOUT = float(os.environ.get("TARJOTIN_FHIR_TIMEOUT", "10"))
FHIR_IDENTIFIER_SYSTEM = os.environ.get("TARJOTIN_FHIR_IDENTIFIER_SYSTEM", "urn:tarjotin:referral")
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "publishing:dashboard"

# Harvesting (python -m tarjotin harvest SOURCE). Base URLs are settings so tests and staging
# can point them elsewhere; no source needs credentials for its public data.
PTV_API_URL = os.environ.get(
    "TARJOTIN_PTV_API_URL", "https://api.palvelutietovaranto.suomi.fi/api/v11"
)
# Statistics Finland codes of the municipalities whose services are harvested from PTV.
PTV_MUNICIPALITIES = env_list("TARJOTIN_PTV_MUNICIPALITIES", "091,049,092,235")
LINKEDEVENTS_API_URL = os.environ.get(
    "TARJOTIN_LINKEDEVENTS_API_URL", "https://api.hel.fi/linkedevents/v1"
)
LIPAS_API_URL = os.environ.get("TARJOTIN_LIPAS_API_URL", "https://api.lipas.fi/v1")
# LIPAS city codes (Statistics Finland) to harvest sports places of.
LIPAS_CITY_CODES = env_list("TARJOTIN_LIPAS_CITY_CODES", "091,049,092,235")
# Seconds of back-off between retries (doubling); tests set 0.
HARVEST_RETRY_BACKOFF = float(os.environ.get("TARJOTIN_HARVEST_RETRY_BACKOFF", "1.0"))
TPR_API_URL = os.environ.get("TARJOTIN_TPR_API_URL", "https://www.hel.fi/palvelukarttaws/rest/v4")
TPR_REGISTER_URL = os.environ.get(
    "TARJOTIN_TPR_REGISTER_URL", "https://tpr.hel.fi/palvelukarttaws/rest/vpalvelurekisteri"
)

# The HSDA read API: open to any site's browser (tarjotin/api/cors.py).
HSDA_API_PREFIX = "/api/hsda/"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "tarjotin.api.errors.json_exception_handler",
    # HSDA uses ?format=json|ndjson itself; DRF must not read it as a renderer choice.
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tarjotin HSDA API",
    "DESCRIPTION": (
        "Open Referral Human Services Data API (HSDA 3.1) of the Tarjotin wellbeing service tray, "
        "with the Tarjotin multilingual HSDS profile (see docs/hsds-profile.md)."
    ),
    "VERSION": "3.1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "ENUM_NAME_OVERRIDES": {
        "PublicationStatusEnum": "tarjotin.catalogue.models.base.PublicationStatus",
    },
}

# This node's search index (tantivy); each web node keeps its own.
SEARCH_INDEX_DIR = Path(os.environ.get("TARJOTIN_SEARCH_INDEX_DIR", VAR_DIR / "search"))
# How often a node applies the database's change log to its index: an edit made on one node is
# searchable on every node within about this time plus the indexing itself.
SEARCH_SYNC_SECONDS = float(os.environ.get("TARJOTIN_SEARCH_SYNC_SECONDS", "0.5"))

HSDS_PROFILE_URI = os.environ.get(
    "TARJOTIN_HSDS_PROFILE_URI",
    "https://github.com/tarjotin/tarjotin/blob/main/docs/hsds-profile.md",
)

# Logs: plain text, or one JSON object a line (TARJOTIN_LOG_FORMAT=json) for a log collector.
# Secrets in paths (the client's referral link) are masked; nothing logs personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_secrets": {"()": "tarjotin.logs.MaskSecrets"}},
    "formatters": {"json": {"()": "tarjotin.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_secrets"],
            **({"formatter": "json"} if os.environ.get("TARJOTIN_LOG_FORMAT") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("TARJOTIN_LOG_LEVEL", "INFO")},
}

# Rate limit of the public search and API per client and node: "requests/seconds", or "off".
RATE_LIMIT = os.environ.get("TARJOTIN_RATE_LIMIT", "300/60")
# Matched without the language prefix (tarjotin/ratelimit.py).
RATE_LIMITED_PATHS = ("/api/", "/search/", "/embed/", "/statistics/", "/list/")
# Public forms that send e-mail or store text (error reports, feedback, the client's page).
FORM_RATE_LIMIT = os.environ.get("TARJOTIN_FORM_RATE_LIMIT", "20/3600")
# How many proxies (load balancers) put the client's address in X-Forwarded-For before us.
TRUSTED_PROXY_COUNT = int(os.environ.get("TARJOTIN_TRUSTED_PROXY_COUNT", "0"))

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("TARJOTIN_CSRF_TRUSTED_ORIGINS", "")
if PRODUCTION:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("TARJOTIN_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # the load balancer asks over HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("TARJOTIN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TARJOTIN_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("TARJOTIN_HSTS_PRELOAD", True)
    if env_bool("TARJOTIN_BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The node's cache: rate-limit and login-failure counters, short-lived lookups. On disk
# (diskcache: SQLite underneath, atomic increments), so the worker processes of a node share it
# and count together. "local" is each process's own memory: result cards, keyed by the version
# of the service they show (web/summaries.py), so they never need to be invalidated.
CACHES = {
    "default": {
        "BACKEND": "diskcache.DjangoCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "TIMEOUT": 300,
        "SHARDS": 4,
        "DATABASE_TIMEOUT": 1.0,
        "OPTIONS": {"size_limit": 2**28},
    },
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tarjotin-local",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # rendered cards ({% cache %} in web/_card.html), keyed by the card's version like "local"
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tarjotin-fragments",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}

# Demand counters (searches, filters, service views) are gathered in each process and written
# this often: a write per page would make every page wait for the database's writer.
DEMAND_WRITE_SECONDS = float(os.environ.get("TARJOTIN_DEMAND_WRITE_SECONDS", "5"))
