"""Managers' dashboard (/pro/indicators/), public statistics, open data, and the tray survey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tarjotin.catalogue.selectors import municipality_names
from tarjotin.indicators import charts, compute, exports, snapshots
from tarjotin.indicators.filters import FilterError, default_filter, from_query, in_whole_months
from tarjotin.indicators.forms import TrayFeedbackForm
from tarjotin.indicators.models import TrayFeedback
from tarjotin.staff import roles

EXPORT_KINDS = {"csv", "xlsx", "json"}


def _sections(tables: dict) -> list[dict]:
    return [
        {"key": key, "title": compute.SECTIONS[key][0],
         "tables": [{"table": t, "chart": charts.bar_chart(t)} for t in section]}
        for key, section in tables.items()
    ]  # fmt: skip


def _filter_or_error(request):
    try:
        return from_query(request.GET), ""
    except FilterError as error:
        return default_filter(), str(error)


def _choices() -> dict:
    language = get_language()
    return {
        "municipalities": sorted(municipality_names(language).items(), key=lambda i: i[1]),
        "categories": list(compute._terms("category").items()),
        "target_groups": list(compute._terms("target_group").items()),
    }


@login_required
def dashboard(request):
    if not roles.may_see_indicators(request.user):
        raise PermissionDenied
    f, error = _filter_or_error(request)
    tables = compute.all_tables(f)
    tables["demand"].insert(0, snapshots.trend(f))
    context = {"sections": _sections(tables), "filter": f, "error": error, **_choices(),
               "export_kinds": sorted(EXPORT_KINDS)}  # fmt: skip
    return render(request, "indicators/dashboard.html", context, status=400 if error else 200)


@login_required
def export(request, kind):
    if not roles.may_see_indicators(request.user):
        raise PermissionDenied
    f, error = _filter_or_error(request)
    if error:
        return JsonResponse({"detail": error}, status=400)
    tables = [t for section in compute.all_tables(f).values() for t in section]
    return exports.response([snapshots.trend(f), *tables], f, kind)


def _public_tables(f) -> list:
    tables = compute.tables(f, compute.PUBLIC)
    for table in tables:
        table.rounded = table.people
    return tables


def _public_filter_or_error(request):
    f, error = _filter_or_error(request)
    return in_whole_months(f), error


def statistics_page(request):
    f, error = _public_filter_or_error(request)
    tables = [{"table": t, "chart": charts.bar_chart(t)} for t in _public_tables(f)]
    context = {"tables": tables, "filter": f, "error": error, **_choices()}
    return render(request, "indicators/statistics.html", context, status=400 if error else 200)


@require_GET
def open_data(request):
    """Aggregate figures only, suppressed like everywhere else; CC BY 4.0."""
    f, error = _public_filter_or_error(request)
    if error:
        return JsonResponse({"detail": error}, status=400)
    response = exports.response(_public_tables(f), f, "json")
    del response["Content-Disposition"]
    response["Access-Control-Allow-Origin"] = "*"
    return response


def feedback(request):
    form = TrayFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        audience = (
            TrayFeedback.Audience.PROFESSIONAL
            if roles.is_staff_member(request.user)
            else TrayFeedback.Audience.RESIDENT
        )
        form.instance.audience = audience
        form.instance.day = timezone.localdate()
        form.save()
        messages.success(request, _("Thank you! Your answer was saved."))
        return HttpResponseRedirect(reverse("web:home"))
    return render(request, "indicators/feedback.html", {"form": form},
                  status=400 if form.errors else 200)  # fmt: skip
