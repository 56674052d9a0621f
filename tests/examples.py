"""How many examples the costly property tests draw (each one parses or writes a whole plan).

`make test` keeps the inner loop short with the counts as written; CI's `make test-deep` runs the
property tests again with every count multiplied by ``XNPLAN_EXAMPLES_SCALE`` (hypothesis' own
profiles cannot do this: a test's explicit ``max_examples`` overrides the loaded profile)."""

from __future__ import annotations

import os

SCALE_VARIABLE = "XNPLAN_EXAMPLES_SCALE"


def examples(count: int) -> int:
    """``count`` times the scale in the environment (1 when unset)."""
    return count * int(os.environ.get(SCALE_VARIABLE, "1"))
