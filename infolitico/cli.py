"""The `infolitico` command: make a newsroom, run it, serve it, and write single articles."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from infolitico import __version__, config
from infolitico.errors import InfoliticoError
from infolitico.pipeline.events import Decision

DESCRIPTION = """\
Infolitico reads news feeds, recognises the events in them, writes an article in the house
voice for each event it covers, gives it an editorial image and publishes a news site.

A newsroom is a folder with an infolitico.toml: make one with `infolitico init`, then run the
other commands inside it (or point INFOLITICO_CONFIG at its file)."""

EPILOG = """\
examples:
  infolitico init newsroom && cd newsroom
  infolitico run                    one cycle of the flow, from the feeds to published pages
  infolitico run --every 15m        keep the newsroom running
  infolitico serve --port 8000      the site, on a production server
  infolitico ingest https://example.org/feed.xml   read a feed now; the next run writes it up
  infolitico write "Senate passes stopgap funding bill - Reuters"
  infolitico events --status held   what became of each item: written, declined or held, and why
  infolitico export                 the site as static files, incrementally
  infolitico worker                 on PostgreSQL: a worker for the job queue (any number, any machine)

environment:
  INFOLITICO_CONFIG   the newsroom's infolitico.toml (default: ./infolitico.toml)
  DATABASE_URL        overrides [database] url (sqlite:///path or postgres://...)
  INFOLITICO_WRITER   overrides [writer] kind"""


class UsageError(InfoliticoError):
    """A mistake in how the command was called; printed as one line, exit status 2."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args) or 0
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except config.ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: nothing is lost; the next run resumes where this one stopped",
              file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"error: {exc.__class__.__name__}: {exc} (run with --debug for the traceback)",
              file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infolitico", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"infolitico {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for failures")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name, handler, help):
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help=argparse.SUPPRESS)
        sub.set_defaults(handler=handler, command=name)
        return sub

    def outlet(sub, help):
        sub.add_argument("--outlet", metavar="NAME", help=help)

    def override(act):
        act.add_argument("--override", action="store_true",
                         help="publish although the checks fail (the desk log records it)")

    sub = command("init", cmd_init, "make DIR a newsroom: an infolitico.toml and its database")
    sub.add_argument("dir", nargs="?", default=".", help="the newsroom's folder (default: here)")

    sub = command("run", cmd_run, "run the newsroom: one cycle of its flow, from the feeds to "
                                  "published pages")
    sub.add_argument("--every", metavar="INTERVAL",
                     help="keep running, one cycle every INTERVAL (30s, 15m, 1h)")
    sub.add_argument("--writer", choices=config.WRITERS, help="the writer for this run")
    sub.add_argument("--enqueue", action="store_true",
                     help="PostgreSQL: queue the due feeds and unfinished work for "
                          "`infolitico worker` processes instead of running the flow here")

    sub = command("worker", cmd_worker, "PostgreSQL: work the flow's job queue; start any number, "
                                        "on any number of machines")
    sub.add_argument("--concurrency", type=int, default=1, metavar="N",
                     help="jobs this worker runs at once (1; one worker per core scales better)")
    sub.add_argument("--queues", metavar="Q[,Q…]",
                     help="work only these queues: one a stage of the flow, and dispatch "
                          "(default: all; `infolitico status` lists them)")
    sub.add_argument("--name", help="the worker's name in logs (default: host:pid)")

    sub = command("serve", cmd_serve, "serve the site on a production-grade server")
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    sub.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    sub.add_argument("--workers", type=int, default=2, help="server processes (2)")
    sub.add_argument("--no-access-log", action="store_true",
                     help="log no line per request (a proxy in front usually keeps its own)")

    sub = command("ingest", cmd_ingest, "read feeds now (URLs or files); the next run takes "
                                        "their items through the rest of the flow")
    sub.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    outlet(sub, "the outlet that publishes these feeds' items, whatever the feeds say of "
                "themselves (for one-off files)")

    sub = command("write", cmd_write, "write articles for source titles, without a newsroom "
                                      "database: one JSON line or text block per title")
    sub.add_argument("titles", nargs="*", metavar="TITLE",
                     help='source titles in feed form ("Headline, Outlet reports - Publisher")')
    sub.add_argument("--input", metavar="FILE", help="read titles from FILE, one per line")
    sub.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text",
                     help="json: one line per title, as eval/article.schema.json describes")
    sub.add_argument("--at", metavar="TIME",
                     help="publication time, ISO 8601 (default: now), e.g. 2026-07-02T12:06:00Z")
    sub.add_argument("--writer", choices=config.WRITERS, help="the writer (default: template)")
    outlet(sub, "the outlet that published the titles, as a feed's outlet is: a title with no "
                "\" - Publisher\" is credited to it")
    sub.add_argument("--no-images", action="store_true", help="do not render images")
    sub.add_argument("--images", "--images-dir", dest="images_dir", metavar="DIR",
                     help="where images go (default: the newsroom's images folder, else a "
                          "temporary folder)")

    sub = command("understand", cmd_understand, "show how a source title is understood: "
                                                "publisher, reporter, subject, act, section, verdict")
    sub.add_argument("titles", nargs="+", metavar="TITLE")
    outlet(sub, "the outlet that published the titles, as with `write --outlet`")

    sub = command("export", cmd_export, "write the whole site as static files; only what "
                                        "changed since the last export is rewritten")
    sub.add_argument("dir", nargs="?", help="where to write (default: [export] folder)")
    sub.add_argument("--full", action="store_true", help="render and write every file again")

    sub = command("createuser", cmd_createuser, "create an editor account for /admin")
    sub.epilog = ("The password is asked for twice on a terminal. Without one (a script, a "
                  "container), give it in DJANGO_SUPERUSER_PASSWORD:\n"
                  "  DJANGO_SUPERUSER_PASSWORD='…' infolitico createuser editor --email e@example.org\n"
                  "Passwords must pass Django's validators: 12 characters or more, not common, "
                  "not all digits, not like the user's name.")
    sub.formatter_class = argparse.RawDescriptionHelpFormatter
    sub.add_argument("username")
    sub.add_argument("--email", default="")

    command("status", cmd_status, "show feed health, what the newsroom holds and, on PostgreSQL, "
                                  "the job queue and its workers")

    sub = command("events", cmd_events, "list every stored event with its source items, its "
                                        "reading, the decision and its reason, and the article")
    sub.add_argument("--format", choices=["text", "json"], default="text",
                     help="json: one line per event, as `write --format json` plus its sources")
    sub.add_argument("--status", choices=[str(d) for d in Decision],
                     help="only the events with this decision")
    sub.add_argument("--since", metavar="DATE",
                     help="only events since DATE (2026-07-01, a day in the site's time zone, or "
                          "an ISO 8601 time)")

    sub = command("desk", cmd_desk, "the editorial desk from a terminal: list, approve, reject, "
                                    "correct and withdraw stories, and read the desk log")
    sub.add_argument("--as", dest="who", metavar="USER",
                     help="the editor taking the action (an account of the desk)")
    actions = sub.add_subparsers(title="actions", metavar="ACTION", dest="action")
    act = actions.add_parser("list", help="the stories, newest first")
    act.add_argument("--status", choices=DESK_STATUSES, help="only the stories in this status")
    act.add_argument("--format", choices=["text", "json"], default="text",
                     help="json: one object per line with id, status, headline, reason, url")
    act = actions.add_parser("approve", help="publish a held story once it passes the checks again")
    act.add_argument("id", type=int)
    override(act)
    act.add_argument("--at", metavar="TIME", help="publish at TIME (ISO 8601), not before")
    for name, help in (("reject", "decline a held story"),
                       ("withdraw", "take a published story down (its address answers 410)")):
        act = actions.add_parser(name, help=help)
        act.add_argument("id", type=int)
        act.add_argument("--note", required=True, help="why, in a sentence")
    act = actions.add_parser("correct", help="correct a published story, with a dated note")
    act.add_argument("id", type=int)
    act.add_argument("--note", required=True, help="what was wrong, as readers will see it")
    act.add_argument("--headline")
    act.add_argument("--dek")
    act.add_argument("--body-file", metavar="FILE",
                     help="the new body: paragraphs separated by a blank line")
    override(act)
    act = actions.add_parser("log", help="the desk log, newest first")
    act.add_argument("--limit", type=int, default=50)
    return parser


