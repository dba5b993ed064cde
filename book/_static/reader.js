/* The reader's own script: previews of terms, people and paragraphs; a citation for every
 * paragraph; copy buttons for code. Small, dependency-free, and offline: everything it shows was
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

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"];

  function listNames(names) {
    if (names.length <= 1) return names.join("");
    return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  }

  function pageAddress(source) {
    if (source.url) return source.url;
    return location.href.split("#")[0].split("?")[0];
  }

  function citation(source, number, anchor) {
    const today = new Date();
    const accessed = `${today.getDate()} ${MONTHS[today.getMonth()]} ${today.getFullYear()}`;
    const url = `${pageAddress(source)}#${anchor}`;
    const chapter = source.chapter ? `, chapter ${source.chapter}` : "";
    /* The pattern of the book's "How to cite" page; venue and date exactly as the source line. */
    return `${listNames(source.authors)}. “${source.title}.” ${source.venue}. ${source.date}. ¶ ${number}. ` +
      `In ${source.reader}${chapter}. ${source.editors}, ${source.year}. Accessed ${accessed}, ${url}.`;
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

  const ready = (fn) => (document.readyState === "loading"
    ? document.addEventListener("DOMContentLoaded", fn) : fn());
  ready(() => { setUpPreviews(); setUpCitations(); setUpCopyButtons(); loadSearchHighlighting(); });
})();
