// The desk's focus and view: an opened claim is brought into view with focus inside it, and a
// save (Ctrl+Enter, a button) keeps focus where the person was typing.
//
// Hooks: desk.js dispatches "desk:opened" on #editor when it starts showing another claim.
(() => {
  "use strict";
  const desk = document.getElementById("desk");
  if (!desk) return;

  // Narrow windows show the editor as a full-screen panel (desk.css): it scrolls itself.
  const asPanel = (editor) => getComputedStyle(editor).position === "fixed";

  // Scroll the side panel (a scroller of its own on wide windows) so the editor's top sits at
  // its top, then the window so that the side panel's top is on screen.
  function reveal(editor) {
    if (asPanel(editor)) {
      editor.scrollTop = 0;
      return;
    }
    const side = editor.closest(".desk-side");
    if (side && side.scrollHeight > side.clientHeight) {
      side.scrollTop += editor.getBoundingClientRect().top - side.getBoundingClientRect().top;
    }
    const top = editor.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.4) window.scrollBy(0, top - 12);
  }

  document.addEventListener("desk:opened", (event) => {
    const editor = event.target;
    reveal(editor);
    const head = editor.querySelector(".editor-head");
    if (head && !editor.contains(document.activeElement)) head.focus({ preventScroll: true });
    document.documentElement.classList.toggle("panel-open", asPanel(editor));
  });

  // Closing the claim (Esc, ×, "Back to article") gives the page back.
  desk.addEventListener("click", (event) => {
    if (event.target.closest(".editor-close")) closed();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") setTimeout(closed, 0);
  });
  function closed() {
    const editor = document.getElementById("editor");
    if (editor && !editor.dataset.claim) {
      document.documentElement.classList.remove("panel-open");
      const selected = document.querySelector("#article .sentence.sel");
      if (editor.contains(document.activeElement) || document.activeElement === document.body) {
        document.getElementById("article").focus({ preventScroll: true });
        if (selected) selected.scrollIntoView({ block: "nearest" });
      }
    }
  }

  // ---------------------------------------------------------------- focus across swaps

  // What the focused element is, in terms that survive its replacement by a fresh copy.
  function describe(element) {
    const form = element.closest("form");
    const rich = element.closest(".rich-area");
    return {
      id: element.id || null,
      action: form ? form.getAttribute("action") : null,
      name: rich ? rich.dataset.for : element.getAttribute("name"),
      rich: Boolean(rich),
      summary: element.tagName === "SUMMARY",
    };
  }

  // (Content of a closed <details> still has boxes: checkVisibility knows it is not shown.)
  function shown(element) {
    if (!element) return false;
    if (element.checkVisibility) return element.checkVisibility();
    return element.getClientRects().length > 0;
  }

  function find(mark) {
    if (mark.id) {
      const same = document.getElementById(mark.id);
      if (shown(same)) return same;
    }
    if (!mark.action) return null;
    const form = [...document.querySelectorAll("form")].find(
      (f) => f.getAttribute("action") === mark.action,
    );
    if (!form) return null;
    if (mark.name) {
      const selector = mark.rich ? `.rich-area[data-for="${mark.name}"]` : `[name="${mark.name}"]`;
      const field = form.querySelector(selector);
      if (shown(field)) return field;
    }
    // The form is folded away (a source just added): its summary keeps the place.
    const details = form.closest("details");
    if (details) return details.querySelector("summary");
    return form.querySelector("button, [name]:not([type=hidden])");
  }

  let remembered = null;

  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const active = document.activeElement;
    const target = event.detail.target;
    if (!active || active === document.body || !target || !target.contains(active)) return;
    remembered = describe(active);
  });

  // After the other settle handlers (the rich editor attaches to fresh textareas then).
  document.body.addEventListener("htmx:afterSettle", () => setTimeout(restore, 0));

  function restore() {
    if (!remembered) return;
    const mark = remembered;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) {
      remembered = null;
      return;
    }
    const again = find(mark);
    if (!again) return;
    remembered = null;
    again.focus({ preventScroll: false });
    if (again.isContentEditable) {
      const range = document.createRange();
      range.selectNodeContents(again);
      range.collapse(false);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }
})();
