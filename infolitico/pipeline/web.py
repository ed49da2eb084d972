"""The newsroom's one HTTP client, for feeds and source previews alike: guarded, capped, decoded by hand.

Every hop is resolved here and the connection goes to the address that was checked (the name is
not looked up again, so a rebinding DNS answer cannot swap in 127.0.0.1 between check and
connect). Redirects are followed by hand, each hop checked the same way. Two policies:

- ``anywhere_first=False`` (previews): every hop must be a public address;
- ``anywhere_first=True`` (feeds the operator configured): the first hop may be anywhere (an
  intranet or loopback feed is the operator's choice), but once a hop is public, every later hop
  must be public too: a public server never turns the newsroom inward.

The body is capped in bytes *after* decoding: the client asks for gzip or deflate only, refuses
stacked encodings (``gzip, gzip`` turns 26 kB into gigabytes) and counts decompressed bytes as
they come, so a compression bomb stops at the cap. The whole fetch, redirects included, has one
deadline, since a per-read timeout alone lets a server drip a byte at a time forever.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypedDict

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
AddressPolicy = Callable[[IPAddress], bool]

MAX_REDIRECTS = 5
ACCEPT_ENCODING = "gzip, deflate"

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_SIXTOFOUR = ipaddress.ip_network("2002::/16")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class Guard(TypedDict, total=False):
    """Where `get` may connect: its address policy, resolver and transport, which callers pass through."""

    allow: AddressPolicy
    resolver: Resolver | None
    transport: httpx.BaseTransport | None


class WebError(Exception):
    """A fetch that did not happen or did not finish; the message says why in one line."""


class Refused(WebError):
    """A hop the address policy does not allow; nothing was sent to it."""


@dataclass(frozen=True)
class Response:
    """What the last hop answered: status, headers, the decoded body (2xx only) and its URL."""

    status: int
    reason: str
    headers: httpx.Headers
    body: bytes
    url: str


def address_problem(ip: IPAddress) -> str | None:
    """Why an address is not public ("loopback", "private", "CGNAT", …), or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded, how = _embedded_ipv4(ip)
        if embedded is not None:
            # ::ffff:127.0.0.1, 2002:7f00:1:: and 64:ff9b::7f00:1 all reach 127.0.0.1.
            inner = address_problem(embedded)
            return f"{how} {inner}" if inner else None
    for test, name in (
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_unspecified, "unspecified"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT, "CGNAT"),
        (ip.is_private, "private"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "not globally routable"),
    ):
        if test:
            return name
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address | None, str]:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped, "IPv4-mapped"
    if ip in _SIXTOFOUR:
        return ip.sixtofour, "6to4-mapped"
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "NAT64-mapped"
    if ip.teredo is not None:
        return ip.teredo[1], "Teredo-mapped"
    return None, ""


def is_http_url(text: str) -> bool:
    """Whether a source or link is an http(s) URL (anything else is a file path, or refused)."""
    return text[:8].lower().startswith(("http://", "https://"))


def public_address(ip: IPAddress) -> bool:
    """True only for a globally routable unicast address, looking through 6to4, NAT64 and mapped forms."""
    return address_problem(ip) is None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for a host."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise WebError(f"cannot resolve {host}: {exc}") from exc
    return sorted({str(info[4][0]) for info in infos})


def get(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    accept: str = "*/*",
    user_agent: str = "Infolitico",
    headers: dict[str, str] | None = None,
    anywhere_first: bool = False,
    allow: AddressPolicy = public_address,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
    max_redirects: int = MAX_REDIRECTS,
    truncate: bool = False,
) -> Response:
    """GET `url` hop by hop under the address policy; the 2xx body decoded and capped at `max_bytes`.

    `truncate` keeps the first `max_bytes` instead of refusing a longer body. Non-2xx answers
    other than redirects come back with an empty body for the caller to judge.
    """
    resolve = resolver or system_resolver
    deadline = time.monotonic() + timeout
    try:
        current = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise WebError(f"not a URL: {url!r}: {exc}") from None
    inward_ok = anywhere_first
    # trust_env=False: a proxy from the environment would connect on our behalf, unchecked.
    with httpx.Client(follow_redirects=False, trust_env=False, transport=transport) as client:
        for _hop in range(max_redirects + 1):
            target, host, public = _pinned(current, resolve, allow, inward_ok)
            # Once the chain has reached a public address, it may not come back inward.
            inward_ok = inward_ok and not public
            left = deadline - time.monotonic()
            if left <= 0:
                raise WebError(f"took longer than the time allowed ({timeout:g} s)")
            request = client.build_request(
                "GET",
                target,
                headers={
                    **(headers or {}),
                    "Host": current.netloc.decode("ascii"),
                    "Accept": accept,
                    "Accept-Encoding": ACCEPT_ENCODING,
                    "User-Agent": user_agent,
                },
                timeout=httpx.Timeout(left),
                # TLS checks the certificate against the name; the socket goes to the checked address.
                extensions={"sni_hostname": host},
            )
            try:
                response = client.send(request, stream=True)
                try:
                    if response.status_code in (301, 302, 303, 307, 308):
                        current = _next_hop(current, response)
                        continue
                    body = b""
                    if 200 <= response.status_code < 300:
                        body = _read(response, max_bytes, deadline, timeout, current, truncate)
                    return Response(response.status_code, response.reason_phrase, response.headers,
                                    body, str(current))
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise WebError(f"took longer than the time allowed ({timeout:g} s)") from None
            except httpx.HTTPError as exc:
                raise WebError(f"cannot fetch {current}: {exc.__class__.__name__}: {exc}") from None
        raise WebError(f"more than {max_redirects} redirects from {url}")


