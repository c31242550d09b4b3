"""What every browser test checks on every page: axe-core, width, control names, errors."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Frame, Page, Response

VENDOR = Path(__file__).parent / "vendor"
AXE_JS = VENDOR / "axe.min.js"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "test-output" / "screenshots"

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
BLOCKING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Demo:
    """The seeded demo organization, and the ids the tests open pages by."""

    password: str
    cohorts: dict[str, int]
    users: dict[str, int]

    def user_id(self, username: str) -> int:
        return self.users[username]


_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
      summary: n.failureSummary || '',
    })),
  }));
}"""


# The same markup at the same width gives the same results (the sign-in page, for one, is
# opened by every test), so axe-core runs once per distinct page.
_axe_results: dict[tuple[str, int], list[dict]] = {}


def axe_violations(page: Page) -> list[dict]:
    """Every axe-core violation on the page as it is now."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    key = (hashlib.sha256(page.content().encode()).hexdigest(), width)
    if key not in _axe_results:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_JS))
        _axe_results[key] = page.evaluate(_RUN_AXE)
    return _axe_results[key]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"      at {node['target']}")
            for detail in node["summary"].splitlines():
                lines.append(f"        {detail}")
    return "\n".join(lines)


def page_width_overflow(page: Page) -> tuple[int, int] | None:
    """(scrollWidth, viewport width) when the page scrolls sideways, else None."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    return (scroll_width, width) if scroll_width > width else None


def wider_than_viewport(page: Page) -> list[str]:
    """The outermost elements whose right edge passes the viewport, to point at a culprit."""
    return page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth;
          const found = [];
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right > limit + 0.5 && !found.some(f => f.contains(el))) found.push(el);
          }
          return found.slice(0, 5).map(el => {
            const cls = el.className && typeof el.className === 'string'
              ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
            const box = el.getBoundingClientRect();
            return `${el.tagName.toLowerCase()}${cls} right=${Math.round(box.right)}`;
          });
        }"""
    )


def same_name_different_purpose(page: Page) -> list[str]:
    """Links or buttons that read the same but go to different places: a screen reader user
    hears a list of identical "Remove" buttons and cannot tell them apart."""
    return page.evaluate(
        """() => {
          const clean = text => (text || '').replace(/\\s+/g, ' ').trim();
          const purposes = new Map();
          for (const el of document.querySelectorAll('a[href], button, input[type=submit]')) {
            if (el.closest('[hidden], [aria-hidden="true"]')) continue;
            let purpose;
            if (el.tagName === 'A') {
              purpose = 'link to ' + el.href;
            } else if (el.form) {
              const action = el.form.getAttribute('action') ?? location.href;
              purpose = (el.form.getAttribute('method') || 'get') + ' ' + action;
            } else {
              continue;
            }
            const name = clean(el.getAttribute('aria-label') || el.textContent || el.value);
            const key = el.tagName === 'A' ? 'link ' + JSON.stringify(name)
                                             : 'button ' + JSON.stringify(name);
            if (!purposes.has(key)) purposes.set(key, new Set());
            purposes.get(key).add(purpose);
          }
          return [...purposes].filter(([, set]) => set.size > 1)
            .map(([key, set]) => `${key} (${set.size}×): ${[...set].slice(0, 3).join(' | ')}`);
        }"""
    )


_FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  // What shows behind the ring: the element under a point in the middle of the outline.
  const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  let x = box.left - reach, y = box.top + box.height / 2;
  if (x < 0) x = box.right + reach;
  let under = document.elementsFromPoint(x, y).find(e => e !== el && !el.contains(e));
  let background = 'rgb(255, 255, 255)';
  for (; under; under = under.parentElement) {
    const color = getComputedStyle(under).backgroundColor;
    if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') { background = color; break; }
  }
  const text = (el.textContent || el.getAttribute('aria-label') || el.id || el.name || '');
  return {
    element: el.tagName.toLowerCase() + ' ' + JSON.stringify(text.replace(/\\s+/g, ' ').trim()),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    color: style.outlineColor,
    background,
  };
}"""


