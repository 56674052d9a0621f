"""Stage 2, check: every place where the document disagrees with itself, as rows of one table.
"""
