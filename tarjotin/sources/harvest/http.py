"""HTTP for harvesting: timeouts, retries with back-off on 429/5xx, JSON or a clear error."""

from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

TIMEOUT = (5, 60)  # connect, read (seconds)
USER_AGENT = "Tarjotin harvester (+https://github.com/tarjotin)"


class FetchError(RuntimeError):
    """A request failed after retries, or did not return JSON."""


class Client:
    def __init__(self, base_url: str, retries: int = 4, backoff: float | None = None, headers=None):
        from django.conf import settings

        backoff = settings.HARVEST_RETRY_BACKOFF if backoff is None else backoff
        self.retries = retries
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        retry = Retry(
            total=retries,
            backoff_factor=backoff,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=("GET",),
            respect_retry_after_header=True,
        )
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self.session.headers.update(headers or {})

    def url(self, path: str) -> str:
        """An absolute URL (a next-page link) only on the source's own host: a link elsewhere
        would send the harvester, and what it trusts, to whoever wrote the record."""
        if not path.startswith(("http://", "https://")):
            return f"{self.base_url}/{path.lstrip('/')}"
        if urlsplit(path).netloc != urlsplit(self.base_url).netloc:
            raise FetchError(f"a paging link points to another host: {urlsplit(path).netloc}")
        return path

    def get(self, path: str, params: dict | None = None):
        return self.get_page(path, params)[0]

    def get_page(self, path: str, params: dict | None = None) -> tuple[object, dict]:
        """The JSON body and the ``Link`` header's relations (206 Partial Content is a page)."""
        url = self.url(path)
        try:
            response = self.session.get(url, params=params, timeout=TIMEOUT)
        except requests.exceptions.RetryError:
            raise FetchError(f"GET {url}: HTTP 5xx or 429 after {self.retries} retries") from None
        except requests.RequestException as error:
            raise FetchError(f"GET {url}: {type(error).__name__}") from None
        if response.status_code not in (200, 206):
            raise FetchError(f"GET {response.url}: HTTP {response.status_code}")
        try:
            return response.json(), response.links
        except ValueError:
            raise FetchError(f"GET {response.url}: the answer is not JSON") from None