DESK_STATUSES = ("held", "published", "declined", "withdrawn", "draft")


# ---------------------------------------------------------------------------------------------
# the newsroom commands


TEMPLATE = "newsroom.toml"


def cmd_init(args) -> int:
    """Make a newsroom folder: a commented infolitico.toml, the sample feeds, the database."""
    root = Path(args.dir).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    path = root / config.FILENAME
    if path.exists():
        print(f"{path} already exists; leaving it as it is")
    else:
        feeds = root / "feeds"
        feeds.mkdir(exist_ok=True)
        names = []
        for entry in sorted(resources.files("infolitico.data").joinpath("feeds").iterdir()):
            if entry.name.endswith((".xml", ".atom", ".json", ".rss")):
                (feeds / entry.name).write_bytes(entry.read_bytes())
                names.append(entry.name)
        text = resources.files("infolitico.data").joinpath(TEMPLATE).read_text(encoding="utf-8")
        # The samples are fixed files: their items keep their dates, so they are never old news.
        listed = "\n".join(f'[[feeds]]\npath = "feeds/{n}"\nmax_age_days = 0\n' for n in names)
        path.write_text(text.replace("{feeds}", listed), encoding="utf-8")
        print(f"made a newsroom in {root}")
    os.environ["INFOLITICO_CONFIG"] = str(path)
    from infolitico import secret_key

    if not os.environ.get(secret_key.ENV):
        secret_key.ensure(root / secret_key.FILENAME)
        print(f"secret key: {secret_key.FILENAME} (keep it private; every server of this newsroom "
              "needs the same one)")
    cfg = _setup(migrate=True)
    print(f"database ready: {_describe(cfg.database)}")
    if Path.cwd() != root:
        print(f"next: cd {os.path.relpath(root)} && infolitico run")
    else:
        print("next: infolitico run")
    return 0


