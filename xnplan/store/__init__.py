"""Stage 3, store: assemble the Plan (parse, then check), write data/processed/ atomically, read it back.

``build``, ``load`` and ``write`` are the stage's entry points; ``load`` gives the stage form the
checks, the assessment and the reports compare against, ``load_for_analysis`` (``xnplan.load()``)
the analysis form (:mod:`xnplan.store.forms`).
"""

from xnplan.store.files import build, load, load_for_analysis, write

__all__ = ["build", "load", "load_for_analysis", "write"]
