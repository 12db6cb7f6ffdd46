"""The professionals' workbench (/pro/) and the client's own page: thin views over services.

Every view of a referral goes through ``access.get_referral`` (another person's referral does
not exist: 404) and writes the audit log; every change goes through ``services``.
"""

import json
import uuid
from functools import wraps

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tarjotin.catalogue.selectors import municipality_names
from tarjotin.referrals import access, audit, fhir, guides, privacy, selectors, services
from tarjotin.referrals.forms import (
    DraftForm,
    FeedbackForm,
    MeasureForm,
    SessionForm,
    TransitionForm,
    VersionForm,
)
from tarjotin.referrals.models import Referral
from tarjotin.staff import roles
from tarjotin.web import search_page, summaries

PICKED = "pro_picked"  # session key: ids of services picked with the client (no personal data)
MAX_PICKED = 20


def staff_only(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not roles.is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _picked(request) -> list[str]:
    return [i for i in request.session.get(PICKED, []) if _is_uuid(i)]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _back(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = fallback
    return HttpResponseRedirect(target or fallback)


# -- workbench, guides, search --------------------------------------------------------------
@staff_only
def workbench(request):
    context = {
        **selectors.workbench(request.user),
        "guides": guides.all_guides().values(),
        "picked": len(_picked(request)),
    }
    return render(request, "referrals/workbench.html", context)


@staff_only
def guide(request, slug):
    chosen_guide = guides.all_guides().get(slug)
    if chosen_guide is None:
        raise Http404
    if request.method == "POST":
        guides.count_use(chosen_guide, finished=True)
        options = guides.chosen_options(chosen_guide, request.POST)
        residence = request.POST.get("residence", "")
        residence = residence if residence in _municipalities() else ""
        query = guides.search_query(options, get_language(), residence)
        return HttpResponseRedirect(f"{reverse('referrals:search')}?{query}&guide={slug}")
    context = {"guide": chosen_guide, "municipalities": sorted(
        _municipalities().items(), key=lambda item: item[1])}  # fmt: skip
    return render(request, "referrals/guide.html", context)


def _municipalities() -> dict[str, str]:
    return municipality_names(get_language())


@staff_only
def search(request):
    accepting = selectors.accepting_service_ids()
    only = accepting if request.GET.get("accepts") else None
    page = search_page.run(request.GET, None, explain=True, only_ids=only)
    search_page.announce(page, "pro")
    if request.GET.get("accepts"):
        page.query["accepts"] = "1"
    guide_used = guides.all_guides().get(request.GET.get("guide", ""))
    context = {
        "page": page,
        "pro": True,
        "picked_ids": set(_picked(request)),
        "picked": len(_picked(request)),
        "accepting": accepting,
        "guide": guide_used,
        **search_page.form_choices(get_language()),
        "categories": [],
        "search_url": reverse("referrals:search"),
        "map": None,
    }
    return render(request, "referrals/search.html", context, status=400 if page.error else 200)


@staff_only
@require_POST
def pick(request, action):
    service_id = request.POST.get("service", "")
    picked = [i for i in _picked(request) if i != service_id]
    if action == "add" and len(picked) < MAX_PICKED and _is_uuid(service_id):
        picked.append(service_id)
    request.session[PICKED] = picked
    return _back(request, reverse("referrals:picked"))


@staff_only
def picked(request):
    """The client view: the services picked together, large and printable."""
    cards = summaries.summaries(_picked(request), get_language())
    context = {"cards": cards, "accepting": selectors.accepting_service_ids()}
    return render(request, "referrals/picked.html", context)


@staff_only
@require_POST
def new_referral(request):
    try:
        referral = services.create_draft(request.user, _picked(request))
    except services.ReferralError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("referrals:picked"))
    request.session[PICKED] = []
    return HttpResponseRedirect(reverse("referrals:edit", args=[referral.id]))


# -- one referral ---------------------------------------------------------------------------
def _referral(request, referral_id, action: str = "view") -> Referral:
    referral = access.get_referral(request.user, referral_id)
    audit.record(request.user, action, referral)
    return referral


@staff_only
def detail(request, referral_id):
    referral = selectors.referral_page(_referral(request, referral_id))
    user = request.user
    handler = access.is_handler(user, referral)
    context = {
        "referral": referral,
        "next_states": [Referral.State(s) for s in services.next_states(user, referral)],
        "can_claim": access.can_claim(user, referral),
        "can_meet": handler
        and referral.route == Referral.Route.LINK_WORKER
        and referral.state in {Referral.State.CONTACTED, Referral.State.STARTED},
        "can_measure": handler or access.is_referrer(user, referral),
        "can_export": handler or access.is_referrer(user, referral),
        "can_withdraw": (handler or access.is_referrer(user, referral))
        and referral.state != Referral.State.DRAFT
        and referral.pseudonymised_at is None,
        "session_form": SessionForm(),
        "measure_form": MeasureForm(),
        "is_overdue": services.overdue().filter(id=referral.id).exists(),
        "problems": services.send_problems(referral)
        if referral.state == Referral.State.DRAFT
        else [],
    }
    return render(request, "referrals/detail.html", context)


@staff_only
def edit(request, referral_id):
    referral = _referral(request, referral_id)
    if referral.state != Referral.State.DRAFT or not access.is_referrer(request.user, referral):
        raise PermissionDenied
    service_ids = [str(c.service_id) for c in referral.choices.all() if c.service_id]
    receivers = selectors.receiver_choices(service_ids, get_language())
    form = DraftForm(request.POST or None, receivers=receivers, initial=_initial(referral))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(
                request.user, referral, form.draft_data(), form.cleaned_data["version"]
            )
            if "send" in request.POST:
                services.transition(request.user, referral, Referral.State.SENT, referral.version)
                messages.success(request, _("The referral was sent."))
                return HttpResponseRedirect(reverse("referrals:detail", args=[referral.id]))
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("referrals:edit", args=[referral.id]))
        except services.ReferralError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("referrals:edit", args=[referral.id]))
    context = {
        "referral": referral,
        "form": form,
        "problems": services.send_problems(referral),
        "scope": services.consent_scope(referral),
        "has_receivers": bool(receivers),
    }
    return render(request, "referrals/edit.html", context, status=400 if form.errors else 200)


