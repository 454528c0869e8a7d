// The desk's claims as marks in the text: kept fresh after review decisions, filtered by status
// and verdict, walked with n / p, and described by a small card on hover or selection.
//
// The claim list (#claim-list, re-rendered by the server after every change) is the data: each
// entry carries data-status, data-verdict, data-restatement and its visible labels.
// Hooks: desk.js listens for "desk:select-claim" (select a claim's sentence, as j/k do).
(() => {
  "use strict";
  const desk = document.getElementById("desk");
  if (!desk) return;
  const article = document.getElementById("article");
  const card = document.getElementById("claim-card");
  const filters = document.getElementById("claim-filters");
  const overlay = document.getElementById("keys-overlay");

  const entry = (id) => document.getElementById(`cl-${id}`);
  const entries = () => [...document.querySelectorAll("#claim-list li[data-claim]")];
  const idsOf = (element) => (element.dataset.claims || "").split(" ").filter(Boolean);

  // ---------------------------------------------------------------- fresh after review actions

  // A decision in the editor's review panel changes the claim's status: ask the desk for its
  // list entry, highlight and the chart again (all out of band).
  document.body.addEventListener("review-changed", (event) => {
    const claim = event.detail && Number(event.detail.claim);
    if (!claim || !window.htmx || !entry(claim)) return;
    const url = desk.dataset.refreshUrl.replace("/0/", `/${claim}/`);
    htmx.ajax("GET", url, { source: desk, swap: "none" });
  });

  // ---------------------------------------------------------------- filters

  function wanted() {
    if (!filters) return null;
    const status = filters.elements.status.value;
    const verdict = filters.elements.verdict.value;
    if (!status && !verdict) return null;
    return (li) =>
      (!status || li.dataset.status === status) && (!verdict || li.dataset.verdict === verdict);
  }

  function applyFilters() {
    const keep = wanted();
    const shownIds = new Set();
    const all = entries();
    for (const li of all) {
      const on = !keep || keep(li);
      li.hidden = !on;
      if (on) shownIds.add(li.dataset.claim);
    }
    for (const piece of article.querySelectorAll(".piece.hl")) {
      const out = keep !== null && !idsOf(piece).some((id) => shownIds.has(id));
      piece.classList.toggle("filtered-out", out);
    }
    const count = document.getElementById("filter-count");
    if (count) count.textContent = keep ? `${shownIds.size} of ${all.length} shown` : "";
  }

  if (filters) {
    filters.addEventListener("change", applyFilters);
    filters.addEventListener("submit", (event) => event.preventDefault());
  }
  document.body.addEventListener("htmx:afterSettle", applyFilters);

  // ---------------------------------------------------------------- n / p

  let walked = null; // the claim n / p went to last

  function step(delta) {
    const visible = entries().filter((li) => !li.hidden);
    if (!visible.length) return;
    const editor = document.getElementById("editor");
    const from = walked || (editor && editor.dataset.claim) || null;
    let at = visible.findIndex((li) => li.dataset.claim === from);
    if (at === -1) at = delta > 0 ? -1 : visible.length;
    const next = visible[Math.min(Math.max(at + delta, 0), visible.length - 1)];
    walked = next.dataset.claim;
    const piece = article.querySelector(`.piece.hl[data-claims~="${walked}"]`);
    if (!piece) return;
    desk.dispatchEvent(new CustomEvent("desk:select-claim", { detail: { claim: walked, piece } }));
    piece.scrollIntoView({ block: "center" });
    showCard(walked, piece);
  }

  const FIELDS = "input, textarea, select, [contenteditable=true], [contenteditable='']";

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest(FIELDS)) return;
    if (overlay && !overlay.hidden) return;
    if (event.key === "n" || event.key === "p") {
      event.preventDefault();
      step(event.key === "n" ? 1 : -1);
    } else if (event.key === "j" || event.key === "k") {
      walked = null;
      setTimeout(cardForSelection, 0);
    } else if (event.key === "Escape") {
      hideCard();
    }
  });

  // ---------------------------------------------------------------- the card

  function showCard(id, anchor) {
    const li = entry(id);
    if (!card || !li) return;
    const text = (selector) => {
      const node = li.querySelector(selector);
      return node ? node.textContent.trim() : "";
    };
    const fill = (name, value) => {
      card.querySelector(`[data-card="${name}"]`).textContent = value;
    };
    fill("verdict", text(".verdict"));
    fill("status", text(".status"));
    fill("author", text(".author"));
    fill("restatement", li.dataset.restatement || "No restatement yet.");
    const others = idsOf(anchor).length - 1;
    fill("more", others > 0 ? ` · ${others} more claim${others > 1 ? "s" : ""} here` : "");
    const chip = li.querySelector(".chip");
    card.querySelector(".chip").className = chip ? chip.className : "chip";
    card.dataset.claim = id;
    card.hidden = false;
    place(anchor);
  }

  // Below the mark (above it when there is no room), inside the window.
  function place(anchor) {
    const rect = anchor.getClientRects()[0] || anchor.getBoundingClientRect();
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    let left = Math.min(rect.left, window.innerWidth - width - 8);
    left = Math.max(8, left);
    let top = rect.bottom + 6;
    if (top + height > window.innerHeight - 8) top = Math.max(8, rect.top - height - 6);
    card.style.left = `${left + window.scrollX}px`;
    card.style.top = `${top + window.scrollY}px`;
  }

  function hideCard() {
    if (card) card.hidden = true;
  }

  function cardForSelection() {
    const sentence = article.querySelector(".sentence.sel");
    const piece = sentence && sentence.querySelector(".piece.hl:not(.filtered-out)");
    if (piece) showCard(idsOf(piece).pop(), piece);
    else hideCard();
  }

  article.addEventListener("mouseover", (event) => {
    const piece = event.target.closest(".piece.hl");
    if (!piece || piece.classList.contains("filtered-out")) return;
    showCard(idsOf(piece).pop(), piece);
  });
  article.addEventListener("mouseout", (event) => {
    const piece = event.target.closest(".piece.hl");
    if (piece && !piece.contains(event.relatedTarget)) hideCard();
  });
  window.addEventListener("resize", hideCard);
  article.addEventListener("click", hideCard); // the claim opens beside: the card would cover text

  // "This span already has a claim: open it?" goes once either answer is taken.
  const flashBox = document.getElementById("desk-flash");
  flashBox.addEventListener("htmx:afterRequest", (event) => {
    if (event.target.closest(".span-taken") && event.detail.successful) flashBox.replaceChildren();
  });
})();
