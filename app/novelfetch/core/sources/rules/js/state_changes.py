"""What one evaluation's scripts changed in their source's ``ScriptState``, to carry back.

A page's scripts run in a worker process on a copy of the source's state (the values of
``source.setVariable``, ``cache``, ``cookie``, the book's and chapter's variables, the log);
the copy's changes travel back with the page's result and are applied to the source's own
state here, so the next page's scripts see them, as Legado's do. Only the changes travel:
pages of one source read at once each apply what they changed, not a whole stale copy.
(``java.put`` values are the book's rule variables: they travel as ``Extracted.variables``.)
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from novelfetch.core.sources.rules.js.host import MAX_LOG_LINES, ScriptState

#: Travels separately (the page's rule variables, ``@put``/``@get`` and ``java.put``).
_NOT_HERE = frozenset({"variables"})
_MISSING = object()


@dataclass(frozen=True, slots=True)
class StateChanges:
    """Keys set and removed, by field of ``ScriptState``, the log lines added, and any other
    field (an object, such as a store of tagged cookies) whole, where it changed."""

    put: dict[str, dict[str, str]] = field(default_factory=dict)
    removed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    log: tuple[str, ...] = ()
    replaced: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.put or self.removed or self.log or self.replaced)


def private_copy(state: ScriptState) -> ScriptState:
    """A copy whose fields the scripts may change without touching ``state``."""
    copied = {
        item.name: (dict(value) if isinstance(value, dict) else copy.deepcopy(value))
        for item in dataclasses.fields(state)
        if (value := getattr(state, item.name)) is not None
    }
    return dataclasses.replace(state, **copied)


def changes_between(before: ScriptState, after: ScriptState) -> StateChanges:
    """What the scripts changed from ``before`` (a ``private_copy``, untouched) to ``after``."""
    put: dict[str, dict[str, str]] = {}
    removed: dict[str, tuple[str, ...]] = {}
    replaced: dict[str, Any] = {}
    for item in dataclasses.fields(after):
        if item.name in _NOT_HERE or item.name == "log":
            continue
        old, new = getattr(before, item.name), getattr(after, item.name)
        if not isinstance(new, dict):
            if _contents(old) != _contents(new):
                replaced[item.name] = new
            continue
        changed = {key: value for key, value in new.items() if old.get(key, _MISSING) != value}
        if changed:
            put[item.name] = changed
        gone = tuple(key for key in old if key not in new)
        if gone:
            removed[item.name] = gone
    return StateChanges(put, removed, tuple(after.log[len(before.log) :]), replaced)


def _contents(value: Any) -> Any:
    return vars(value) if hasattr(value, "__dict__") else value


def apply_changes(state: ScriptState, changes: StateChanges) -> None:
    """Make ``changes`` (from a copy of ``state``) in ``state`` itself: only to its own fields,
    each kept of its kind (they come from a worker, which a page may have taken over: not
    ``__dict__`` nor ``__class__``)."""
    kept = {item.name: getattr(state, item.name) for item in dataclasses.fields(state)}
    for name, values in changes.put.items():
        if isinstance(kept.get(name), dict) and isinstance(values, dict):
            kept[name].update(values)
    for name, keys in changes.removed.items():
        if isinstance(kept.get(name), dict):
            for key in keys:
                kept[name].pop(key, None)
    for name, value in changes.replaced.items():
        if name in kept and type(value) is type(kept[name]):
            setattr(state, name, value)
    room = MAX_LOG_LINES - len(state.log)
    state.log.extend(changes.log[: max(0, room)])
