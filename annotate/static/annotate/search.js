// "/" anywhere outside a text field puts the cursor in the top bar's search box (or the search
// page's own field), as on the large sites people know; Escape there gives focus back.
(function () {
  "use strict";
  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    var box = document.getElementById("search-q") || document.querySelector("[data-search-box]");
    if (!box) return;
    event.preventDefault();
    if (!box.offsetParent) {
      // In a narrow window the top bar's box sits behind the Menu button: open it first.
      var toggle = document.querySelector(".nav-toggle");
      if (toggle && toggle.getAttribute("aria-expanded") !== "true") toggle.click();
    }
    box.focus();
    box.select();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target && event.target.matches("[data-search-box]")) {
      event.target.blur();
    }
  });
})();
