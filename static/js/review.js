// Review mode on the article page: approve or request changes from the keyboard.
// Keys act only while focus is inside the review list, and stop there, so the workspace's
// own single-key shortcuts (which also use j, k, a and c) never see them.

const ITEM = ".review-item";

function items(list) {
  return [...list.querySelectorAll(ITEM)];
}

function step(list, item, by) {
  const all = items(list);
  const next = all[Math.min(all.length - 1, Math.max(0, all.indexOf(item) + by))];
  if (next) next.focus();
}

function approve(item) {
  const button = item.querySelector("[data-key=approve]");
  if (button) button.click();
  return Boolean(button);
}

function focusComment(item) {
  const box = item.querySelector("[data-key=comment]");
  if (box) box.focus();
  return Boolean(box);
}

function onFieldKey(event, item) {
  if (event.key === "Escape") {
    item.focus();
    return true;
  }
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.target.form.requestSubmit();
    return true;
  }
  return false;
}

function onItemKey(event, list, item) {
  if (event.altKey || event.ctrlKey || event.metaKey) return false;
  const actions = {
    j: () => step(list, item, 1), ArrowDown: () => step(list, item, 1),
    k: () => step(list, item, -1), ArrowUp: () => step(list, item, -1),
    a: () => approve(item), c: () => focusComment(item), r: () => focusComment(item),
  };
  const action = actions[event.key];
  if (!action || event.target !== item) return false;
  action();
  return true;
}

export function initReview(root) {
  root.querySelectorAll("[data-review-list]").forEach((list) => {
    list.addEventListener("keydown", (event) => {
      const item = event.target.closest(ITEM);
      if (!item) return;
      const inField = event.target.matches("textarea, input");
      const handled = inField ? onFieldKey(event, item) : onItemKey(event, list, item);
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    });
  });
  // The review item in focus shows where its claim is in the text.
  root.addEventListener("focusin", (event) => markInText(root, event.target.closest(ITEM)));
  // Back from a review action, focus the review list so the next claim is one key away
  // (after load: the browser's own jump to #review would take the focus back).
  if (window.location.hash === "#review") {
    window.addEventListener("load", () => setTimeout(() => focusFirst(root), 0));
  }
}

function markInText(root, item) {
  if (!item) return;
  for (const el of root.querySelectorAll(".is-review-focus, .review-item.is-focused")) {
    el.classList.remove("is-review-focus", "is-focused");
  }
  item.classList.add("is-focused");
  const marks = root.querySelectorAll(`#article-text mark[data-claims~="${item.dataset.claimId}"]`);
  for (const mark of marks) mark.classList.add("is-review-focus");
  if (marks.length) marks[0].scrollIntoView({ block: "nearest" });
}

function focusFirst(root) {
  const first = root.querySelector(`[data-review-list] ${ITEM}`);
  if (first) first.focus();
}
