// Review panel: show a refused action's message (400/403/404/409) in the panel instead of
// dropping it, as htmx does by default for error statuses. Loaded once per page.
(() => {
  if (window.factcheckReview) return;
  window.factcheckReview = true;
  // Plain forms that remove something ask first (htmx forms use hx-confirm).
  document.addEventListener("submit", (event) => {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    const target = event.detail.target;
    if ([400, 403, 404, 409].includes(status) && target && target.closest("[data-review-panel]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
