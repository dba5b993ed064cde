"""The built book in a real browser (Debian's Chromium, driven by Playwright).

The other tests check the notebooks and the HTML as text; these check what a reader actually gets:
pages that load cleanly and entirely offline, paragraph and note links that land where they say,
pages that pass axe's serious and critical accessibility rules, chapters that fit a phone, and a
search page that works without a network. Each test fails on a regression a reader would notice.
"""

import shutil
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

# The flags that make Debian's Chromium run headless on these machines (see shared/STACK.md).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
SCROLL_WAIT_MS = 3_000  # hash navigation and scrolling are near-instant; this is only a safety margin
TRANSPARENT = {"transparent", "rgba(0, 0, 0, 0)"}

# JavaScript predicates on the element with a given id (false if there is none).
IN_VIEW = """id => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
}"""
# The top of the element is in the viewport and not covered (by the theme's sticky header, say).
TOP_IN_VIEW = """id => {
    const el = document.getElementById(id);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.top >= window.innerHeight) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + 2);
    return hit !== null && el.contains(hit);
}"""
HASH_IS = "hash => location.hash === hash"


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("no `chromium` on PATH: run `make browser` (Debian's package, not `playwright install`)")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


def _new_page(browser, **context_options):
    context = browser.new_context(**context_options)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _new_page(browser)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    # Viewport size only: with `is_mobile` Chromium widens the layout viewport to fit overflowing
    # content, which would hide exactly the overflow the phone test looks for.
    context, page = _new_page(browser, viewport=PHONE)
    yield page
    context.close()


