"""The plan, render and write stages: the jobs, their keys, rendering, and the output folder."""
