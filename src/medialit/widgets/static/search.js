// @ts-check
// medialit: search over a case's source packet, in the browser, with no kernel and no network.
// The index is built in Python (medialit.analysis.search.build_index); this module ranks over
// it with the same rules as medialit.analysis.search.search, step by step and in the same order,
// so both give the same results. tests/data/vectors/search.json checks both; the rules are
// written out in that Python module's docstring and in docs/packet.md.

/**
 * A document of the index (medialit.analysis.search.build_index): what a result shows, and the
 * searched texts `meta` and `body`.
 * @typedef {object} IndexDocument
 * @property {string} id
 * @property {string} kind
 * @property {string} title
 * @property {string | null} [publisher]
 * @property {string | null} [date]
 * @property {string | null} [undated]
 * @property {string | null} [url]
 * @property {string | null} [archive]
 * @property {string | null} [leaning]
 * @property {string} meta
 * @property {string} body
 */

/**
 * The search index (medialit.analysis.search.build_index; docs/contracts.md): `terms` and `idf`
 * are parallel lists.
 * @typedef {object} SearchIndex
 * @property {string} kind
 * @property {number} schema_version
 * @property {{k1: number, b: number, title_weight: number, phrase_boost: number, snippet_words: number, limit: number}} params
 * @property {string[]} stopwords
 * @property {number} avg_len
 * @property {string[]} terms
 * @property {number[]} idf
 * @property {IndexDocument[]} documents
 */

/** @typedef {{text: string, mark: boolean}} Segment  a piece of a snippet; `mark`: a search term */

/**
 * A result: the document's fields that a result shows, its score and its snippet.
 * @typedef {Omit<IndexDocument, "meta" | "body"> & {score: number, snippet: Segment[]}} SearchResult
 */

/**
 * A document's terms, computed once per index; `wordTerms` (each word's terms, for the snippet)
 * only once the document is shown.
 * @typedef {{title: string[], meta: string[], words: string[], body: string[], wordTerms: string[][] | null}} Prepared
 */

