"""The source registry: every source the app can use, built in or imported from a rule file.

The CLI, the window, the downloader and search reach a source only through here. A source is an
*entry* (id, name, base URL, state) that opens a session-bound adapter for one job. Built-in
entries come from adapter classes; imported ones from Legado or so-novel rule documents, which
are kept (as the user gave them) in ``sources.json`` in the user's data folder.
"""

from __future__ import annotations

import difflib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from novelfetch.core import messages as said
from novelfetch.core.errors import (
    BadInputError,
    SourceDisabledError,
    StoreError,
    UnknownAddressError,
)
from novelfetch.core.json_file import (
    read_json_or_move_aside,
    remove_stale_temporaries,
    write_json_atomically,
)
from novelfetch.core.messages import Message, plain
from novelfetch.core.sources.cookie_store import SourceCookieStore
from novelfetch.core.sources.entry import (
    BUILTIN_ADAPTERS,
    SourceEntry,
    SourceKind,
    _host,
    builtin_entries,
    entry_from_rule,
)
from novelfetch.core.sources.rules.reasons import joined, without_source
from novelfetch.core.sources.source_names import distinct_names

if TYPE_CHECKING:
    from novelfetch.core.sources.rules.model import ParsedEntry

__all__ = ["BUILTIN_ADAPTERS", "SourceEntry", "SourceKind", "SourceRegistry", "describe_entry"]

log = logging.getLogger(__name__)

SOURCES_FILE = "sources.json"
#: Ids an "unknown source" message lists in full; past that it names the closest one.
_IDS_NAMED = 12
DEFAULT_SOURCE = "baidu"
_FILE_VERSION = 1


@dataclass(frozen=True, slots=True)
class ImportLine:
    """What became of one source in an imported document."""

    label: str
    source_id: str | None
    usable: bool
    #: Why skipped, or why not usable (each problem said once, naming its fields).
    reasons: tuple[Message, ...] = ()
    replaced: bool = False
    #: Its own address is a local one (it may reach that host): worth a look before use.
    local_host: str = ""
    enabled: bool = True  # False: the file says the source is switched off, and so it is

    @property
    def imported(self) -> bool:
        return self.source_id is not None

    @property
    def reason(self) -> str:
        """``reasons`` in English."""
        return "; ".join(map(str, self.reasons))


@dataclass(frozen=True, slots=True)
class ImportReport:
    lines: tuple[ImportLine, ...]

    @property
    def usable_count(self) -> int:
        return sum(line.imported and line.usable for line in self.lines)

    @property
    def not_usable_count(self) -> int:
        return sum(line.imported and not line.usable for line in self.lines)

    @property
    def skipped_count(self) -> int:
        return sum(not line.imported for line in self.lines)


