"""Public URLs of content health, mounted under each language prefix by the
assembly's root urlconf."""

from django.urls import path

from compliance import views

urlpatterns = [
    path("content-health/", views.transparency, name="content_health"),
]
