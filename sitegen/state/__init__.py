"""Everything sitegen keeps between runs, under ``.sitegen/`` at the site root, as data only.

The table of what each file holds, its key, its version and when it is thrown away is in
docs/architecture.md ("State"). Every reader here decodes plain data into a named type (never
pickle or marshal), checks a header and a checksum, and treats anything missing, damaged,
foreign or of another version as absent: a ``.sitegen/`` copied from elsewhere, truncated or
tampered with can at worst make the build start from scratch.
"""

from __future__ import annotations

STATE_DIR = ".sitegen"
"""The state folder's name, at the site root (never inside the output)."""