const MARKS = /[\u0300-\u036f]/g;
const DIGIT_COMMA = /([0-9]),(?=[0-9]{3}(?![0-9]))/g;
const UPPER = /[A-Z]/g;
const TOKEN = /[a-z0-9]+/g;
const CURLY = /[\u201c\u201d]/g;
const PUNCT = /^([(\[\u201c\u2018"']*)([\s\S]*?)([.,;:!?)\]\u201d\u2019"'\u2026]*)$/;

/**
 * Text as the tokenizer sees it: NFKD, marks dropped, digit-group commas dropped, ASCII lower case.
 * @param {string} text
 * @returns {string}
 */
function normalize(text) {
  return text
    .normalize("NFKD")
    .replace(MARKS, "")
    .replace(DIGIT_COMMA, "$1")
    .replace(UPPER, (c) => c.toLowerCase());
}

/**
 * Fold a plural: four letters or more, ending in s but not ss, us or is.
 * @param {string} token
 * @returns {string}
 */
function fold(token) {
  if (token.length >= 4 && token.endsWith("s") && !/(ss|us|is)$/.test(token)) return token.slice(0, -1);
  return token;
}

/**
 * The search terms of `text`, in order.
 * @param {string} text
 * @param {string[]} stopwords
 * @returns {string[]}
 */
export function tokenize(text, stopwords) {
  const stop = new Set(stopwords);
  const out = [];
  for (const tok of normalize(text).match(TOKEN) || []) {
    if (stop.has(tok) || (tok.length === 1 && !/[0-9]/.test(tok))) continue;
    out.push(fold(tok));
  }
  return out;
}

/**
 * Distinct terms of a query in order, and the terms of each quoted phrase.
 * @param {string} query
 * @param {string[]} stopwords
 * @returns {{terms: string[], phrases: string[][]}}
 */
export function parseQuery(query, stopwords) {
  const parts = query.replace(CURLY, '"').split('"');
  /** @type {string[]} */
  const terms = [];
  /** @type {string[][]} */
  const phrases = [];
  parts.forEach((part, i) => {
    const toks = tokenize(part, stopwords);
    if (i % 2 === 1 && toks.length) phrases.push(toks);
    for (const t of toks) if (!terms.includes(t)) terms.push(t);
  });
  return { terms, phrases };
}

/**
 * Whether `phrase` occurs in `seq` as consecutive terms.
 * @param {string[]} seq
 * @param {string[]} phrase
 */
function contains(seq, phrase) {
  const m = phrase.length;
  for (let i = 0; i + m <= seq.length; i++) {
    let ok = true;
    for (let j = 0; j < m; j++) {
      if (seq[i + j] !== phrase[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

/**
 * @param {string[]} seq
 * @returns {Map<string, number>}
 */
function counts(seq) {
  /** @type {Map<string, number>} */
  const out = new Map();
  for (const t of seq) out.set(t, (out.get(t) || 0) + 1);
  return out;
}

/**
 * A word as its leading punctuation, its core and its trailing punctuation (PUNCT matches any word).
 * @param {string} word
 * @returns {[string, string, string]}
 */
function split(word) {
  const m = /** @type {RegExpExecArray} */ (PUNCT.exec(word));
  return [m[1], m[2], m[3]];
}

/**
 * The best window of `size` words (the most distinct wanted terms, then the most hits) as segments,
 * the wanted terms marked.
 * @param {string[]} words
 * @param {string[][]} termsOf  each word's terms
 * @param {Set<string>} wanted
 * @param {number} size
 * @returns {Segment[]}
 */
function snippet(words, termsOf, wanted, size) {
  const n = words.length;
  const marked = termsOf.map((ts) => ts.some((t) => wanted.has(t)));
  let best = 0;
  let bestKey = [-1, -1];
  for (let s = 0; s < Math.max(1, n - size + 1); s++) {
    const distinct = new Set();
    let hits = 0;
    for (let j = s; j < Math.min(n, s + size); j++) {
      if (marked[j]) {
        hits += 1;
        for (const t of termsOf[j]) if (wanted.has(t)) distinct.add(t);
      }
    }
    if (distinct.size > bestKey[0] || (distinct.size === bestKey[0] && hits > bestKey[1])) {
      best = s;
      bestKey = [distinct.size, hits];
    }
  }
  const end = Math.min(n, best + size);
  /** @type {Segment[]} */
  const segs = [];
  /**
   * @param {string} text
   * @param {boolean} mark
   */
  const push = (text, mark) => {
    if (!text) return;
    const last = segs[segs.length - 1];
    if (last && last.mark === mark) last.text += text;
    else segs.push({ text, mark });
  };
  if (best > 0) push("\u2026 ", false);
  for (let j = best; j < end; j++) {
    if (j > best) push(" ", marked[j] && marked[j - 1] && !split(words[j - 1])[2] && !split(words[j])[0]);
    if (marked[j]) {
      const [lead, core, trail] = split(words[j]);
      push(lead, false);
      push(core, true);
      push(trail, false);
    } else {
      push(words[j], false);
    }
  }
  if (end < n) push(" \u2026", false);
  return segs;
}

/** @type {WeakMap<SearchIndex, {idf: Map<string, number>, docs: Prepared[]}>} */
const PREPARED = new WeakMap();

/**
 * The idf of each term and the documents' terms, once per index object (as medialit.analysis.search._prepared).
 * @param {SearchIndex} index
 * @returns {{idf: Map<string, number>, docs: Prepared[]}}
 */
function prepared(index) {
  let prep = PREPARED.get(index);
  if (!prep) {
    /** @type {Map<string, number>} */
    const idf = new Map();
    index.terms.forEach((term, i) => idf.set(term, index.idf[i]));
    // body: the whole body's terms (the same as word by word: spaces separate tokens anyway);
    // wordTerms, each word's terms for the snippet, only for documents that are shown.
    const docs = index.documents.map((doc) => ({
      title: tokenize(doc.title, index.stopwords),
      meta: tokenize(doc.meta, index.stopwords),
      words: doc.body ? doc.body.split(" ") : [],
      body: tokenize(doc.body, index.stopwords),
      wordTerms: null,
    }));
    prep = { idf, docs };
    PREPARED.set(index, prep);
  }
  return prep;
}

/**
 * @param {Prepared} prep
 * @param {string[]} stopwords
 * @returns {string[][]}
 */
function wordTermsOf(prep, stopwords) {
  if (prep.wordTerms === null) prep.wordTerms = prep.words.map((w) => tokenize(w, stopwords));
  return prep.wordTerms;
}

/**
 * Ranked results for `query` over a packet index (best first).
 * @param {SearchIndex} index  the JSON of medialit.analysis.search.build_index
 * @param {string} query
 * @param {number} [limit]  default: the index's params.limit
 * @returns {SearchResult[]}
 */
export function search(index, query, limit) {
  if (!index || index.kind !== "medialit-search-index" || index.schema_version !== 1) {
    throw new Error(
      "not a medialit search index of schema_version 1; rebuild it with medialit.analysis.search.build_index",
    );
  }
  const p = index.params;
  const k1 = p.k1;
  const b = p.b;
  const tw = p.title_weight;
  const boost = p.phrase_boost;
  const size = p.snippet_words;
  const cap = limit === undefined ? p.limit : limit;
  const { idf, docs: preps } = prepared(index);
  const avg = index.avg_len;
  const parsed = parseQuery(query, index.stopwords);
  const terms = parsed.terms;
  let phrases = parsed.phrases;
  if (!terms.length) return [];
  const quoted = phrases.length > 0;
  if (!quoted && terms.length >= 2) phrases = [tokenize(query.replace(CURLY, " ").replace(/"/g, " "), index.stopwords)];
  const wanted = new Set(terms);
  /** @type {{score: number, doc: IndexDocument, prep: Prepared}[]} */
  const scored = [];
  index.documents.forEach((doc, i) => {
    const prep = preps[i];
    const title = prep.title;
    const meta = prep.meta;
    const body = prep.body;
    const fields = [title, meta, body];
    if (quoted && !phrases.every((ph) => fields.some((f) => contains(f, ph)))) return;
    const ct = counts(title);
    const cm = counts(meta);
    const cb = counts(body);
    const length = tw * title.length + meta.length + body.length;
    const norm = k1 * (1 - b + (b * length) / avg);
    let score = 0.0;
    for (const t of terms) {
      const tf = tw * (ct.get(t) || 0) + (cm.get(t) || 0) + (cb.get(t) || 0);
      if (tf === 0) continue;
      const weight = idf.get(t);
      // A term of a document is in the index's terms (as in Python, where idf[t] raises otherwise).
      if (weight === undefined) throw new Error("the search index has no idf for " + JSON.stringify(t) + "; rebuild it");
      score += (weight * (tf * (k1 + 1))) / (tf + norm);
    }
    if (score === 0) return;
    for (const ph of phrases) {
      if (fields.some((f) => contains(f, ph))) {
        let s = 0.0;
        for (const t of ph) s += idf.get(t) ?? 0.0;
        score += boost * s;
      }
    }
    scored.push({ score, doc, prep });
  });
  scored.sort((x, y) => y.score - x.score || (x.doc.id < y.doc.id ? -1 : x.doc.id > y.doc.id ? 1 : 0));
  return scored.slice(0, cap).map(({ score, doc, prep }) => ({
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    url: doc.url,
    archive: doc.archive,
    date: doc.date,
    undated: doc.undated,
    publisher: doc.publisher,
    leaning: doc.leaning,
    score,
    snippet: snippet(prep.words, wordTermsOf(prep, index.stopwords), wanted, size),
  }));
}
