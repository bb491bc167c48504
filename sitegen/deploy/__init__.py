"""deploy stage of the pipeline."""
