"""Where a webhook may be sent: public addresses only, unless the operator allows private ones.

A URL is checked when the endpoint is registered and again at every delivery (DNS may have changed),
and the request goes to the address that was checked (no second lookup a rebinding DNS could answer
differently). Redirects are never followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from hirehall.core.errors import DomainError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    ip: str


def private_allowed() -> bool:
    return bool(getattr(settings, "HIREHALL_WEBHOOKS_ALLOW_PRIVATE", False))


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def resolve(url: str) -> Target:
    """The checked target of `url`, or `webhook_url_refused` (422) saying why."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise DomainError("webhook_url_refused", "Not a valid URL.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DomainError("webhook_url_refused", "Use an http:// or https:// URL with a host name.")
    if parts.username or parts.password:
        raise DomainError(
            "webhook_url_refused", "Put no credentials in the URL; verify the signature instead."
        )
    host = parts.hostname
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise DomainError("webhook_url_refused", f"The host {host} does not resolve.") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise DomainError("webhook_url_refused", f"The host {host} does not resolve.")
    if not private_allowed():
        refused = [a for a in addresses if not is_public(a)]
        if refused:
            raise DomainError(
                "webhook_url_refused",
                f"{host} resolves to a local, private or reserved address ({refused[0]}); "
                "only public addresses can receive webhooks.",
            )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, path, str(addresses[0]))


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = target.ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._ip = target.ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Response:
    status: int
    body: str


def post(target: Target, body: bytes, headers: dict[str, str], *, timeout: float) -> Response:
    """POST `body` to the checked address; the response body is read up to 1,000 bytes."""
    conn_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = conn_class(target, timeout)
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        response = conn.getresponse()
        excerpt = response.read(1000).decode("utf-8", errors="replace")
        return Response(response.status, excerpt)
    finally:
        conn.close()
