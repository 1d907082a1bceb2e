"""Screenshots for issue 15: the applicant's checklist, the reviewer's workspace and the
coordinator's queue, at 1280 and 390 px wide, from a running portal with the demo data
(`make run`; demo sign-ins in README.md, staff's second factor `123456` locally).

    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8000 docs/screenshots/after

Each PNG shows the page from its top, at most MAX_HEIGHT px tall; the page's full height is
printed and written to heights.txt beside the images.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "demo-password-2026"  # noqa: S105 (the public demo password, README.md)
LOCAL_CODE = "123456"
WIDTHS = (1280, 390)
MAX_HEIGHT = 3000
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_load_state()
    code = page.get_by_label("Code", exact=True)
    if code.count():
        code.fill(LOCAL_CODE)
        page.get_by_role("button", name="Sign In", exact=True).click()
        page.wait_for_load_state()


def first_link(page, base: str, start: str, pattern: str) -> str:
    """The first link on ``start`` whose path matches ``pattern``."""
    page.goto(f"{base}{start}")
    for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))"):
        path = re.sub(r"^https?://[^/]+", "", href)
        if re.fullmatch(pattern, path):
            return path
    raise SystemExit(f"no link matching {pattern} on {start}")


# name, who signs in, where to find the page, the page's path pattern
SHOTS = [
    ("applicant-checklist", "applicant@demo.test", "/dashboard/", rf"/apply/{UUID}/"),
    ("reviewer-workspace", "reviewer@demo.test", "/review/mine/", rf"/review/r/{UUID}/"),
    ("coordinator-queue", "coordinator@demo.test", "/dashboard/", r"/review/queue/[\w-]+/"),
]


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    heights = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, email, start, pattern in SHOTS:
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                sign_in(page, base, email)
                path = first_link(page, base, start, pattern)
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                height = page.evaluate("document.documentElement.scrollHeight")
                shot = out / f"{name}-{width}.png"
                page.screenshot(
                    path=str(shot),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)},
                )
                heights.append(f"{shot.name}\t{path}\t{height} px tall")
                print(heights[-1])
                context.close()
        browser.close()
    (out / "heights.txt").write_text("\n".join(heights) + "\n")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
