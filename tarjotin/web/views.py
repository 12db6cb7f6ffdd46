"""Resident pages. Thin: parameters in, a selector or service call, a template out."""

import json

import segno
from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from tarjotin.catalogue import selectors as catalogue
from tarjotin.catalogue.texts import pick
from tarjotin.publishing.services import report_error
from tarjotin.search import events
from tarjotin.search.documents import PROFILES
from tarjotin.search.params import BadParameter, response_language
from tarjotin.web import my_list, search_page, selectors, summaries
from tarjotin.web.context_processors import PROFILE_COOKIE, access_profile
from tarjotin.web.forms import ErrorReportForm


def home(request):
    return render(request, "web/home.html", {"front": selectors.front_page(get_language())})


def search(request):
    page = search_page.run(request.GET, access_profile(request))
    search_page.announce(page, "web")
    context = {
        "page": page,
        "profile": page.query.get("profile") or access_profile(request),
        "listed": set(my_list.read(request)),
        **search_page.form_choices(get_language()),
        "map": _map_context(page.cards) if page.view == "map" else None,
        "categories": selectors.top_categories(),
        "search_url": reverse("web:search"),
    }
    return render(request, "web/search.html", context, status=400 if page.error else 200)


def _map_context(cards) -> dict:
    points = [
        {
            "lat": place.latitude,
            "lon": place.longitude,
            "name": card.name.text,
            "place": place.name.text if place.name else "",
            "url": reverse("web:service", args=[card.id]),
        }
        for card in cards
        for place in card.places
        if place.latitude is not None
    ]
    return {
        "points": points,
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_ATTRIBUTION,
    }


def _script_safe_json(data) -> str:
    """JSON for a <script> element: catalogue texts must not be able to close the element."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def service(request, service_id):
    page = selectors.service_page(service_id, get_language())
    events.service_viewed.send(
        service, service_id=page.service.id, referer=request.headers.get("Referer", "")
    )
    url = request.build_absolute_uri(request.path)
    context = {
        "page": page,
        "card": page.summary,
        "profile": access_profile(request),
        "listed": set(my_list.read(request)),
        "json_ld": _script_safe_json(selectors.json_ld(page, url)),
        "map": _map_context([page.summary]),
        "profile_choices": search_page.profile_choices(),
        "outdated": catalogue.may_be_outdated(page.service),
    }
    return render(request, "web/service.html", context)


def report(request, service_id):
    service = get_object_or_404(catalogue.published_services(), id=service_id)
    form = ErrorReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report_error(service, form.cleaned_data["message"], form.cleaned_data["reply_email"],
                     get_language())  # fmt: skip
        return render(request, "web/report_thanks.html", {"service": service})
    status = 400 if request.method == "POST" else 200
    context = {"service": service, "name": pick(service.name, get_language()),
               "form": form}  # fmt: skip
    return render(request, "web/report.html", context, status=status)


def list_page(request):
    """The resident's own list, or a list shared by link (``?s=``)."""
    shared = "s" in request.GET
    ids = my_list.parse(request.GET.get("s")) if shared else my_list.read(request)
    share_url = request.build_absolute_uri(reverse("web:list") + "?s=" + my_list.serialize(ids))
    context = {
        "cards": summaries.summaries(ids, get_language()),
        "shared": shared,
        "share_url": share_url,
        "listed": set(my_list.read(request)),
        "profile": access_profile(request),
        "qr_svg": segno.make(share_url, error="m").svg_inline(scale=3, title=str(_("QR code")))
        if ids
        else "",
    }
    return render(request, "web/list.html", context)


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@require_POST
def list_change(request, action: str):
    if action not in {"add", "remove", "clear", "save"}:
        raise Http404(action)
    ids = my_list.read(request)
    if action == "clear":
        ids = []
    elif action == "save":  # a shared list taken as one's own
        for service_id in my_list.parse(request.POST.get("s")):
            ids = my_list.added(ids, service_id)
    else:
        service_id = next(iter(my_list.parse(request.POST.get("service"))), None)
        if service_id is not None:
            ids = (my_list.added if action == "add" else my_list.removed)(ids, service_id)
    if request.headers.get("HX-Request") and action in {"add", "remove"}:
        response = render(
            request,
            "web/_list_button.html",
            {"card_id": service_id, "listed": set(ids), "list_size": len(ids), "oob": True},
        )
    else:
        response = HttpResponseRedirect(_back(request, reverse("web:list")))
    my_list.store(response, ids)
    return response


def accessibility(request):
    """Choose an accessibility profile once; it is kept in a cookie on this device."""
    if request.method == "POST":
        profile = request.POST.get("profile", "")
        response = HttpResponseRedirect(_back(request, reverse("web:search")))
        if profile in PROFILES:
            response.set_cookie(PROFILE_COOKIE, profile, max_age=my_list.MAX_AGE, samesite="Lax")
        else:
            response.delete_cookie(PROFILE_COOKIE, samesite="Lax")
        return response
    context = {"choices": search_page.profile_choices(), "next": request.GET.get("next", "")}
    return render(request, "web/accessibility.html", context)


@xframe_options_exempt
@csp_replace({"frame-ancestors": settings.EMBED_ALLOWED_ORIGINS})
def embed(request):
    """A compact search box and results for other sites' pages (iframe)."""
    page = search_page.run(request.GET, None) if request.GET.get("q") else None
    status = 400 if page is not None and page.error else 200
    return render(request, "web/embed.html", {"page": page}, status=status)


def statement(request):
    return render(request, "web/statement.html")


def compact_search(request):
    """Search results as short facts a chatbot can read out (``/api/search/compact``)."""
    try:
        language = response_language(request)
    except BadParameter as error:
        return _bad_request(str(error.detail))
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return _compact_results(request)


def _bad_request(detail: str) -> JsonResponse:
    return JsonResponse({"status": 400, "error": "bad_parameter", "detail": detail}, status=400)


def _compact_results(request) -> JsonResponse:
    page = search_page.run(request.GET, None)
    if page.error:
        return _bad_request(page.error)
    if page.unknown_place:  # a chatbot must not read out results as if they were near
        return _bad_request(f"near: no known place, district or postcode {page.unknown_place!r}")
    search_page.announce(page, "compact")
    base = request.build_absolute_uri("/")[:-1]
    return JsonResponse(
        {
            "query": page.text,
            "total": page.result.total,
            "results": [_spoken(card, base) for card in page.cards],
        },
        json_dumps_params={"ensure_ascii": False},
        headers={"Content-Language": get_language()},
    )


def _spoken(card, base: str) -> dict:
    place = card.places[0] if card.places else None
    where = None
    if place:
        where = ", ".join(filter(None, [place.name and place.name.text, place.street,
                                        place.municipality]))  # fmt: skip
    return {
        "name": card.name.text,
        "organization": card.organization.text if card.organization else None,
        "summary": card.summary.text if card.summary else None,
        "where": where,
        "remote": card.remote,
        "next_time": card.next_opening.starts.isoformat() if card.next_opening else None,
        "free": any(t.code == "free" for t in card.cost),
        "phone": card.phone,
        "url": base + reverse("web:service", args=[card.id]),
    }
