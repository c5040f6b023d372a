// @ts-check
// medialit: the phrase highlighter's span rule, with no DOM: how a sentence splits into the words
// a selection snaps to, and whether a highlight finds a span of the key. The same rule as
// medialit.qtypes.spans (match_spans, tokens), step by step; tests/data/vectors/spans.json holds
// the vectors both must pass (in Python, in node on this module, and in Chromium through the
// widget's Check). Like search.js, this module imports nothing: the widget imports it and
// scripts/build_widgets.mjs bundles it into static/bundled/phrase_highlighter.js.

/**
 * A highlight or a key span. Offsets count Unicode code points (Python string indices); a key
 * span may have no offsets (then its text is matched) and no label.
 * @typedef {object} Span
 * @property {string} sentence  the sentence id
 * @property {string} [text]
 * @property {number} [start]
 * @property {number} [end]
 * @property {string} [label]
 */

/**
 * A word of a sentence: the chunk between spaces as written, and the range a selection snaps to
 * (the chunk without its surrounding quotes and trailing punctuation) in UTF-16 units (`u0`, `u1`:
 * JavaScript string indices) and in code points (`start`, `end`).
 * @typedef {{chunk: string, u0: number, u1: number, start: number, end: number}} Word
 */

const OPENERS = "\"'“‘([«";
const CLOSERS = "\"'”’)]»,;:!?…";
const TOKEN_RE = /[\p{L}\p{N}_]+/gu; // Python's \w+, as the grader tokenises

/**
 * The code point offset of each UTF-16 offset of `text` (JavaScript strings count UTF-16 units;
 * Python strings, and so the stored offsets, count code points).
 * @param {string} text
 * @returns {number[]}
 */