def cmd_run(args) -> int:
    """One cycle of the newsroom, or one every INTERVAL; with --enqueue, feed the job queue."""
    every = _duration(args.every) if args.every else None
    cfg = _setup(migrate=False, need_newsroom=True)
    _migrate()
    from infolitico.newsroom import flow, queue, runlock

    if args.enqueue and not queue.available():
        raise UsageError(f"--enqueue: {queue.NEEDS_POSTGRES}")
    first = flow.names()[0]
    while True:
        stamp = datetime.now().strftime("%H:%M:%S") + " " if every else ""
        if args.enqueue:
            queued = flow.dispatch(cfg, shipped=True)
            rest = sum(n for stage, n in queued.items() if stage != first)
            print(f"{stamp}queued {queued[first]} feeds to {first} and {rest} unfinished jobs; "
                  "`infolitico worker` processes do the rest", flush=True)
        else:
            # Two runs on one newsroom would fight over it (on SQLite, over its one write lock).
            with runlock.one_run(cfg.root, lambda line: print(line, file=sys.stderr, flush=True)):
                summary = flow.run_cycle(cfg, writer=args.writer, progress=_progress_bar())
            print(f"{stamp}{summary.line()}", flush=True)
            for failure in summary.failures[:10]:
                print(f"  failed: {failure}", file=sys.stderr)
            if len(summary.failures) > 10:
                print(f"  … and {len(summary.failures) - 10} more failures", file=sys.stderr)
        if every is None:
            return 0
        time.sleep(every)


