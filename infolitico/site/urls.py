"""The public site's addresses: pages, feeds, sitemaps, search, images."""

from django.urls import path, re_path

from infolitico.site import feeds, sitemaps, views

app_name = "site"

FEED_FILES = {kind: name for kind, (name, _) in feeds.FORMATS.items()}

# The site's single pages: (address, view, name).
PAGES = (
    ("search/", views.search, "search"),
    ("about/", views.about, "about"),
    ("how-it-works/", views.how_it_works, "how-it-works"),
    ("corrections/", views.corrections, "corrections"),
    ("robots.txt", views.robots, "robots"),
    ("sitemap.xml", sitemaps.index, "sitemap"),
    ("sitemap-news.xml", sitemaps.news, "sitemap-news"),
)

urlpatterns = [
    path("", views.home, name="home"),
    path("archive/<int:number>/", views.home, name="home-archive"),
    path("page/<int:number>/", views.home_moved, name="home-page"),
    *[path(route, view, name=name) for route, view, name in PAGES],
    path("sitemap-<slug:name>-<int:page>.xml", sitemaps.section, name="sitemap-section-page"),
    path("sitemap-<slug:name>.xml", sitemaps.section, name="sitemap-section"),
    re_path(r"^media/(?P<path>.+)$", views.media, name="media"),
    *[path(name, feeds.FEEDS["site", kind], name=f"feed-{kind}") for kind, name in FEED_FILES.items()],
    *[path(f"topics/<slug:slug>/{name}", feeds.FEEDS["topic", kind], name=f"topic-feed-{kind}")
      for kind, name in FEED_FILES.items()],
    *[path(f"<slug:slug>/{name}", feeds.FEEDS["section", kind], name=f"section-feed-{kind}")
      for kind, name in FEED_FILES.items()],
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("topics/<slug:slug>/archive/<int:number>/", views.topic, name="topic-archive"),
    path("topics/<slug:slug>/page/<int:number>/", views.topic_moved, name="topic-page"),
    path("<slug:section>/<int:year>/<str:month>/<str:day>/<slug:slug>/", views.article,
         name="article"),
    path("<slug:slug>/", views.section, name="section"),
    path("<slug:slug>/archive/<int:number>/", views.section, name="section-archive"),
    path("<slug:slug>/page/<int:number>/", views.section_moved, name="section-page"),
]
