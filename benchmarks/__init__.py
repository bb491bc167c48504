"""The benchmark: a synthetic newsroom corpus, timed builds, and Pelican/Hugo for comparison."""
