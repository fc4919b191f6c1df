"""What a page's scripts changed in their source's state, carried back from a worker."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

from novelfetch.core.sources.rules.js.host import ScriptState
from novelfetch.core.sources.rules.js.state_changes import (
    StateChanges,
    apply_changes,
    changes_between,
    private_copy,
)


class Tagged:
    """An object kept in the state (as a store of tagged cookies is)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}


@dataclass
class StateWithAnObject(ScriptState):
    tagged: Tagged = field(default_factory=Tagged)


def in_a_worker(state: ScriptState) -> tuple[ScriptState, ScriptState]:
    """The state as a worker gets it (pickled), and the untouched copy it compares with."""
    copy = pickle.loads(pickle.dumps(private_copy(state)))
    return copy, private_copy(copy)


def test_only_what_the_scripts_changed_comes_back_and_is_applied() -> None:
    live = StateWithAnObject(source={"variable": "old"}, cache={"a": "1", "b": "2"})
    live.log.append("earlier")
    worker, before = in_a_worker(live)
    worker.source["variable"] = "new"
    worker.cache.pop("a")
    worker.cache["c"] = "3"
    worker.log.append("from the page")
    worker.tagged.values["token"] = "t"  # type: ignore[attr-defined]
    worker.variables["k"] = "travels as the page's rule variables"
    # Meanwhile another page of the source changed something else here.
    live.cache["d"] = "4"
    changes = pickle.loads(pickle.dumps(changes_between(before, worker)))
    assert changes.put == {"source": {"variable": "new"}, "cache": {"c": "3"}}
    assert changes.removed == {"cache": ("a",)} and changes.log == ("from the page",)
    apply_changes(live, changes)
    assert live.source == {"variable": "new"}
    assert live.cache == {"b": "2", "c": "3", "d": "4"}  # the other page's change stays
    assert live.log == ["earlier", "from the page"] and live.variables == {}
    assert live.tagged.values == {"token": "t"}


def test_nothing_changed_is_nothing_to_carry() -> None:
    worker, before = in_a_worker(StateWithAnObject(cache={"a": "1"}))
    assert not changes_between(before, worker)


def test_changes_reach_only_the_states_own_fields_each_of_its_kind() -> None:
    """Changes come from a worker, which a page may have taken over."""
    live = StateWithAnObject(cache={"a": "1"})
    tagged = live.tagged
    forged = StateChanges(
        put={"__dict__": {"cache": "gone"}, "log": {"x": "y"}},
        removed={"__dict__": ("cache",)},
        replaced={"__class__": Tagged, "tagged": "not a store", "cache": ["not", "a dict"]},
    )
    apply_changes(live, forged)
    assert type(live) is StateWithAnObject and live.cache == {"a": "1"}
    assert live.tagged is tagged and live.log == []
