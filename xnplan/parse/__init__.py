"""Stage 1, parse: read the raw plan text into tidy tables, each row keeping its source line.

Nothing here judges the document; the parsers only record what it prints.
"""