def _next_hop(current: httpx.URL, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location", "")
    if not location:
        raise WebError(f"redirect without a location from {current}")
    try:
        return current.join(location)
    except (httpx.InvalidURL, ValueError) as exc:
        raise WebError(f"{current} redirects to a malformed URL") from exc


def _pinned(
    url: httpx.URL, resolve: Resolver, allow: AddressPolicy, anywhere: bool
) -> tuple[httpx.URL, str, bool]:
    """The URL rewritten to a checked address of its host, the host, and whether it is public."""
    if url.scheme not in ("http", "https"):
        raise Refused(f"not an http(s) URL: {url.scheme}:")
    host = url.host
    if not host:
        raise Refused(f"no host in {url}")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = list(resolve(host, port))
    if not addresses:
        raise WebError(f"{host} resolves to no address")
    ips = []
    for address in addresses:
        try:
            ips.append(ipaddress.ip_address(address))
        except ValueError as exc:
            raise WebError(f"{host} resolves to {address!r}, not an address") from exc
    public = allow(ips[0])  # the address the connection goes to
    if not anywhere:
        for ip in ips:
            # All, not any: a name that also resolves inward could be connected inward.
            if not allow(ip):
                problem = address_problem(ip) or "not allowed"
                raise Refused(f"{host} resolves to {ip}, which is not a public address ({problem})")
    # Credentials in a feed's URL are not ours to send.
    return url.copy_with(host=addresses[0], username=None, password=None), host, public


def _read(response: httpx.Response, max_bytes: int, deadline: float, timeout: float,
          url: httpx.URL, truncate: bool) -> bytes:
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        raise WebError(f"response too large: {declared} bytes, over {max_bytes}")
    if response.is_stream_consumed:
        # Only a test's mock transport answers with a body already read (and decoded) whole.
        decoder, chunks = _Decoder(""), iter([response.content])
    else:
        decoder = _decoder(response.headers.get("content-encoding", ""))
        chunks = _raw(response, deadline, timeout)
    body = bytearray()
    for raw in chunks:
        for piece in decoder.feed(raw, max_bytes + 1 - len(body)):
            body += piece
            if len(body) > max_bytes:
                if truncate:
                    # A page's head comes first: what a preview needs is in the part already read.
                    return bytes(body[:max_bytes])
                raise WebError(f"response too large: over {max_bytes} bytes"
                               + (" once decompressed" if decoder.name else ""))
    body += decoder.finish(max_bytes + 1 - len(body))
    if len(body) > max_bytes:
        if truncate:
            return bytes(body[:max_bytes])
        raise WebError(f"response too large: over {max_bytes} bytes once decompressed")
    return bytes(body)


def _raw(response: httpx.Response, deadline: float, timeout: float) -> Iterator[bytes]:
    for chunk in response.iter_raw():
        if time.monotonic() > deadline:
            raise WebError(f"took longer than the time allowed ({timeout:g} s)")
        yield chunk


class _Decoder:
    """One content coding undone with a bound on its output, so no chunk expands past the cap."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._z = None
        if name in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._z = zlib.decompressobj()  # zlib-wrapped, as the RFC says; raw deflate on a retry
        self._first = True

    def feed(self, data: bytes, room: int) -> Iterator[bytes]:
        """The decoded bytes of `data`, stopping once more than `room` bytes have come out."""
        if self._z is None:
            yield data
            return
        pending = data
        while pending and room > 0:
            try:
                out = self._z.decompress(pending, room)
            except zlib.error as exc:
                if self.name == "deflate" and self._first:
                    # Some servers send raw deflate under "deflate".
                    self._z, self._first = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                raise WebError(f"the body is not valid {self.name} data: {exc}") from None
            self._first = False
            room -= len(out)
            yield out
            pending = self._z.unconsumed_tail
            if self._z.eof:
                return

    def finish(self, room: int) -> bytes:
        """Whatever the decoder still holds, bounded like the rest."""
        if self._z is None:
            return b""
        try:
            out = self._z.flush(max(room, 1))
        except zlib.error as exc:
            raise WebError(f"the body is not valid {self.name} data: {exc}") from None
        return out


def _decoder(header: str) -> _Decoder:
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > 1:
        # Each layer multiplies: refuse rather than decode a bomb one whole chunk at a time.
        raise WebError(f"stacked Content-Encoding refused: {header.strip()}")
    name = codings[0] if codings else ""
    if name not in ("", "gzip", "x-gzip", "deflate"):
        raise WebError(f"Content-Encoding {name!r} was not asked for and cannot be read")
    return _Decoder(name)
