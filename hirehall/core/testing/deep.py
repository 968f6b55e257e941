"""`make test-deep`: the same tests, much longer. `HIREHALL_DEEP=1` turns it on (docs/testing.md).

`machine_settings(examples, steps)` gives a hypothesis state machine its everyday budget, or
`DEEP_EXAMPLES` × `DEEP_STEPS` (at least 200 × 50) under `HIREHALL_DEEP=1`;
`HIREHALL_DEEP_EXAMPLES` / `HIREHALL_DEEP_STEPS` raise them further.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

DEEP_EXAMPLES = 200
DEEP_STEPS = 50


def deep() -> bool:
    return os.environ.get("HIREHALL_DEEP", "") not in ("", "0")


def machine_settings(examples: int, steps: int) -> settings:
    if deep():
        examples = max(DEEP_EXAMPLES, int(os.environ.get("HIREHALL_DEEP_EXAMPLES", DEEP_EXAMPLES)))
        steps = max(DEEP_STEPS, int(os.environ.get("HIREHALL_DEEP_STEPS", DEEP_STEPS)))
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
        print_blob=True,  # a failure prints the line that replays it (@reproduce_failure)
    )
