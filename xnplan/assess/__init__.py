"""Stage 4, assess: the assessment of the plan against evaluators' files, and its signable report."""
