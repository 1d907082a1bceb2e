"""The vendored design system is whole: every file its CSS names in a url() is kept."""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
USWDS = STATIC / "vendor" / "uswds"


def test_every_url_in_the_uswds_css_names_a_kept_file():
    css_file = USWDS / "dist" / "css" / "uswds.min.css"
    css = css_file.read_text()
    refs = {m.strip("\"'") for m in re.findall(r"url\(([^)]*)\)", css)}
    refs = {r for r in refs if r and not r.startswith("data:")}
    assert len(refs) > 40
    missing = [r for r in sorted(refs) if not (css_file.parent / r).resolve().is_file()]
    assert missing == []
    assert "sourceMappingURL" not in css


def test_the_licence_and_version_travel_with_it():
    assert "LICENSE" in (USWDS / "LICENSE.md").read_text().upper()
    assert re.search(r"^Version: 3\.\d+\.\d+$", (USWDS / "README.md").read_text(), re.M)
