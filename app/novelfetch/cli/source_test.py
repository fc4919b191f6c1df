"""``novelfetch sources test ID [WORDS]``: the core's source check, printed step by step."""

from __future__ import annotations

from novelfetch.core.sources import SourceRegistry
from novelfetch.core.sources.check import CheckStep, check_source

EXIT_OK, EXIT_FAILED = 0, 1


def _print_step(step: CheckStep) -> None:
    state = "ok" if step.ok else "FAIL"
    timing = f" ({step.seconds:.1f} s)" if step.seconds else ""
    print(f"{state:<4}  {step.name}: {step.detail}{timing}")


async def test_source(registry: SourceRegistry, source_id: str, words: str, timeout: float) -> int:
    entry = registry.get(source_id)
    if await check_source(entry, words, _print_step, timeout=timeout):
        print(f"{entry.id} works.")
        return EXIT_OK
    return EXIT_FAILED
