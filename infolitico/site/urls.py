from django.urls import path, re_path

from infolitico.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^media/(?P<path>.+)$", views.media, name="media"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("<slug:section>/<int:year>/<str:month>/<str:day>/<slug:slug>/", views.article,
         name="article"),
    path("<slug:slug>/", views.section, name="section"),
]
