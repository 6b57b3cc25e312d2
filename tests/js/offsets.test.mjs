// The one mapping between the DOM's UTF-16 units and the server's code points (static/js/offsets.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { cpFromUtf16, cpLength, snapToGraphemes, trimSpan, utf16After, utf16FromCp } from "../../static/js/offsets.js";

const TEXT = "Ice 🧊 costs €4 — 👍🏽 said Zoë.";

test("code points and UTF-16 units convert both ways on every boundary", () => {
  const points = Array.from(TEXT);
  assert.equal(cpLength(TEXT), points.length);
  let u16 = 0;
  points.forEach((point, cp) => {
    assert.equal(utf16FromCp(TEXT, cp), u16);
    assert.equal(cpFromUtf16(TEXT, u16), cp);
    u16 += point.length;
  });
  assert.equal(utf16FromCp(TEXT, points.length), TEXT.length);
  assert.equal(utf16FromCp(TEXT, points.length + 5), TEXT.length, "past the end stops at the end");
});

test("the length in code points counts the walk does, lone surrogates one each", () => {
  for (const text of ["", "plain", TEXT, "\uD83E", "a\uDC00b", "\uDC00\uD83E", "\uD83E\uDDCA\uD83E", "🧊🧊\uD800"]) {
    assert.equal(cpLength(text), cpFromUtf16(text, text.length), JSON.stringify(text));
  }
});

test("a UTF-16 index inside a surrogate pair counts the pair once it is passed", () => {
  const at = TEXT.indexOf("🧊");
  assert.equal(cpFromUtf16(TEXT, at + 1), cpFromUtf16(TEXT, at) + 1);
  assert.equal(utf16After(TEXT, at, 1), at + 2);
});

test("a span is widened to whole graphemes: an emoji keeps its skin tone, a letter its accent", () => {
  const thumb = TEXT.indexOf("👍🏽");
  assert.deepEqual(snapToGraphemes(TEXT, thumb + 2, thumb + 3), [thumb, thumb + 4]);
  const decomposed = "Zoe\u0308 said";
  assert.deepEqual(snapToGraphemes(decomposed, 0, 3), [0, 4]);
});

test("a span is trimmed of spaces at both ends, never past itself", () => {
  assert.deepEqual(trimSpan("  roads  ", 0, 9), [2, 7]);
  assert.deepEqual(trimSpan("   ", 0, 3), [3, 3]);
});
