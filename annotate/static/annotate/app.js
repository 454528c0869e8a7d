// Small progressive enhancements shared by every page (no inline scripts: the CSP forbids them).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) select.form.requestSubmit();
});

// Every failed htmx request says so in plain words and keeps what was typed (issue 19).
// - An answer htmx does not show (a 500, a 503 while the server restarts, a dropped connection,
//   a timeout) leaves the form as it was and puts a message just above it.
// - A refusal the page shows in place (a 400 or 409 partial that replaces the form, as the review
//   panel does) gets back what was typed in the fields of the same name.
// The desk shows its own refusals in its flash line; this only adds what it does not cover.
(() => {
  const KEPT = "What you typed is still here; try again.";
  const MESSAGES = {
    0: `The server could not be reached, so nothing was saved. ${KEPT}`,
    403: "You may not do this any more (your role or the item changed). Reload the page.",
    404: "This is no longer there (it may have been deleted). Reload the page.",
    409: "Someone changed this meanwhile. Copy what you typed, then reload the page.",
    413: "That is too large to send.",
    429: "Too many requests at once. Wait a moment, then try again.",
    503: `The server is busy or restarting, so nothing was saved. ${KEPT}`,
  };
  const TIMEOUT = `The server took too long to answer, so nothing may have been saved. ${KEPT}`;
  const TYPED = "textarea, select, input:not([type=hidden]):not([type=password]):not([type=file])" +
    ":not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button])";

  function messageFor(status) {
    if (MESSAGES[status]) return MESSAGES[status];
    if (status >= 500) return `Something went wrong on the server (${status}), so nothing was saved. ${KEPT}`;
    return `The request was refused (${status}). ${KEPT}`;
  }

  // The form (or the element) whose request failed: the message goes just above it.
  function anchorOf(elt) {
    return (elt && elt.closest && (elt.closest("form") || elt)) || null;
  }

  function show(elt, text) {
    const anchor = anchorOf(elt);
    if (!anchor || !anchor.isConnected) return;
    let box = anchor.previousElementSibling;
    if (!box || !box.matches("[data-request-error]")) {
      box = document.createElement("p");
      box.className = "error";
      box.setAttribute("role", "alert");
      box.dataset.requestError = "";
      anchor.before(box);
    }
    box.textContent = text;
  }

  function clear(elt) {
    const anchor = anchorOf(elt);
    const box = anchor && anchor.previousElementSibling;
    if (box && box.matches("[data-request-error]")) box.remove();
  }

  // What was typed into the form of a request, by field name, until its answer has been shown.
  const typed = new WeakMap();
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = anchorOf(event.detail.elt);
    if (!form || form.tagName !== "FORM") return;
    const values = {};
    form.querySelectorAll(TYPED).forEach((field) => {
      if (field.name && field.value) values[field.name] = field.value;
    });
    typed.set(event.detail.xhr, {
      values,
      address: form.getAttribute("hx-post") || form.getAttribute("action") || "",
    });
  });

  // A refusal shown in place replaced the form: fill the new one's empty fields back in.
  document.addEventListener("htmx:afterSettle", (event) => {
    const xhr = event.detail.xhr;
    const kept = xhr && xhr.status >= 400 && typed.get(xhr);
    if (!kept || !kept.address) return;
    const forms = document.querySelectorAll("form");
    const form = Array.from(forms).find(
      (candidate) => (candidate.getAttribute("hx-post") || candidate.getAttribute("action")) === kept.address,
    );
    if (!form) return;
    Object.entries(kept.values).forEach(([name, value]) => {
      const field = form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (field && field.matches(TYPED) && !field.value) field.value = value;
    });
  });

  document.addEventListener("htmx:responseError", (event) => {
    const elt = event.detail.elt;
    if (elt && elt.closest && elt.closest("#desk")) return; // the desk's flash says it
    show(elt, messageFor(event.detail.xhr.status));
  });
  document.addEventListener("htmx:sendError", (event) => show(event.detail.elt, messageFor(0)));
  document.addEventListener("htmx:timeout", (event) => show(event.detail.elt, TIMEOUT));
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) clear(event.detail.elt);
  });
})();

// The top bar's menu button: on narrow screens the navigation folds behind it (app.css).
document.documentElement.classList.add("js");
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".nav-toggle");
  if (!toggle) return;
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  toggle.closest(".topbar").classList.toggle("open", open);
});
