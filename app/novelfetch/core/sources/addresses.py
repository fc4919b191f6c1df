"""The host and site of an address a user pasted, for routing it to a source."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["host_of", "same_site"]


def host_of(address: str) -> str:
    """The address's host in lower case; "" when it has none or is not an address."""
    try:
        return (urlsplit(address.strip()).hostname or "").lower()
    except ValueError:
        return ""


def same_site(host: str, other: str) -> bool:
    """Whether two hosts are one site (``www.`` and ``m.`` aside)."""

    def bare(name: str) -> str:
        return name.removeprefix("www.").removeprefix("m.")

    return bool(host) and bare(host) == bare(other)
