"""The data owners' pages (/manage/): thin views over publishing.services and selectors."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tarjotin.catalogue import models as m
from tarjotin.catalogue.selectors import may_be_outdated
from tarjotin.publishing import bulk, selectors, services, suggest
from tarjotin.publishing import content as service_content
from tarjotin.publishing.forms import (
    AcceptForm,
    AccessRequestForm,
    InvitationForm,
    ServiceForm,
    initial,
    readable_diff,
)
from tarjotin.publishing.models import AccessRequest, ErrorReport, ServiceVersion
from tarjotin.publishing.quality import checklist, place_problems
from tarjotin.sources import scope as sources_scope
from tarjotin.sources.models import QuarantinedRecord
from tarjotin.staff import roles


@login_required
def dashboard(request):
    organizations = selectors.editable_organizations(request.user)
    if not organizations and not roles.is_moderator(request.user):
        if roles.is_staff_member(request.user):  # a professional logged in at the shared page
            return HttpResponseRedirect(reverse("referrals:workbench"))
    context = {
        "organizations": organizations,
        "moderator": roles.is_moderator(request.user),
        "pending": selectors.review_queue().count() if roles.is_moderator(request.user) else 0,
        "reports": selectors.inbox(request.user).filter(status=ErrorReport.Status.NEW).count(),
    }
    return render(request, "publishing/dashboard.html", context)


def _editable(request, service_id) -> m.Service:
    service = get_object_or_404(m.Service, id=service_id)
    if not services.can_edit(request.user, service):
        raise Http404  # another organization's services do not exist for this editor
    return service


@login_required
@require_POST
def new_service(request):
    organization = get_object_or_404(m.Organization, id=request.POST.get("organization"))
    if not selectors.editable_organizations(request.user).filter(id=organization.id).exists():
        raise PermissionDenied
    service = services.new_service(organization)
    return HttpResponseRedirect(reverse("publishing:edit", args=[service.id]))


@login_required
def edit(request, service_id):
    service = _editable(request, service_id)
    latest = selectors.latest_version(service)
    current = latest.content if latest else service_content.snapshot(service)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and "accept_suggestions" in data:
        for taxonomy, codes in suggest.for_content(_content_of(data)).items():
            for code in codes:
                data.appendlist(taxonomy, code)
    form = ServiceForm(
        data,
        initial=initial(current),
        organization=service.organization,
        current_location_id=current["location_id"],
    )
    if data is not None and "accept_suggestions" not in data and form.is_valid():
        location_id = selectors.create_place(form.cleaned_data, service.organization)
        submit = "submit" in request.POST
        version = services.save_version(service, form.content(location_id), request.user, submit)
        messages.success(request, _state_message(version))
        return HttpResponseRedirect(reverse("publishing:edit", args=[service.id]))
    shown = _content_of(data) if data is not None else current
    context = {
        "service": service,
        "form": form,
        "latest": latest,
        "suggestions": _labelled(suggest.for_content(shown)),
        "problems": checklist(current) + place_problems(service),
        "direct": roles.is_moderator(request.user) or selectors.trusted(service.organization_id),
        "outdated": may_be_outdated(service),
    }
    return render(request, "publishing/edit.html", context, status=400 if form.errors else 200)


def _content_of(data) -> dict:
    """Enough of the content for suggestions, from a posted (maybe invalid) form."""
    return {
        "name": {"fi": data.get("name_fi", "")},
        "description": {"fi": data.get("description_fi", "")},
        "category": data.getlist("category"),
        "target_group": data.getlist("target_group"),
    }


def _labelled(suggestions: dict) -> list[str]:
    terms = m.TaxonomyTerm.objects.filter(taxonomy_detail__code__in=list(suggestions))
    names = {
        (t.taxonomy_detail.code, t.code): t.text("name", get_language())
        for t in terms.select_related("taxonomy_detail")
    }
    return [names.get((taxonomy, code), code) for taxonomy, codes in suggestions.items()
            for code in codes]  # fmt: skip


def _state_message(version: ServiceVersion) -> str:
    return {
        ServiceVersion.State.DRAFT: _("Saved as a draft. Residents do not see it yet."),
        ServiceVersion.State.PENDING_REVIEW: _("Sent for review. A moderator will check it."),
        ServiceVersion.State.PUBLISHED: _("Published. Residents see the change now."),
    }.get(version.state, _("Saved."))


@login_required
@require_POST
def archive(request, service_id):
    service = _editable(request, service_id)
    services.archive(service, request.user)
    messages.success(request, _("Archived. Residents no longer see the service."))
    return HttpResponseRedirect(reverse("publishing:edit", args=[service.id]))


@login_required
def history(request, service_id):
    service = _editable(request, service_id)
    return render(
        request,
        "publishing/history.html",
        {"service": service, "versions": service.versions.select_related("author")},
    )


@login_required
@require_POST
def revert(request, version_id):
    version = get_object_or_404(ServiceVersion, id=version_id)
    _editable(request, version.service_id)
    new = services.revert(version, request.user)
    messages.success(request, _state_message(new))
    return HttpResponseRedirect(reverse("publishing:history", args=[version.service_id]))


def _moderator(request) -> None:
    if not roles.is_moderator(request.user):
        raise PermissionDenied


@login_required
def queue(request):
    _moderator(request)
    return render(request, "publishing/queue.html", {"versions": selectors.review_queue()})


def request_access(request):
    """An association's way in: what it is and where to answer; a moderator invites."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.language = get_language() or "fi"
        form.save()
        return render(request, "publishing/request_access.html", {"sent": True})
    return render(request, "publishing/request_access.html", {"form": form})