def _initial(referral: Referral) -> dict:
    contact = referral.contact if hasattr(referral, "contact") else None
    consent = referral.consent if hasattr(referral, "consent") else None
    return {
        "route": referral.route,
        "receiver_service": str(referral.receiver_service_id or ""),
        "reason": referral.reason,
        "client_language": referral.client_language,
        "name": contact.name if contact else "",
        "phone": contact.phone if contact else "",
        "email": contact.email if contact else "",
        "best_time": contact.best_time if contact else "",
        "consent": consent is not None,
        "consent_method": consent.method if consent else "verbal",
        "version": referral.version,
    }


def _act(request, referral_id, form, action, invalid: str = ""):
    """Check the form and run the change; a refused one comes back with its reason.

    The referral is looked up first, so another person's referral is a 404 whatever is posted.
    """
    referral = access.get_referral(request.user, referral_id)
    back = HttpResponseRedirect(reverse("referrals:detail", args=[referral.id]))
    if not form.is_valid():
        errors = " ".join(error for errors in form.errors.values() for error in errors)
        messages.error(request, invalid or errors)
        return back
    try:
        action(referral, form.cleaned_data)
    except services.ReferralError as error:
        messages.error(request, str(error))
    return back


@staff_only
@require_POST
def transition(request, referral_id):
    def change(referral, data):
        services.transition(
            request.user, referral, data["to_state"], data["version"], data["reason"]
        )

    form = TransitionForm(request.POST)
    return _act(request, referral_id, form, change, _("Choose a valid next state."))


@staff_only
@require_POST
def withdraw(request, referral_id):
    def erase(referral, data):
        services.withdraw_consent(request.user, referral, data["version"])
        messages.success(
            request,
            _("Consent withdrawn: the client's contact details and free texts were erased."),
        )

    return _act(request, referral_id, VersionForm(request.POST), erase, _("Reload the page."))


