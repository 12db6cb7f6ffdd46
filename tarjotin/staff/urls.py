"""Log in and out: one page for every staff member (editors, professionals, moderators)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from tarjotin.staff.throttle import ThrottledAuthenticationForm

app_name = "staff"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="staff/login.html", authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="web:home"), name="logout"),
]