def _luminance(css_color: str) -> float:
    red, green, blue = (
        int(float(c)) for c in css_color[css_color.index("(") + 1 : -1].split(",")[:3]
    )

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two computed CSS colours, rgb(…) or rgba(…)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_ring_problem(page: Page) -> str | None:
    """Why the keyboard focus on the page is hard to see (WCAG 2.4.7 and 1.4.11), or None."""
    ring = page.evaluate(_FOCUS_RING)
    if ring is None:
        return "nothing has the focus"
    if ring["style"] == "none" or ring["width"] < 2:
        return f"{ring['element']}: no focus ring ({ring['style']} {ring['width']}px)"
    ratio = contrast(ring["color"], ring["background"])
    if ratio < 3:
        return (
            f"{ring['element']}: focus ring {ring['color']} on {ring['background']} "
            f"has contrast {ratio:.2f}:1, below 3:1"
        )
    return None


class PageAudit:
    """Checks every page a test opens, and collects the problems so one run reports them all.

    A page the test opens (by link, form or address) but never checks is itself a problem:
    every page visited gets axe-core and the width check."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.visited: list[str] = []
        self.script_errors: list[str] = []
        self._unchecked: str | None = None
        self._document = ""
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        page.on("console", self._on_console)
        page.on("response", self._on_response)
        page.on("framenavigated", self._on_navigated)

    def _on_console(self, message: ConsoleMessage) -> None:
        # A failed load is reported by _on_response, which knows pages from their parts.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.script_errors.append(message.text)

    def _on_response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.script_errors.append(f"HTTP {response.status} for {response.url}")

    def _on_navigated(self, frame: Frame) -> None:
        if frame != self.page.main_frame:
            return
        moved_within, self._document = _same_document(self._document, frame.url), frame.url
        if moved_within:
            return
        if self._unchecked is not None:
            self.problems.append(f"{self._unchecked}: opened but never checked")
        self._unchecked = frame.url

    def visit(self, path: str, status: int = 200) -> Response:
        """Open ``path``, check the status, then check the page."""
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        if response.status != status:
            self.problems.append(f"{path}: HTTP {response.status}, expected {status}")
        self.check()
        return response

    def sign_in(self, username: str, password: str) -> None:
        """Sign in through the real form, as a person would; the result page is left for the
        test to look at and check."""
        self.visit("/signin")
        self.page.get_by_label("Username", exact=True).fill(username)
        self.page.get_by_label("Password or PIN", exact=True).fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Sign in", exact=True).click()

    def check(self, label: str | None = None) -> None:
        """Run axe-core, the width check and the control-name check on the page as it is."""
        self.page.wait_for_load_state("load")  # the stylesheet too, for the contrast rules
        self._unchecked = None
        where = label or self.page.url
        self.visited.append(where)
        violations = axe_violations(self.page)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        lesser = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
        if lesser:
            self.notes.append(f"{where}: lesser axe violation(s)\n" + describe_violations(lesser))
        if blocking:
            self.problems.append(
                f"{where}: {len(blocking)} serious/critical axe violation(s)\n"
                + describe_violations(blocking)
            )
        overflow = page_width_overflow(self.page)
        if overflow:
            culprits = ", ".join(wider_than_viewport(self.page)) or "unknown"
            self.problems.append(
                f"{where}: scrolls sideways, scrollWidth {overflow[0]} > {overflow[1]} px "
                f"(wide elements: {culprits})"
            )
        ambiguous = same_name_different_purpose(self.page)
        if ambiguous:
            self.problems.append(
                f"{where}: controls with the same name do different things: " + "; ".join(ambiguous)
            )
        if self.script_errors:
            self.problems.append(
                f"{where}: script, console or loading errors: {self.script_errors}"
            )
            self.script_errors.clear()

    def assert_clean(self) -> None:
        """Fail on any problem found; moderate and minor axe findings are only printed."""
        assert self.visited, "no page was checked"
        if self._unchecked is not None:
            self.problems.append(f"{self._unchecked}: opened but never checked")
            self._unchecked = None
        if self.notes:
            print("\n".join(self.notes))
        assert not self.problems, (
            f"{len(self.problems)} problem(s) on {len(self.visited)} page(s):\n"
            + "\n".join(self.problems + self.notes)
        )


def _same_document(before: str, after: str) -> bool:
    """True for a move within one page (#main), which loads nothing new."""
    return before.split("#")[0] == after.split("#")[0] and before != after


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