def cmd_worker(args) -> int:
    """Work the job queue on PostgreSQL until SIGINT or SIGTERM."""
    cfg = _setup(migrate=False, need_newsroom=True)
    from infolitico.newsroom import flow, queue

    if not queue.available():
        raise UsageError("`infolitico worker` needs PostgreSQL "
                         + queue.NEEDS_POSTGRES.split("needs PostgreSQL ", 1)[1])
    if args.concurrency < 1:
        raise UsageError("--concurrency: give 1 or more")
    queues = None
    if args.queues:
        queues = [q.strip() for q in args.queues.split(",") if q.strip()]
        unknown = [q for q in queues if q not in flow.queues()]
        if unknown:
            raise UsageError(f"--queues: no queue {unknown[0]!r}; queues: {', '.join(flow.queues())}")
    _migrate()
    print(f"worker on {_describe(cfg.database)}: queues {', '.join(queues or flow.queues())}, "
          f"concurrency {args.concurrency} (Ctrl-C stops after the jobs in hand)", flush=True)
    flow.run_worker(cfg, concurrency=args.concurrency, queues=queues, name=args.name)
    return 0


def _migrate() -> None:
    """Bring the schema up to date; on PostgreSQL, one process at a time (many machines start at once)."""
    from django.core.management import call_command

    from infolitico.newsroom import runlock

    with runlock.migrating():
        _refuse_half_squashed()
        call_command("migrate", interactive=False, verbosity=0)


# The last commit that still ships the migrations squashed into newsroom 0001_squashed_0004_desk.
SQUASHED_AFTER = "60e14fd"


def _refuse_half_squashed() -> None:
    # Django skips a squashed migration whose originals were only partly applied and are no longer
    # shipped, leaving the schema short of columns; say so before anything reads the tables.
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    for key, migration in loader.disk_migrations.items():
        done = [name for app, name in migration.replaces if (app, name) in applied]
        if done and len(done) < len(migration.replaces) and key not in applied:
            raise config.ConfigError(
                f"the database stopped part-way through {key[0]} migrations now squashed into {key[1]} "
                f"(applied up to {done[-1]}): migrate it with Infolitico at commit {SQUASHED_AFTER} first"
            )


