// The article's own links on the desk (the ones it cited when it was imported).
//
// They are drawn over the text with the CSS Custom Highlight API (::highlight(doc-link)), so the
// article's DOM stays exactly as desk.js built it (its selection offsets count the leaves' text).
// Each link in the side list (#doc-links, items with data-u16 / data-u16e: UTF-16 offsets into
// the document text) becomes ranges over the article's leaves ([data-leaf] with the same
// offsets). "Show" scrolls to a link's text and marks it (::highlight(doc-link-focus)). After an
// htmx swap of the article's paragraphs (a claim saved) the ranges are drawn again.
(() => {
  "use strict";
  const article = document.getElementById("article");
  const list = document.getElementById("doc-links");
  if (!article || !list) return;
  const drawable = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight === "function";

  function textPoint(leaf, u16) {
    // The text node and offset `u16 - leaf start` UTF-16 units into the leaf.
    let left = u16 - Number(leaf.dataset.u16);
    const walker = document.createTreeWalker(leaf, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    let last = null;
    while (node) {
      if (left <= node.length) return { node, offset: left };
      left -= node.length;
      last = node;
      node = walker.nextNode();
    }
    return last ? { node: last, offset: last.length } : { node: leaf, offset: 0 };
  }

  function rangesFor(start, end, leaves) {
    const ranges = [];
    for (const leaf of leaves) {
      const a = Number(leaf.dataset.u16);
      const b = Number(leaf.dataset.u16e);
      if (b <= start) continue;
      if (a >= end) break;
      const from = textPoint(leaf, Math.max(a, start));
      const to = textPoint(leaf, Math.min(b, end));
      const range = new Range();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      ranges.push(range);
    }
    return ranges;
  }

  function items() {
    return Array.from(list.querySelectorAll("[data-u16]"));
  }

  function draw() {
    if (!drawable) return;
    const leaves = Array.from(article.querySelectorAll("[data-leaf]"));
    const all = [];
    for (const item of items()) {
      all.push(...rangesFor(Number(item.dataset.u16), Number(item.dataset.u16e), leaves));
    }
    CSS.highlights.set("doc-link", new Highlight(...all));
  }

  function show(item) {
    const leaves = Array.from(article.querySelectorAll("[data-leaf]"));
    const ranges = rangesFor(Number(item.dataset.u16), Number(item.dataset.u16e), leaves);
    if (!ranges.length) return;
    const target = ranges[0].startContainer.parentElement;
    target.scrollIntoView({ block: "center", behavior: "smooth" });
    for (const other of list.querySelectorAll(".doc-link.on")) other.classList.remove("on");
    item.classList.add("on");
    if (drawable) CSS.highlights.set("doc-link-focus", new Highlight(...ranges));
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-link-show]");
    if (!button) return;
    event.preventDefault();
    show(button.closest("[data-u16]"));
  });

  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (article.contains(event.target) || event.target === article) draw();
  });
  draw();
})();
