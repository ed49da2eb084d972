"""The site under load while the newsroom publishes: errors, non-2xx and p99, beside nginx on the export.

    .venv/bin/python bench/load.py [--connections 200] [--seconds 60] [--events 120]

A throwaway SQLite newsroom under /tmp publishes a first batch of generated events; then, while
`infolitico run` writes, illustrates and publishes a second batch, wrk holds `--connections`
connections for `--seconds` on the home page, an article page and a search page of
`infolitico serve` (gunicorn, 2 workers × 4 threads). The same load then goes to nginx serving
the static export (search proxied to `infolitico serve`, as the README says to deploy it).
Everything talks to 127.0.0.1 only. It needs wrk and nginx (Debian: `apt-get install -y wrk
nginx-light`) and says so in one line when they are missing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, nginx_conf, stop, wait_for  # noqa: E402
from bench.workers import BIN, env_for, feed, make_newsroom  # noqa: E402

# wrk: the connections cycle through home, article and search; wrk's own "Non-2xx or 3xx" line
# counts bad answers (none of these pages redirects), and done() prints the rest in one line.
LUA = r"""
local paths = {"/", "ARTICLE", "/search/?q=governor"}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d connect=%d read=%d write=%d timeout=%d p50=%.1f p99=%.1f\n",
    summary.requests, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def say(text: str = "") -> None:
    print(text, flush=True)








def wrk(base: str, article: str, connections: int, seconds: int, work: Path) -> dict:
    """One wrk run over the three pages; its figures as a dict (or {"failed": reason})."""
    script = work / "load.lua"
    script.write_text(LUA.replace("ARTICLE", article))
    threads = min(8, os.cpu_count() or 2)
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "--latency", "-s", str(script), base],
        capture_output=True, text=True, timeout=seconds + 60,
    )
    match = re.search(r"RESULT (.*)", done.stdout)
    if not match:
        return {"failed": (done.stderr or done.stdout).strip()[-300:]}
    figures = {k: float(v) for k, v in (p.split("=") for p in match.group(1).split())}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    figures["non2xx"] = float(non2xx.group(1)) if non2xx else 0.0
    figures["seconds"] = seconds
    return figures


def line(name: str, f: dict) -> str:
    if "failed" in f:
        return f"  {name:<44} failed: {f['failed']}"
    errors = int(f["connect"] + f["read"] + f["write"] + f["timeout"])
    return (f"  {name:<44} {int(f['requests']):>8,} requests {f['requests'] / f['seconds']:>7,.0f}/s  "
            f"errors {errors:>4}  non-2xx {int(f['non2xx']):>4}  p50 {f['p50']:>7.1f} ms  "
            f"p99 {f['p99']:>7.1f} ms")




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--events", type=int, default=120, help="published before, and again during")
    args = parser.parse_args()
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if missing:
        say(f"bench/load.py needs {' and '.join(missing)}: apt-get install -y "
            + " ".join({"wrk": "wrk", "nginx": "nginx-light"}[t] for t in missing))
        return 2

    work = Path(tempfile.mkdtemp(prefix="infolitico-load-"))
    work.chmod(0o755)  # nginx's workers run as another user and read the export from here
    config = make_newsroom(work / "newsroom", args.events)
    newsroom = config.parent
    env = env_for(config)
    say(f"newsroom in {newsroom}: publishing {args.events} events first")
    first = subprocess.run([str(BIN), "run"], env=env, capture_output=True, text=True)
    if first.returncode != 0:
        say(f"the first run failed: {first.stderr.strip()[-300:]}")
        return 1
    say(f"  {first.stdout.strip()}")
    export = work / "export"
    subprocess.run([str(BIN), "export", str(export)], env=env, check=True, capture_output=True)
    export.chmod(0o755)
    article = sorted(export.glob("*/[0-9][0-9][0-9][0-9]/*/*/*/index.html"))[0]  # section/y/m/d/slug
    article_path = "/" + str(article.parent.relative_to(export)) + "/"

    port = free_port()
    server = subprocess.Popen([str(BIN), "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", "2"], cwd=newsroom, env=env,
                              stdout=subprocess.DEVNULL, stderr=(work / "serve.log").open("w"))
    results = {}
    try:
        if not wait_for(f"http://127.0.0.1:{port}/"):
            say("infolitico serve did not answer within 60 s")
            return 1
        # The second batch: twice the feed, read now, so the run during the load writes,
        # illustrates and publishes `events` more.
        (newsroom / "load.xml").write_bytes(feed(2 * args.events, datetime.now(UTC)))
        subprocess.run([str(BIN), "ingest", str(newsroom / "load.xml")], env=env, check=True,
                       capture_output=True)
        say(f"\n{args.connections} connections for {args.seconds} s on /, {article_path} and "
            f"/search/?q=governor, while `infolitico run` publishes {args.events} more events")
        started = time.monotonic()
        run = subprocess.Popen([str(BIN), "run"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        results["serve"] = wrk(f"http://127.0.0.1:{port}", article_path, args.connections,
                               args.seconds, work)
        out, err = run.communicate(timeout=600)
        say(f"  run during the load: {out.strip() or err.strip()[-300:]} "
            f"(exit {run.returncode}, done {time.monotonic() - started:.0f} s after the load began)")
        say(line("infolitico serve (gunicorn, 2 × 4 threads)", results["serve"]))

        conf_dir = Path(tempfile.mkdtemp(prefix="infolitico-load-nginx-"))
        nginx_port = free_port()
        nginx = subprocess.Popen(["nginx", "-c", str(nginx_conf(conf_dir, export, nginx_port, port)),
                                  "-p", str(conf_dir)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            if wait_for(f"http://127.0.0.1:{nginx_port}/", 15):
                results["nginx"] = wrk(f"http://127.0.0.1:{nginx_port}", article_path,
                                       args.connections, args.seconds, work)
                say(line("nginx on the export (search proxied)", results["nginx"]))
            else:
                say(f"  nginx did not answer: {(conf_dir / 'error.log').read_text()[-300:]}")
        finally:
            stop(nginx)
            shutil.rmtree(conf_dir, ignore_errors=True)
    finally:
        stop(server)
    serve = results.get("serve", {})
    if "failed" in serve or not serve:
        return 1
    bad = serve["connect"] + serve["read"] + serve["write"] + serve["timeout"] + serve["non2xx"]
    say("\n0 errors and 0 non-2xx: the goal is met" if bad == 0 else
        f"\n{int(bad)} errors or non-2xx answers: see {work / 'serve.log'}")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