@login_required
def access_requests(request):
    _moderator(request)
    waiting = AccessRequest.objects.filter(handled_at=None)
    if request.method == "POST":
        waiting.filter(id=request.POST.get("request")).update(handled_at=timezone.now())
        return HttpResponseRedirect(request.path)
    return render(request, "publishing/access_requests.html", {"requests": waiting})


@login_required
def scope(request):
    """What the harvests left outside the tray's scope, with a one-click release."""
    _moderator(request)
    if request.method == "POST":
        chosen = QuarantinedRecord.objects.filter(id=request.POST.get("record"))
        if sources_scope.release(chosen, request.user.get_username()):
            messages.success(
                request, _("Released: it comes into the tray with the next full harvest.")
            )
        return HttpResponseRedirect(request.path)
    records = [(record, sources_scope.record_name(record)) for record in sources_scope.left_out()]
    return render(request, "publishing/scope.html", {"records": records})


@login_required
def review(request, version_id):
    _moderator(request)
    version = get_object_or_404(ServiceVersion, id=version_id)
    if request.method == "POST":
        note = request.POST.get("note", "").strip()
        if "publish" in request.POST:
            services.publish(version, request.user, note)
            messages.success(request, _("Published."))
        elif note:
            services.reject(version, request.user, note)
            messages.success(request, _("Returned to the editor with your note."))
        else:
            messages.error(request, _("Write a note that tells the editor what to change."))
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse("publishing:queue"))
    published = selectors.published_content(version.service)
    changes = service_content.diff(published, version.content)
    context = {"version": version, "changes": readable_diff(changes, get_language())}
    return render(request, "publishing/review.html", context)


@login_required
def inbox(request):
    reports = selectors.inbox(request.user).select_related("service")
    if request.method == "POST":
        report = get_object_or_404(reports, id=request.POST.get("report"))
        status = request.POST.get("status", ErrorReport.Status.FIXED)
        if status not in ErrorReport.Status.values:  # security audit #17
            return HttpResponseBadRequest(_("Unknown status."))
        report.status = status
        report.save(update_fields=["status"])
        return HttpResponseRedirect(request.path)
    return render(request, "publishing/inbox.html", {"reports": reports})


