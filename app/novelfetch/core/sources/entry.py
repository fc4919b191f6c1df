"""One source the user can pick: what it is, whether it can be used, and how a job opens it.

Opening is where a source's safety rules are bound to it: a rule source gets its own network
policy (``core/net/policy.py``: no local addresses but its own host, unless the user allowed
them) and its own cookies (``core/net/cookies.py``: sent only to its own site). Built-in sources
are not rule files: they connect where they always did.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from novelfetch.core.errors import BadInputError
from novelfetch.core.messages import Message
from novelfetch.core.net.cookies import SiteCookies
from novelfetch.core.net.gate_status import HardLimits
from novelfetch.core.net.policy import (
    NetworkPolicy,
    is_local,
    names_a_local_host,
    parse_address,
    policy_of,
)
from novelfetch.core.sources.baidu import BaiduSource
from novelfetch.core.sources.base import Source, SourceSettings, SupportsSearch
from novelfetch.core.sources.rules.reasons import said_once
from novelfetch.core.sources.sample import SampleSource

if TYPE_CHECKING:
    import aiohttp

    from novelfetch.core.sources.cookie_store import SourceCookieStore
    from novelfetch.core.sources.memory import BookMemory
    from novelfetch.core.sources.rules.model import RuleSource

BUILTIN_ADAPTERS: dict[str, type[Source]] = {cls.name: cls for cls in (BaiduSource, SampleSource)}
# Where each built-in's books live, for routing pasted addresses ("" = no addresses).
_BUILTIN_HOSTS = {"baidu": "baidu.com", "sample": ""}


class SourceKind(StrEnum):
    BUILTIN = "builtin"
    LEGADO = "legado"
    SONOVEL = "sonovel"


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One source the user can pick: what it is, whether it can be used, how to open it."""

    id: str
    name: str
    kind: SourceKind
    url: str = ""
    enabled: bool = True
    #: Why it cannot be used, each problem said once (``reasons.said_once``).
    problem_messages: tuple[Message, ...] = ()
    #: Optional fields a rule source dropped because they need JavaScript.
    dropped: tuple[str, ...] = ()
    searchable: bool = False
    rule: RuleSource | None = field(default=None, repr=False, compare=False)
    #: The user let this rule source connect to local network addresses.
    allow_local: bool = False
    #: The user let this rule source reach other sites while it holds their cookie.
    allow_other_sites: bool = False
    #: Where this source's saved cookie and cookie jar are kept (None: it has none).
    cookies: SourceCookieStore | None = field(default=None, repr=False, compare=False)

    @property
    def usable(self) -> bool:
        return not self.problem_messages

    @property
    def problems(self) -> tuple[str, ...]:
        """Why it cannot be used, in English."""
        return tuple(map(str, self.problem_messages))

    @property
    def scripted(self) -> tuple[str, ...]:
        """The fields whose rules run JavaScript (in the sandbox); () for none."""
        return self.rule.scripted if self.rule is not None else ()

    def owns(self, address: str) -> bool:
        """Whether a pasted web address is one of this source's books."""
        host = _host(address)
        if not host:
            return False
        if self.kind is SourceKind.BUILTIN:
            domain = _BUILTIN_HOSTS.get(self.id, "")
            return bool(domain) and (host == domain or host.endswith("." + domain))
        assert self.rule is not None
        if self.rule.book_url_pattern:
            return self.rule.claims_url(address)
        return _same_site(host, _host(self.url))

    def parse_ref(self, text: str) -> str:
        """The book reference the adapter takes, from what a user typed or pasted."""
        text = text.strip()
        if self.kind is SourceKind.BUILTIN:
            # "sample:2": the form a source with no web addresses gives its books.
            text = text.removeprefix(f"{self.id}:")
            return BUILTIN_ADAPTERS[self.id].parse_book_id(text)
        if text.startswith("/"):
            text = urljoin(self.url, text)
        if urlsplit(text).scheme not in ("http", "https") or not _host(text):
            raise BadInputError(
                f"not a book address of {self.name}: {text[:200]!r} (paste the book page's URL)"
            )
        return text

    def hard_limits(self) -> HardLimits | None:
        """What the rule file says about pace (Legado ``concurrentRate``, so-novel ``crawl``)."""
        rate = self.rule.rate if self.rule is not None else None
        if rate is None or not any(dataclasses.astuple(rate)):
            return None
        return HardLimits(
            rate.min_interval, rate.max_requests, rate.per_seconds, rate.max_concurrency
        )

    def network_policy(self, cookie_override: str = "") -> NetworkPolicy | None:
        """Where a session for this source may connect (None: anywhere, a built-in).

        A rule source that holds the user's cookie (the one a job sends: ``cookie``) may
        reach its own site only, unless the user allowed others: the cookie goes nowhere
        else, but a script may read it, and a rule or script may read a signed-in page, and
        put either into an address on any host (``policy.py``)."""
        if self.kind is SourceKind.BUILTIN:
            return None
        holds_cookie = bool(self.cookie(cookie_override))
        return NetworkPolicy.for_source(
            self.id,
            self.url,
            allow_local=self.allow_local,
            confined=holds_cookie and not self.allow_other_sites,
        )

    def local_host(self) -> str:
        """Its own host when that is on the local network as written (an IP, or a name that
        says so: localhost, .local …), which its policy lets it reach; "" otherwise (names are
        not looked up here)."""
        policy = self.network_policy()
        host = policy.own_host if policy is not None else ""
        address = parse_address(host) if host else None
        if address is None:
            return host if names_a_local_host(host) else ""
        return host if is_local(address) else ""

    def cookie(self, override: str = "") -> str:
        """The cookie a job sends: ``override`` (``--cookie``), else the one saved for it."""
        if override.strip():
            return override.strip()
        return self.cookies.cookie(self.id) if self.cookies is not None else ""

    def open(
        self,
        session: aiohttp.ClientSession,
        settings: SourceSettings,
        memory: BookMemory | None = None,
    ) -> Source:
        """The adapter for one job, bound to the job's session: for a rule source, a session
        opened with this source's ``network_policy()`` (anything else is a programming error).
        ``settings.cookie`` overrides the saved cookie."""
        if not self.usable:
            raise BadInputError(f"source {self.id} cannot be used: {'; '.join(self.problems)}")
        settings = replace(settings, cookie=self.cookie(settings.cookie))
        if self.kind is SourceKind.BUILTIN:
            return BUILTIN_ADAPTERS[self.id](session, settings)
        from novelfetch.core.sources.rules.flow import RuleSourceAdapter

        assert self.rule is not None
        policy = policy_of(session)
        if policy is None or policy.source_id != self.id:
            raise RuntimeError(f"rule source {self.id} opened on a session without its policy")
        return RuleSourceAdapter(session, settings, self.rule, memory, self._site_cookies(settings))

    def _site_cookies(self, settings: SourceSettings) -> SiteCookies:
        store = self.cookies
        keeps_jar = self.rule is not None and self.rule.cookie_jar
        jar = (store.jar(self.id) if store is not None else {}) if keeps_jar else None
        cookies = SiteCookies.for_source(self.url, settings.cookie, jar=jar)
        if keeps_jar and store is not None:
            source_id = self.id
            cookies.on_close = lambda document: store.save_jar(source_id, document)
        return cookies


