"""WCAG 2.2 A/AA by axe-core, and keyboard use, on every kind of page at phone and desktop size."""

from __future__ import annotations

import pytest

from tests._support import sitekit
from tests._support.axe import AXE_TAGS, RUN_AXE

KINDS = [
    "home",
    "article-photo",
    "gallery",
    "video-facade",
    "category",
    "archive",
    "search",
    "404",
]
# Everything a keyboard user can reach, minus what is not rendered.
MARK_INTERACTIVE = """() => {
  const selector = [
    "a[href]", "button:not([disabled])", "input:not([disabled]):not([type=hidden])",
    "select:not([disabled])", "textarea:not([disabled])", "summary", "iframe",
    "[tabindex]:not([tabindex='-1'])", "[contenteditable=true]",
    "audio[controls]", "video[controls]",
  ].join(",");
  const style = (el) => {
    const cs = getComputedStyle(el);
    return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow,
            cs.backgroundColor, cs.textDecorationLine].join("|");
  };
  const found = [...document.querySelectorAll(selector)].filter((el) => {
    const cs = getComputedStyle(el);
    return el.getClientRects().length > 0 && cs.visibility !== "hidden"
      && !el.closest("[inert]");
  });
  found.forEach((el, i) => { el.dataset.kbd = String(i); el.dataset.kbdStyle = style(el); });
  return found.map((el) => el.outerHTML.slice(0, 120));
}"""

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || !el.dataset || el.dataset.kbd === undefined) {
    return {index: null, tag: el ? el.tagName : null};
  }
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
  const shadow = cs.boxShadow !== "none";
  const now = [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow,
               cs.backgroundColor, cs.textDecorationLine].join("|");
  return {
    index: Number(el.dataset.kbd),
    visible: (outline || shadow) && now !== el.dataset.kbdStyle,
    html: el.outerHTML.slice(0, 120),
    style: now,
  };
}"""


def kind_params():
    return [
        pytest.param(kind, viewport, id=f"{kind}-{viewport}")
        for kind in KINDS
        for viewport in sitekit.VIEWPORTS
    ]


@pytest.mark.parametrize(("kind", "viewport"), kind_params())
def test_axe_finds_no_wcag22_violations(kind, viewport, require_kind, open_page, npm_tools):
    page, _recorder, _response = open_page(require_kind(kind), viewport)
    # Evaluated over the DevTools protocol: the site's CSP (script-src 'self')
    # rightly blocks an injected inline <script>, and must stay as deployed here.
    page.evaluate(sitekit.AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )
    assert not violations, f"axe-core on {kind} at {viewport}:\n{report}"


@pytest.mark.parametrize(("kind", "viewport"), kind_params())
def test_skip_link_moves_focus_to_main(kind, viewport, require_kind, open_page):
    page, _recorder, _response = open_page(require_kind(kind), viewport)
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "() => { const a = document.activeElement; const r = a.getBoundingClientRect();"
        " return {href: a.getAttribute('href'), text: a.textContent.trim(),"
        " onscreen: r.top >= 0 && r.bottom <= innerHeight && r.width > 0}; }"
    )
    assert (skip["href"] or "").startswith("#"), f"first Tab stop is not a skip link: {skip}"
    assert skip["onscreen"], f"the skip link is not visible when focused: {skip}"
    page.keyboard.press("Enter")
    in_main = page.evaluate(
        "() => { const a = document.activeElement;"
        " return a.tagName === 'MAIN' || a.getAttribute('role') === 'main'"
        " || (a.closest('main') !== null && a.id === location.hash.slice(1)); }"
    )
    assert in_main, "after Enter on the skip link, focus is not on the main content"


@pytest.mark.parametrize(("kind", "viewport"), kind_params())
def test_every_interactive_element_is_reachable_by_tab_with_visible_focus(
    kind, viewport, require_kind, open_page
):
    page, _recorder, _response = open_page(require_kind(kind), viewport)
    elements = page.evaluate(MARK_INTERACTIVE)
    assert elements, "no interactive element at all"
    reached: dict[int, dict] = {}
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(len(elements) + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["index"] is None:
            if reached:  # focus left the page after the last element
                break
            continue
        if state["index"] in reached:
            break
        reached[state["index"]] = state
    missing = [html for i, html in enumerate(elements) if i not in reached]
    assert not missing, f"not reachable with Tab on {kind}: {missing}"
    invisible = [s["html"] for s in reached.values() if not s["visible"]]
    assert not invisible, f"no visible focus indicator on {kind} at {viewport}: {invisible}"
