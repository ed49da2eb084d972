"""Fetch a source page's preview image without letting a feed reach into the newsroom's network.

A feed names the URL, so the URL is untrusted: every hop is resolved here, every address it
resolves to must be public, and the connection goes to the address that was checked (the name
is not looked up again, so a rebinding DNS answer cannot swap in 127.0.0.1 between check and
connect). Redirects are followed by hand, at most `MAX_REDIRECTS`, each one checked the same way.
The body is capped in bytes and the whole fetch in time, and the bytes must start like a JPEG,
PNG, WebP or GIF before anyone hands them to Pillow.

Not wired into the stages: the caller decides whether previews are used (off by default) and
credits their origin.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Sequence

import httpx

MAX_REDIRECTS = 3
USER_AGENT = "Infolitico preview fetcher"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
AddressPolicy = Callable[[IPAddress], bool]


class PreviewRefused(Exception):
    """A preview that was not fetched, with the reason a person can read."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for a host."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise PreviewRefused(f"cannot resolve {host}: {exc}") from exc
    return sorted({str(info[4][0]) for info in infos})


def public_address(ip: IPAddress) -> bool:
    """True only for a globally routable unicast address (not private, loopback, link-local, reserved)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        # ::ffff:127.0.0.1 is loopback in disguise.
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def is_image(data: bytes) -> bool:
    """Whether bytes begin like a JPEG, PNG, WebP or GIF file."""
    return (
        data.startswith(b"\xff\xd8\xff")
        or data.startswith(b"\x89PNG\r\n\x1a\n")
        or data[:6] in (b"GIF87a", b"GIF89a")
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def fetch_preview(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    resolver: Resolver | None = None,
    allow: AddressPolicy = public_address,
    transport: httpx.BaseTransport | None = None,
) -> bytes:
    """The image at `url`, or PreviewRefused: public addresses only, capped in size and time."""
    resolve = resolver or system_resolver
    deadline = time.monotonic() + timeout
    # trust_env=False: a proxy from the environment would connect on our behalf, unchecked.
    with httpx.Client(
        follow_redirects=False, trust_env=False, timeout=httpx.Timeout(timeout), transport=transport
    ) as client:
        current = httpx.URL(url)
        for _ in range(MAX_REDIRECTS + 1):
            target, host = _pinned(current, resolve, allow)
            request = client.build_request(
                "GET",
                target,
                headers={
                    "Host": current.netloc.decode("ascii"),
                    "Accept": "image/*",
                    "User-Agent": USER_AGENT,
                },
                # TLS checks the certificate against the name; the socket goes to the checked address.
                extensions={"sni_hostname": host},
            )
            if time.monotonic() > deadline:
                raise PreviewRefused(f"{url} took longer than the time allowed")
            try:
                response = client.send(request, stream=True)
                try:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise PreviewRefused(f"redirect without a location from {current}")
                        current = current.join(location)
                        continue
                    if response.status_code != 200:
                        raise PreviewRefused(f"{current} answered {response.status_code}")
                    return _read(response, max_bytes, deadline, current)
                finally:
                    response.close()
            except httpx.HTTPError as exc:
                raise PreviewRefused(f"{current}: {exc.__class__.__name__}: {exc}") from exc
        raise PreviewRefused(f"more than {MAX_REDIRECTS} redirects from {url}")


def _pinned(url: httpx.URL, resolve: Resolver, allow: AddressPolicy) -> tuple[httpx.URL, str]:
    """The URL rewritten to a checked address of its host, and the host; refused if any address fails."""
    if url.scheme not in ("http", "https"):
        raise PreviewRefused(f"not an http(s) URL: {url.scheme}:")
    host = url.host
    if not host:
        raise PreviewRefused(f"no host in {url}")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = list(resolve(host, port))
    if not addresses:
        raise PreviewRefused(f"{host} resolves to no address")
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError as exc:
            raise PreviewRefused(f"{host} resolves to {address!r}, not an address") from exc
        # All, not any: a name that also resolves inward could be connected inward.
        if not allow(ip):
            raise PreviewRefused(f"{host} resolves to {ip}, which is not a public address")
    # Credentials in a feed's URL are not ours to send.
    return url.copy_with(host=addresses[0], username=None, password=None), host


def _read(response: httpx.Response, max_bytes: int, deadline: float, url: httpx.URL) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PreviewRefused(f"{url} is {declared} bytes, over {max_bytes}")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise PreviewRefused(f"{url} is over {max_bytes} bytes")
        # The per-read timeout alone lets a server drip a byte at a time forever.
        if time.monotonic() > deadline:
            raise PreviewRefused(f"{url} took longer than the time allowed")
    data = bytes(body)
    if not is_image(data):
        raise PreviewRefused(f"{url} is not a JPEG, PNG, WebP or GIF image")
    return data
