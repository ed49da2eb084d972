"""The newsroom's URLs: the editorial desk at /admin, the public site everywhere else."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("infolitico.site.urls")),
]