function codePointOffsets(text) {
  /** @type {number[]} */
  const toCp = new Array(text.length + 1);
  let cp = 0;
  let i = 0;
  while (i < text.length) {
    toCp[i] = cp;
    const width = (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    if (width === 2) toCp[i + 1] = cp;
    i += width;
    cp += 1;
  }
  toCp[text.length] = cp;
  return toCp;
}

/**
 * A chunk between spaces, without surrounding quotes and trailing punctuation.
 * @param {string} text
 * @param {number} start
 * @param {number} end
 * @returns {[number, number]}
 */
function wordCore(text, start, end) {
  let s = start;
  let e = end;
  while (s < e && OPENERS.includes(text[s])) s += 1;
  while (e > s) {
    const c = text[e - 1];
    if (CLOSERS.includes(c) || (c === "." && !text.slice(s, e - 1).includes("."))) e -= 1;
    else break;
  }
  return s < e ? [s, e] : [start, end];
}

/**
 * The words of a sentence, in order: what a selection snaps to (a selection covers whole words).
 * @param {string} text
 * @returns {Word[]}
 */
export function sentenceWords(text) {
  const toCp = codePointOffsets(text);
  /** @type {Word[]} */
  const words = [];
  for (const m of text.matchAll(/\S+/g)) {
    const at = m.index ?? 0; // always set by matchAll
    const [u0, u1] = wordCore(text, at, at + m[0].length);
    words.push({ chunk: m[0], u0, u1, start: toCp[u0], end: toCp[u1] });
  }
  return words;
}

/**
 * Lower-case word tokens, as medialit.qtypes.spans.tokens.
 * @param {string} text
 * @returns {string[]}
 */
function tokens(text) {
  return (String(text).match(TOKEN_RE) || []).map((t) => t.toLowerCase());
}

/*
 * The matching rule, as medialit.qtypes.spans: same sentence, same label when the key has one; by
 * position, the highlight covers at least half of the key span's characters and is at most
 * 3 x its length + 15 characters; without offsets, half of the key's content words
 * (stop words ignored); each highlight counts for the one key span it covers most.
 */
const SPAN_THRESHOLD = 0.5;
const SPAN_CAP_FACTOR = 3;
const SPAN_CAP_SLACK = 15;
const WORD_SLACK = 3;
const STOP_WORDS = new Set(
  (
    "a an the and or but nor of in on at to for from by with as into onto than that this these those " +
    "it its is are was were be been being has have had do does did not no so such which who whom whose " +
    "what when where while if then there their they them he him his she her we our us you your i my me"
  ).split(" "),
);

/**
 * @param {string} text
 * @returns {string[]}
 */
function contentTokens(text) {
  const words = tokens(text);
  const content = words.filter((t) => !STOP_WORDS.has(t));
  return content.length ? content : words;
}

/**
 * A span's own offsets, if it has valid ones.
 * @param {Span} span
 * @returns {[number, number] | null}
 */
function offsetsOf(span) {
  /** @param {unknown} n @returns {n is number} */
  const ok = (n) => Number.isInteger(n) && typeof n === "number";
  if (!span || !ok(span.start) || !ok(span.end) || !(span.start >= 0 && span.start < span.end)) return null;
  return [span.start, span.end];
}

/**
 * The key span's range in code points: its own offsets, else where its text first occurs.
 * @param {Span} key
 * @param {Record<string, string>} sentences  the sentences' texts by id
 * @returns {[number, number] | null}
 */
function keyRange(key, sentences) {
  const own = offsetsOf(key);
  if (own) return own;
  const text = String(key.text || "");
  const sentence = sentences[key.sentence];
  if (!text || typeof sentence !== "string") return null;
  const at = sentence.indexOf(text);
  if (at < 0) return null;
  const start = Array.from(sentence.slice(0, at)).length;
  return [start, start + Array.from(text).length];
}

/**
 * The share of `key` that `span` covers, or 0 when it does not count.
 * @param {Span} key
 * @param {Span | null | undefined} span
 * @param {Record<string, string>} sentences
 * @returns {number}
 */
function coverage(key, span, sentences) {
  if (!span || span.sentence !== key.sentence) return 0;
  if (key.label && span.label !== key.label) return 0;
  const have = offsetsOf(span);
  const want = keyRange(key, sentences);
  if (have && want) {
    const size = want[1] - want[0];
    if (have[1] - have[0] > SPAN_CAP_FACTOR * size + SPAN_CAP_SLACK) return 0;
    const share = Math.max(0, Math.min(have[1], want[1]) - Math.max(have[0], want[0])) / size;
    return share >= SPAN_THRESHOLD ? share : 0;
  }
  const wantWords = contentTokens(key.text || "");
  const remaining = contentTokens(span.text || "");
  if (!wantWords.length || !remaining.length || remaining.length > SPAN_CAP_FACTOR * wantWords.length + WORD_SLACK) return 0;
  let hit = 0;
  for (const t of wantWords) {
    const at = remaining.indexOf(t);
    if (at >= 0) {
      remaining.splice(at, 1);
      hit += 1;
    }
  }
  const share = hit / wantWords.length;
  return share >= SPAN_THRESHOLD ? share : 0;
}

/**
 * Which key spans the highlights find (medialit.qtypes.spans.match_spans): `found`, one flag per
 * key span; `matched`, per highlight the index of the key span it counts for, or null.
 * @param {Span[]} key
 * @param {(Span | null)[]} highlights
 * @param {Record<string, string>} sentences  the sentences' texts by id
 * @returns {{found: boolean[], matched: (number | null)[]}}
 */
export function matchSpans(key, highlights, sentences) {
  const found = key.map(() => false);
  const matched = highlights.map((span) => {
    /** @type {number | null} */
    let best = null;
    let bestShare = 0;
    key.forEach((k, index) => {
      const share = coverage(k, span, sentences);
      if (share > bestShare) {
        best = index;
        bestShare = share;
      }
    });
    if (best !== null) found[best] = true;
    return best;
  });
  return { found, matched };
}

/**
 * The key span an extra highlight lies inside, holds or overlaps, and how (medialit.qtypes.spans.part_of):
 * for the wording of feedback only ("NASA said" inside "both Roscosmos and NASA said" is part of a key
 * span, not "not in the key"); null when it touches none. The first key span in key order wins.
 * @param {Span[]} key
 * @param {Span} span
 * @param {Record<string, string>} sentences
 * @returns {{index: number, how: "inside" | "holds" | "overlaps"} | null}
 */
export function partOf(key, span, sentences) {
  for (let index = 0; index < key.length; index += 1) {
    const k = key[index];
    if (!span || span.sentence !== k.sentence) continue;
    if (k.label && span.label !== k.label) continue;
    const have = offsetsOf(span);
    const want = keyRange(k, sentences);
    if (have && want) {
      if (Math.min(have[1], want[1]) <= Math.max(have[0], want[0])) continue;
      if (want[0] <= have[0] && have[1] <= want[1]) return { index, how: "inside" };
      if (have[0] <= want[0] && want[1] <= have[1]) return { index, how: "holds" };
      return { index, how: "overlaps" };
    }
    const mine = tokens(span.text || "");
    const theirs = tokens(k.text || "");
    /** @param {string[]} a @param {string[]} b */
    const within = (a, b) => a.length > 0 && a.every((t) => a.filter((x) => x === t).length <= b.filter((x) => x === t).length);
    if (within(mine, theirs)) return { index, how: "inside" };
    if (within(theirs, mine)) return { index, how: "holds" };
  }
  return null;
}
