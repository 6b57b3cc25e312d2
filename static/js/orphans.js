// Orphaned claims: select the words a claim now refers to, then "Attach to selection".
// Offsets sent to the server count Unicode code points of the article's canonical text;
// the DOM counts UTF-16 units, so every length here goes through offsets.js.

import { cpFromUtf16, cpLength } from "./offsets.js";

const PARAGRAPH_BREAK = 2; // paragraphs are split by "\n\n" in the canonical text

// Map each text node inside the article's paragraphs to its code-point offset in the text.
// A paragraph's or highlight's data-start (set by the server) is authoritative and corrects the count.
function textNodeOffsets(container) {
  const offsets = new Map();
  let position = 0;
  container.querySelectorAll(":scope > p").forEach((paragraph, index) => {
    if (index > 0) position += PARAGRAPH_BREAK;
    if (paragraph.dataset.start) position = Number(paragraph.dataset.start);
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const mark = node.parentElement.closest("mark.hl");
      if (mark && mark.firstChild === node && mark.dataset.start) position = Number(mark.dataset.start);
      offsets.set(node, position);
      position += cpLength(node.data);
    }
  });
  return offsets;
}

// Resolve a boundary given as (element, child index) to (text node, UTF-16 offset).
function textPoint(node, offset, offsets) {
  if (node.nodeType === Node.TEXT_NODE) return [node, offset];
  const texts = [...offsets.keys()].filter((text) => node.contains(text));
  const after = texts.find((text) => offset < node.childNodes.length
    && (node.childNodes[offset] === text || node.childNodes[offset].contains(text)
      || node.childNodes[offset].compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING));
  if (after) return [after, 0];
  const last = texts[texts.length - 1];
  return last ? [last, last.data.length] : [null, 0];
}

function pointOffset(node, offset, offsets) {
  const [text, at] = textPoint(node, offset, offsets);
  if (!text || !offsets.has(text)) return null;
  return offsets.get(text) + cpFromUtf16(text.data, at);
}

// Return {start, end} in code points for the current selection inside container, or null.
export function selectionOffsets(container, selection = window.getSelection()) {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return null;
  const offsets = textNodeOffsets(container);
  let start = pointOffset(range.startContainer, range.startOffset, offsets);
  let end = pointOffset(range.endContainer, range.endOffset, offsets);
  if (start === null || end === null) return null;
  const selected = range.toString();
  start += cpLength(selected.match(/^\s*/)[0]);
  end -= cpLength(selected.match(/\s*$/)[0]);
  return end > start ? { start, end } : null;
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

async function attach(item, span, status) {
  const response = await fetch(`/api/v1/claims/${item.dataset.claimId}/reattach`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify({ ...span, version: Number(item.dataset.version) }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.ok) {
    status.textContent = "Attached. Reloading…";
    window.location.reload();
  } else {
    status.textContent = (body.error && body.error.message) || `The server refused (${response.status}).`;
  }
}

export function initOrphans(root) {
  const container = root.getElementById("article-text");
  const status = root.getElementById("orphan-status");
  root.querySelectorAll(".orphan-attach").forEach((button) => {
    button.addEventListener("click", () => {
      const span = selectionOffsets(container);
      if (!span) {
        status.textContent = "First select, in the article, the words this claim now refers to.";
        return;
      }
      attach(button.closest(".orphan"), span, status);
    });
  });
}
