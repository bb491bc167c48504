"""Run the benchmark from a checkout: ``python benchmarks/run.py --articles 10000 --runs 3``.

The same as ``python -m sitegen.bench`` (see docs/performance.md).
"""

from __future__ import annotations

import sys

from sitegen.bench.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
