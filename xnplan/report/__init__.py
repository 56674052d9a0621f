"""Stage 5, report: the figures, tables and sentences each notebook shows, and the chart style."""
