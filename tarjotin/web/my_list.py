""" "My list": services a resident collects without an account, kept in a cookie on their device.

The list is only service ids (no personal data). Shared as a link it travels in the URL
(``?s=id.id``), so a professional can hand a client a list by link, print or QR code.
"""

import uuid

COOKIE = "tarjotin_list"
MAX_ITEMS = 50
MAX_AGE = 365 * 24 * 3600


def parse(raw: str | None) -> list[str]:
    """Valid, unique service ids from a cookie or a shared link, in order; junk is dropped."""
    ids = []
    for part in (raw or "").replace(",", ".").split("."):
        try:
            value = str(uuid.UUID(part.strip()))
        except ValueError:
            continue
        if value not in ids:
            ids.append(value)
    return ids[:MAX_ITEMS]


def read(request) -> list[str]:
    return parse(request.COOKIES.get(COOKIE))


def serialize(ids: list[str]) -> str:
    return ".".join(ids[:MAX_ITEMS])


def store(response, ids: list[str]) -> None:
    if ids:
        response.set_cookie(COOKIE, serialize(ids), max_age=MAX_AGE, httponly=True, samesite="Lax")
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


def added(ids: list[str], service_id: str) -> list[str]:
    return ids if service_id in ids else [*ids, service_id][-MAX_ITEMS:]


def removed(ids: list[str], service_id: str) -> list[str]:
    return [i for i in ids if i != service_id]
