"""The built book in a real browser (Debian's Chromium, driven by Playwright).

The other tests check the notebooks and the HTML as text; these check what a reader actually gets:
pages that load cleanly and entirely offline, paragraph and note links that land where they say,
pages of both editions that pass every axe rule, chapters that fit a phone, a search page that
works without a network, previews of terms, people and paragraphs, a citation for every paragraph,
and chapter pages within the weight budget. Each test fails on a regression a reader would notice.
"""

import re
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from readertools.paths import Project

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
    problems = load_problems(page, site_url, book_pages)
    assert not problems, "\n".join(problems)


def load_problems(page, base_url, paths, host="127.0.0.1"):
    """What goes wrong loading each page (console and page errors, failed requests, HTTP errors,
    requests off the machine): the check the site, and the offline copy, must pass."""
    problems = []
    current = [""]

    def note(problem):
        problems.append(f"{current[0]}: {problem}")

    def check_host(request):
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "file") and parts.hostname != host:
            note(f"request off the machine: {request.url}")

    page.on("console", lambda message: message.type == "error" and note(f"console: {message.text}"))
    page.on("pageerror", lambda error: note(f"page error: {error}"))
    # ERR_ABORTED is the browser cancelling a request when the test moves on to the next page (the
    # favicon, say), not the site failing to serve it: HTTP errors are caught by the response check.
    page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"
            and note(f"failed request: {request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and note(f"HTTP {response.status}: "
                                                                          f"{response.url}"))
    page.on("request", check_host)
    for path in paths:
        current[0] = path
        response = page.goto(base_url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        page.wait_for_load_state("networkidle")
    return problems


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


# Every rule runs on every element; only the details of the elements that pass (which the test never
# reads) are left out, which halves axe's time on a long chapter.
VIOLATIONS_ONLY = {"resultTypes": ["violations"]}


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_accessibility(page, edition, book_pages, request):
    """axe reports no violation of any impact (critical, serious, moderate or minor) on any page."""
    base = request.getfixturevalue("site_url" if edition == "student" else "instructor_url")
    axe = Axe()
    found = []
    for path in [*book_pages, "search.html", "genindex.html"]:
        page.goto(base + path)
        for violation in axe.run(page, options=VIOLATIONS_ONLY).response["violations"]:
            nodes = violation["nodes"]
            target = nodes[0]["target"] if nodes else "?"
            found.append(f"{path}: {violation['id']} ({violation['impact']}, {len(nodes)} nodes), "
                         f"first {target}")
    serious = [f for f in found if "(serious," in f or "(critical," in f]
    assert not serious, "serious or critical axe violations:\n" + "\n".join(serious)
    assert not found, f"axe violations in the {edition} edition:\n" + "\n".join(found)


# A very long word and a long address added to a paragraph, a note, a heading, a list item, a caption,
# a quotation and an editor's note: the page's width after.
LONG_TEXTS = """() => {
    const word = 'Dictatorshipoftheproletariat'.repeat(8);
    const address = 'https://example.org/' + 'a-long-path-segment/'.repeat(12) + '?q=' + 'x'.repeat(60);
    const blocks = 'article .para, article .note, article h2, article li, article .caption, article blockquote, '
        + 'article .editor-note';
    const added = ` ${word} <a href="${address}">${address}</a>`;
    blocks.split(', ').forEach(selector => document.querySelector(selector)?.insertAdjacentHTML('beforeend', added));
    return document.documentElement.scrollWidth;
}"""


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
        if chapter_id == chapter_ids[-1]:  # "back to top" (reader.js): shown while scrolling back up
            page.evaluate("() => window.scrollTo(0, 3000)")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => { window.scrollTo(0, 2500); r(); }))")
            back = page.locator("#pst-back-to-top")
            if not becomes_true(page, "() => document.getElementById('pst-back-to-top').checkVisibility()"):
                problems.append(f"{chapter_id}: no 'back to top' button when scrolling back up")
            else:
                back.click()
                if not becomes_true(page, "() => window.scrollY === 0"):
                    problems.append(f"{chapter_id}: 'back to top' does not lead to the top")
        # whatever a text holds: a very long word and a long address in each kind of block
        width = page.evaluate(LONG_TEXTS)
        if width > widths["inner"] + 1:
            problems.append(f"{chapter_id}: {width}px wide with a long word and address in its text")
    assert not problems, "\n".join(problems)


