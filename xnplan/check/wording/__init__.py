"""The words of the checks: one class per finding, grouped by kind, each wording its own figures.

A check computes its figures and names and keeps them in a note (:class:`xnplan.check.rows.Note`);
the note's class belongs to one kind of finding (:mod:`xnplan.check.kinds`) and says them in plain
Chinese for the evaluators (names quoted as printed, figures as the plan prints them, 万元 and 个
named). The same words serve the reconciliation's explanation, which cites lines of the text file,
and the data-quality findings, which cite pages (:mod:`xnplan.check.cite`).

- :mod:`~xnplan.check.wording.library`: the project library with itself (sums, attachments, counts,
  repeats), and the sentence of a finding of the library's printed figures;
- :mod:`~xnplan.check.wording.table_cells`: a table's printed cells;
- :mod:`~xnplan.check.wording.prose_tables`: the prose against itself and the indicator tables;
- :mod:`~xnplan.check.wording.prose_library`: the prose against the project library.
"""

from __future__ import annotations

from functools import partial

from xnplan.numbers import number_text

# Explanations quote a figure as the plan prints it (152090, not 152,090), so it can be searched for.
fmt = partial(number_text, grouping=False)