def cmd_ingest(args) -> int:
    """Read the named feeds now."""
    from infolitico.pipeline.web import is_http_url

    sources = []
    for raw in args.sources:
        if is_http_url(raw):
            sources.append(raw)
        elif re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.I):
            raise UsageError(f"{raw!r} is not an http(s) URL or a file")
        elif Path(raw).is_file():
            sources.append(str(Path(raw).resolve()))
        else:
            raise UsageError(f"{raw!r} is not an http(s) URL or a file")
    cfg = _setup(migrate=True, need_newsroom=True)
    from infolitico.newsroom import flow

    summary = flow.ingest_now(cfg, sources, outlet=args.outlet)
    c = summary.counts
    print(f"{c.new_items} new items from {c.fetched + c.unchanged} feeds, "
          f"{c.failed} failed in {summary.seconds:.1f} s; `infolitico run` writes them up")
    for failure in summary.failures:
        print(f"  failed: {failure}", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    """Serve the site with gunicorn (static files by WhiteNoise)."""
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: give a port from 1 to 65535")
    cfg = _setup(migrate=True, need_newsroom=True)
    from gunicorn.app.base import BaseApplication

    from infolitico.site.serve import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", max(1, args.workers))
            # A kept page costs a thread microseconds: enough threads for a browser's or a
            # CDN's parallel connections to each keep theirs.
            self.cfg.set("threads", 8)
            self.cfg.set("accesslog", None if args.no_access_log else "-")
            self.cfg.set("proc_name", "infolitico")

        def load(self):
            # Public pages from their rendered bytes; search, the desk and the rest from Django.
            return application()

    print(f"serving {cfg.site_name} on http://{args.host}:{args.port}/ (Ctrl-C stops)",
          flush=True)
    Server().run()
    return 0


def cmd_export(args) -> int:
    """Write the public site as static files; only what changed is rewritten."""
    cfg = _setup(migrate=True, need_newsroom=True)
    from infolitico.site.export import export_site

    out = Path(args.dir).expanduser().resolve() if args.dir else cfg.export_dir
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a folder")
    print(export_site(out, full=args.full))
    return 0


def cmd_createuser(args) -> int:
    """Create a superuser for the editorial desk; the password must pass the validators."""
    password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
    if password is None and not sys.stdin.isatty():
        raise UsageError("no terminal to ask for a password: set DJANGO_SUPERUSER_PASSWORD")
    _setup(migrate=True, need_newsroom=True)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    users = get_user_model()
    if users.objects.filter(username=args.username).exists():
        raise UsageError(f"a user named {args.username!r} already exists")
    if password is None:
        import getpass

        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise UsageError("the two passwords differ; nothing was created")
    try:
        # Unlike Django's own non-interactive createsuperuser, the validators always have a say.
        validate_password(password, users(username=args.username, email=args.email))
    except ValidationError as exc:
        raise UsageError("password refused: " + " ".join(exc.messages)) from None
    users.objects.create_superuser(args.username, args.email, password)
    print(f"created {args.username!r}: log in at /admin/")
    return 0


def cmd_status(args) -> int:
    """Feed health, counts of what is stored and, on PostgreSQL, the queue and its workers."""
    _setup(migrate=False, need_newsroom=True)
    _migrate()
    from infolitico.newsroom.reports import status_lines

    for line in status_lines():
        print(line)
    return 0


def cmd_events(args) -> int:
    """Every stored event with its sources, reading, decision and article, oldest first."""
    cfg = _setup(migrate=False, need_newsroom=True)
    since = _since(args.since, cfg.timezone) if args.since else None
    _migrate()
    from infolitico.newsroom.reports import event_records

    show = (lambda r: json.dumps(r, ensure_ascii=False)) if args.format == "json" else _event_text
    try:
        for record in event_records(status=args.status, since=since, images=cfg.images_output):
            print(show(record))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (`| head`) has seen enough; that is not a failure.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def cmd_desk(args) -> int:
    """The desk's actions from the command line, with the admin's checks and audit rows."""
    if not args.action:
        raise UsageError("name an action: list, approve, reject, withdraw, correct or log")
    cfg = _setup(migrate=True, need_newsroom=True)
    from infolitico.newsroom import desk, reports

    if args.action == "list":
        try:
            for row in reports.desk_rows(status=args.status, base_url=cfg.base_url):
                print(json.dumps(row, ensure_ascii=False) if args.format == "json" else
                      f"{row['id']:>5}  {row['status']:<9}  {row['headline'] or row['title']}"
                      + (f"\n       {row['reason']}" if row["reason"] else "")
                      + (f"\n       {row['url']}" if row["url"] and row["status"] == "published"
                         else ""))
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (`| head`) has seen enough; that is not a failure.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if args.action == "log":
        try:
            for row in reports.desk_log(args.limit):
                override = " (override)" if row.override else ""
                note = f": {row.note}" if row.note else ""
                print(f"{row.at.isoformat(timespec='seconds')}  {row.who}  {row.action}{override}"
                      f"  #{row.article_id or '-'} {row.what}{note}")
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    who = _desk_user(args.who)
    try:
        if args.action == "approve":
            at = _timestamp(args.at) if args.at else None
            story = desk.approve(args.id, who, override=args.override, at=at, config=cfg)
        elif args.action == "reject":
            story = desk.reject(args.id, who, args.note)
        elif args.action == "withdraw":
            story = desk.withdraw(args.id, who, args.note)
        else:
            story = desk.correct(args.id, who, args.note, headline=args.headline, dek=args.dek,
                                 body=_body_file(args.body_file), override=args.override)
    except desk.DeskError as exc:
        raise UsageError(str(exc)) from None
    where = f" at {cfg.base_url}{story.get_absolute_url()}" if story.status == "published" else ""
    print(f"{args.action}: story {story.pk} is {story.status}{where}")
    return 0


def _desk_user(name: str | None) -> str:
    if name is None:
        import getpass

        # Without --as, the log still says who: the account at the terminal.
        return f"{getpass.getuser()} (terminal)"
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name, is_active=True).first()
    if user is None or not user.has_perm("newsroom.change_article"):
        raise UsageError(f"--as {name}: no desk account of that name may act on stories")
    return user.get_username()


