from django.shortcuts import render

from tarjotin.catalogue import selectors


def home(request):
    """A placeholder front page until the resident web service (issue 5) takes "/" over."""
    return render(
        request,
        "home.html",
        {
            "services": selectors.published_services().count(),
            "organizations": selectors.published_organizations().count(),
        },
    )