def test_search_works_offline(page, site_url):
    page.goto(site_url + "search.html?q=Kronstadt")
    # Sphinx fills in the summary ("Search finished, found ...") once every result is listed.
    finished = "() => document.querySelector('#search-results p.search-summary')?.textContent.trim()"
    assert becomes_true(page, finished, timeout=TIMEOUT_MS), "the search page never finished searching"
    hrefs = page.locator("#search-results ul.search li a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert any(urlsplit(h).path.endswith("baserli.html") for h in hrefs), f"no baserli.html in {hrefs}"


# ---------------------------------------------------------------- previews, citations, weight

PREVIEW_VISIBLE = "() => { const t = document.getElementById('reader-preview'); return t && !t.hidden; }"
PREVIEW_TEXT = "() => document.getElementById('reader-preview').textContent"


def _folded(text: str) -> str:
    return " ".join(text.split())


def _only_this_machine(page):
    """Every request the page makes, from now on, that leaves the machine."""
    off = []
    page.on("request", lambda r: urlsplit(r.url).scheme != "data"
            and urlsplit(r.url).hostname != "127.0.0.1" and off.append(r.url))
    return off


def test_previews_open_on_hover_and_focus_and_close_on_escape(page, site_url, book):
    off = _only_this_machine(page)
    page.goto(chapter(site_url, "baserli"))
    page.wait_for_load_state("networkidle")
    requests_before = []
    page.on("request", lambda r: requests_before.append(r.url))
    tip = page.locator("#reader-preview")
    assert tip.get_attribute("role") == "tooltip"

    # A glossary term, on hover: its definition, in full.
    definition = next(t.text for t in book.glossary if t.name == "bureaucracy")
    term = page.locator('a[data-preview$="#term-bureaucracy"]').first
    term.hover()
    assert becomes_true(page, PREVIEW_VISIBLE), "hovering a glossary term shows no preview"
    text = _folded(page.evaluate(PREVIEW_TEXT))
    assert text.startswith("bureaucracy") and _folded(definition) in text, text
    assert term.get_attribute("aria-describedby") == "reader-preview", "the preview is not announced"
    page.keyboard.press("Escape")
    assert becomes_true(page, "() => document.getElementById('reader-preview').hidden"), "Escape"
    assert term.get_attribute("aria-describedby") is None

    # A person, on keyboard focus: the person's line.
    person = next(p for p in book.people if p.name == "Nikolai Bukharin")
    link = page.locator('a[data-preview$="#person-nikolai-bukharin"]').first
    page.mouse.move(0, 0)
    link.focus()
    assert becomes_true(page, PREVIEW_VISIBLE), "focusing a person's link shows no preview"
    assert _folded(person.text) in _folded(page.evaluate(PREVIEW_TEXT))
    assert link.get_attribute("aria-describedby") == "reader-preview"
    page.keyboard.press("Escape")
    assert becomes_true(page, "() => document.getElementById('reader-preview').hidden")
    # Tab moves focus on, and the preview follows the focus.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.dataset.preview || ''")
    assert becomes_true(page, PREVIEW_VISIBLE) == bool(focused)

    # A paragraph reference: the paragraph's first words (no number, no note markers).
    baserli = book.chapter("baserli")
    block = next(b for b in baserli.paragraphs if b.number == 12)
    ref = page.locator('a[data-preview$="#baserli-p-12"] >> visible=true').first  # not one in a closed note
    page.keyboard.press("Escape")
    ref.hover()
    assert becomes_true(page, PREVIEW_VISIBLE), "hovering a ¶ reference shows no preview"
    text = _folded(page.evaluate(PREVIEW_TEXT))
    assert "¶ 12" in text, text
    first_words = " ".join(block.text.split()[:6])
    assert first_words in text, (first_words, text)
    page.mouse.move(0, 0)
    assert becomes_true(page, "() => document.getElementById('reader-preview').hidden"), "mouse left"
    assert not off, f"requests off the machine: {off}"
    assert not [u for u in requests_before if "glossary" in u or "people" in u], "previews looked up pages"


def test_previews_work_on_touch(browser, site_url):
    context, page = _new_page(browser, viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        off = _only_this_machine(page)
        page.goto(chapter(site_url, "baserli"))
        term = page.locator('a[data-preview$="#term-bureaucracy"]').first
        term.scroll_into_view_if_needed()
        term.tap()
        assert becomes_true(page, PREVIEW_VISIBLE), "a tap on a term shows no preview"
        assert urlsplit(page.url).path.endswith("baserli.html"), "the first tap followed the link"
        box = page.locator("#reader-preview").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        page.screenshot(path=str(SCREENSHOTS / "phone-preview.png"))
        term.tap()  # a second tap follows the link
        page.wait_for_url("**/glossary.html#term-bureaucracy")
        assert not off, off
    finally:
        context.close()


NO_ADDRESS = "[No address: this copy of the reader was built without a public address.]"
BASERLI_12 = ("Léo Baserli. “Lenin against Stalin: the State without revolution.” New Anticapitalist Party (NPA). "
              "22 January 2024. In Reading Revolutions: a critical source reader, 1871–1973, chapter 5, ¶ 12. ")
# What a citation must not carry: the source line's remarks on what the text does or does not state.
REMARKS = re.compile(r"not stated|not dated|as the .* states|implies|;|Accessed|editors", re.IGNORECASE)


def test_every_paragraph_number_offers_a_citation(browser, site_url, catalogue):
    """A paragraph's number opens its citation: author, title, venue, date, the reader, the chapter,
    the paragraph and the public address, nothing else; the test site has no public address, and the
    citation says so instead of citing the address it was opened at."""
    context, page = _new_page(browser, viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    try:
        page.goto(chapter(site_url, "baserli"))
        page.locator("#p-12 a.pnum").click()
        dialog = page.locator(".reader-cite[role=dialog]")
        assert dialog.is_visible(), "clicking ¶ 12's number offers no citation"
        assert dialog.get_attribute("aria-label") == "Cite paragraph 12"
        assert urlsplit(page.url).fragment == "baserli-p-12", "the number no longer links to its paragraph"
        text = page.locator(".reader-cite-text").text_content()
        assert text == BASERLI_12 + NO_ADDRESS
        # Placed right under the paragraph, inside the phone's width.
        before = page.evaluate("() => document.querySelector('.reader-cite').previousElementSibling.id")
        assert before == "p-12", before
        box = dialog.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box
        # Ready to copy: focus is on the copy button, and it copies exactly the citation.
        assert page.evaluate("() => document.activeElement.textContent") == "Copy citation"
        dialog.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "phone-citation.png"))
        page.keyboard.press("Enter")
        assert becomes_true(page, "() => document.querySelector('.reader-cite-status').textContent"
                            " === 'Citation copied.'"), "the citation was not copied"
        assert page.evaluate("() => navigator.clipboard.readText()") == text
        # the link is to the paragraph where the page was opened (a link to follow, not a citation)
        page.get_by_role("button", name="Copy link").click()
        assert page.evaluate("() => navigator.clipboard.readText()") == (
            f"{site_url}book/chapters/baserli.html#baserli-p-12")
        # Escape closes it and gives the focus back to the number.
        page.keyboard.press("Escape")
        assert page.locator(".reader-cite").count() == 0
        assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#baserli-p-12"
        # Every numbered paragraph of every chapter has its number, so its citation, without remarks.
        for source in catalogue.sources:
            page.goto(chapter(site_url, source.id))
            numbers = page.locator("a.pnum[aria-haspopup=dialog]").count()
            assert numbers == page.locator(".para").count() > 0, source.id
            page.locator("#p-1 a.pnum").click()
            text = page.locator(".reader-cite-text").text_content().removesuffix(NO_ADDRESS)
            assert text.startswith(". ".join(source.authors[:1])) and "¶ 1. " in text, text
            assert not REMARKS.search(text.replace(source.title, "")), f"{source.id}: {text}"
        # With the site's public address (as `html: baseurl` writes it into the page), the citation ends with it.
        address = "https://example.org/reader/book/chapters/baserli.html"

        def with_address(route):
            response = route.fetch()
            route.fulfill(response=response, body=response.text().replace('"url":""', f'"url":"{address}"'))

        page.route("**/baserli.html", with_address)
        page.goto(chapter(site_url, "baserli"))
        page.locator("#p-12 a.pnum").click()
        assert page.locator(".reader-cite-text").text_content() == f"{BASERLI_12}{address}#baserli-p-12."
    finally:
        context.close()


SCREENSHOTS = Project.here().build / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)
SHARED_BUDGET_BYTES = 45 * 1024  # every request of a first visit but the page's own HTML
BUDGET_REQUESTS = 12  # the page's own included