def builtin_entries(cookies: SourceCookieStore | None = None) -> list[SourceEntry]:
    return [
        SourceEntry(
            id=name,
            name=cls.label,
            kind=SourceKind.BUILTIN,
            url="https://dushu.baidu.com/" if name == "baidu" else "",
            searchable=issubclass(cls, SupportsSearch),
            cookies=cookies,
        )
        for name, cls in BUILTIN_ADAPTERS.items()
    ]


def entry_from_rule(
    rule: RuleSource,
    enabled: bool = True,
    *,
    allow_local: bool = False,
    allow_other_sites: bool = False,
    cookies: SourceCookieStore | None = None,
) -> SourceEntry:
    return SourceEntry(
        id=rule.id,
        name=rule.name,
        kind=SourceKind(rule.kind),
        url=rule.url,
        enabled=enabled,
        problem_messages=said_once(rule.problem_messages),
        dropped=tuple(rule.dropped),
        searchable=bool(rule.search and rule.search.url and rule.search.book_list),
        rule=rule,
        allow_local=allow_local,
        allow_other_sites=allow_other_sites,
        cookies=cookies,
    )


def _host(address: str) -> str:
    try:
        return (urlsplit(address.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _same_site(host: str, other: str) -> bool:
    def bare(name: str) -> str:
        return name.removeprefix("www.").removeprefix("m.")

    return bool(host) and bare(host) == bare(other)
