// Orphaned claims: select the words a claim now refers to, then "Attach to selection".
// The selection becomes code-point offsets through the workspace's one mapping
// (highlights.js ArticleText.spanOf), and goes to the server through the one client (api.js).

import { call } from "./api.js";
import { ArticleText } from "./highlights.js";

/** The claim-ready {start, end} of the selection inside container, or null. */
function selectedSpan(container) {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return null;
  return new ArticleText(container).spanOf(range);
}

async function attach(item, span, status) {
  try {
    await call("POST", `/api/v1/claims/${item.dataset.claimId}/reattach`,
      { body: { ...span, version: Number(item.dataset.version) } });
  } catch (error) {
    status.textContent = error.message;
    return;
  }
  status.textContent = "Attached. Reloading…";
  window.location.reload();
}

export function initOrphans(root) {
  const container = root.getElementById("article-text");
  const status = root.getElementById("orphan-status");
  root.querySelectorAll(".orphan-attach").forEach((button) => {
    button.addEventListener("click", () => {
      const span = selectedSpan(container);
      if (!span) {
        status.textContent = "First select, in the article, the words this claim now refers to.";
        return;
      }
      attach(button.closest(".orphan"), span, status);
    });
  });
}