@pytest.mark.parametrize("chapter_id", ["baserli", "avakian", "henry"])
def test_chapter_pages_stay_within_the_weight_budget(browser, gzip_site_url, chapter_id):
    """A first visit on a phone (gzip, as a host serves it): the shared assets, all but the page's own
    HTML, within 45 KB, in 12 requests or fewer with the page; no icon script, search index or
    Bootstrap script (loaded when a tooltip is first wanted)."""
    context, page = _new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    sizes = {}
    try:
        def finished(request):
            s = request.sizes()
            sizes[request.url] = s["responseBodySize"] + s["responseHeadersSize"]

        page.on("requestfinished", finished)
        page.goto(chapter(gzip_site_url, chapter_id))
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        own = [url for url in sizes if urlsplit(url).path.endswith(f"{chapter_id}.html")]
        shared = sum(size for url, size in sizes.items() if url not in own)
        largest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
        report = f"{chapter_id}: shared {shared / 1024:.1f} KB in {len(sizes)} requests; largest {largest}"
        assert len(own) == 1 and 10 * 1024 < shared <= SHARED_BUDGET_BYTES, report
        assert len(sizes) <= BUDGET_REQUESTS, report
        assert not [u for u in sizes if any(name in u for name in ("fontawesome.js", "searchindex.js", "bootstrap.js"))]
    finally:
        context.close()