def _body_file(path: str | None) -> list[str] | None:
    if path is None:
        return None
    from infolitico.newsroom.desk import paragraphs

    try:
        return paragraphs(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--body-file {path}: cannot be read: {exc}") from None


def _event_text(record: dict) -> str:
    subject, act, section, topic = (record.get(k) for k in ("subject", "act", "section", "topic"))
    lines = [f"[{record['status']}] {record['source']['title']}"]
    if record.get("reason"):
        lines.append(f"  reason: {record['reason']}")
    reading = [
        f"subject {subject['name']} ({subject['kind']})" if subject else "no subject",
        f"act {act['text']!r} [{act['kind']}]" if act else "no act",
        f"section {section['name']}" if section else None,
        f"topic {topic['name']}" if topic else None,
        "participants " + ", ".join(record["participants"]) if record.get("participants") else None,
    ]
    lines.append("  reading: " + "; ".join(r for r in reading if r))
    if record.get("headline"):
        lines.append(f"  article: {record['headline']}"
                     + (f" ({record['url']})" if record.get("url") else " (not yet published)"))
    for src in record.get("sources") or []:
        lines.append(f"  source: {src['title']}")
        lines.append(f"    feed {src['feed']}; publisher {src['publisher'] or '—'}; "
                     f"outlet {src['outlet'] or '—'}" + (f"; {src['link']}" if src["link"] else ""))
    return "\n".join(lines) + "\n"


def _since(text: str, zone: str) -> datetime:
    from zoneinfo import ZoneInfo

    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since {text!r}: give a date (2026-07-01) or an ISO 8601 time") \
            from None
    # A day or a time without a zone is the site's, as every time on the site is shown.
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(zone))


# ---------------------------------------------------------------------------------------------
# write: the pipeline on titles, with no database


def cmd_write(args) -> int:
    """Understand, write, check and illustrate each title; print one record per title."""
    if args.titles and args.input:
        raise UsageError("give titles as arguments or with --input, not both")
    if args.input:
        try:
            lines = Path(args.input).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--input {args.input}: {getattr(exc, 'strerror', None) or exc}") \
                from None
    elif args.titles:
        lines = args.titles
    else:
        lines = sys.stdin.read().splitlines()
    titles = [line.strip() for line in lines if line.strip()]
    at = _timestamp(args.at) if args.at else datetime.now(UTC)

    cfg, kb = _knowledge()
    from infolitico.pipeline import render
    from infolitico.pipeline.desk import desk
    from infolitico.pipeline.illustrate import illustrate
    from infolitico.pipeline.outlets import named_outlet
    from infolitico.pipeline.record import to_json
    from infolitico.pipeline.understand import understand
    from infolitico.pipeline.writers import WriterUnavailable, get_writer

    try:
        writer = get_writer(args.writer or cfg.writer, cfg.llm)
    except WriterUnavailable as exc:
        raise UsageError(str(exc)) from None
    images = _images_dir(args, cfg)
    # The same outlet a feed would lend its items, so a title gets the newsroom's decision.
    publisher = named_outlet(args.outlet).credited if args.outlet else None
    show = {"json": lambda r: json.dumps(r, ensure_ascii=False), "text": _as_text,
            "markdown": render.to_markdown, "html": render.to_html}[args.format]
    for title in titles:
        event = understand(title, kb, publisher=publisher, sections=cfg.sections)
        try:
            outcome = desk(event, kb, writer, at=at)
        except WriterUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        image = None
        if outcome.status == "written":
            image = illustrate(event, images, library=cfg.images_library,
                               render=not args.no_images,
                               source_preview=cfg.images_source_preview,
                               preview_options={"timeout": cfg.images_preview_timeout})
        print(show(to_json(outcome, published=at, image=image)), flush=True)
    return 0


