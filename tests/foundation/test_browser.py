"""The built site as readers see it: every page in headless Chromium at 1366 px and 390 px.

Fails on what a reader on a phone or a laptop would hit: a page that scrolls sideways, an
image without alt text, a figure shown below half its pixel width (labels too small to
read), a broken link or anchor, a broken image, and text that leaked from the build
(``<bestand>``, ``{{<``, ``NaN``, ``:::``).

Driven by Playwright's Python package with the *system* Chromium (Debian package
``chromium``), so no browser is downloaded. Skipped, with the reason, where either is
missing. ``BROWSER_TEST_SITE=_site`` checks an already built site instead of building one.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

WIDTHS = (1366, 390)
# leftovers of Markdown, shortcodes or missing values that must never reach a reader
RAW_TEXT = re.compile(r"<bestand>|<regel>|\{\{<|>\}\}|^:::|\bNaN\b|\bnan\b|\bNone\b", re.M)
MIN_SCALE = 0.5  # a figure is shown at >= half its pixel width (render.py, site.css)

PROBE = """(minScale) => {
  const doc = document.documentElement;
  const skip = (n) => n.parentElement && n.parentElement.closest('pre, code, script, style, details:not([open]) > :not(summary)');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const text = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!skip(n)) text.push(n.textContent);
  const imgs = [...document.images];
  return {
    overflow: doc.scrollWidth - doc.clientWidth,
    wide: [...document.body.querySelectorAll('*')]
      .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 1 && !e.closest('.table-scroll, figure, .quarto-figure, pre'))
      .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ': ' + (e.textContent || '').trim().slice(0, 60)),
    noalt: imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.getAttribute('src')),
    broken: imgs.filter(i => i.complete && i.naturalWidth === 0).map(i => i.getAttribute('src')),
    samecap: imgs.filter(i => { const c = i.closest('figure') && i.closest('figure').querySelector('figcaption');
                               return c && c.textContent.replace(/^Figuur \\d+: /, '').trim() === (i.alt || '').trim(); })
      .map(i => i.getAttribute('src')),
    narrow: imgs.filter(i => i.closest('figure, .quarto-figure, a.full-size') && i.naturalWidth > 0
                         && i.getBoundingClientRect().width < minScale * i.naturalWidth - 1)
      .map(i => `${i.getAttribute('src')} (${Math.round(i.getBoundingClientRect().width)} px van ${i.naturalWidth})`),
    text: text.join(' '),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id).concat([...document.querySelectorAll('a[name]')].map(e => e.name)),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  };
}"""


def _chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def site(request) -> Path:
    given = os.environ.get("BROWSER_TEST_SITE")
    if given:
        return Path(given).resolve()
    return request.getfixturevalue("full_site") / "_site"


@pytest.fixture(scope="module")
def probes(site):
    """Every page of the site probed at both widths: {width: {page: result}}."""
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright (pip install playwright) ontbreekt")
    executable = _chromium()
    if executable is None:
        pytest.skip("geen Chromium gevonden (Debian: apt-get install chromium; of zet CHROMIUM)")
    pages = sorted(p for p in site.rglob("*.html") if "site_libs" not in p.parts)
    assert pages, f"geen pagina's in {site}"
    out = {}
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            for width in WIDTHS:
                tab = browser.new_page(viewport={"width": width, "height": 900})
                out[width] = {}
                for page in pages:
                    tab.goto(page.as_uri(), wait_until="load")
                    out[width][page] = tab.evaluate(PROBE, MIN_SCALE)
                tab.close()
        finally:
            browser.close()
    return out


def _report(problems: list[str]) -> str:
    return f"{len(problems)} probleem/problemen:\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(probes, site, width):
    problems = [
        f"{p.relative_to(site)} @ {width}px: {r['overflow']} px te breed; {r['wide']}"
        for p, r in probes[width].items()
        if r["overflow"] > 0
    ]
    assert not problems, _report(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_figures_stay_legible(probes, site, width):
    problems = [f"{p.relative_to(site)} @ {width}px: {img}" for p, r in probes[width].items() for img in r["narrow"]]
    assert not problems, _report(problems)


def test_every_image_has_alt_text_that_describes_it_and_loads(probes, site):
    problems = [f"{p.relative_to(site)}: geen alt-tekst: {src}" for p, r in probes[1366].items() for src in r["noalt"]]
    problems += [
        f"{p.relative_to(site)}: afbeelding laadt niet: {src}" for p, r in probes[1366].items() for src in r["broken"]
    ]
    problems += [
        f"{p.relative_to(site)}: alt-tekst herhaalt alleen het bijschrift (zet #| fig-alt): {src}"
        for p, r in probes[1366].items()
        for src in r["samecap"]
    ]
    assert not problems, _report(problems)


def test_no_raw_markup_or_missing_values_in_the_text(probes, site):
    problems = []
    for p, r in probes[1366].items():
        for m in RAW_TEXT.finditer(r["text"]):
            context = r["text"][max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
            problems.append(f"{p.relative_to(site)}: {m.group(0)!r} in '…{context}…'")
    assert not problems, _report(problems)


def test_every_link_and_anchor_resolves(probes, site):
    ids = {p.resolve(): set(r["ids"]) for p, r in probes[1366].items()}
    problems = []
    for page, r in probes[1366].items():
        for href in r["links"]:
            url = urlparse(href)
            if url.scheme != "file":
                continue  # the web is not checked here
            target = Path(unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: link naar ontbrekend bestand {target}")
            elif url.fragment and target.suffix == ".html":
                known = ids.get(target)
                if known is None:
                    problems.append(f"{page.relative_to(site)}: link naar {target.name} (niet in de site)")
                elif unquote(url.fragment) not in known:
                    problems.append(f"{page.relative_to(site)}: anker #{url.fragment} bestaat niet in {target.name}")
    assert not problems, _report(problems)
