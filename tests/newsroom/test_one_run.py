"""One run at a time, said in one line; and no network wait inside a transaction."""

from __future__ import annotations

import io
import os
import subprocess
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection
from PIL import Image as PILImage

from bench.workers import BIN, env_for, make_newsroom
from infolitico.newsroom import knowledge, models, runlock, stages
from infolitico.pipeline import web
from tests.conftest import REFERENCE_TITLE, make_config, rss

NOW = datetime(2026, 7, 2, 12, 6, tzinfo=UTC)


def test_a_second_run_waits_for_the_first_and_says_so_in_one_line(tmp_path):
    config_path = make_newsroom(tmp_path / "newsroom", 2)
    root = config_path.parent
    said = []
    # This test holds the newsroom's run lock, as a first `infolitico run` would.
    with runlock.one_run(root, said.append):
        second = subprocess.Popen([str(BIN), "run"], env=env_for(config_path), text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first_line = second.stderr.readline()
        assert second.poll() is None  # still waiting, not failed
    out, err = second.communicate(timeout=300)
    assert said == []
    started = datetime.now().astimezone().strftime("%H:%M")
    assert first_line.startswith(f"another run is in progress since {started[:2]}")
    assert first_line.rstrip().endswith(f"(pid {os.getpid()}); waiting for it to finish")
    assert second.returncode == 0, err
    assert "Traceback" not in err and "database is locked" not in err
    assert "2 new items" in out


def test_the_lock_is_free_again_after_its_holder_is_killed(tmp_path):
    holder = subprocess.Popen(
        ["python3", "-c", "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT);"
         " fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()",
         str(tmp_path / runlock.FILENAME)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait()
    said = []
    with runlock.one_run(tmp_path, said.append):
        pass
    assert said == []


# -- the preview fetch happens outside any transaction -----------------------------------------


def _png() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (1200, 675), (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def preview_server():
    png = _png()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            host = self.headers["Host"]
            body, kind = ((png, "image/png") if self.path == "/preview.png" else
                          (f'<html><head><meta property="og:image" content="http://{host}/preview.png">'
                           "</head></html>".encode(), "text/html"))
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True)
def test_the_source_preview_is_fetched_outside_any_transaction(tmp_path, preview_server, monkeypatch):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(("ref", REFERENCE_TITLE)).replace(b"https://news.example/ref",
                                                            f"{preview_server}/story".encode()))
    config = make_config(tmp_path, str(feed))
    config = type(config)(**{**config.__dict__, "images_source_preview": True})
    inside, real = [], web.get

    def watched(url, **kw):
        inside.append(connection.in_atomic_block)
        return real(url, **{**kw, "allow": lambda ip: True})  # the test's server is on loopback

    monkeypatch.setattr(web, "get", watched)
    stages.sync_feeds(config)
    ctx = stages.Context(config, now=NOW, kb=knowledge.knowledge_base())
    item = stages.ingest_feed(ctx, models.Feed.objects.get().pk).next[0]
    written = stages.write_event(ctx, stages.understand_item(ctx, item).next[0]).next
    if not written:
        pytest.skip("the writer held the reference story; nothing to illustrate")
    stages.illustrate_article(ctx, written[0])

    assert inside == [False, False]  # the page, then its image: both with no transaction open
    image = models.Image.objects.get()
    assert image.licence == "Preview image of the source page"
    assert (Path(config.images_output) / image.path).is_file()