class SourceRegistry:
    """Built-in sources plus the imported ones kept in ``data_dir`` (None: built-ins only)."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        #: Each source's saved cookie and cookie jar (``cookies.json``, the user's eyes only).
        self.cookies = SourceCookieStore(data_dir)
        self._builtins = {entry.id: entry for entry in builtin_entries(self.cookies)}
        self._imported: dict[str, SourceEntry] = {}
        #: Set when the saved list could not be read and was moved aside: what to tell the user.
        self.notice = ""
        if data_dir is not None:
            # What a killed import (or other save) left behind goes at the next start.
            remove_stale_temporaries(data_dir)
            self._load()

    @classmethod
    def builtin_only(cls) -> SourceRegistry:
        return cls(None)

    # --- looking sources up ---------------------------------------------------------------

    def entries(self) -> list[SourceEntry]:
        """Every source, built-ins first; no two share a name (see ``distinct_names``)."""
        return distinct_names([*self._builtins.values(), *self._imported.values()])

    def get(self, source_id: str) -> SourceEntry:
        for entry in self.entries():
            if entry.id == source_id:
                return entry
        raise BadInputError(f"unknown source {source_id!r} ({self._known_ids(source_id)})")

    def _known_ids(self, wanted: str) -> str:
        """The ids to name beside an unknown one: all of a few, else the closest (a
        collection brings hundreds, and a message is one line)."""
        ids = [entry.id for entry in self.entries()]
        if len(ids) <= _IDS_NAMED:
            return f"known: {', '.join(ids)}"
        close = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.8)
        guess = f"did you mean {close[0]}? " if close else ""
        return f"{guess}{len(ids)} sources are known; 'sources list' names them"

    def require(self, source_id: str) -> SourceEntry:
        """The source, refusing one that is disabled or cannot be used (``BadInputError``)."""
        return self._check_usable(self.get(source_id))

    def owners(self, address: str) -> list[SourceEntry]:
        """The enabled sources a pasted web address belongs to, the one ``route`` takes first:
        a source that names its book URLs precisely before one matched by site alone."""
        candidates = [e for e in self.entries() if e.enabled]
        candidates.sort(key=lambda e: not (e.rule and e.rule.book_url_pattern))
        return [entry for entry in candidates if entry.owns(address)]

    def searchable(self, source_ids: Iterable[str] = ()) -> list[SourceEntry]:
        """The sources a search asks: those named, else every enabled, usable, searchable one."""
        wanted = list(source_ids)
        if wanted:
            chosen = [self._check_usable(self.get(source_id)) for source_id in wanted]
            for entry in chosen:
                if not entry.searchable:
                    raise BadInputError(f"source {entry.id} ({entry.name}) cannot search")
            return chosen
        return [e for e in self.entries() if e.enabled and e.usable and e.searchable]

    def route(self, text: str, source_id: str | None = None) -> tuple[SourceEntry, str]:
        """The source and book reference for what a user typed: an ID, a URL or ``SOURCE:REF``.

        An explicit ``source_id`` wins. A web address goes to the source that owns it (rule
        sources with a book-URL pattern first, then by site); anything else is an ID of the
        default source.
        """
        text = text.strip()
        if source_id:
            entry = self.get(source_id)
            return self._check_usable(entry), entry.parse_ref(text)
        prefix, colon, rest = text.partition(":")
        if colon and not rest.startswith("//") and prefix in self._builtins:
            entry = self.get(prefix)
            return self._check_usable(entry), entry.parse_ref(rest)
        if "://" in text:
            owners = self.owners(text)
            if owners:
                return self._check_usable(owners[0]), owners[0].parse_ref(text)
            switched_off = [e for e in self.entries() if not e.enabled and e.owns(text)]
            if switched_off:  # it is known: say it is off, not "import a source for it"
                self._check_usable(switched_off[0])
            raise UnknownAddressError(said.UNKNOWN_ADDRESS(host=_host(text) or text[:100]))
        entry = self.get(DEFAULT_SOURCE)
        return self._check_usable(entry), entry.parse_ref(text)

    @staticmethod
    def _check_usable(entry: SourceEntry) -> SourceEntry:
        if not entry.enabled:
            raise SourceDisabledError(said.SOURCE_DISABLED(name=entry.name, source=entry.id))
        if not entry.usable:
            problems = joined(entry.problem_messages)
            raise BadInputError(
                said.SOURCE_UNUSABLE(name=entry.name, source=entry.id, problems=problems)
            )
        return entry

    # --- changing the list ----------------------------------------------------------------

    def import_text(self, text: str, origin: str = "") -> ImportReport:
        """Import every source of a Legado or so-novel document; saved all at once or not at all.

        A document that is not a rule file at all raises ``BadInputError``. Each source that
        cannot be read is skipped with the reason; one that needs JavaScript is imported as not
        usable, with the reason.
        """
        from novelfetch.core.sources.rules.rulefile import parse_rule_document

        return self.import_parsed(parse_rule_document(text, origin=origin))

    def import_parsed(self, parsed: Sequence[ParsedEntry]) -> ImportReport:
        """``import_text`` for a document already parsed (the window parses a large one in a
        worker thread, then imports it here)."""
        lines: list[ImportLine] = []
        added: dict[str, SourceEntry] = {}
        for item in parsed:
            if item.source is None:
                # The label starts the line already; a reader's error may start with it too.
                reason = without_source(item.reason or plain("unreadable"), item.label)
                lines.append(ImportLine(item.label, None, False, (reason,)))
                continue
            rule = item.source
            if rule.id in self._builtins:
                lines.append(ImportLine(item.label, None, False, (said.ID_OF_BUILTIN(),)))
                continue
            known = self._imported.get(rule.id)
            entry = entry_from_rule(
                rule,
                enabled=rule.enabled,
                allow_local=known is not None and known.allow_local,
                allow_other_sites=known is not None and known.allow_other_sites,
                cookies=self.cookies,
            )
            replaced = rule.id in self._imported or rule.id in added
            added[rule.id] = entry
            local = entry.local_host()
            reasons = entry.problem_messages
            lines.append(
                ImportLine(
                    item.label, rule.id, entry.usable, reasons, replaced, local, entry.enabled
                )
            )
        if added:
            self._save({**self._imported, **added})
            self._imported.update(added)
        return ImportReport(tuple(lines))

    def set_enabled(self, source_id: str, enabled: bool) -> SourceEntry:
        """Switch a source on or off; built-ins too (a disabled one is not searched, and a
        bare book ID, Baidu's, is refused while Baidu is off)."""
        self.get(source_id)  # an unknown id says so
        if source_id in self._builtins:
            builtins = {**self._builtins}
            builtins[source_id] = replace(builtins[source_id], enabled=enabled)
            self._save(self._imported, builtins)
            self._builtins = builtins
        else:
            changed = replace(self._imported[source_id], enabled=enabled)
            self._save({**self._imported, source_id: changed})
            self._imported[source_id] = changed
        return self.get(source_id)

    def set_allow_local(self, source_id: str, allowed: bool) -> SourceEntry:
        """Let a rule source connect to local network addresses (a server the user runs)."""
        return self._set_access(source_id, "no local-address limit", allow_local=allowed)

    def set_allow_other_sites(self, source_id: str, allowed: bool) -> SourceEntry:
        """Let a rule source that holds the user's cookie reach other sites than its own."""
        return self._set_access(source_id, "no limit to its site", allow_other_sites=allowed)

    def _set_access(self, source_id: str, limit: str, **change: bool) -> SourceEntry:
        entry = self.get(source_id)
        if entry.kind is SourceKind.BUILTIN:
            raise BadInputError(f"{source_id} is built in, not a rule file: {limit} applies to it")
        changed = replace(entry, **change)
        self._save({**self._imported, source_id: changed})
        self._imported[source_id] = changed
        return changed

    def set_cookie(self, source_id: str, cookie: str) -> SourceEntry:
        """Save the cookie sent to this source's own site ("" forgets it, and its jar)."""
        entry = self.get(source_id)
        self.cookies.set_cookie(source_id, cookie)
        return entry

    def remove(self, source_id: str) -> SourceEntry:
        entry = self.get(source_id)
        if entry.kind is SourceKind.BUILTIN:
            raise BadInputError(f"{source_id} is built in and cannot be removed (disable it)")
        remaining = {k: v for k, v in self._imported.items() if k != source_id}
        self._save(remaining)
        self._imported = remaining
        self.cookies.forget(source_id)
        return entry

    # --- persistence ----------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self.data_dir / SOURCES_FILE if self.data_dir is not None else None

    def _load(self) -> None:
        path = self.path
        assert path is not None
        try:
            # A damaged list (a truncated write, a stray edit) must not stop every command:
            # it is moved aside and the app starts with the built-in sources.
            document, damage = read_json_or_move_aside(path)
        except OSError as error:
            raise StoreError(f"cannot read the source list {path}: {error}") from None
        if damage:
            self.notice = (
                f"The list of imported sources was damaged; {damage}. NovelFetch starts with "
                "the built-in sources: import yours again."
            )
        from novelfetch.core.sources.rules.rulefile import parse_rule_document

        switched_off = document.get("disabled_builtins", []) if isinstance(document, dict) else []
        for source_id in switched_off if isinstance(switched_off, list) else []:
            if source_id in self._builtins:
                self._builtins[source_id] = replace(self._builtins[source_id], enabled=False)
        for record in document.get("sources", []) if isinstance(document, dict) else []:
            raw = record.get("raw") if isinstance(record, dict) else None
            if not isinstance(raw, dict):
                continue
            try:
                items = parse_rule_document(json.dumps(raw, ensure_ascii=False))
            except BadInputError as error:  # one bad record costs that record only
                log.warning("a saved source cannot be read: %s", error)
                continue
            for item in items:
                if item.source is not None and item.source.id not in self._builtins:
                    self._imported[item.source.id] = entry_from_rule(
                        item.source,
                        bool(record.get("enabled", True)),
                        allow_local=record.get("allow_local") is True,
                        allow_other_sites=record.get("allow_other_sites") is True,
                        cookies=self.cookies,
                    )

    def _save(
        self,
        imported: dict[str, SourceEntry],
        builtins: dict[str, SourceEntry] | None = None,
    ) -> None:
        """Write the whole list to a temporary file and rename it into place."""
        path = self.path
        if path is None:
            return  # built-ins only: imports live for this process
        builtins = self._builtins if builtins is None else builtins
        document = {
            "version": _FILE_VERSION,
            "disabled_builtins": [e.id for e in builtins.values() if not e.enabled],
            "sources": [
                {
                    "enabled": entry.enabled,
                    "allow_local": entry.allow_local,
                    "allow_other_sites": entry.allow_other_sites,
                    "raw": dict(entry.rule.raw),
                }
                for entry in imported.values()
                if entry.rule is not None
            ],
        }
        try:
            write_json_atomically(path, document)
        except OSError as error:
            raise StoreError(f"cannot save the source list {path}: {error}") from None


def describe_entry(entry: SourceEntry) -> dict[str, Any]:
    """The facts ``sources list --json`` prints (and the window shows)."""
    return {
        "id": entry.id,
        "name": entry.name,
        "url": entry.url,
        "kind": str(entry.kind),
        "enabled": entry.enabled,
        "usable": entry.usable,
        "searchable": entry.searchable,
        "problems": list(entry.problems),
        "dropped": list(entry.dropped),
        "allow_local": entry.allow_local,
        "allow_other_sites": entry.allow_other_sites,
        # Whether one is saved; the cookie itself is never printed.
        "has_cookie": bool(entry.cookie()),
        # Confined to its own site: it holds or held the user's cookie (cookie_store.held).
        "own_site_only": entry.kind is not SourceKind.BUILTIN
        and not entry.allow_other_sites
        and (entry.cookies is not None and entry.cookies.held(entry.id)),
        "javascript": list(entry.scripted),
    }
