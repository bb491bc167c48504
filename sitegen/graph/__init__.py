"""graph stage of the pipeline."""
