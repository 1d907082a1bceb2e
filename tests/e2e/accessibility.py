"""axe-core on every page a browser test visits, with the WCAG 2.2 AA rule sets.

An init script runs axe once each page has loaded and reports to the test through a binding.
A link click or form submission that comes before axe has finished waits for it, and so does
``page.goto`` and the end of the test: no page is left unchecked. A violation fails the test
that met it, naming the rule, the page, the language and the elements.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCRIPT = """
(() => {
  if (window.top !== window) return;
  const tags = __TAGS__;
  let done = false;
  // axe no longer checks it, but a label or aria reference to a shared id names the wrong field.
  const duplicateIds = () => {
    const seen = {}, twice = [];
    document.querySelectorAll("[id]").forEach(el => {
      if (seen[el.id] && !twice.includes(el.id)) twice.push(el.id);
      seen[el.id] = true;
    });
    return twice.length ? [{id: "duplicate-id", impact: "serious",
      help: "Ids must be unique", targets: twice.slice(0, 5).map(i => "#" + i)}] : [];
  };
  const run = () => {
   // How far the page scrolls sideways (0: it fits the window), measured before axe runs.
   const overflow = document.documentElement.scrollWidth - window.innerWidth;
   return window.axe.run(document, {runOnly: {type: "tag", values: tags}}).then(r => {
    done = true;
    return window.__easyAxeReport({
      url: location.pathname + location.search,
      lang: document.documentElement.lang,
      overflow: overflow,
      width: window.innerWidth,
      violations: r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
      })).concat(duplicateIds()),
    });
   });
  };
  window.__easyAxePending = new Promise(resolve => {
    const start = () => run().then(resolve, resolve);
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, {once: true});
  });
  // A person's click or submit that would leave the page before it was checked waits for it.
  document.addEventListener("submit", e => {
    if (done) return;
    e.preventDefault();
    const form = e.target, submitter = e.submitter;
    window.__easyAxePending.then(() => form.requestSubmit(submitter || undefined));
  }, true);
  document.addEventListener("click", e => {
    const link = e.target.closest && e.target.closest("a[href]");
    if (done || !link || e.defaultPrevented || link.getAttribute("href").startsWith("#")) return;
    e.preventDefault();
    window.__easyAxePending.then(() => link.click());
  }, true);
})();
""".replace("__TAGS__", json.dumps(TAGS))

#: Pages checked and violations met in this run, for the closing summary.
TOTALS = {"checks": 0, "pages": set(), "violations": 0}


@dataclass
class Audit:
    page: object
    violations: list[dict] = field(default_factory=list)
    #: (path, window width, pixels the page scrolls sideways) of every page checked.
    widths: list[tuple[str, int, int]] = field(default_factory=list)
    #: (path, the page's lang attribute) of every page checked.
    langs: list[tuple[str, str]] = field(default_factory=list)

    def attach(self, context) -> None:
        context.add_init_script(path=str(AXE))
        context.expose_binding("__easyAxeReport", self._report)
        context.add_init_script(script=SCRIPT)
        goto = self.page.goto

        def checked_goto(*args, **kwargs):
            self.flush()
            return goto(*args, **kwargs)

        self.page.goto = checked_goto

    def _report(self, source, found: dict) -> None:
        TOTALS["checks"] += 1
        TOTALS["pages"].add((found["url"].split("?")[0], found["lang"]))
        self.widths.append((found["url"], found["width"], found["overflow"]))
        self.langs.append((found["url"], found["lang"]))
        for v in found["violations"]:
            TOTALS["violations"] += 1
            self.violations.append({**v, "url": found["url"], "lang": found["lang"]})

    def flush(self) -> None:
        """Wait until the page now shown has been checked."""
        if self.page.is_closed() or self.page.url in ("", "about:blank"):
            return
        try:
            self.page.evaluate("() => window.__easyAxePending || null")
        except Exception as exc:  # the document is being replaced: its check already ran
            if "Execution context was destroyed" not in str(exc):
                raise

    def report(self) -> str:
        return "\n".join(
            f"- {v['id']} ({v['impact']}) on {v['url']} [{v['lang']}]: {v['help']}; "
            f"{json.dumps(v['targets'])}"
            for v in self.violations
        )