@login_required
def invite(request):
    organizations = selectors.invitable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = InvitationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        organization = organizations.get(id=form.cleaned_data["organization"])
        services.invite(
            form.cleaned_data["email"],
            organization,
            request.user,
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("The invitation was sent."))
        return HttpResponseRedirect(reverse("publishing:dashboard"))
    return render(
        request, "publishing/invite.html", {"form": form}, status=400 if form.errors else 200
    )


def accept(request, token):
    """A new person chooses a password; a person with an account logs in to it first."""
    invitation = services.open_invitation(token)
    if invitation is None:
        return render(request, "publishing/invitation_invalid.html", status=404)
    context = {
        "invitation": invitation,
        "organization": invitation.organization.text("name", get_language()),
    }
    existing = services.invited_account(invitation)
    if existing is not None:
        return _accept_with_account(request, invitation, existing, context)
    form = AcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.accept_invitation(invitation, password=form.cleaned_data["password"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return HttpResponseRedirect(reverse("publishing:dashboard"))
    context["form"] = form
    return render(request, "publishing/accept.html", context, status=400 if form.errors else 200)


def _accept_with_account(request, invitation, account, context):
    if request.user != account:
        context["login_url"] = f"{reverse('staff:login')}?next={request.path}"
        context["other_account"] = request.user.is_authenticated
        return render(request, "publishing/accept_log_in.html", context)
    if request.method == "POST":
        services.accept_invitation(invitation, user=account)
        messages.success(
            request,
            _("You can now edit the services of %(organization)s.")
            % {"organization": context["organization"]},
        )
        return HttpResponseRedirect(reverse("publishing:dashboard"))
    return render(request, "publishing/accept_log_in.html", context)


def confirm(request, token):
    """The reminder email's link: one button says the information is still current."""
    service = services.service_from_confirm_token(token)
    if service is None:
        return render(request, "publishing/invitation_invalid.html", status=404)
    if request.method == "POST":
        services.confirm_current(service)
        return render(request, "publishing/confirmed.html", {"service": service})
    return render(request, "publishing/confirm.html", {"service": service})


UPLOAD_SESSION_KEY = "tarjotin-bulk-upload"


@login_required
def upload(request):
    """Upload a spreadsheet; all valid rows are imported, or only the valid ones on request."""
    organizations = selectors.editable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    context = {"organizations": organizations}
    if request.method == "POST" and request.POST.get("confirm") == "valid":
        pending = request.session.pop(UPLOAD_SESSION_KEY, None)
        if pending:
            organization = organizations.get(id=pending["organization"])
            rows = [bulk.Row(r["number"], r["data"], r["errors"]) for r in pending["rows"]]
            count = bulk.import_rows(rows, organization, request.user)
            messages.success(
                request, _("%(n)s services were saved and sent for review.") % {"n": count}
            )
        return HttpResponseRedirect(reverse("publishing:dashboard"))
    if request.method == "POST":
        organization = organizations.filter(id=request.POST.get("organization")).first()
        upload_file = request.FILES.get("file")
        if organization is None or upload_file is None:
            context["error"] = _("Choose the organization and the file.")
            return render(request, "publishing/upload.html", context, status=400)
        try:
            rows = bulk.check(bulk.read(upload_file), organization)
        except bulk.FileError as error:
            context["error"] = str(error)
            return render(request, "publishing/upload.html", context, status=400)
        if all(not row.errors for row in rows):
            count = bulk.import_rows(rows, organization, request.user)
            messages.success(
                request, _("%(n)s services were saved and sent for review.") % {"n": count}
            )
            return HttpResponseRedirect(reverse("publishing:dashboard"))
        request.session[UPLOAD_SESSION_KEY] = {
            "organization": str(organization.id),
            "rows": [{"number": r.number, "data": r.data, "errors": r.errors} for r in rows],
        }
        context.update(rows=rows, valid=sum(1 for r in rows if not r.errors))
        return render(request, "publishing/upload.html", context, status=400)
    return render(request, "publishing/upload.html", context)


@login_required
def upload_template(request, kind):
    content_type = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }[kind]
    response = HttpResponse(bulk.template(kind), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tarjotin-palvelut.{kind}"'
    return response
