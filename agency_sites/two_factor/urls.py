"""Two-step sign-in's admin addresses (mounted under /admin/two-factor/)."""

from django.urls import URLPattern, path

from agency_sites.two_factor import views

app_name = "two_factor"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
    path("disable/", views.disable, name="disable"),
]
