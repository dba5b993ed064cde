/* The reader's own script: previews of terms, people and paragraphs; a citation for every
 * paragraph; copy buttons for code; the timeline's filter by source; the theme's Bootstrap script on
 * demand. Small, dependency-free, and offline: everything it shows was
 * written into the page at build time (readertools/sphinx_previews.py, readertools/sphinx_cite.py).
 */
(() => {
  "use strict";

  const readJSON = (id) => {
    const el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  };

  /* Copy text: the Clipboard API where the page is a secure context, else a hidden selection. */
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(text); return true; } catch (e) { /* fall through */ }
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  /* ---------------------------------------------------------------- previews */

  function setUpPreviews() {
    const previews = readJSON("reader-previews");
    if (!previews) return;
    const tip = document.createElement("div");
    tip.id = "reader-preview";
    tip.className = "reader-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    const title = document.createElement("strong");
    title.className = "reader-preview-title";
    const text = document.createElement("span");
    text.className = "reader-preview-text";
    tip.append(title, text);
    document.body.appendChild(tip);

    let current = null;
    let showTimer = 0;
    let hideTimer = 0;
    let lastPointer = "mouse";

    function place(link) {
      const r = link.getBoundingClientRect();
      const margin = 8;
      const width = Math.min(360, document.documentElement.clientWidth - 2 * margin);
      tip.style.maxWidth = `${width}px`;
      const left = Math.max(margin, Math.min(r.left, document.documentElement.clientWidth - width - margin));
      tip.style.left = `${left + window.scrollX}px`;
      const below = r.bottom + 6;
      const height = tip.offsetHeight;
      const top = below + height > window.innerHeight && r.top - height - 6 > 0 ? r.top - height - 6 : below;
      tip.style.top = `${top + window.scrollY}px`;
    }

    function show(link) {
      clearTimeout(hideTimer);
      const preview = previews[link.dataset.preview];
      if (!preview) return;
      if (current && current !== link) current.removeAttribute("aria-describedby");
      current = link;
      title.textContent = preview.title;
      title.hidden = !preview.title;
      text.textContent = preview.text;
      tip.dataset.kind = preview.kind;
      tip.hidden = false;
      place(link);
      link.setAttribute("aria-describedby", tip.id);
    }

    function hide() {
      clearTimeout(showTimer);
      if (current) current.removeAttribute("aria-describedby");
      current = null;
      tip.hidden = true;
    }

    const links = document.querySelectorAll("a[data-preview]");
    links.forEach((link) => {
      link.addEventListener("mouseenter", () => {
        clearTimeout(hideTimer);
        showTimer = setTimeout(() => show(link), 150);
      });
      link.addEventListener("mouseleave", () => {
        clearTimeout(showTimer);
        hideTimer = setTimeout(hide, 250);
      });
      link.addEventListener("focus", () => show(link));
      link.addEventListener("blur", () => { if (lastPointer !== "touch") hide(); });
      let openAtTap = false;
      link.addEventListener("pointerdown", (event) => {
        lastPointer = event.pointerType || "mouse";
        openAtTap = current === link && !tip.hidden;
      });
      /* Touch has no hover: the first tap shows the preview, a second tap follows the link. */
      link.addEventListener("click", (event) => {
        if (lastPointer === "touch" && !openAtTap) {
          event.preventDefault();
          show(link);
        }
      });
    });
    /* The preview stays open while the pointer is over it (so it can be read and selected). */
    tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
    tip.addEventListener("mouseleave", () => { hideTimer = setTimeout(hide, 250); });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && current) hide();
    });
    document.addEventListener("pointerdown", (event) => {
      lastPointer = event.pointerType || "mouse";
      if (current && !tip.contains(event.target) && !event.target.closest("a[data-preview]")) hide();
    });
    window.addEventListener("resize", () => { if (current) place(current); });
  }

  /* ---------------------------------------------------------------- citations */

  function listNames(names) {
    if (names.length <= 1) return names.join("");
    return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  }

  /* The page's own address, for the "Copy link" button: the public one where the site has one. */
  function pageAddress(source) {
    if (source.url) return source.url;
    return location.href.split("#")[0].split("?")[0];
  }

  const NO_ADDRESS = "[No address: this copy of the reader was built without a public address.]";

  /* A paragraph's citation: author, title, venue, date (only what can be cited of them:
   * readertools/sphinx/cite.py), the reader, its chapter, the paragraph and the page's public address,
   * nothing else. Without a public address it says so: the address a page was opened at (127.0.0.1, a
   * file on disk) cites nothing. */
  function citation(source, number, anchor) {
    const title = /[.?!…]$/.test(source.title) ? source.title : `${source.title}.`;
    const venue = source.venue ? ` ${source.venue}.` : "";
    const chapter = source.chapter ? `, chapter ${source.chapter}` : "";
    const address = source.url ? `${source.url}#${anchor}.` : NO_ADDRESS;
    return `${listNames(source.authors)}. “${title}”${venue} ${source.date}. ` +
      `In ${source.reader}${chapter}, ¶ ${number}. ${address}`;
  }

  function setUpCitations() {
    const source = readJSON("reader-cite");
    if (!source) return;
    let open = null;

    function close(returnFocus) {
      if (!open) return;
      const { box, number } = open;
      box.remove();
      number.setAttribute("aria-expanded", "false");
      open = null;
      if (returnFocus) number.focus({ preventScroll: true });
    }

    function button(label, onClick) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "reader-cite-button";
      b.textContent = label;
      b.addEventListener("click", onClick);
      return b;
    }

    function openFor(number) {
      const para = number.closest(".para");
      if (!para) return;
      const n = number.textContent.trim();
      const anchor = number.getAttribute("href").slice(1);
      close(false);
      const box = document.createElement("div");
      box.className = "reader-cite";
      box.id = `reader-cite-${n}`;
      box.setAttribute("role", "dialog");
      box.setAttribute("aria-label", `Cite paragraph ${n}`);
      const heading = document.createElement("p");
      heading.className = "reader-cite-heading";
      heading.textContent = `Cite ¶ ${n}`;
      const text = document.createElement("p");
      text.className = "reader-cite-text";
      text.textContent = citation(source, n, anchor);
      const status = document.createElement("span");
      status.className = "reader-cite-status";
      status.setAttribute("role", "status");
      const url = `${pageAddress(source)}#${anchor}`;
      const actions = document.createElement("div");
      actions.className = "reader-cite-actions";
      const copyCitation = button("Copy citation", async () => {
        status.textContent = (await copyText(text.textContent)) ? "Citation copied." : "Select the text to copy it.";
      });
      actions.append(
        copyCitation,
        button("Copy link", async () => {
          status.textContent = (await copyText(url)) ? "Link copied." : "Select the link to copy it.";
        }),
        button("Close", () => close(true)),
        status,
      );
      box.append(heading, text, actions);
      box.addEventListener("keydown", (event) => {
        if (event.key === "Escape") { event.stopPropagation(); close(true); }
      });
      const holder = para.closest("blockquote") || para;
      holder.after(box);
      number.setAttribute("aria-expanded", "true");
      open = { box, number };
      /* Focus the copy button once the number's own jump to its paragraph is done (a fragment
       * navigation resets the focus). */
      const focusCopy = () => { if (open && open.box === box) copyCitation.focus({ preventScroll: true }); };
      setTimeout(focusCopy, 0);
      window.addEventListener("hashchange", () => setTimeout(focusCopy, 0), { once: true });
    }

    document.querySelectorAll("a.pnum").forEach((number) => {
      number.setAttribute("aria-haspopup", "dialog");
      number.setAttribute("aria-expanded", "false");
      number.title = `Link to ¶ ${number.textContent.trim()} and cite it`;
      /* The number still links to its paragraph (the address bar then holds its link). */
      number.addEventListener("click", () => {
        if (open && open.number === number) { close(false); return; }
        openFor(number);
      });
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && open) close(true);
    });
  }

  /* ---------------------------------------------------------------- timeline */

  /* The timeline's line of sources (readertools/content/timeline.py) becomes a filter, in the page
   * itself: one button per source (its chapter), all sources, and the events dated differently (⚑).
   * An event shows when one of its mentions links to the chosen chapter; a decade without any shown
   * event is hidden with its heading. */
  function setUpTimelineFilter() {
    const line = document.querySelector("p.reader-timeline-sources");
    const events = [...document.querySelectorAll("ul.reader-timeline > li")];
    if (!line || !events.length) return;
    const chapterOf = (link) => ((link.getAttribute("href") || "").match(/chapters\/([\w-]+)\.html/) || [])[1];
    events.forEach((event) => {
      event.dataset.chapters = [...new Set([...event.querySelectorAll("a[href]")].map(chapterOf).filter(Boolean))]
        .join(" ");
      if (event.textContent.includes("⚑")) event.dataset.flagged = "";
    });
    const decades = [...new Set(events.map((event) => event.closest("section")))];
    const bar = document.createElement("div");
    bar.className = "reader-timeline-filter";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Show the events of one source");
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    let chapter = "";
    let flaggedOnly = false;
    const buttons = [];

    function apply() {
      let shown = 0;
      events.forEach((event) => {
        const show = (!chapter || event.dataset.chapters.split(" ").includes(chapter))
          && (!flaggedOnly || "flagged" in event.dataset);
        event.hidden = !show;
        shown += show;
      });
      decades.forEach((section) => { section.hidden = !section.querySelector("ul.reader-timeline > li:not([hidden])"); });
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(
        b.dataset.chapter === undefined ? flaggedOnly : b.dataset.chapter === chapter)));
      status.textContent = shown === events.length ? `All ${events.length} events.`
        : `${shown} of ${events.length} events shown.`;
    }

    function button(label, onClick, source) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      if (source !== undefined) b.dataset.chapter = source;
      b.addEventListener("click", () => { onClick(); apply(); });
      buttons.push(b);
      return b;
    }

    bar.append(button("All sources", () => { chapter = ""; }, ""));
    line.querySelectorAll("a[href]").forEach((link) => {
      const source = chapterOf(link);
      if (source) bar.append(button(link.textContent.trim(), () => { chapter = source; }, source));
    });
    bar.append(button("⚑ dated differently", () => { flaggedOnly = !flaggedOnly; }), status);
    line.after(bar);
    line.hidden = true;  /* the buttons name the same sources; each event links to its chapters */
    apply();
  }

  /* ---------------------------------------------------------------- code */

  function setUpCopyButtons() {
    document.querySelectorAll(".cell_input div.highlight, div.highlight-python div.highlight").forEach((block) => {
      if (block.querySelector(".reader-copy")) return;
      const pre = block.querySelector("pre");
      if (!pre) return;
      const b = document.createElement("button");
      b.type = "button";
      b.className = "reader-copy";
      b.textContent = "Copy";
      b.setAttribute("aria-label", "Copy this code");
      b.addEventListener("click", async () => {
        b.textContent = (await copyText(pre.innerText)) ? "Copied" : "Copy failed";
        setTimeout(() => { b.textContent = "Copy"; }, 1500);
      });
      block.classList.add("reader-has-copy");
      block.prepend(b);
    });
  }

  /* ---------------------------------------------------------------- search words */

  /* Sphinx marks the words of a search on the page a result leads to; its two scripts are loaded
   * only on such a visit (readertools/sphinx_lean.py). */
  function loadSearchHighlighting() {
    let terms = "";
    try { terms = localStorage.getItem("sphinx_highlight_terms") || ""; } catch (e) { terms = ""; }
    if (!terms && !new URLSearchParams(location.search).get("highlight")) return;
    const root = document.documentElement.dataset.content_root || "";
    const load = (name, then) => {
      const script = document.createElement("script");
      script.src = `${root}_static/${name}`;
      if (then) script.addEventListener("load", then);
      document.head.appendChild(script);
    };
    load("doctools.js", () => load("sphinx_highlight.js"));
  }

  /* ---------------------------------------------------------------- the theme's Bootstrap, on demand */

  /* Pages do not load Bootstrap's script (readertools/sphinx/lean.py), which the theme uses for the
   * header buttons' tooltips, dropdowns and the "back to top" button. The button is made here as the
   * theme's script made it; the script is loaded when an element with a tooltip or a dropdown is first
   * pointed at, focused or clicked, and then given that event again. */
  function setUpBackToTop() {
    const button = document.getElementById("pst-back-to-top");
    const header = document.querySelector(".bd-header");
    if (!button || !header) return;
    const headerBottom = header.getBoundingClientRect().bottom;
    button.addEventListener("click", () => { document.body.scrollTop = 0; document.documentElement.scrollTop = 0; });
    let last = window.scrollY;
    window.addEventListener("scroll", () => {  /* shown while scrolling back up, below the header */
      button.style.display = last > window.scrollY && window.scrollY > headerBottom ? "block" : "none";
      last = window.scrollY;
    }, { passive: true });
  }

  function loadBootstrapOnDemand() {
    let loading = null;
    const load = () => loading || (loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = `${document.documentElement.dataset.content_root || ""}_static/scripts/bootstrap.js`;
      script.addEventListener("load", resolve);
      script.addEventListener("error", reject);
      document.head.appendChild(script);
    }));
    const first = (event) => {
      const element = event.target instanceof Element && event.target.closest("[data-bs-toggle]");
      if (!element || window.bootstrap) return;
      const dropdown = element.dataset.bsToggle === "dropdown";
      if (dropdown && event.type === "click") event.preventDefault();
      load().then(() => {
        if (dropdown) {
          if (event.type === "click") window.bootstrap.Dropdown.getOrCreateInstance(element).toggle();
        } else if (element.matches(":hover")) {  /* Bootstrap hears a mouseenter as a mouseover */
          element.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
        } else if (element === document.activeElement) {
          element.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
        }
      }, () => { loading = null; });
    };
    ["pointerover", "focusin", "click"].forEach((type) => document.addEventListener(type, first, true));
  }

  /* ---------------------------------------------------------------- print and disk */

  /* Collapsed <details> (an answer, a hidden cell) print open, and close again afterwards; an editor's
     note that settles a question (closed-note) stays as the reader left it. */
  function setUpPrinting() {
    let opened = [];
    window.addEventListener("beforeprint", () => {
      opened = [...document.querySelectorAll("details:not([open]):not(.closed-note)")];
      opened.forEach((details) => { details.open = true; });
    });
    window.addEventListener("afterprint", () => {
      opened.forEach((details) => { details.open = false; });
      opened = [];
    });
  }

  /* Opened from disk (the offline copy), a browser lets no page read another, so Sphinx's search
   * could not fetch each result's summary (a CORS error per result): it lists the titles alone. */
  if (location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }
  setUpPrinting();
  loadBootstrapOnDemand();

  const ready = (fn) => (document.readyState === "loading"
    ? document.addEventListener("DOMContentLoaded", fn) : fn());
  ready(() => {
    setUpPreviews(); setUpCitations(); setUpCopyButtons(); setUpTimelineFilter(); setUpBackToTop();
    loadSearchHighlighting();
  });
})();