def test_search_words_are_highlighted_on_the_result_page(page, site_url):
    page.goto(site_url + "search.html?q=Kronstadt")
    finished = "() => document.querySelector('#search-results p.search-summary')?.textContent.trim()"
    assert becomes_true(page, finished, timeout=TIMEOUT_MS)
    page.locator("#search-results ul.search li a").first.click()
    assert becomes_true(page, "() => document.querySelector('span.highlighted') !== null",
                        timeout=TIMEOUT_MS), "the searched word is not highlighted on the result page"


def test_theme_features_are_kept(page, site_url):
    """Dark mode, the icons, the header buttons' tooltips, the contents sidebar and code copy buttons all
    still work."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(chapter(site_url, "baserli"))
    page.wait_for_load_state("networkidle")
    switch = page.locator("button.theme-switch-button").first
    # the header buttons' tooltips: Bootstrap's script is loaded when one is first pointed at
    assert not [url for url in requests if "bootstrap.js" in url]
    switch.hover()
    assert becomes_true(page, "() => document.querySelector('.tooltip.show')?.textContent === 'Color mode'",
                        timeout=TIMEOUT_MS), "no tooltip on the colour-mode button"
    assert [url for url in requests if "bootstrap.js" in url]
    icon = switch.locator("svg:visible")
    assert icon.count() == 1 and icon.bounding_box()["width"] > 8, "the colour-mode icon is not drawn"
    before = page.evaluate("() => document.documentElement.dataset.theme")
    switch.click()
    after = page.evaluate("() => document.documentElement.dataset.theme")
    assert before != after or page.evaluate("() => document.documentElement.dataset.mode") == "auto"
    assert page.locator("#pst-page-toc-nav a").count() > 5, "no contents sidebar"
    page.locator("details.hide summary").first.click()
    button = page.locator(".reader-copy").first
    assert button.is_visible() and button.get_attribute("aria-label") == "Copy this code"


# ---------------------------------------------------------------- reading on a phone (plots, tables, timeline)

LAPTOP = {"width": 1280, "height": 900}
DARK = "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
# Every image of the article, loaded now (they load lazily): its natural and its drawn proportion
# (the content box: padding and border left out).
IMAGE_PROPORTIONS = """async () => {
    const images = [...document.querySelectorAll('article.bd-article img')];
    await Promise.all(images.map(img => { img.loading = 'eager'; return img.decode().catch(() => null); }));
    return images.map(img => {
        const s = getComputedStyle(img), r = img.getBoundingClientRect();
        const px = (...names) => names.reduce((sum, name) => sum + (parseFloat(s[name]) || 0), 0);
        const width = r.width - px('paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth');
        const height = r.height - px('paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth');
        return {src: img.getAttribute('src').split('/').pop(), natural: img.naturalWidth / img.naturalHeight,
                drawn: width / height, width};
    });
}"""


@pytest.fixture(scope="session")
def pages_with_images(site, book_pages):
    """The pages whose article holds an image (read from the built files: no page load)."""
    found = [path for path in book_pages if "<img " in (site / path).read_text(encoding="utf-8").split(
        '<article class="bd-article">', 1)[-1]]
    assert found, "no page of the book has an image: the plots are gone"
    return found


def test_images_keep_their_proportion(browser, site_url, pages_with_images):
    """On a phone in dark mode, on a laptop in light mode and in print, every image of an article is
    drawn in its own proportion (within 3 %) and no wider than the page."""
    problems = []
    for viewport, init in ((PHONE, DARK), (LAPTOP, "")):
        context, page = _new_page(browser, viewport=viewport)
        context.add_init_script(init)
        try:
            for path in pages_with_images:
                page.goto(site_url + path)
                for media in ("screen", "print"):
                    page.emulate_media(media=media)
                    for image in page.evaluate(IMAGE_PROPORTIONS):
                        where = f"{path} at {viewport['width']}px ({media}), {image['src']}"
                        if not image["natural"]:
                            problems.append(f"{where}: not loaded")
                        elif abs(image["drawn"] / image["natural"] - 1) > 0.03:
                            problems.append(f"{where}: drawn {image['drawn']:.2f}, natural {image['natural']:.2f}")
                        elif media == "screen" and image["width"] > viewport["width"]:
                            problems.append(f"{where}: {image['width']:.0f}px wide")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


# Each visible cell of the article's tables: its text, its effective background (the colours behind it,
# blended up to the first opaque one) and its text colour's contrast with it (WCAG), its right edge.
TABLE_CELLS = """() => {
    const rgba = text => (text.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number).concat([1]).slice(0, 4);
    const luminance = ([r, g, b]) => [r, g, b].map(c => c / 255)
        .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const behind = el => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) layers.push(c);
            if (c[3] >= 0.99) break;
        }
        return layers.reverse().reduce((under, [r, g, b, a]) =>
            [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a)], [255, 255, 255]);
    };
    return [...document.querySelectorAll('article.bd-article table td, article.bd-article table th')]
        // (a table shown as cards on a phone keeps its headings for screen readers, in a 1px box)
        .filter(cell => (cell.closest('thead') || cell).getBoundingClientRect().width > 1 && cell.innerText.trim())
        .map(cell => {
            const back = luminance(behind(cell)), ink = luminance(rgba(getComputedStyle(cell).color));
            const [light, dark] = back > ink ? [back, ink] : [ink, back];
            return {text: cell.innerText.trim().slice(0, 40), background: back,
                    contrast: (light + 0.05) / (dark + 0.05), right: cell.getBoundingClientRect().right};
        });
}"""
# Each notebook table's box: whether it scrolls sideways; each of its rows: whether it shows any text.
# (a table folded away in a closed <details>, the timeline's, is left out: it shows nothing until opened)
TABLE_BOXES = """() => [...document.querySelectorAll('div.cell_output .output.text_html:has(> table)')]
  .filter(box => box.checkVisibility()).map(box => ({
    scrolls: box.scrollWidth > box.clientWidth + 1,
    blankRows: [...box.querySelectorAll('tbody tr')].filter(row => !row.innerText.trim()).length,
}))"""


# What a data page adds to a chapter's text, for axe's colour-contrast rule in dark mode (the whole of
# a long chapter took twice the time; test_accessibility runs every rule on every page).
DATA = {"include": [["article.bd-article table"], ["article.bd-article figure"]]}


@pytest.fixture(scope="session")
def data_pages(site, book_pages):
    """The pages whose article holds a table from a notebook (pandas' Styler), read from the built files."""
    found = [path for path in book_pages if '<table id="T_' in (site / path).read_text(encoding="utf-8")]
    assert len(found) >= 3, found
    return found


def test_data_tables_read_on_a_phone_in_dark_mode(browser, site_url, data_pages):
    """At 390px in dark mode: every table cell of a data page is dark with its text at a contrast of 4.5
    or more, and axe finds no colour-contrast violation in its tables and figures; no notebook table
    scrolls sideways or has a row that shows nothing, and no cell reaches past the screen's edge."""
    context, page = _new_page(browser, viewport=PHONE)
    context.add_init_script(DARK)
    axe, problems = Axe(), []
    try:
        for path in data_pages:
            page.goto(site_url + path)
            cells = page.evaluate(TABLE_CELLS)
            assert cells, f"{path}: no table cell"
            problems += [f"{path}: a light cell ({c['background']:.2f}): {c['text']!r}" for c in cells
                         if c["background"] > 0.05]
            problems += [f"{path}: contrast {c['contrast']:.1f}: {c['text']!r}" for c in cells if c["contrast"] < 4.5]
            problems += [f"{path}: a cell past the edge ({c['right']:.0f}px): {c['text']!r}" for c in cells
                         if c["right"] > PHONE["width"]]
            for number, box in enumerate(page.evaluate(TABLE_BOXES), start=1):
                if box["scrolls"] or box["blankRows"]:
                    problems.append(f"{path}: table {number} scrolls sideways or has blank rows: {box}")
            found = axe.run(page, context=DATA, options={"runOnly": ["color-contrast"], **VIOLATIONS_ONLY}).response
            problems += [f"{path}: axe color-contrast: {node['target']} {node.get('failureSummary', '')[:200]}"
                         for violation in found["violations"] for node in violation["nodes"]]
    finally:
        context.close()
    assert not problems, "\n".join(problems[:40])


TIMELINE_MAX_HEIGHT = 15_000  # at 390px: about four phone screens for the densest decade
SHOWN_EVENTS = """() => [...document.querySelectorAll('ul.reader-timeline > li')].filter(li => li.offsetParent)
    .map(li => ({chapters: [...li.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
                 flagged: li.textContent.includes('⚑')}))"""


def test_the_timeline_reads_on_a_phone_and_filters_by_source(phone_page, site_url, site):
    """At 390px the timeline is under 15,000px, its events grouped by decade with their sources and
    ⚑ flags; a source's button shows only the events that source dates, in the page (no request);
    the full table is a download away."""
    page = phone_page
    page.goto(site_url + "book/across/timeline.html")
    page.wait_for_load_state("networkidle")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < TIMELINE_MAX_HEIGHT, f"the timeline is {height}px tall at 390px"
    decades = [heading.removesuffix("#")  # the heading's link sign
               for heading in page.locator("section:has(> ul.reader-timeline) > h3").all_text_contents()]
    assert len(decades) >= 5 and all(d.startswith("The ") and d.endswith("0s") for d in decades), decades
    events = page.evaluate(SHOWN_EVENTS)
    assert len(events) > 50 and all(e["chapters"] for e in events)
    flagged = sum(e["flagged"] for e in events)
    assert flagged >= 5 and page.locator("ul.reader-timeline > li[data-flagged]").count() == flagged

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    status = page.locator(".reader-timeline-filter [role=status]")
    page.get_by_role("button", name="Henry (chapter 6)").click()
    henry = page.evaluate(SHOWN_EVENTS)
    assert 0 < len(henry) < len(events), len(henry)
    assert all(any("chapters/henry.html" in href for href in e["chapters"]) for e in henry)
    assert status.text_content() == f"{len(henry)} of {len(events)} events shown."
    assert page.get_by_role("button", name="Henry (chapter 6)").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="⚑ dated differently").click()
    page.get_by_role("button", name="All sources").click()
    assert len(page.evaluate(SHOWN_EVENTS)) == flagged
    page.get_by_role("button", name="⚑ dated differently").click()
    assert status.text_content() == f"All {len(events)} events."
    assert requests == [], f"filtering made requests: {requests}"

    # the whole table: on the datasets page the timeline page links to, as a file that downloads
    assert page.locator("article a[href$='back/datasets.html']").count() >= 1
    datasets = (site / "book" / "back" / "datasets.html").read_text(encoding="utf-8")
    download = re.search(r'href="\.\./\.\./(_downloads/[0-9a-f]+/timeline\.csv)"', datasets)
    assert download, "the datasets page has no download of timeline.csv"
    response = page.request.get(site_url + download[1])
    assert response.ok and response.body().decode("utf-8").startswith("event_id,")


