"""Every page built from the real content has zero Nu HTML Checker errors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.realdata.conftest import BuiltSite
from tests.validity.nu import java_and_jar, listing, nu_errors


def test_every_real_content_page_has_zero_nu_errors(
    realdata_sites: dict[str, BuiltSite], tmp_path: Path
) -> None:
    java_and_jar()
    pages = [page for site in realdata_sites.values() for page in site.pages]
    assert len(pages) > 1000
    errors = nu_errors(pages)
    scratch = realdata_sites["en"].root.parent
    kinds = Counter(str(m.get("message", ""))[:100] for m in errors)
    summary = "\n".join(f"{count:4} x {message}" for message, count in kinds.most_common())
    files = {m.get("url") for m in errors}
    assert not errors, (
        f"{len(errors)} Nu HTML Checker errors on {len(files)} of {len(pages)} pages.\n"
        f"By message:\n{summary}\nAll:\n{listing(errors, scratch)}"
    )
