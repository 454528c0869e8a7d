// The one small rich-text editor of the app (claim notes on the desk and the review page,
// comment boxes): bold, italic, links and lists, written on the Selection and Range APIs
// (no document.execCommand, which browsers deprecated).
//
// A `textarea.rich-source` is enhanced in place: it is hidden and a toolbar plus an editable
// area follow it; the textarea keeps the HTML the form posts. Only the tags the server's one
// sanitizer (annotate/sanitize.py) keeps are ever produced here, and the server sanitizes again
// on save. Links must be http(s); bare http(s) addresses typed as text become links.
(() => {
  "use strict";
  if (window.factcheckRich) return;

  const KEPT = new Set(["P", "BR", "B", "STRONG", "I", "EM", "A", "UL", "OL", "LI", "BLOCKQUOTE", "CODE", "PRE"]);
  const RENAMED = { B: "STRONG", I: "EM", DIV: "P" };
  const BLOCKS = new Set(["P", "UL", "OL", "BLOCKQUOTE", "PRE"]);
  // Code, not text: dropped whole (as the server's sanitizer does), not unwrapped.
  const DROPPED = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "IFRAME", "OBJECT", "TEXTAREA", "TITLE"]);
  const URL_AT_END = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'])$/i;
  const URL_ANYWHERE = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]']/gi;
  const safeHref = (href) => /^(https?:|mailto:)/i.test(href || "");

  // ---------------------------------------------------------------- cleaning

  // Copy `from`'s children into `to`, keeping the sanitizer's tags (b/i/div renamed), links
  // with safe addresses only, and text; everything else is unwrapped.
  // (No-break spaces are how an editable area keeps typed spaces visible: plain ones are meant.)
  function cleanChildren(from, to) {
    for (const node of [...from.childNodes]) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(node.data.replace(/\u00a0/g, " "));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        if (DROPPED.has(node.tagName)) continue;
        const tag = RENAMED[node.tagName] || node.tagName;
        if (!KEPT.has(tag) || (tag === "A" && !safeHref(node.getAttribute("href")))) {
          cleanChildren(node, to);
          continue;
        }
        const element = document.createElement(tag);
        if (tag === "A") element.setAttribute("href", node.getAttribute("href"));
        cleanChildren(node, element);
        to.append(element);
      }
    }
  }

  function cleanHtml(html) {
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    const holder = document.createElement("div");
    cleanChildren(parsed.body, holder);
    return holder;
  }

  // Turn bare http(s) addresses in text nodes (outside links and code) into links.
  function linkify(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.parentElement.closest("a, code, pre") && URL_ANYWHERE.test(node.data)) {
        nodes.push(node);
      }
      URL_ANYWHERE.lastIndex = 0;
    }
    for (const node of nodes) {
      const fragment = document.createDocumentFragment();
      let last = 0;
      for (const match of node.data.matchAll(URL_ANYWHERE)) {
        fragment.append(node.data.slice(last, match.index));
        const link = document.createElement("a");
        link.href = match[0];
        link.textContent = match[0];
        fragment.append(link);
        last = match.index + match[0].length;
      }
      fragment.append(node.data.slice(last));
      node.replaceWith(fragment);
    }
  }

  // The HTML the form posts: a clean copy of the area with bare addresses linked.
  function serialize(area) {
    const copy = cleanHtml(area.innerHTML);
    linkify(copy);
    const html = copy.innerHTML.replace(/^(<br>)+|(<br>)+$/g, "");
    return copy.textContent.trim() || copy.querySelector("li") ? html : "";
  }

  // ---------------------------------------------------------------- selection helpers

  function rangeIn(area) {
    const selection = window.getSelection();
    if (!selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    return area.contains(range.commonAncestorContainer) ? range : null;
  }

  function select(node, { collapseToEnd = false } = {}) {
    const range = document.createRange();
    range.selectNodeContents(node);
    if (collapseToEnd) range.collapse(false);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function closestIn(area, node, tags) {
    let element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (element && element !== area) {
      if (tags.includes(element.tagName)) return element;
      element = element.parentElement;
    }
    return null;
  }

  function unwrap(element) {
    const parent = element.parentNode;
    while (element.firstChild) parent.insertBefore(element.firstChild, element);
    parent.removeChild(element);
  }

  // ---------------------------------------------------------------- commands

  // Bold or italic: unwrap when the selection sits in one such element, else wrap it.
  function toggleInline(area, tag) {
    const range = rangeIn(area);
    if (!range) return;
    const aliases = tag === "STRONG" ? ["STRONG", "B"] : ["EM", "I"];
    const around = closestIn(area, range.commonAncestorContainer, aliases);
    if (around) {
      unwrap(around);
      return;
    }
    if (range.collapsed) return;
    const element = document.createElement(tag);
    element.append(range.extractContents());
    for (const inner of element.querySelectorAll(aliases.join(","))) unwrap(inner);
    range.insertNode(element);
    select(element);
  }

  function link(area, ask) {
    const range = rangeIn(area);
    if (!range) return;
    const existing = closestIn(area, range.commonAncestorContainer, ["A"]);
    if (existing) {
      unwrap(existing);
      return;
    }
    const href = (ask("Link address (https://…)", "https://") || "").trim();
    if (!/^https?:\/\/\S+$/i.test(href)) return;
    const anchor = document.createElement("a");
    anchor.href = href;
    if (range.collapsed) anchor.textContent = href;
    else anchor.append(range.extractContents());
    for (const inner of anchor.querySelectorAll("a")) unwrap(inner);
    range.insertNode(anchor);
    select(anchor, { collapseToEnd: true });
  }

  // The top-level children of `area` from the one holding `first` to the one holding `last`
  // (loose inline runs are wrapped in paragraphs first, so that each line is one block).
  function blocksBetween(area, first, last) {
    let run = null;
    for (const node of [...area.childNodes]) {
      const block = node.nodeType === Node.ELEMENT_NODE && BLOCKS.has(node.tagName);
      if (block) {
        run = null;
      } else if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "BR") {
        run = null;
        node.remove();
      } else {
        if (!run) {
          run = document.createElement("p");
          area.insertBefore(run, node);
        }
        run.append(node);
      }
    }
    const children = [...area.children];
    const from = children.findIndex((child) => child.contains(first));
    const to = children.findIndex((child) => child.contains(last));
    return from < 0 || to < 0 ? [] : children.slice(from, to + 1);
  }

  // A bulleted or numbered list: toggled off when the selection is all in such a list.
  function list(area, tag) {
    const range = rangeIn(area);
    if (!range) return;
    // Markers keep the selection's ends in place while nodes move into blocks.
    const first = document.createElement("span");
    const last = document.createElement("span");
    const end = range.cloneRange();
    end.collapse(false);
    end.insertNode(last);
    range.insertNode(first);
    const blocks = blocksBetween(area, first, last);
    first.remove();
    last.remove();
    if (!blocks.length) return;
    const lists = blocks.filter((b) => b.tagName === "UL" || b.tagName === "OL");
    if (lists.length === blocks.length && lists.every((l) => l.tagName === tag)) {
      for (const old of lists) {
        for (const item of [...old.children]) {
          const p = document.createElement("p");
          p.append(...item.childNodes);
          old.before(p);
        }
        old.remove();
      }
      return;
    }
    const fresh = document.createElement(tag);
    blocks[0].before(fresh);
    for (const block of blocks) {
      if (block.tagName === "UL" || block.tagName === "OL") {
        fresh.append(...block.children);
      } else {
        const item = document.createElement("li");
        item.append(...block.childNodes);
        fresh.append(item);
      }
      block.remove();
    }
    select(fresh.lastElementChild, { collapseToEnd: true });
  }

  // After a space or a new line: link the address just typed before the caret.
  function linkTyped(area) {
    const range = rangeIn(area);
    if (!range || !range.collapsed) return;
    const node = range.startContainer;
    if (node.nodeType !== Node.TEXT_NODE || closestIn(area, node, ["A", "CODE", "PRE"])) return;
    const before = node.data.slice(0, range.startOffset);
    const trimmed = before.replace(/\s+$/, "");
    const match = trimmed.match(URL_AT_END);
    if (!match) return;
    const start = trimmed.length - match[1].length;
    const target = node.splitText(start);
    const rest = target.splitText(match[1].length);
    const anchor = document.createElement("a");
    anchor.href = match[1];
    target.replaceWith(anchor);
    anchor.append(target);
    const caret = document.createRange();
    caret.setStart(rest, before.length - trimmed.length);
    caret.collapse(true);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(caret);
  }

  function paste(area, event) {
    const data = event.clipboardData;
    if (!data) return;
    event.preventDefault();
    const range = rangeIn(area);
    if (!range) return;
    const html = data.getData("text/html");
    let fragment;
    if (html) {
      const clean = cleanHtml(html);
      fragment = document.createDocumentFragment();
      fragment.append(...clean.childNodes);
    } else {
      const lines = data.getData("text/plain").split(/\r?\n/);
      fragment = document.createDocumentFragment();
      lines.forEach((line, i) => {
        if (i) fragment.append(document.createElement("br"));
        fragment.append(line);
      });
    }
    range.deleteContents();
    const last = fragment.lastChild;
    range.insertNode(fragment);
    if (last) {
      const after = document.createRange();
      after.setStartAfter(last);
      after.collapse(true);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(after);
    }
  }

  // ---------------------------------------------------------------- the widget

  const BUTTONS = [
    ["B", "bold", "Bold (Ctrl+B)"],
    ["I", "italic", "Italic (Ctrl+I)"],
    ["Link", "link", "Link (Ctrl+K)"],
    ["• List", "ul", "Bulleted list"],
    ["1. List", "ol", "Numbered list"],
  ];

  function attach(textarea, ask = (question, value) => window.prompt(question, value)) {
    if (textarea.dataset.rich) return textarea.nextElementSibling.nextElementSibling;
    textarea.dataset.rich = "1";
    const label = textarea.labels && textarea.labels[0];
    const name = textarea.dataset.label || (label && label.firstChild.textContent.trim()) || "Text";
    const bar = document.createElement("div");
    bar.className = "rich-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", `${name}: formatting`);
    const area = document.createElement("div");
    area.className = "rich-area";
    area.contentEditable = "true";
    area.dataset.for = textarea.name;
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", name);
    if (textarea.id) area.id = `${textarea.id}-rich`;
    if (label) {
      // Clicking the label lands in the editable area, which takes the textarea's place.
      label.addEventListener("click", (event) => {
        if (event.target.closest(".rich-bar, .rich-area")) return;
        event.preventDefault();
        area.focus();
      });
    }
    if (textarea.required) {
      textarea.required = false;
      area.setAttribute("aria-required", "true");
    }
    area.append(...cleanHtml(textarea.value).childNodes);

    const sync = () => {
      textarea.value = serialize(area);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    };
    const run = (command) => {
      area.focus();
      if (command === "bold") toggleInline(area, "STRONG");
      else if (command === "italic") toggleInline(area, "EM");
      else if (command === "link") link(area, ask);
      else list(area, command.toUpperCase());
      sync();
    };

    // One Tab stop for the whole toolbar; arrows move between its buttons (ARIA toolbar).
    BUTTONS.forEach(([text, command, title], i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.title = title;
      button.dataset.command = command;
      button.tabIndex = i === 0 ? 0 : -1;
      button.addEventListener("mousedown", (event) => event.preventDefault()); // keep selection
      button.addEventListener("click", () => run(command));
      bar.append(button);
    });
    bar.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      const buttons = [...bar.querySelectorAll("button")];
      const at = buttons.indexOf(document.activeElement);
      const next = buttons[(at + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length];
      buttons.forEach((b) => { b.tabIndex = b === next ? 0 : -1; });
      next.focus();
      event.preventDefault();
    });

    area.addEventListener("keydown", (event) => {
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey) {
        const command = { b: "bold", i: "italic", k: "link" }[key];
        if (command) {
          event.preventDefault();
          run(command);
        }
      }
    });
    area.addEventListener("keyup", (event) => {
      if (event.key === " " || event.key === "Enter") {
        linkTyped(area);
      }
    });
    area.addEventListener("paste", (event) => {
      paste(area, event);
      sync();
    });
    area.addEventListener("input", sync);
    textarea.hidden = true;
    textarea.after(bar, area);
    return area;
  }

  function attachAll(root) {
    for (const textarea of (root || document).querySelectorAll("textarea.rich-source")) {
      attach(textarea);
    }
  }

  window.factcheckRich = { attach, attachAll, serialize, cleanHtml };
  const start = () => attachAll(document);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("htmx:afterSettle", (event) => attachAll(event.target));
})();