@pytest.fixture(scope="session")
def book_pages(site, project):
    """Every page of the table of contents, as a path in the built site."""
    toc = yaml.safe_load(project.toc.read_text(encoding="utf-8"))
    files = [toc["root"]] + [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    return [f"{file}.html" for file in files]


@pytest.fixture(scope="session")
def chapter_ids(catalogue):
    return [source.id for source in catalogue.sources]


def chapter(site_url, chapter_id, rest=""):
    return f"{site_url}book/chapters/{chapter_id}.html{rest}"


def becomes_true(page, predicate, arg=None, timeout=SCROLL_WAIT_MS):
    """Whether the JavaScript `predicate(arg)` becomes truthy in time (so tests fail with a message)."""
    try:
        page.wait_for_function(predicate, arg=arg, timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


def test_pages_load_cleanly_and_offline(page, site_url, book_pages):
    """No console errors, page errors, failed requests, HTTP errors, or requests off the machine."""
    paths = book_pages
    problems = []
    current = [""]

    def note(problem):
        problems.append(f"{current[0]}: {problem}")

    def check_host(request):
        parts = urlsplit(request.url)
        if parts.scheme != "data" and parts.hostname != "127.0.0.1":
            note(f"request off the machine: {request.url}")

    page.on("console", lambda message: message.type == "error" and note(f"console: {message.text}"))
    page.on("pageerror", lambda error: note(f"page error: {error}"))
    page.on("requestfailed", lambda request: note(f"failed request: {request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and note(f"HTTP {response.status}: "
                                                                          f"{response.url}"))
    page.on("request", check_host)
    for path in paths:
        current[0] = path
        response = page.goto(site_url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        page.wait_for_load_state("networkidle")
    assert not problems, "\n".join(problems)


def test_paragraph_anchor_lands_and_highlights(page, site_url):
    page.goto(chapter(site_url, "baserli", "#p-12"))
    assert becomes_true(page, TOP_IN_VIEW, "p-12"), "opening #p-12 does not bring the top of ¶ 12 into view"
    target = page.locator("#p-12")
    box = target.bounding_box()
    viewport = page.evaluate("() => ({width: window.innerWidth, height: window.innerHeight})")
    assert box is not None
    assert 0 <= box["y"] < viewport["height"], f"#p-12 at y={box['y']}, viewport {viewport}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, box

    highlight = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlight not in TRANSPARENT, "the :target paragraph is not highlighted"
    # The highlight comes from :target, not from every paragraph.
    other = page.locator("#p-11").evaluate("el => getComputedStyle(el).backgroundColor")
    assert other in TRANSPARENT, f"a paragraph that is not the target is highlighted too ({other})"

    # The label anchor (what paragraph numbers and cross-references link to) is inside ¶ 12 ...
    inside = page.evaluate("() => document.getElementById('baserli-p-12')?.closest('#p-12') != null")
    assert inside, "#baserli-p-12 is missing or outside paragraph 12"
    # ... and arriving by it also brings ¶ 12 into view, highlighted.
    page.goto(chapter(site_url, "baserli", "#baserli-p-12"))
    assert becomes_true(page, TOP_IN_VIEW, "p-12"), "opening #baserli-p-12 does not bring ¶ 12 into view"
    highlight = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlight not in TRANSPARENT, "arriving at #baserli-p-12 does not highlight paragraph 12"


def test_paragraph_number_links_to_its_label(page, site_url, chapter_ids):
    for chapter_id in chapter_ids:
        page.goto(chapter(site_url, chapter_id))
        page.locator("#p-3 a.pnum").click()
        expected = f"#{chapter_id}-p-3"
        becomes_true(page, HASH_IS, expected)
        assert urlsplit(page.url).fragment == expected[1:], f"{chapter_id}: ¶ 3's number led to {page.url}"
        assert page.evaluate(IN_VIEW, "p-3"), f"{chapter_id}: ¶ 3 is not in view after clicking its number"


def test_note_links_round_trip(page, site_url):
    page.goto(chapter(site_url, "avakian"))
    marker = page.locator('a.note-ref[href$="#avakian-n-1"]')
    assert marker.count() >= 1, "no marker for note 1"
    marker.first.click()
    assert becomes_true(page, HASH_IS, "#avakian-n-1"), f"the marker for note 1 led to {page.url}"
    assert becomes_true(page, IN_VIEW, "n-1"), "note 1 (#n-1) is not in view after clicking its marker"

    back = page.locator("#n-1 a.note-label")
    href = back.get_attribute("href")
    assert href and href.startswith("#"), f"note 1's label does not link back into the page: {href!r}"
    back.click()
    assert becomes_true(page, HASH_IS, href), f"note 1's label ({href}) led to {page.url}"
    landed = page.evaluate(
        """id => {
            const para = document.getElementById(id)?.closest('.para');
            if (!para) return null;
            const r = para.getBoundingClientRect();
            return {
                hasMarker: para.querySelector('a.note-ref[href$="#avakian-n-1"]') !== null,
                inView: r.bottom > 0 && r.top < window.innerHeight,
            };
        }""",
        href[1:],
    )
    assert landed is not None, f"{href} is not in a paragraph"
    assert landed["hasMarker"], f"{href} leads to a paragraph without note 1's marker"
    assert landed["inView"], f"the paragraph at {href} is not in view after following the note back"


def test_accessibility(page, site_url, book_pages):
    axe = Axe()
    found = []
    for path in book_pages:
        page.goto(site_url + path)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                nodes = violation["nodes"]
                target = nodes[0]["target"] if nodes else "?"
                found.append(f"{path}: {violation['id']} ({violation['impact']}, {len(nodes)} nodes), "
                             f"first {target}")
    assert not found, "serious or critical axe violations:\n" + "\n".join(found)


def test_chapters_fit_a_phone(phone_page, site_url, chapter_ids):
    page = phone_page
    problems = []
    for chapter_id in chapter_ids:
        page.goto(chapter(site_url, chapter_id))
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
        assert widths["inner"] == PHONE["width"], widths
        if widths["scroll"] > widths["inner"] + 1:
            problems.append(f"{chapter_id}: {widths['scroll']}px wide in a {widths['inner']}px viewport")
        pnum = page.locator("#p-1 a.pnum")
        box = pnum.bounding_box()
        if box is None or not pnum.is_visible():
            problems.append(f"{chapter_id}: the number of ¶ 1 is not displayed")
        elif box["x"] < 0 or box["x"] + box["width"] > widths["inner"]:
            problems.append(f"{chapter_id}: the number of ¶ 1 is off-screen (x={box['x']:.0f})")
        clipped = page.evaluate(
            "() => [...document.querySelectorAll('a.pnum')]"
            ".filter(a => a.getBoundingClientRect().left < 0).map(a => a.textContent)")
        if clipped:
            problems.append(f"{chapter_id}: paragraph numbers off the left edge: {clipped[:10]}")
    assert not problems, "\n".join(problems)


def test_search_works_offline(page, site_url):
    page.goto(site_url + "search.html?q=Kronstadt")
    # Sphinx fills in the summary ("Search finished, found ...") once every result is listed.
    finished = "() => document.querySelector('#search-results p.search-summary')?.textContent.trim()"
    assert becomes_true(page, finished, timeout=TIMEOUT_MS), "the search page never finished searching"
    hrefs = page.locator("#search-results ul.search li a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert any(urlsplit(h).path.endswith("baserli.html") for h in hrefs), f"no baserli.html in {hrefs}"
