"""Where a rule source may connect: checked on every socket its session opens.

Rule files come from strangers, and a rule can name any address. So a rule source's session
connects only to public addresses. Loopback, private (RFC 1918, fc00::/7), link-local, CGNAT,
multicast, unspecified and reserved addresses are refused, except

- the host of the source's own address (its ``bookSourceUrl``), when written as an address or
  as a name that says it is local (``localhost``, ``nas``, ``.local``, ``.lan`` …): a server
  the user runs, pointed out at import; a public-looking name resolving to a local address is
  refused like any other (a stranger's domain pointed at the user's router);
- any address, when the user allowed local addresses for that source (``sources allow-local``);
- the proxy a request goes through: the user's own choice.

The check happens in the connector's socket factory, on the very address about to be connected,
after DNS: no DNS answer can be swapped in between the check and the connection, and redirects
and every later request (covers, scripts) pass the same check because they open sockets through
the same connector. The resolver drops refused answers early (so a name with one public and one
local address still works) and records what the source's own host resolved to; the socket
factory is the backstop that also sees addresses written as IP literals, which aiohttp never
hands to a resolver.

A source that holds the user's cookie (saved for it, or ``--cookie``) is also confined to its
own site (``confined_to``), unless the user let it reach others (``sources allow-other-sites``):
its cookie goes only to its own site anyway, but what the cookie unlocks does not stay there by
itself: a script can read the cookie, and a rule or script can read a signed-in page, and either
can put what it read into the next address it asks for, on any host. The check is on each
request's address before it is sent (``fetch_bytes``, every redirect hop included), so not even
a DNS query for another site's name leaves.

One session serves one source (a policy belongs to its connector), because a pooled connection
made for one source must never be reused by another. ``SourceEntry.open`` refuses to open a rule
source on a session without its policy, so a new way of making requests for a rule (scripts, when
JavaScript comes) inherits the model by using the adapter's session and ``fetch_bytes``, and
cannot forget it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from novelfetch.core.net.cookies import on_site, site_of

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# What "local" means. is_private alone misses CGNAT and names more than we mean; spelled out.
_LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network": connecting to 0.0.0.0 reaches this machine
        "10.0.0.0/8",
        "100.64.0.0/10",  # CGNAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and broadcast
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",  # old site-local
        "ff00::/8",
    )
)
# IPv6 forms that carry an IPv4 address a host may end up reaching.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class LocalAddressRefused(OSError):
    """A connection to a local network address the policy does not allow."""


class OtherSiteRefused(LocalAddressRefused):
    """A request to another site by a source confined to its own (it holds the user's cookie)."""


def parse_address(text: str) -> IPAddress | None:
    """The IP address ``text`` is (zone index dropped), or None if it is a name."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None


_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


def inet_aton_address(text: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address ``text`` names as ``inet_aton`` reads it, or None.

    A proxy (and the resolver it asks) reads ``2130706433``, ``127.1``, ``0x7f.0.0.1`` and
    ``0177.0.0.1`` as 127.0.0.1: one to four parts, each decimal, hex (``0x``) or octal
    (leading ``0``), the last filling the bytes left.
    """
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(part) for part in parts):
        return None
    values = [_part_value(part) for part in parts]
    *leading, last = values
    if any(value > 255 for value in leading) or last >= 256 ** (5 - len(parts)):
        return None
    number = last
    for index, value in enumerate(leading):
        number |= value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _part_value(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    return int(part, 8) if part.startswith("0") else int(part)


def is_local(address: IPAddress) -> bool:
    """Whether ``address`` is on this machine or its local network (or not routable at all)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or (
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in _NAT64 else None
        )
        if embedded is not None:
            return is_local(embedded)
    return any(address in network for network in _LOCAL_NETWORKS)


def _name(host: str) -> str:
    return host.strip().rstrip(".").lower()


_LOCAL_NAME_ENDINGS = (".localhost", ".local", ".lan", ".home", ".home.arpa", ".internal")


def names_a_local_host(host: str) -> bool:
    """Whether a host name says it is this machine or on the local network: ``localhost``, a
    single label (``nas``), ``.local``, ``.lan``, ``.home.arpa`` … A name that looks public
    says nothing of the kind even when it resolves to a local address: a stranger's rule
    naming its own domain, pointed at the user's router, must not reach the router."""
    name = _name(host)
    return bool(name) and (
        "." not in name or name == "localhost" or name.endswith(_LOCAL_NAME_ENDINGS)
    )


@dataclass(slots=True)
class NetworkPolicy:
    """What one rule source may connect to. ``allow_local``: the user said any address.
    ``confined_to``: a site (``cookies.site_of``) every request must go to, when the source
    holds the user's cookie (``SourceEntry.network_policy`` says why)."""

    source_id: str
    own_host: str = ""
    allow_local: bool = False
    confined_to: str = ""
    # Local addresses allowed, with a port (a proxy) or None (any port: the own host).
    _trusted: set[tuple[str, int | None]] = field(default_factory=set)
    _trusted_names: set[tuple[str, int | None]] = field(default_factory=set)

    @classmethod
    def for_source(
        cls, source_id: str, url: str, *, allow_local: bool, confined: bool = False
    ) -> NetworkPolicy:
        """The policy of a rule source whose own address is ``url``; ``confined``: it may
        reach that address's site only."""
        policy = cls(source_id, allow_local=allow_local)
        if confined:
            # A source without a readable address of its own may reach nothing at all.
            policy.confined_to = site_of(url) or "(no site)"
        try:
            host = URL(url.strip()).host or ""
        except ValueError:
            host = ""
        if host:
            policy.own_host = _name(host)
            # An address as written, or a name that says it is local: a server the user runs
            # (and the import says so). A public-looking name is trusted for public answers
            # only, like any other host.
            if parse_address(policy.own_host) is not None or names_a_local_host(policy.own_host):
                policy._trust(policy.own_host, None)
        return policy

    def trust_proxy(self, proxy: str | URL) -> None:
        """Let this session connect to ``proxy`` (the user's, or the system's)."""
        address = URL(str(proxy))
        if address.host:
            self._trust(_name(address.host), address.port)

    def _trust(self, host: str, port: int | None) -> None:
        address = parse_address(host)
        if address is not None:
            self._trusted.add((str(address), port))
        else:
            self._trusted_names.add((host, port))

    def refusal(self, ip: str, port: int, *, destination: bool = False) -> str | None:
        """Why connecting to ``ip``:``port`` is refused, or None if it is allowed. A
        ``destination`` (what a request asks for, not the socket that carries it) may not be
        the user's proxy: that is a way through, not a place to go."""
        address = parse_address(ip)
        if address is None:  # cannot happen for a socket address; refuse what we cannot read
            return f"refused: {ip!r} is not an address"
        if self.allow_local or not is_local(address):
            return None
        text = str(address)
        if (text, None) in self._trusted or (not destination and (text, port) in self._trusted):
            return None
        return (
            f"refused: {address} is a local network address (rule source {self.source_id} "
            f"may connect there only if you allow it: novelfetch sources allow-local "
            f"{self.source_id})"
        )

    def check(self, ip: str, port: int) -> None:
        """``LocalAddressRefused`` unless this source may connect to ``ip``:``port``."""
        reason = self.refusal(ip, port)
        if reason is not None:
            raise LocalAddressRefused(reason)

    def check_site(self, url: URL) -> None:
        """``OtherSiteRefused`` if the source is confined to its own site and ``url`` is not
        on it: checked before a request, so not even its name is looked up."""
        if self.confined_to and not on_site(url, self.confined_to):
            raise OtherSiteRefused(
                f"refused: {url.host} is not on {self.confined_to}, the site of rule source "
                f"{self.source_id}, which holds your cookie and so may reach its own site only "
                f"(to let it reach others: novelfetch sources allow-other-sites {self.source_id})"
            )

    def check_proxied(self, url: URL) -> None:
        """A request through a proxy: the proxy resolves the name, so only what the address
        says can be checked (a local IP literal, or ``localhost``)."""
        host = _name(url.host or "")
        if self.allow_local or host == self.own_host:
            return
        if host == "localhost" or host.endswith(".localhost"):
            raise LocalAddressRefused(self.refusal("127.0.0.1", url.port or 0) or "")
        self.check_direct(url)

    def check_direct(self, url: URL) -> None:
        """A request's address written as an IP: refused if it is local, the user's proxy
        included (the socket check, which trusts the proxy, sees only where sockets go)."""
        host = _name(url.host or "")
        address = parse_address(host) or inet_aton_address(host)
        if address is not None and host != self.own_host:
            reason = self.refusal(str(address), url.port or 0, destination=True)
            if reason is not None:
                raise LocalAddressRefused(reason)

    def learned(self, host: str, port: int, addresses: list[str]) -> None:
        """The resolver's answer for a trusted name: its addresses are trusted likewise."""
        name = _name(host)
        for trusted_port in (None, port):
            if (name, trusted_port) in self._trusted_names:
                self._trusted.update((str(parse_address(a)), trusted_port) for a in addresses)

    def socket_for(self, addr_info: tuple[Any, ...]) -> socket.socket:
        """The connector's socket factory: the check, then a plain socket."""
        family, kind, proto, _, sockaddr = addr_info
        self.check(sockaddr[0], sockaddr[1])
        return socket.socket(family, kind, proto)


class _PolicyResolver(AbstractResolver):
    """Resolves as usual; drops answers the policy refuses, and learns the trusted names'."""

    def __init__(self, policy: NetworkPolicy) -> None:
        self.policy = policy
        self._resolver = aiohttp.DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._resolver.resolve(host, port, family)
        self.policy.learned(host, port, [answer["host"] for answer in answers])
        allowed = [a for a in answers if self.policy.refusal(a["host"], port) is None]
        if not allowed and answers:
            raise LocalAddressRefused(self.policy.refusal(answers[0]["host"], port) or "refused")
        return allowed

    async def close(self) -> None:
        await self._resolver.close()


class PolicyConnector(aiohttp.TCPConnector):
    """A connector that opens sockets only where ``policy`` allows."""

    def __init__(self, policy: NetworkPolicy, **kwargs: Any) -> None:
        super().__init__(
            resolver=_PolicyResolver(policy), socket_factory=policy.socket_for, **kwargs
        )
        self.policy = policy


def policy_of(session: aiohttp.ClientSession) -> NetworkPolicy | None:
    """The policy a session's connections obey, or None (a built-in source: any address)."""
    connector = session.connector
    return connector.policy if isinstance(connector, PolicyConnector) else None


def refused_reason(error: BaseException) -> str | None:
    """The policy's message if ``error`` (an aiohttp connection error) is its refusal."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, LocalAddressRefused):
            return str(seen)
        seen = getattr(seen, "os_error", None) or seen.__cause__
    text = str(error)
    marker = text.find("refused: ")
    if marker >= 0 and "is a local network address" in text:
        return text[marker:].split(", refused: ")[0].rstrip(")]")
    return None
