"""The batch runner: run the declared report set with papermill in parallel, skip what is up to date."""
