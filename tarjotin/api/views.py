"""HSDA 3.0 read API (Open Referral): thin views over catalogue selectors and representations."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from tarjotin.api import schema
from tarjotin.api.pages import list_response, single_response
from tarjotin.api.ranked import RankedSelection
from tarjotin.catalogue import geo, selectors
from tarjotin.catalogue import models as m
from tarjotin.catalogue.hsds.tables import TABLES_BY_NAME, value_to_hsds
from tarjotin.search.engine import ranked_ids
from tarjotin.search.params import MAX_QUERY_LENGTH, BadParameter, QueryParameters

ORGANIZATION_TEXT_FIELDS = ("name", "alternate_name", "description")


def queried_by_post(operation_id: str, page: str):
    """HSDS 3.1's POST query endpoints: the GET's parameters as a JSON object in the
    body, so a resident's search words stay out of addresses, proxies' logs and history."""

    def decorate(view: type[APIView]) -> type[APIView]:
        @extend_schema(
            operation_id=operation_id,
            request=OpenApiTypes.OBJECT,
            responses={200: schema.page_of(page)},
            description="The same query as GET; its parameters in the body instead of the URL.",
        )
        def post(self, request):
            return self.get(request)

        view.post = post
        return view

    return decorate


class ApiRootView(APIView):
    @extend_schema(operation_id="getAPIMetaInformation", responses={200: schema.API_ROOT})
    def get(self, request):
        return Response(
            {
                "version": "3.1",
                "profile": settings.HSDS_PROFILE_URI,
                "openapi_url": request.build_absolute_uri("openapi.json"),
            }
        )


def _filter_by_taxonomy(params: QueryParameters, services):
    """Services with the term, and with any term of the taxonomy, that the request names."""
    if term_id := params.uuid("taxonomy_term_id"):
        services = services.filter(id__in=selectors.services_with_term([term_id]))
    if taxonomy_id := params.uuid("taxonomy_id"):
        term_ids = m.TaxonomyTerm.objects.filter(taxonomy_detail_id=taxonomy_id).values("id")
        services = services.filter(id__in=selectors.services_with_term(term_ids))
    return services


def _filter_services(params: QueryParameters, services):
    services = _filter_by_taxonomy(params, services)
    if organization_id := params.uuid("organization_id"):
        services = services.filter(organization_id=organization_id)
    if modified_after := params.datetime("modified_after"):
        services = services.filter(last_modified__gte=modified_after)
    return services


def _check_query(query: str) -> None:
    if len(query) > MAX_QUERY_LENGTH:
        raise BadParameter("search", f"at most {MAX_QUERY_LENGTH} characters")


@queried_by_post("postPaginatedListOfServices", "service_list.json")
class ServiceListView(APIView):
    allowed = {"search", "page", "per_page", "format", "taxonomy_term_id", "taxonomy_id",
               "organization_id", "modified_after", "minimal", "full"}  # fmt: skip

    @extend_schema(
        operation_id="getPaginatedListOfServices",
        parameters=schema.parameters(allowed),
        responses={200: schema.page_of("service_list.json")},
    )
    def get(self, request):
        params = QueryParameters(request, self.allowed)
        services = _filter_services(params, selectors.published_services()).order_by("id")
        if params.boolean("minimal"):
            services, build = services.only(*MINIMAL_FIELDS), _minimal_service
        elif params.boolean("full"):
            services = selectors.with_service_full_relations(services)
            build = lambda r, s: r.service_full(s)  # noqa: E731
        else:
            services = selectors.with_service_list_relations(services)
            build = lambda r, s: r.service_list(s)  # noqa: E731
        if query := params.text("search"):
            _check_query(query)
            services = RankedSelection(services, ranked_ids(query, params.language))
        return list_response(params, services, build)


MINIMAL_FIELDS = ("id", "name", "status", "last_modified")


def _minimal_service(representer, service) -> dict:
    spec = TABLES_BY_NAME["service"]
    values = {
        name: value_to_hsds(spec.model_field(name), getattr(service, name), representer.language)
        for name in MINIMAL_FIELDS
    }
    return {name: value for name, value in values.items() if value is not None}


class ServiceDetailView(APIView):
    @extend_schema(
        operation_id="getFullyNestedServiceById",
        parameters=schema.parameters(set()),
        responses={200: schema.official("service.json"), 404: schema.ERROR},
    )
    def get(self, request, id):
        params = QueryParameters(request, set())
        services = selectors.with_service_full_relations(selectors.published_services())
        service = get_object_or_404(services, id=id)
        return single_response(params, service, lambda r, s: r.service_full(s))


@queried_by_post("postPaginatedListOfOrganizations", "organization_list.json")
class OrganizationListView(APIView):
    allowed = {"search", "full_service", "full", "page", "per_page", "format",
               "taxonomy_term_id", "taxonomy_id"}  # fmt: skip

    @extend_schema(
        operation_id="getPaginatedListOfOrganizations",
        parameters=schema.parameters(allowed),
        responses={200: schema.page_of("organization_list.json")},
    )
    def get(self, request):
        params = QueryParameters(request, self.allowed)
        organizations = selectors.published_organizations().order_by("id")
        if {"taxonomy_term_id", "taxonomy_id"} & set(params.values):
            # HSDS 3.1: organizations that run a published service with the term or taxonomy.
            services = _filter_by_taxonomy(params, selectors.published_services())
            organizations = organizations.filter(id__in=services.values("organization_id"))
        if query := params.text("search"):
            organizations = selectors.text_search(
                organizations, ORGANIZATION_TEXT_FIELDS, query, settings.CONTENT_FALLBACK
            )
        full_service = params.boolean("full_service")
        if params.boolean("full") or full_service:
            services = "full" if full_service else "list"
            organizations = selectors.with_organization_full_relations(organizations, services)
            return list_response(
                params, organizations, lambda r, o: r.organization_full(o, services)
            )
        return list_response(
            params, organizations, lambda r, o: r.record("organization", o, linked=False)
        )


class OrganizationDetailView(APIView):
    allowed = {"full_service"}

    @extend_schema(
        operation_id="getOrganizationById",
        parameters=schema.parameters(allowed),
        responses={200: schema.official("organization.json"), 404: schema.ERROR},
    )
    def get(self, request, id):
        params = QueryParameters(request, self.allowed)
        services = "full" if params.boolean("full_service") else "list"
        organizations = selectors.with_organization_full_relations(
            selectors.published_organizations(), services
        )
        organization = get_object_or_404(organizations, id=id)
        return single_response(params, organization, lambda r, o: r.organization_full(o, services))


@queried_by_post("postPaginatedListOfServiceAtLocation", "service_at_location_list.json")
class ServiceAtLocationListView(APIView):
    allowed = {"search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after",
               "full", "page", "per_page", "format", "postcode", "proximity"}  # fmt: skip

    @extend_schema(
        operation_id="getPaginatedListOfServiceAtLocation",
        parameters=schema.parameters(allowed),
        responses={200: schema.page_of("service_at_location_list.json")},
    )
    def get(self, request):
        params = QueryParameters(request, self.allowed)
        services = _filter_services(params, selectors.published_services())
        if query := params.text("search"):
            _check_query(query)
            services = services.filter(id__in=ranked_ids(query, params.language))
        sals = selectors.visible_service_at_locations().filter(service__in=services)
        sals = _filter_by_postcode(params, sals).order_by("id")
        if params.boolean("full"):
            sals = selectors.with_service_at_location_full_relations(sals)
            return list_response(params, sals, lambda r, s: r.service_at_location(s, True))
        sals = selectors.with_service_at_location_list_relations(sals)
        return list_response(params, sals, lambda r, s: r.service_at_location_list(s))


def _filter_by_postcode(params: QueryParameters, sals):
    postcode = params.text("postcode")
    proximity = params.text("proximity")
    if proximity and not postcode:
        raise BadParameter("proximity", "needs a postcode to measure the distance from")
    if not postcode:
        return sals
    if proximity:
        try:
            meters = float(proximity)
        except ValueError:
            raise BadParameter(
                "proximity", f"must be a distance in metres, not {proximity!r}"
            ) from None
        if meters <= 0:
            raise BadParameter("proximity", "must be more than 0 metres")
        centroid = geo.postcode_centroid(postcode)
        if centroid is None:
            return sals.none()
        return sals.filter(location_id__in=geo.locations_within(centroid, meters))
    return sals.filter(service_id__in=geo.services_covering_postcode(postcode))


class ServiceAtLocationDetailView(APIView):
    @extend_schema(
        operation_id="getServiceAtLocationWithNestedDataById",
        parameters=schema.parameters(set()),
        responses={200: schema.official("service_at_location.json"), 404: schema.ERROR},
    )
    def get(self, request, id):
        params = QueryParameters(request, set())
        sals = selectors.with_service_at_location_full_relations(
            selectors.visible_service_at_locations()
        )
        sal = get_object_or_404(sals, id=id)
        return single_response(params, sal, lambda r, s: r.service_at_location(s, True))


@queried_by_post("postPaginatedListOfTaxonomies", "../taxonomy.json")
class TaxonomyListView(APIView):
    allowed = {"search", "page", "per_page", "format"}

    @extend_schema(
        operation_id="getPaginatedListOfTaxonomies",
        parameters=schema.parameters(allowed),
        responses={200: schema.page_of("../taxonomy.json")},
    )
    def get(self, request):
        params = QueryParameters(request, self.allowed)
        taxonomies = m.Taxonomy.objects.order_by("id")
        if query := params.text("search"):
            taxonomies = selectors.text_search(
                taxonomies, ("name", "description"), query, settings.CONTENT_FALLBACK
            )
        return list_response(params, taxonomies, _taxonomy)


def _taxonomy(representer, taxonomy) -> dict:
    return representer.record("taxonomy", taxonomy)


class TaxonomyDetailView(APIView):
    @extend_schema(
        operation_id="getTaxonomyById",
        parameters=schema.parameters(set()),
        responses={200: schema.official("../taxonomy.json"), 404: schema.ERROR},
    )
    def get(self, request, id):
        params = QueryParameters(request, set())
        taxonomy = get_object_or_404(m.Taxonomy, id=id)
        return single_response(params, taxonomy, _taxonomy)


@queried_by_post("postPaginatedListOfTaxonomyTerms", "../taxonomy_term.json")
class TaxonomyTermListView(APIView):
    allowed = {"search", "page", "per_page", "format", "taxonomy_id", "top_only", "parent_id"}

    @extend_schema(
        operation_id="getPaginatedListOfTaxonomyTerms",
        parameters=schema.parameters(allowed),
        responses={200: schema.page_of("../taxonomy_term.json")},
    )
    def get(self, request):
        params = QueryParameters(request, self.allowed)
        terms = m.TaxonomyTerm.objects.select_related("taxonomy_detail").order_by("id")
        if query := params.text("search"):
            terms = selectors.text_search(
                terms, ("name", "description"), query, settings.CONTENT_FALLBACK
            )
        if taxonomy_id := params.uuid("taxonomy_id"):
            terms = terms.filter(taxonomy_detail_id=taxonomy_id)
        if parent_id := params.uuid("parent_id"):
            terms = terms.filter(parent_id=parent_id)
        if params.boolean("top_only"):
            terms = terms.filter(parent__isnull=True)
        return list_response(params, terms, lambda r, t: r.taxonomy_term(t))


class TaxonomyTermDetailView(APIView):
    @extend_schema(
        operation_id="getTaxonomyTermById",
        parameters=schema.parameters(set()),
        responses={200: schema.official("../taxonomy_term.json"), 404: schema.ERROR},
    )
    def get(self, request, id):
        params = QueryParameters(request, set())
        term = get_object_or_404(m.TaxonomyTerm.objects.select_related("taxonomy_detail"), id=id)
        return single_response(params, term, lambda r, t: r.taxonomy_term(t))
