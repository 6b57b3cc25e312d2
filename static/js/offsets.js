// Offsets: the server counts Unicode code points, JavaScript strings count UTF-16 units.
// Everything that leaves the browser goes through cpFromUtf16; everything that comes in
// through utf16FromCp. Selections are widened to whole graphemes (an emoji with its
// modifiers, a letter with its combining accents) and trimmed of surrounding spaces.

const isHigh = (code) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code) => code >= 0xdc00 && code <= 0xdfff;

function isPairAt(text, index) {
  return isHigh(text.charCodeAt(index)) && isLow(text.charCodeAt(index + 1));
}

/** Number of code points in text[0:utf16Index]. */
export function cpFromUtf16(text, utf16Index) {
  let points = 0;
  for (let i = 0; i < utf16Index && i < text.length; i += isPairAt(text, i) ? 2 : 1) points += 1;
  return points;
}

/** UTF-16 index reached by walking `count` code points forward from UTF-16 index `from`. */
export function utf16After(text, from, count) {
  let i = from;
  for (let n = 0; n < count && i < text.length; n += 1) i += isPairAt(text, i) ? 2 : 1;
  return i;
}

/** UTF-16 index of the code point numbered cpIndex in text. */
export function utf16FromCp(text, cpIndex) {
  return utf16After(text, 0, cpIndex);
}

const PAIRS = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Number of code points in text: its UTF-16 units less one per surrogate pair (the regular
 * expression engine counts them far faster than a loop, on the page's first run of every paragraph). */
export function cpLength(text) {
  const pairs = text.match(PAIRS);
  return text.length - (pairs ? pairs.length : 0);
}

const graphemes = typeof Intl !== "undefined" && Intl.Segmenter
  ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

/** Widen [start, end) (UTF-16) so that it neither starts nor ends inside a grapheme. */
export function snapToGraphemes(text, start, end) {
  if (!graphemes) return [start, end];
  let from = start;
  let to = end;
  for (const { index, segment } of graphemes.segment(text)) {
    const stop = index + segment.length;
    if (index < start && stop > start) from = index;
    if (index < end && stop > end) to = stop;
    if (index >= end) break;
  }
  return [from, to];
}

/** Shrink [start, end) (UTF-16) past white space at either end. */
export function trimSpan(text, start, end) {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text[from])) from += 1;
  while (to > from && /\s/.test(text[to - 1])) to -= 1;
  return [from, to];
}

const sentences = typeof Intl !== "undefined" && Intl.Segmenter
  ? new Intl.Segmenter(undefined, { granularity: "sentence" }) : null;

/** The [start, end) UTF-16 spans of the sentences of text, trimmed. */
export function sentenceSpans(text) {
  if (!sentences) return [[0, text.length]];
  const spans = [];
  for (const { index, segment } of sentences.segment(text)) {
    const [from, to] = trimSpan(text, index, index + segment.length);
    if (to > from) spans.push([from, to]);
  }
  return spans;
}
