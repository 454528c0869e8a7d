// The newsroom's small enhancements: the @ picker of comment boxes (no inline scripts: CSP).
// Typing "@" and a few letters in a comment offers the team's members; arrows choose, Enter or
// Tab (or a click) inserts "@username ", Escape closes. Without JS one types @username by hand.
(() => {
  const URL_ = "/team/mentions/";
  let list = null;
  let target = null;
  let items = [];
  let active = 0;
  let timer = null;

  const removeList = () => {
    if (list) list.remove();
    list = null;
    if (target) target.removeAttribute("aria-activedescendant");
  };

  const close = () => {
    removeList();
    items = [];
  };

  const wordAtCaret = (field) => {
    const before = field.value.slice(0, field.selectionStart);
    const match = /(^|[\s(])@([\w.+-]*)$/.exec(before);
    return match ? { query: match[2], start: before.length - match[2].length - 1 } : null;
  };

  const choose = (index) => {
    const member = items[index];
    const word = wordAtCaret(target);
    if (!member || !word) return close();
    const after = target.value.slice(target.selectionStart);
    const inserted = `@${member.username} `;
    target.value = target.value.slice(0, word.start) + inserted + after;
    const caret = word.start + inserted.length;
    target.setSelectionRange(caret, caret);
    close();
    target.focus();
  };

  const render = () => {
    removeList();
    if (!items.length) return;
    list = document.createElement("ul");
    list.className = "mention-list";
    list.id = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Team members");
    items.forEach((member, index) => {
      const li = document.createElement("li");
      li.id = `mention-${index}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(index === active));
      li.dataset.username = member.username;
      li.textContent = `@${member.username}`;
      if (member.name) {
        const name = document.createElement("span");
        name.className = "muted";
        name.textContent = member.name;
        li.append(name);
      }
      li.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(index);
      });
      list.append(li);
    });
    target.setAttribute("aria-activedescendant", `mention-${active}`);
    target.insertAdjacentElement("afterend", list);
  };

  const suggest = (field) => {
    const word = wordAtCaret(field);
    if (!word) return close();
    target = field;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const response = await fetch(`${URL_}?q=${encodeURIComponent(word.query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return close();
      items = (await response.json()).members || [];
      active = 0;
      render();
    }, 120);
  };

  const isCommentBox = (el) => el && el.matches && el.matches("textarea[data-mentions], .comment-form textarea[name=body]");

  document.addEventListener("input", (event) => {
    if (isCommentBox(event.target)) suggest(event.target);
  });
  document.addEventListener("keydown", (event) => {
    if (!list || event.target !== target) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      render();
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      event.stopPropagation();
      choose(active);
    } else if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  }, true);
  document.addEventListener("focusout", (event) => {
    if (event.target === target) setTimeout(close, 150);
  });
})();
