"""Loopback servers the benches start and stop: a free port, waiting for an answer, nginx on a folder."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> bool:
    """Whether `url` answers 200 within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.status == 200
        except OSError:
            time.sleep(0.2)
    return False


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it has not gone within 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def nginx_conf(conf_dir: Path, export: Path, port: int, upstream: int | None = None) -> Path:
    """An nginx.conf serving `export` on `port`; search goes to `upstream` when one is given."""
    proxy = f"proxy_pass http://127.0.0.1:{upstream}; proxy_set_header Host $host;"
    search = f"    location /search/ {{ {proxy} }}\n" if upstream else ""
    conf = conf_dir / "nginx.conf"
    conf.write_text(f"""worker_processes 2;
daemon off;
pid {conf_dir}/nginx.pid;
error_log {conf_dir}/error.log;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {conf_dir}/body;
  proxy_temp_path {conf_dir}/proxy;
  fastcgi_temp_path {conf_dir}/fastcgi;
  uwsgi_temp_path {conf_dir}/uwsgi;
  scgi_temp_path {conf_dir}/scgi;
  sendfile on;
  server {{
    listen 127.0.0.1:{port} backlog=4096;
    root {export};
    error_page 404 /404.html;
{search}  }}
}}
""")
    return conf