def cmd_understand(args) -> int:
    """Print the Event each title is understood as, for a person to read."""
    cfg, kb = _knowledge()
    from infolitico.pipeline.outlets import named_outlet
    from infolitico.pipeline.understand import understand

    publisher = named_outlet(args.outlet).credited if args.outlet else None
    for title in args.titles:
        event = understand(title, kb, publisher=publisher, sections=cfg.sections)
        source, act = event.source, event.act
        rows = [
            ("title", source.title),
            ("claim", source.claim),
            ("publisher", source.publisher),
            ("reporter", source.reporter),
            ("attribution", source.attribution),
            ("subject", f"{event.subject.name} ({event.subject.kind}"
                        f"{'' if event.subject.known else ', not in the knowledge base'})"
             if event.subject else None),
            ("participants", ", ".join(p.name for p in event.participants)),
            ("act", f"{act.text} [{act.kind}, {act.mode}]: past {act.past!r}, gerund {act.gerund!r}, "
                    f"noun {act.noun!r}" if act else None),
            ("section", event.section),
            ("topic", f"{event.topic.name} (/topics/{event.topic.slug}/)" if event.topic else None),
            ("verdict", event.verdict.status
             + (f": {event.verdict.reason}" if event.verdict.reason else "")),
        ]
        print("\n".join(f"{k:>12}  {v if v not in (None, '') else '—'}" for k, v in rows))
        print()
    return 0


def _knowledge():
    """The configuration and knowledge base in force: a newsroom's own, else the shipped one."""
    if config.find() is not None:
        cfg = _setup(migrate=True)
        from infolitico.newsroom.knowledge import knowledge_base

        return cfg, knowledge_base()
    from infolitico.pipeline.entities import KnowledgeBase

    return config.load(), KnowledgeBase.load()


def _as_text(record: dict) -> str:
    if record["status"] != "written":
        return f"[{record['status']}] {record['source']['title']}\n  {record['reason']}\n"
    parts = [record["headline"], "", record["dek"], "",
             f"{record['byline']} · {record['dateline']} · {record['read_minutes']} min read", ""]
    parts += [p + "\n" for p in record["body"]]
    return "\n".join(parts)


def _images_dir(args, cfg) -> Path:
    if args.images_dir:
        return Path(args.images_dir).resolve()
    if cfg.file is not None:
        return cfg.images_output
    return Path(tempfile.gettempdir()) / "infolitico-images"


# ---------------------------------------------------------------------------------------------
# helpers


def _setup(*, migrate: bool, need_newsroom: bool = False) -> config.Config:
    """Load the newsroom's configuration, start Django on it, bring the schema up to date."""
    path = config.find()
    if need_newsroom and path is None:
        raise UsageError(
            f"no {config.FILENAME} here ({Path.cwd()}): run `infolitico init` first, "
            "or set INFOLITICO_CONFIG"
        )
    cfg = config.load(path)
    config.django_database(cfg.database)  # a bad DATABASE_URL is one line, not a traceback
    if path is not None:
        os.environ["INFOLITICO_CONFIG"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infolitico.settings")
    import django

    django.setup()
    if migrate:
        _migrate()
    return cfg


def _describe(url: str) -> str:
    return url if url.startswith("sqlite") else re.sub(r"//[^@/]*@", "//…@", url)


def _duration(text: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text)
    seconds = float(match.group(1)) * {"": 60, "s": 1, "m": 60, "h": 3600}[match.group(2)] \
        if match else 0
    if not 0 < seconds <= 7 * 86400:
        raise UsageError(f"--every {text!r}: give a duration up to a week, such as 30s, 15m or 1h")
    return seconds


def _timestamp(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--at {text!r}: not an ISO 8601 time (2026-07-02T12:06:00Z)") from None
    if value.tzinfo is None:
        raise UsageError(f"--at {text!r}: give a time zone (Z or +00:00)")
    return value.astimezone(UTC)


def _progress_bar():
    """A one-line progress bar on a terminal; silence when the output is a pipe or a file."""
    if not sys.stderr.isatty():
        return lambda stage, done, total: None
    width = 28

    def show(stage: str, done: int, total: int) -> None:
        filled = int(width * done / total) if total else width
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{stage:<11}[{'#' * filled}{'.' * (width - filled)}] "
                         f"{done}/{total}{end}")
        sys.stderr.flush()

    return show


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
