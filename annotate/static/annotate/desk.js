// The annotation desk: sentence selection, marking claims from selections, keys.
// (Notes are edited with rich-editor.js; desk-focus.js and desk-marks.js add the rest.)
//
// Offsets: every leaf element of the article ([data-leaf]: a sentence without claims, or one
// piece of a sentence) carries data-u16 / data-u16e, its UTF-16 start and end in the document
// text. A selection boundary inside a leaf is that start plus the UTF-16 length of the leaf's
// text before it (JavaScript strings count UTF-16 units). The server converts to code points.
// The article's DOM text between sentences is exactly the document's (paragraph breaks sit in
// hidden .pgap spans), so Range.toString() over the snapped selection is the quote to send.
(() => {
  "use strict";
  const desk = document.getElementById("desk");
  if (!desk) return;
  const article = document.getElementById("article");
  const canEdit = desk.dataset.canEdit === "1";
  const markForm = document.getElementById("mark-form");
  const markButton = document.getElementById("mark-button");
  const overlay = document.getElementById("keys-overlay");
  const flashBox = document.getElementById("desk-flash");
  let current = null; // the selected sentence element
  let currentClaim = null; // id of the claim picked by clicking a highlight

  // Validation errors (400/422) and conflicts (409) come back as HTML to show in place.
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "(400|409|422)", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
    ];
  }

  function flash(message) {
    flashBox.replaceChildren();
    if (!message) return;
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    flashBox.append(p);
  }

  // ---------------------------------------------------------------- selection -> offsets

  function leafPoint(container, offset, leaf) {
    const range = document.createRange();
    range.selectNodeContents(leaf);
    range.setEnd(container, offset);
    return { node: container, offset, u16: Number(leaf.dataset.u16) + range.toString().length };
  }

  // A boundary outside any leaf (between sentences or paragraphs) snaps forward to the next
  // leaf's start (a selection start) or back to the previous leaf's end (a selection end).
  function snapPoint(container, offset, isEnd) {
    const leaves = article.querySelectorAll("[data-leaf]");
    const point = document.createRange();
    point.setStart(container, offset);
    point.collapse(true);
    let lo = 0;
    let hi = leaves.length; // first leaf starting at or after the point
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (point.comparePoint(leaves[mid], 0) >= 0) hi = mid;
      else lo = mid + 1;
    }
    if (isEnd) {
      const leaf = leaves[lo - 1];
      if (!leaf) return null;
      return { node: leaf, offset: leaf.childNodes.length, u16: Number(leaf.dataset.u16e) };
    }
    const leaf = leaves[lo];
    if (!leaf) return null;
    return { node: leaf, offset: 0, u16: Number(leaf.dataset.u16) };
  }

  function boundary(container, offset, isEnd) {
    const element = container.nodeType === Node.TEXT_NODE ? container.parentElement : container;
    const leaf = element && element.closest("[data-leaf]");
    if (leaf && article.contains(leaf)) return leafPoint(container, offset, leaf);
    return snapPoint(container, offset, isEnd);
  }

  // The mouse selection inside the article as {start, end, quote} (UTF-16), or null.
  function selectionSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!article.contains(range.commonAncestorContainer)) return null;
    const start = boundary(range.startContainer, range.startOffset, false);
    const end = boundary(range.endContainer, range.endOffset, true);
    if (!start || !end || end.u16 <= start.u16) return null;
    const snapped = document.createRange();
    snapped.setStart(start.node, start.offset);
    snapped.setEnd(end.node, end.offset);
    const raw = snapped.toString();
    // Leave out whitespace at either end (a double-click may take the space after a word).
    const lead = raw.length - raw.trimStart().length;
    const quote = raw.trim();
    if (!quote) return null;
    return { start: start.u16 + lead, end: start.u16 + lead + quote.length, quote };
  }

  function sentenceSpan(sentence) {
    return {
      start: Number(sentence.dataset.u16),
      end: Number(sentence.dataset.u16e),
      quote: sentence.textContent,
    };
  }

  // ---------------------------------------------------------------- sentences and claims

  function selectSentence(sentence, scroll) {
    if (current) current.classList.remove("sel");
    current = sentence;
    if (!sentence) return;
    sentence.classList.add("sel");
    if (scroll) sentence.scrollIntoView({ block: "nearest" });
    updateMarkButton();
  }

  function move(delta) {
    window.getSelection().removeAllRanges();
    currentClaim = null;
    let next = null;
    if (current && current.isConnected) {
      next = document.getElementById(`s${Number(current.dataset.index) + delta}`);
    } else {
      const all = article.querySelectorAll(".sentence");
      next = delta > 0 ? all[0] : all[all.length - 1];
    }
    if (next) selectSentence(next, true);
  }

  function showClaim(id) {
    for (const el of article.querySelectorAll(".on")) el.classList.remove("on");
    for (const el of document.querySelectorAll("#claim-list li.open")) el.classList.remove("open");
    if (!id) return;
    for (const el of article.querySelectorAll(`[data-claims~="${id}"].piece`)) {
      el.classList.add("on");
    }
    const item = document.getElementById(`cl-${id}`);
    if (item) item.classList.add("open");
  }

  function openClaim(id) {
    const link = document.querySelector(`#cl-${id} a`);
    if (link) link.click();
  }

  function openSelected() {
    let id = currentClaim;
    if (!id && current) id = (current.dataset.claims || "").split(" ").filter(Boolean)[0];
    if (id) openClaim(id);
    else flash("No claim on the selected sentence.");
  }

  function closeEditor() {
    const editor = document.getElementById("editor");
    if (!editor || editor.classList.contains("editor-empty")) return;
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = "Select a sentence or some text to mark a claim; open a claim from the list.";
    editor.replaceChildren(hint);
    editor.classList.add("editor-empty");
    editor.removeAttribute("data-claim");
    showClaim(null);
  }

  function mark() {
    if (!canEdit || !markForm) return;
    const span = selectionSpan() || (current && current.isConnected && sentenceSpan(current));
    if (!span) {
      flash("Select a sentence (click it, or press j) or some text first.");
      return;
    }
    flash("");
    markForm.querySelector("[name=start]").value = span.start;
    markForm.querySelector("[name=end]").value = span.end;
    markForm.querySelector("[name=quote]").value = span.quote;
    window.getSelection().removeAllRanges();
    markForm.requestSubmit();
  }

  function updateMarkButton() {
    if (!markButton) return;
    markButton.disabled = !(selectionSpan() || (current && current.isConnected));
  }

  let focusBeforeOverlay = null;

  function toggleOverlay(show) {
    overlay.hidden = show === undefined ? !overlay.hidden : !show;
    if (!overlay.hidden) {
      focusBeforeOverlay = document.activeElement;
      document.getElementById("keys-close").focus();
    } else if (overlay.contains(document.activeElement)) {
      // Give the keys back to the page (or to where the user was).
      document.activeElement.blur();
      if (focusBeforeOverlay && focusBeforeOverlay.isConnected) focusBeforeOverlay.focus();
    }
  }

  // ---------------------------------------------------------------- editor state

  let shownClaim = null; // the claim the editor showed last, to tell an opening from a save

  function initEditor() {
    const editor = document.getElementById("editor");
    if (!editor) return;
    if (window.factcheckRich) window.factcheckRich.attachAll(editor);
    const id = editor.dataset.claim || null;
    showClaim(id);
    const state = editor.querySelector(".form-state");
    if (state && state.dataset.state === "saved") state.textContent = "All changes saved.";
    if (id && id !== shownClaim) {
      // desk-focus.js brings the opened claim into view and moves focus into it.
      editor.dispatchEvent(new CustomEvent("desk:opened", { bubbles: true, detail: { claim: id } }));
    }
    shownClaim = id;
  }

  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("#claim-form");
    if (!form) return;
    const state = form.querySelector(".form-state");
    state.dataset.state = "dirty";
    state.textContent = "Unsaved changes (Ctrl+Enter saves)";
  });

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    if (form && form.id === "claim-form") {
      const state = form.querySelector(".form-state");
      state.dataset.state = "saving";
      state.textContent = "Saving…";
    }
  });

  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (current && !current.isConnected) {
      // The paragraph was re-rendered out of band: select the new copy of the sentence.
      const again = document.getElementById(current.id);
      current = null;
      if (again) selectSentence(again, false);
    }
    initEditor();
    if (event.detail.requestConfig && event.detail.requestConfig.elt === markForm) {
      const first = document.querySelector("#editor textarea[name=restatement]");
      if (first) first.focus();
    }
  });

  document.body.addEventListener("htmx:responseError", (event) => {
    flash(refusalSentence(event.detail.xhr));
  });

  // A refusal in plain words: the message the server put in its answer (a bare sentence, or
  // the first alert of a rendered partial), never the markup itself.
  function refusalSentence(xhr) {
    const status = xhr.status;
    if (status === 404) return "Not found: it may have been deleted.";
    const type = xhr.getResponseHeader("Content-Type") || "";
    const body = xhr.responseText || "";
    let text = "";
    if (type.startsWith("text/html") && /<[a-z]/i.test(body)) {
      const parsed = new DOMParser().parseFromString(body, "text/html");
      const alert = parsed.querySelector("[role=alert], .error");
      text = alert ? alert.textContent : "";
    } else {
      text = body;
    }
    text = text.replace(/\s+/g, " ").trim();
    if (!text || text.length > 300) {
      return status === 403
        ? "You are not allowed to do that."
        : "That did not work; reload the page and try again.";
    }
    return text;
  }

  // A review action in the editor's panel (submit, approve, …) moves the claim's version on
  // without touching what the forms show: carry the new version into them, so the next save is
  // not refused as stale. (A colleague's save still is: their version never reaches this page.)
  document.body.addEventListener("review-changed", (event) => {
    const detail = event.detail || {};
    if (!detail.claim || !detail.version) return;
    const selector = `input[name=version][data-claim-version="${Number(detail.claim)}"]`;
    document.querySelectorAll(selector).forEach((input) => {
      input.value = String(detail.version);
    });
  });

  // ---------------------------------------------------------------- mouse and keys

  article.addEventListener("click", (event) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // a drag: keep the text selection
    const sentence = event.target.closest(".sentence");
    if (!sentence) return;
    selectSentence(sentence, false);
    const piece = event.target.closest(".piece.hl");
    currentClaim = piece ? piece.dataset.claims.split(" ").pop() : null;
    if (currentClaim) openClaim(currentClaim);
  });

  // desk-marks.js: n / p pick a claim; select its sentence as j / k would, Enter then opens it.
  desk.addEventListener("desk:select-claim", (event) => {
    const { claim, piece } = event.detail;
    window.getSelection().removeAllRanges();
    selectSentence(piece.closest(".sentence"), false);
    currentClaim = claim;
  });

  document.addEventListener("selectionchange", updateMarkButton);
  if (markButton) {
    markButton.addEventListener("mousedown", (event) => event.preventDefault()); // keep selection
    markButton.addEventListener("click", mark);
  }
  document.getElementById("keys-button").addEventListener("click", () => toggleOverlay());
  document.getElementById("keys-close").addEventListener("click", () => toggleOverlay(false));
  desk.addEventListener("click", (event) => {
    const close = event.target.closest(".editor-close");
    if (close) {
      event.preventDefault();
      closeEditor();
    }
  });

  const FIELDS = "input, textarea, select, [contenteditable=true], [contenteditable='']";

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target.closest && target.closest(FIELDS)) {
      // Typing: only Esc (leave the field) and Ctrl+Enter (submit its form) mean anything.
      if (event.key === "Escape") {
        target.blur();
        event.preventDefault();
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        const form = target.closest("form");
        if (form) {
          event.preventDefault();
          form.requestSubmit();
        }
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!overlay.hidden) {
      if (event.key === "Escape" || event.key === "?") {
        event.preventDefault();
        toggleOverlay(false);
      }
      return;
    }
    // Enter on a link or a button keeps its usual meaning.
    if (event.key === "Enter" && target.closest("a, button, summary")) return;
    const actions = {
      j: () => move(1),
      k: () => move(-1),
      c: mark,
      Enter: openSelected,
      Escape: closeEditor,
      "?": () => toggleOverlay(),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  initEditor();
})();
