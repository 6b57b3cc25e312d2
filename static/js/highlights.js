// The article text as paragraphs of highlight fragments, and the way back from the DOM
// (a selection, a click) to code-point offsets. The server renders the first paint with
// the same markup (annotator/presenters.py, text_html); this redraws a paragraph after a change.
import { cpFromUtf16, cpLength, snapToGraphemes, trimSpan, utf16After, utf16FromCp } from "./offsets.js";

const words = typeof Intl !== "undefined" && Intl.Segmenter
  ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;

/** The [start, end) UTF-16 spans of the words of text (numbers and names included). */
export function wordBounds(text) {
  if (!words) return Array.from(text.matchAll(/\S+/g), (m) => [m.index, m.index + m[0].length]);
  return Array.from(words.segment(text)).filter((s) => s.isWordLike).map((s) => [s.index, s.index + s.segment.length]);
}

/** Split [start, end) where any span opens or closes; each piece lists the spans covering it. */
export function fragments(start, end, spans) {
  const inside = spans.filter((s) => s.start < end && s.end > start)
    .map((s) => ({ id: s.id, start: Math.max(s.start, start), end: Math.min(s.end, end) }));
  const cuts = [...new Set([start, end, ...inside.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [left, right] = [cuts[i], cuts[i + 1]];
    pieces.push({ start: left, end: right, ids: inside.filter((s) => s.start <= left && s.end >= right).map((s) => s.id) });
  }
  return pieces;
}

/** The innermost claim: the shortest, and of equal ones the one starting last. */
export function innermost(claims) {
  return claims.reduce((best, c) => {
    if (!best) return c;
    const [a, b] = [c.end - c.start, best.end - best.start];
    return a < b || (a === b && c.start > best.start) ? c : best;
  }, null);
}

export function markClasses(piece, covering) {
  const primary = innermost(covering);
  const classes = ["hl", `v-${primary.verdict || "unrated"}`, `rs-${primary.review_state}`];
  if (covering.every((c) => c.review_state === "suggested")) classes.push("hl-suggested");
  if (covering.length > 1) classes.push("hl-overlap");
  if (piece.end === primary.end) classes.push("hl-end");
  if (primary.pending) classes.push("hl-pending");
  return { classes, primary };
}

export class ArticleText {
  constructor(root) {
    this.root = root;
    this.paragraphs = Array.from(root.querySelectorAll("p[data-start]"), (el) => {
      const text = el.textContent;
      const start = Number(el.dataset.start);
      return { el, text, start, end: start + cpLength(text) };
    });
  }

  paragraphAt(cp) {
    return this.paragraphs.find((p) => cp >= p.start && cp <= p.end) || null;
  }

  /** The article's text between two code-point offsets. */
  slice(start, end) {
    return this.paragraphs.filter((p) => p.start < end && p.end > start).map((p) => {
      const from = utf16FromCp(p.text, Math.max(0, start - p.start));
      return p.text.slice(from, utf16FromCp(p.text, Math.min(p.end, end) - p.start));
    }).join("\n\n");
  }

  /** Repaint the paragraphs that [start, end) touches. A save landing while the reader selects
   * text (by mouse, or ] and Shift+arrows) must not take the selection away: it is put back. */
  redraw(start, end, claims) {
    const kept = this.selectionPoints();
    for (const p of this.paragraphs) {
      if (p.start <= end && p.end >= start) this.drawParagraph(p, claims);
    }
    if (kept) this.select(...kept); // anchor first, so a Shift+arrow still extends the same way
  }

  /** The code points of the selection's anchor and focus when it lies in the text, else null. */
  selectionPoints() {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed || !this.root.contains(selection.anchorNode)
        || !this.root.contains(selection.focusNode)) return null;
    const at = (node, offset) => {
      const found = this.offsetOf(node, offset, "start");
      return found && found.p.el.contains(node) ? found.p.start + cpFromUtf16(found.p.text, found.u16) : null;
    };
    const anchor = at(selection.anchorNode, selection.anchorOffset);
    const focus = at(selection.focusNode, selection.focusOffset);
    return anchor === null || focus === null ? null : [anchor, focus];
  }

  drawParagraph(p, claims) {
    const spans = claims.filter((c) => c.start < p.end && c.end > p.start);
    const byId = new Map(spans.map((c) => [String(c.id), c]));
    const out = document.createDocumentFragment();
    let u16 = 0;
    for (const piece of fragments(p.start, p.end, spans)) {
      const next = utf16After(p.text, u16, piece.end - piece.start);
      const text = p.text.slice(u16, next);
      u16 = next;
      if (!piece.ids.length) { out.append(text); continue; }
      const { classes, primary } = markClasses(piece, piece.ids.map((id) => byId.get(String(id))));
      const mark = document.createElement("mark");
      mark.className = classes.join(" ");
      mark.dataset.claims = piece.ids.join(" ");
      mark.dataset.primary = primary.id;
      mark.dataset.start = piece.start;
      mark.textContent = text;
      out.append(mark);
    }
    p.el.replaceChildren(out);
  }

  /** The paragraph and UTF-16 offset of a DOM position; between paragraphs (a drag that began
   * in the margin), the nearest paragraph on the inner side of the selection's edge. */
  offsetOf(node, offset, edge) {
    const el = (node.nodeType === 1 ? node : node.parentElement).closest("p[data-start]");
    const p = el && this.paragraphs.find((q) => q.el === el);
    if (!p) return this.between(node.nodeType === 1 && node.childNodes[offset] ? node.childNodes[offset] : node, edge);
    const range = document.createRange();
    range.setStart(p.el, 0);
    range.setEnd(node, offset);
    return { p, u16: range.toString().length };
  }

  between(ref, edge) {
    if (!this.root.contains(ref)) return null;
    const follows = (q) => q.el === ref || Boolean(ref.compareDocumentPosition(q.el) & Node.DOCUMENT_POSITION_FOLLOWING);
    const p = edge === "start" ? this.paragraphs.find(follows) : this.paragraphs.filter((q) => !follows(q)).pop();
    return p ? { p, u16: edge === "start" ? 0 : p.text.length } : null;
  }

  /** The claim-ready span of a DOM range: whole graphemes, no spaces at the ends. */
  spanOf(range) {
    const a = this.offsetOf(range.startContainer, range.startOffset, "start");
    const b = this.offsetOf(range.endContainer, range.endOffset, "end");
    if (!a || !b) return null;
    let [from] = snapToGraphemes(a.p.text, a.u16, a.u16);
    let [, to] = snapToGraphemes(b.p.text, b.u16, b.u16);
    [from] = trimSpan(a.p.text, from, a.p === b.p ? to : a.p.text.length);
    [, to] = trimSpan(b.p.text, a.p === b.p ? from : 0, to);
    const start = a.p.start + cpFromUtf16(a.p.text, from);
    const end = b.p.start + cpFromUtf16(b.p.text, to);
    return end > start ? { start, end } : null;
  }

  /** Where a claim's start or end lands one word earlier or later, within its paragraph. */
  wordStep(cp, edge, direction) {
    const p = this.paragraphAt(cp);
    if (!p) return null;
    const bounds = wordBounds(p.text).map(([a, b]) => p.start + cpFromUtf16(p.text, edge === "start" ? a : b));
    const candidates = direction > 0 ? bounds.filter((x) => x > cp) : bounds.filter((x) => x < cp).reverse();
    return candidates.length ? candidates[0] : null;
  }

  /** The DOM position of a code-point offset. */
  pointAt(cp) {
    const p = this.paragraphAt(cp);
    let left = utf16FromCp(p.text, cp - p.start);
    const walker = document.createTreeWalker(p.el, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node) {
      if (left <= node.data.length) return [node, left];
      left -= node.data.length;
      node = walker.nextNode();
    }
    return [p.el, p.el.childNodes.length];
  }

  /** Select [start, end) in the page, as if the user had dragged over it. */
  select(start, end) {
    window.getSelection().setBaseAndExtent(...this.pointAt(start), ...this.pointAt(end));
  }
}