def test_the_contents_show_headings_without_their_note_markers(page, site_url, site, chapter_ids):
    """A heading that ends with a note's marker keeps it on the page; "On this page" shows it without."""
    headings = 0
    marked = [cid for cid in chapter_ids if re.search(r'<h[2-6][^>]*>[^<]*<a class="note-ref',
                                                      (site / "book" / "chapters" / f"{cid}.html").read_text("utf-8"))]
    assert marked, "no chapter has a heading with a note marker: the test tests nothing"
    for chapter_id in marked:
        page.goto(chapter(site_url, chapter_id))
        found = page.evaluate("""() => [...document.querySelectorAll('article :is(h2, h3, h4):has(a.note-ref)')]
            .map(h => {
                const bare = h.cloneNode(true);
                bare.querySelectorAll('a.note-ref, a.headerlink').forEach(a => a.remove());
                const entry = document.querySelector(`#pst-page-toc-nav a[href="#${h.closest('section').id}"]`);
                return {heading: bare.textContent.trim(), marker: h.querySelector('a.note-ref').textContent,
                        entry: entry && entry.textContent.trim()};
            })""")
        headings += len(found)
        for item in found:
            assert item["entry"] == item["heading"], f"{chapter_id}: {item}"
            assert item["marker"].isdigit()
    assert headings
