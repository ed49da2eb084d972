"""How fast the public site is exported and served, beside Hugo, Pelican and nginx.

    .venv/bin/python bench/site.py [--articles 10000] [--seconds 10] [--sizes 1000,10000,50000]
                                   [--builds 2] [--no-install] [--only export]

Everything runs in a throwaway folder under /tmp and talks to 127.0.0.1 only. It prints:

(a) a full static export of N generated articles (a throwaway SQLite newsroom; a handful of
    images drawn once and shared, since the figure is pages, not pictures), beside Hugo and
    Pelican building the same N articles from Markdown (same headline, dek, body, date, section,
    topic as tag; paginated home, section and tag lists; related stories), in pages (HTML files)
    per second, with the ratios. Each of the three builds --builds times, each time in a fresh
    process into an empty folder, taking turns, and its fastest build counts: the disk of a shared
    machine slows whoever happens to write while it is busy, and one build each would measure that;
(b) the incremental export after one more article is published (seconds, files rewritten, and the
    pages/s a full rebuild would need to match it), and the same export with the per-page keys
    dropped, i.e. every page rendered and only changed files written; then the one-article
    export again in newsrooms of each of --sizes articles (each in a child process: 1k and 10k
    after a real full export; sizes above --articles after a stand-in manifest that lists every
    page as exported, since the figure is the incremental step, not the full build);
(c) article-page requests per second from `infolitico serve` (gunicorn, 2 workers, no access
    log) under `wrk -t2 -c16 -d<seconds>s`, beside nginx serving the exported file of the same page.

It ends with one line for comparing runs:
SUMMARY serve_rps=N nginx_rps=N export_pps=N hugo_pps=N pelican_pps=N incremental_s=N
(a figure that could not be had is 0; incremental_s is the one-article export at --articles).

Tools it lacks it installs when it can: `apt-get install -y hugo wrk nginx-light` as root, and
Pelican with pip into a venv under /tmp. A comparison whose tool is missing prints
"skipped: <reason>".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, nginx_conf, stop, wait_for  # noqa: E402

PELICAN_VENV = Path("/tmp/infolitico-bench-pelican")
SECTIONS = ("Politics", "U.S.", "World", "Business", "Technology", "Culture", "Sports")
TOPICS = 300
IMAGES = 5
START = datetime(2025, 1, 1, 12, tzinfo=UTC)
WORDS = ["senate", "governor", "council", "mayor", "minister", "league", "club", "court", "board",
         "agency", "campaign", "bill", "budget", "vote", "hearing", "plan", "measure", "record",
         "season", "deal", "program", "policy", "report"]


def say(text: str = "") -> None:
    print(text, flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=False, capture_output=True, text=True, **kwargs)


def ensure_apt(*packages: str, binaries: tuple[str, ...], allow: bool) -> str | None:
    """Install Debian packages if their binaries are missing; the reason if they cannot be had."""
    missing = [b for b in binaries if not shutil.which(b)]
    if not missing:
        return None
    if not allow:
        return f"{', '.join(missing)} not installed (apt-get install -y {' '.join(packages)})"
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return f"{', '.join(missing)} not installed; as root: apt-get install -y {' '.join(packages)}"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], env=env)
    if done.returncode != 0:
        run(["apt-get", "update", "-q"], env=env)
        done = run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], env=env)
    missing = [b for b in binaries if not shutil.which(b)]
    if missing:
        return f"apt-get install {' '.join(packages)} failed: {done.stderr.strip()[-200:]}"
    return None


def ensure_pelican(allow: bool) -> tuple[Path | None, str | None]:
    """Pelican in its own venv under /tmp, installed with pip if it is not there yet."""
    pelican = PELICAN_VENV / "bin" / "pelican"
    if pelican.exists():
        return pelican, None
    if not allow:
        return None, f"pelican not installed ({sys.executable} -m venv {PELICAN_VENV} && " \
                     f"{PELICAN_VENV}/bin/pip install pelican markdown)"
    base = getattr(sys, "_base_executable", sys.executable)
    done = run([base, "-m", "venv", str(PELICAN_VENV)])
    if done.returncode == 0:
        done = run([str(PELICAN_VENV / "bin" / "pip"), "install", "-q", "pelican", "markdown"])
    if done.returncode != 0 or not pelican.exists():
        return None, f"pip install pelican failed: {done.stderr.strip()[-200:]}"
    return pelican, None


def words(k: int, n: int) -> str:
    return " ".join(WORDS[(k * 7 + i * 3) % len(WORDS)] for i in range(n))


def story(k: int) -> dict:
    """The generated article number k: the same text for every generator."""
    section = SECTIONS[k % len(SECTIONS)]
    topic = f"Person {k % TOPICS:03d}"
    headline = f"{topic} backs the {words(k, 3)} plan number {k}"
    return {
        "k": k, "section": section, "topic": topic, "headline": headline,
        "slug": f"{topic.lower().replace(' ', '-')}-backs-plan-{k}",
        "dek": f"{topic} said the {words(k + 1, 4)} would move ahead this week.",
        "body": [f"{topic} {words(k + p, 40)}." for p in range(6)],
        "published_at": START + timedelta(minutes=37 * k),
    }


# ---- the newsroom


def make_newsroom(folder: Path) -> None:
    """A newsroom folder whose Django is set up in this process."""
    (folder / "images").mkdir(parents=True)
    (folder / "infolitico.toml").write_text('[site]\nname = "Infolitico"\nbase_url = "http://127.0.0.1:8000"\n')
    os.environ["INFOLITICO_CONFIG"] = str(folder / "infolitico.toml")
    os.environ["DJANGO_SETTINGS_MODULE"] = "infolitico.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def draw_images(folder: Path) -> list[dict]:
    """A handful of image sets (JPEG crops and WebP widths), drawn once and shared by every article."""
    from PIL import Image as PILImage

    sets = []
    for i in range(IMAGES):
        base = PILImage.new("RGB", (1200, 675), (40 * i, 90, 160 - 20 * i))
        files = {}
        for name, size in (("1200.jpg", (1200, 675)), ("16x9.jpg", (1200, 675)), ("4x3.jpg", (900, 675)),
                           ("1x1.jpg", (675, 675)), ("400w.webp", (400, 225)), ("800w.webp", (800, 450)),
                           ("1200w.webp", (1200, 675))):
            relative = f"shared{i}/{name}"
            (folder / f"shared{i}").mkdir(exist_ok=True)
            base.resize(size).save(folder / relative, quality=80)
            files[name] = relative
        sets.append({"path": files["1200.jpg"], "files": files})
    return sets


def fill(n: int, images: list[dict]) -> None:
    """N published articles, with their events, source items, images, sections and topics."""
    from infolitico.newsroom import models

    sections = {}
    for position, name in enumerate(SECTIONS):
        sections[name], _ = models.Section.objects.get_or_create(
            slug=name.lower().replace(".", ""), defaults={"name": name, "position": position})
    topics = {}
    for t in range(TOPICS):
        name = f"Person {t:03d}"
        entity = models.Entity.objects.create(name=name, slug=f"person-{t:03d}", kind="person")
        topics[name] = models.Topic.objects.create(entity=entity, name=name, slug=entity.slug)
    feed = models.Feed.objects.create(source="https://news.example/feed.xml", name="Example News")
    add(range(n), images, sections, topics, feed)


def add(numbers, images, sections=None, topics=None, feed=None) -> None:
    """Insert the given generated articles straight into the database."""
    from infolitico.newsroom import models

    sections = sections or {s.name: s for s in models.Section.objects.all()}
    topics = topics or {t.name: t for t in models.Topic.objects.all()}
    feed = feed or models.Feed.objects.get()
    stories = [story(k) for k in numbers]
    events = models.Event.objects.bulk_create([
        models.Event(key=f"bench-{s['k']}", title=f"{s['headline']} - Example News", claim=s["headline"],
                     publisher="Example News", section=sections[s["section"]], data={},
                     occurred_at=s["published_at"]) for s in stories], batch_size=500)
    models.SourceItem.objects.bulk_create([
        models.SourceItem(feed=feed, key=f"bench-{s['k']}", title=e.title, publisher="Example News",
                          link=f"https://news.example/{s['k']}", published_at=s["published_at"], event=e)
        for s, e in zip(stories, events, strict=True)], batch_size=500)
    articles = models.Article.objects.bulk_create([
        models.Article(event=e, status="published", slug=s["slug"], headline=s["headline"], dek=s["dek"],
                       body=s["body"], section=sections[s["section"]], topic=topics[s["topic"]],
                       words=sum(len(p.split()) for p in s["body"]), read_minutes=2,
                       published_at=s["published_at"])
        for s, e in zip(stories, events, strict=True)], batch_size=500)
    models.Image.objects.bulk_create([
        models.Image(article=a, path=images[s["k"] % IMAGES]["path"], files=images[s["k"] % IMAGES]["files"],
                     alt=f"Illustration for {s['headline']}", caption="A generated illustration.",
                     credit="Infolitico")
        for s, a in zip(stories, articles, strict=True)], batch_size=500)


def html_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


# ---- the peers


def hugo_site(folder: Path, n: int) -> None:
    """The same articles as a Hugo site: Markdown content and minimal layouts."""
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "static").mkdir()
    (folder / "static" / "site.css").write_text((ROOT / "infolitico/site/static/site/site.css").read_text())
    (folder / "hugo.toml").write_text(
        'baseURL = "http://127.0.0.1:8000/"\ntitle = "Infolitico"\npaginate = 20\n'
        'disableKinds = ["robotsTXT"]\n[taxonomies]\ntag = "tags"\n'
        '[related]\nincludeNewer = true\nthreshold = 0\n[[related.indices]]\nname = "tags"\nweight = 100\n')
    layouts = folder / "layouts" / "_default"
    head = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
            '<link rel="stylesheet" href="/site.css"></head><body><header><a href="/">Infolitico</a>'
            '<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>'
            '</header><main>{{ block "main" . }}{{ end }}</main></body></html>')
    card = ('<article class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>'
            '<p class="dek">{{ .Description }}</p>'
            '<time>{{ .Date.Format "January 2, 2006" }}</time></article>')
    paged = ('{{ range $p.Pages }}' + card + '{{ end }}'
             '{{ with $p.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}'
             '{{ with $p.Next }}<a href="{{ .URL }}">Older</a>{{ end }}{{ end }}')
    (layouts / "baseof.html").write_text(head)
    (layouts / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p class="dek">{{ .Description }}</p>'
        '<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}'
        '</time>{{ .Content }}</article><aside>{{ range first 4 (.Site.RegularPages.Related .) }}' + card
        + '{{ end }}</aside>{{ end }}')
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}' + paged)
    (layouts / "index.html").write_text('{{ define "main" }}{{ $p := .Paginate site.RegularPages }}' + paged)
    for k in range(n):
        s = story(k)
        section = folder / "content" / s["section"].lower().replace(".", "")
        section.mkdir(parents=True, exist_ok=True)
        (section / f"{s['slug']}.md").write_text(
            f"---\ntitle: {json.dumps(s['headline'])}\ndescription: {json.dumps(s['dek'])}\n"
            f"date: {s['published_at'].isoformat()}\ntags: [{json.dumps(s['topic'])}]\n---\n\n"
            + "\n\n".join(s["body"]) + "\n")


def pelican_site(folder: Path, n: int) -> None:
    """The same articles as a Pelican site: Markdown content, the default theme, paginated lists."""
    content = folder / "content"
    content.mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(
        'SITENAME = "Infolitico"\nSITEURL = ""\nPATH = "content"\nTIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
        "DEFAULT_PAGINATION = 20\nRELATIVE_URLS = False\n"
        'FEED_ALL_ATOM = "feeds/all.atom.xml"\nCATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"\n'
        'ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"\n'
        'ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"\n')
    for k in range(n):
        s = story(k)
        (content / f"{s['slug']}.md").write_text(
            f"Title: {s['headline']}\nDate: {s['published_at']:%Y-%m-%d %H:%M}\nCategory: {s['section']}\n"
            f"Tags: {s['topic']}\nSlug: {s['slug']}\nSummary: {s['dek']}\n\n" + "\n\n".join(s["body"]) + "\n")


def build(name: str, cmd: list[str], out: Path, cwd: Path, timeout: float) -> tuple[float, int] | None:
    """Run a peer's build; its seconds and HTML pages, or None after printing why it failed."""
    start = time.perf_counter()
    try:
        done = run(cmd, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        say(f"  {name}: skipped: took over {timeout:.0f} s")
        return None
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        say(f"  {name}: skipped: build failed: {(done.stderr or done.stdout).strip()[-300:]}")
        return None
    return seconds, html_files(out)


# ---- serving






FIGURES: dict[str, float] = {}


def wrk(url: str, seconds: int, figure: str) -> str:
    done = run(["wrk", "-t2", "-c16", f"-d{seconds}s", url], timeout=seconds + 30)
    match = re.search(r"Requests/sec:\s*([\d.]+)", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if not match:
        return f"skipped: wrk failed: {(done.stderr or done.stdout).strip()[-200:]}"
    FIGURES[figure] = float(match.group(1))
    return f"{float(match.group(1)):,.0f} req/s" + (f" ({errors.group(1)} non-2xx!)" if errors else "")




def serve_bench(newsroom: Path, export: Path, path: str, seconds: int, allow: bool) -> None:
    """Article-page requests per second: `infolitico serve` against nginx serving the export."""
    reason = ensure_apt("wrk", binaries=("wrk",), allow=allow)
    if reason:
        say(f"  skipped: {reason}")
        return
    port = free_port()
    env = {**os.environ, "INFOLITICO_CONFIG": str(newsroom / "infolitico.toml")}
    server = subprocess.Popen([str(ROOT / ".venv/bin/infolitico"), "serve", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", "2", "--no-access-log"],
                              cwd=newsroom, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}{path}"
        if wait_for(url):
            say(f"  infolitico serve (gunicorn, 2 workers × 8 threads): {wrk(url, seconds, 'serve_rps')}")
        else:
            say("  infolitico serve: skipped: the server did not answer within 30 s")
    finally:
        stop(server)

    reason = ensure_apt("nginx-light", binaries=("nginx",), allow=allow)
    if reason:
        say(f"  nginx: skipped: {reason}")
        return
    port = free_port()
    conf_dir = Path(tempfile.mkdtemp(prefix="infolitico-bench-nginx-"))
    conf = nginx_conf(conf_dir, export, port)
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(conf_dir)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}{path}"
        if wait_for(url, 10):
            say(f"  nginx (2 workers) serving the exported file: {wrk(url, seconds, 'nginx_rps')}")
            if FIGURES.get("serve_rps") and FIGURES.get("nginx_rps"):
                say(f"    → infolitico serve is {FIGURES['serve_rps'] / FIGURES['nginx_rps']:.2f}× nginx")
        else:
            say(f"  nginx: skipped: it did not answer: {(conf_dir / 'error.log').read_text()[-200:]}")
    finally:
        stop(nginx)
        shutil.rmtree(conf_dir, ignore_errors=True)


# ---- the incremental step at other sizes


def stand_in_manifest(out: Path) -> None:
    """The manifest a full export would leave, listing every page as exported, without rendering it.

    The one-article export that follows reads and writes this manifest and renders what it
    changes, as after a real full export; the pages it leaves alone are simply not on disk.
    """
    from infolitico.newsroom import models
    from infolitico.site import export, links, pages, views

    files = {}
    per = views.PER_PAGE
    lists = {"home": models.Article.objects.filter(status="published").count()}
    scopes = [(links.named("home"), lists["home"])]
    for owner, field in ((models.Section, "section"), (models.Topic, "topic")):
        for o in owner.objects.all():
            total = models.Article.objects.filter(status="published", **{field: o}).count()
            if total or field == "section":
                lists[f"{field}:{o.pk}"] = total
            scopes.append((o.get_absolute_url(), total))
    for base, total in scopes:
        files[export.file_for(base)] = ("0" * 64, None)
        for number in range(1, pages.archive_pages(total, per) + 1):
            files[export.file_for(links.archive(base, number))] = ("0" * 64, None)
    for story in models.Article.objects.filter(status="published").select_related("section"):
        files[export.file_for(story.get_absolute_url())] = ("0" * 64, None)
    out.mkdir(parents=True, exist_ok=True)
    manifest = export.Manifest(out)
    manifest.replace(files, {}, {"site": export.site_key(), "marks": export.marks(), "lists": lists})
    manifest.close()


def build_child(out: Path) -> None:
    """In a child process, cold as the peers start: a full export of the newsroom into `out`."""
    import django

    django.setup()  # the newsroom the parent made, named in the environment it passed on
    from infolitico.site.export import export_site

    result = export_site(out, workers=os.cpu_count() or 1)
    print(f"BUILD {result.seconds:.3f} {result.written} {html_files(out)}", flush=True)


def full_build(out: Path) -> tuple[float, int, int]:
    """A full export into an empty `out`, in a fresh process: (seconds, files, HTML pages)."""
    shutil.rmtree(out, ignore_errors=True)
    done = run([sys.executable, __file__, "--build", str(out)], timeout=900)
    match = re.search(r"BUILD ([\d.]+) (\d+) (\d+)", done.stdout)
    if not match:
        sys.exit(f"error: the export failed: {(done.stderr or done.stdout).strip()[-300:]}")
    return float(match.group(1)), int(match.group(2)), int(match.group(3))


def incremental_child(size: int, stand_in: bool) -> None:
    """In a child process: a newsroom of `size` articles, exported, then one more article's export."""
    work = Path(tempfile.mkdtemp(prefix="infolitico-bench-step-"))
    try:
        newsroom = work / "newsroom"
        make_newsroom(newsroom)
        from infolitico.site.export import export_site

        images = draw_images(newsroom / "images")
        fill(size, images)
        out = work / "export"
        if stand_in:
            stand_in_manifest(out)
        else:
            export_site(out, workers=os.cpu_count() or 1)
        add([size], images)
        one = export_site(out)
        print(f"STEP {size} {one.seconds:.3f} {one.written} {one.rendered}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def incremental_sizes(sizes: list[int], main_size: int, main_seconds: float | None) -> None:
    """The one-article export at each size, each newsroom in a child process of its own."""
    for size in sizes:
        if size == main_size and main_seconds is not None:
            say(f"  {size:>7,} articles: {main_seconds:.2f} s (the run above)")
            continue
        stand_in = size > main_size
        done = run([sys.executable, __file__, "--step", str(size), *(["--stand-in"] if stand_in else [])],
                   timeout=3600)
        match = re.search(r"STEP (\d+) ([\d.]+) (\d+) (\d+)", done.stdout)
        if not match:
            say(f"  {size:>7,} articles: skipped: {(done.stderr or done.stdout).strip()[-300:]}")
            continue
        how = "after a stand-in manifest" if stand_in else "after a full export"
        say(f"  {size:>7,} articles: {float(match.group(2)):.2f} s, {match.group(3)} files written, "
            f"{match.group(4)} pages rendered ({how})")


def summary() -> str:
    """The one line that lets runs be compared."""
    names = ("serve_rps", "nginx_rps", "export_pps", "hugo_pps", "pelican_pps")
    figures = [f"{name}={FIGURES.get(name, 0):.0f}" for name in names]
    return "SUMMARY " + " ".join(figures) + f" incremental_s={FIGURES.get('incremental_s', 0):.2f}"


# ---- the bench


def main() -> None:
    """Run the three comparisons and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles to generate (10000)")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run (10)")
    parser.add_argument("--sizes", default="1000,10000,50000",
                        help="newsroom sizes for the one-article export (1000,10000,50000)")
    parser.add_argument("--builds", type=int, default=2,
                        help="full builds of each site, taking turns; the fastest counts (2)")
    parser.add_argument("--no-install", action="store_true", help="only say what to install")
    parser.add_argument("--only", choices=["export"],
                        help="export: only the export figures, (a), (b) and (d), without serving (c)")
    parser.add_argument("--step", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--stand-in", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        incremental_child(args.step, args.stand_in)
        return
    if args.build:
        build_child(Path(args.build))
        return
    allow = not args.no_install
    n = args.articles
    work = Path(tempfile.mkdtemp(prefix="infolitico-bench-site-"))
    work.chmod(0o755)  # nginx's workers run as another user and read the export from here
    workers = os.cpu_count() or 1
    say(f"bench/site.py: {n:,} articles, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, in {work}")
    try:
        newsroom = work / "newsroom"
        make_newsroom(newsroom)
        from infolitico.newsroom import models
        from infolitico.site.export import Manifest, export_site

        start = time.perf_counter()
        images = draw_images(newsroom / "images")
        fill(n, images)
        say(f"newsroom filled in {time.perf_counter() - start:.1f} s ({models.Article.objects.count():,} "
            f"published articles, {TOPICS} topics, {IMAGES} shared images)")

        say(f"\n(a) full build of the whole site, best of {args.builds} (the three take turns)")
        builds: dict[str, list[tuple[float, int]]] = {}
        peers: list[tuple[str, list[str], Path, Path, float]] = []
        reason = ensure_apt("hugo", binaries=("hugo",), allow=allow)
        if reason:
            say(f"  hugo: skipped: {reason}")
        else:
            hugo_site(work / "hugo", n)
            version = run(["hugo", "version"]).stdout.split()[1] if shutil.which("hugo") else "?"
            peers.append((f"hugo {version}", ["hugo", "--quiet", "-d", str(work / "hugo-out")],
                          work / "hugo-out", work / "hugo", 600))
        pelican, reason = ensure_pelican(allow)
        if reason:
            say(f"  pelican: skipped: {reason}")
        else:
            pelican_site(work / "pelican", n)
            version = run([str(pelican), "--version"]).stdout.strip()
            peers.append((f"pelican {version}", [str(pelican), "content", "-o", str(work / "pelican-out"),
                                                 "-s", "pelicanconf.py", "-q"],
                          work / "pelican-out", work / "pelican", 900))
        out = work / "export"
        for _ in range(max(1, args.builds)):
            # Every build starts cold (a process of its own) into an empty folder, as a site's
            # first build does.
            seconds, files, pages = full_build(out)
            builds.setdefault("infolitico", []).append((seconds, pages))
            for name, cmd, peer_out, cwd, timeout in list(peers):
                shutil.rmtree(peer_out, ignore_errors=True)
                built = build(name, cmd, peer_out, cwd, timeout)
                if built is None:  # said why; its earlier builds still count
                    peers.remove((name, cmd, peer_out, cwd, timeout))
                else:
                    builds.setdefault(name, []).append(built)

        def best(name: str) -> tuple[float, int, str]:
            seconds, count = min(builds[name])
            tries = ", ".join(f"{t:.1f}" for t, _ in builds[name])
            return seconds, count, tries

        seconds, pages, tries = best("infolitico")
        ours = pages / seconds
        FIGURES["export_pps"] = ours
        say(f"  infolitico export ({workers} processes): {pages:,} pages ({files:,} files) "
            f"in {seconds:.1f} s = {ours:,.0f} pages/s  (builds: {tries} s)")
        for name, figure, peer in (("hugo", "hugo_pps", "Hugo"), ("pelican", "pelican_pps", "Pelican")):
            for label in [b for b in builds if b.startswith(name)]:
                seconds, count, tries = best(label)
                FIGURES[figure] = count / seconds
                say(f"  {label}: {count:,} pages in {seconds:.1f} s = {count / seconds:,.0f} pages/s"
                    f"  → infolitico is {ours / (count / seconds):.2f}× {peer}  (builds: {tries} s)")

        say("\n(b) incremental export after one more article")
        again = export_site(out, workers=workers)
        say(f"  nothing new: {again}")
        add([n], images)
        one = export_site(out, workers=workers)
        FIGURES["incremental_s"] = one.seconds
        say(f"  one new article: {one}")
        say(f"    = {pages / one.seconds:,.0f} pages/s equivalent (a full rebuild as fast would need that)")
        # The same with the per-page keys dropped: every page rendered, only changed files written.
        add([n + 1], images)
        manifest = Manifest(out)
        manifest.forget()  # no keys, and no quick path: the whole site is looked at
        manifest.close()
        rendered = export_site(out, workers=workers)
        say(f"  one new article, every page rendered: {rendered}")

        if args.only != "export":
            say(f"\n(c) one article page under wrk -t2 -c16 -d{args.seconds}s on 127.0.0.1")
            article = models.Article.objects.filter(status="published").order_by("published_at").first()
            serve_bench(newsroom, out, article.get_absolute_url(), args.seconds, allow)

        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
        if sizes:
            say("\n(d) one new article's export as the newsroom grows")
            incremental_sizes(sizes, n, FIGURES.get("incremental_s"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say("")
    say(summary())


if __name__ == "__main__":
    main()
