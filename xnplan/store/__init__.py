"""Stage 3, store: assemble the Plan (parse, then check), write data/processed/ atomically, read it back.

``build``, ``load`` and ``write`` are the stage's entry points.
"""

from xnplan.store.files import build, load, write

__all__ = ["build", "load", "write"]
