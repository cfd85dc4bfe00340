"""The audit log's admin addresses (mounted under /admin/audit-log/)."""

from django.urls import URLPattern, path

from agency_sites.audit import views

app_name = "agency_audit"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<slug:agency_slug>/export.csv", views.export_csv, name="export"),
]