@staff_only
@require_POST
def claim(request, referral_id):
    def take(referral, data):
        services.claim(request.user, referral, data["version"])

    return _act(request, referral_id, VersionForm(request.POST), take, _("Reload the page."))


@staff_only
@require_POST
def add_session(request, referral_id):
    def record(referral, data):
        services.add_session(
            request.user, referral, data["held_on"], data["mode"], data["topics"],
            data["next_step"],
        )  # fmt: skip

    return _act(request, referral_id, SessionForm(request.POST), record)


@staff_only
@require_POST
def measure(request, referral_id):
    form = MeasureForm(request.POST)

    def record(referral, data):
        services.record_measure(request.user, referral, data["phase"], form.scores())

    return _act(request, referral_id, form, record, _("Give each answer as a number from 0 to 10."))


@staff_only
@require_POST
def client_link(request, referral_id):
    referral = _concerned(request, referral_id)
    try:
        token = services.create_client_link(request.user, referral)
    except services.ReferralError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("referrals:detail", args=[referral.id]))
    url = request.build_absolute_uri(reverse("referrals:client", args=[token]))
    qr_svg = segno.make(url, error="m").svg_inline(scale=3, title=str(_("QR code")))
    expires_at = referral.client_links.latest("expires_at").expires_at  # the one just made
    context = {"referral": referral, "url": url, "qr_svg": qr_svg, "expires_on": expires_at}
    response = render(request, "referrals/client_link.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _concerned(request, referral_id) -> Referral:
    """The referral if this user refers or handles it (not merely sees it in a queue): 403."""
    referral = access.get_referral(request.user, referral_id)
    user = request.user
    if not (access.is_referrer(user, referral) or access.is_handler(user, referral)):
        raise PermissionDenied
    return referral


def _exporter(request, referral_id, kind: str) -> Referral:
    referral = _concerned(request, referral_id)
    audit.record(request.user, "export", referral, kind)
    return selectors.referral_page(referral)


@staff_only
def record_text(request, referral_id):
    """The structured summary for the patient record: copy once, or let the EHR fetch it."""
    referral = _exporter(request, referral_id, "record text")
    context = {"referral": referral, "site_url": settings.SITE_URL.rstrip("/")}
    response = render(request, "referrals/record.txt", context,
                      content_type="text/plain; charset=utf-8")  # fmt: skip
    response["Cache-Control"] = "no-store"
    return response


@staff_only
def fhir_bundle(request, referral_id):
    referral = _exporter(request, referral_id, "fhir")
    body = json.dumps(fhir.bundle(referral, get_language()), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{referral.reference}.fhir.json"'
    response["Cache-Control"] = "no-store"
    return response


@staff_only
@require_POST
def fhir_push(request, referral_id):
    referral = _exporter(request, referral_id, "fhir push")
    try:
        answer = fhir.push(referral)
        messages.success(request, _("Sent to the patient record system (%(answer)s).")
                         % {"answer": answer})  # fmt: skip
    except fhir.PushError as error:
        messages.error(request, _("Could not send to the patient record system: %(error)s.")
                       % {"error": error})  # fmt: skip
    return HttpResponseRedirect(reverse("referrals:detail", args=[referral.id]))


@staff_only
def client_data(request, referral_id):
    referral = _exporter(request, referral_id, "client data")
    data = privacy.client_data(referral)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{referral.reference}.json"'
    response["Cache-Control"] = "no-store"
    return response


# -- the client's page ----------------------------------------------------------------------
def client_page(request, token):
    """What the client got: the services and what happens next; feedback without a name."""
    referral = services.referral_for_token(token)
    if referral is None:
        return render(request, "referrals/client_expired.html", status=404)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.client_feedback(referral, data["helped"], data["comment"])
        messages.success(request, _("Thank you! Your answer was saved."))
        return HttpResponseRedirect(request.path)
    service_ids = [str(c.service_id) for c in referral.choices.all() if c.service_id]
    context = {
        "referral": referral,
        "cards": summaries.summaries(service_ids, get_language()),
        "form": form,
    }
    response = render(request, "referrals/client.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    # The token must not leak to linked sites, but the answer form must keep its own origin:
    # with "no-referrer" the browser posts "Origin: null" and the CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    return response
