"""Search over a case's source packet: a build-time index and a ranking shared with the browser.

Python builds the index (:func:`build_index`, plain JSON data); both this module's
:func:`search` and ``widgets/static/search.js`` rank over that same index with the same
rules, so a live kernel and the static book give the same results. One file of test
vectors (``tests/data/vectors/search.json``) checks both. docs/packet.md explains the
ranking for teachers.

Tokenizer (the same in both languages)
    Unicode NFKD, combining marks (U+0300-U+036F) dropped; commas inside digit groups
    dropped (``3,000`` -> ``3000``); ASCII letters lower-cased; a token is a run of
    ``[a-z0-9]``. Stopwords (listed in the index) and single letters are dropped. A token
    of four or more letters ending in ``s`` but not in ``ss``, ``us`` or ``is`` loses the
    ``s`` (``scientists`` matches ``scientist``).

Query
    Words in double quotes (straight or curly) form a phrase that a result must contain
    as consecutive tokens. Every token of the query, quoted or not, is a search term.

Ranking (BM25 over one weighted document)
    A document's terms are its title (each counted ``title_weight`` times), its publisher
    line (publisher and web host) and its body (summary and quote). The packet's description
    of each publisher (``about``) is not searched and not in the index: who is behind a site
    is found by searching for it and reading the packet's documents about it (issue 21).
    For each distinct query term ``t`` in query order::

        score += idf[t] * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * len / avg_len))

    with ``idf[t] = ln(1 + (N - df + 0.5) / (df + 0.5))`` computed at build time. Each
    phrase (the quoted ones, or the whole query when it has two terms or more and no
    quotes) found as consecutive tokens in the title, publisher line or body adds
    ``phrase_boost`` times the sum of its terms' idf. Results with a score of 0 are
    dropped; ties go to the document id in code-point order.

Snippet
    The window of ``snippet_words`` body words with the most distinct query terms (then
    the most matching words, then the earliest); matched words are marked. It is returned
    as segments ``{"text", "mark"}`` so a widget can render it without parsing HTML.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Required, TypedDict
from urllib.parse import urlsplit

from medialit.contracts import INDEX_KIND, INDEX_SCHEMA_VERSION
from medialit.model import Packet, PacketDocument, PacketKind


class IndexDocument(TypedDict, total=False):
    """One document of a :class:`SearchIndex`: what a result shows, and the texts searched."""

    id: Required[str]
    kind: Required[PacketKind]
    title: Required[str]
    publisher: Required[str | None]
    date: Required[str | None]
    undated: Required[str | None]
    url: Required[str | None]
    archive: Required[str | None]
    leaning: Required[str | None]
    meta: Required[str]
    """Publisher and web host (single spaces)."""
    body: Required[str]
    """Summary and quote (single spaces)."""
    constructed: str
    """Only on a document invented for the lessons (its title says so too)."""


class SearchIndex(TypedDict):
    """The JSON-ready search index of a packet (:func:`build_index`), read by :func:`search` and search.js."""

    schema_version: int
    kind: str
    case: str
    params: dict[str, float | int]
    stopwords: list[str]
    avg_len: float
    terms: list[str]
    """Every term of the packet, sorted."""
    idf: list[float]
    """The idf of each term of ``terms`` (a parallel list: no word of the packet becomes a JSON key)."""
    documents: list[IndexDocument]


class SnippetPart(TypedDict):
    """A run of a result's snippet: matched words (``mark``) or the words between them."""

    text: str
    mark: bool


class SearchHit(TypedDict):
    """One result of :func:`search`, as the search lab lists it."""

    id: str
    kind: PacketKind
    title: str
    url: str | None
    archive: str | None
    date: str | None
    undated: str | None
    publisher: str | None
    leaning: str | None
    score: float
    snippet: list[SnippetPart]


PARAMS: dict[str, float | int] = {
    "k1": 1.2,
    "b": 0.75,
    "title_weight": 2,
    "phrase_boost": 0.5,
    "snippet_words": 24,
    "limit": 10,
}

STOPWORDS = (
    "a an and are as at be been but by can could did do does for from had has have he her his how if in into "
    "is it its of on or our she so than that the their them then there these they this those to was we were "
    "what when where which who whom why will with would you your"
).split()

_MARKS = re.compile("[\u0300-\u036f]")
_DIGIT_COMMA = re.compile(r"([0-9]),(?=[0-9]{3}(?![0-9]))")
_UPPER = re.compile("[A-Z]")
_TOKEN = re.compile("[a-z0-9]+")
_QUOTES = re.compile("[\u201c\u201d]")
_PUNCT = re.compile("^([(\\[\u201c\u2018\"']*)(.*?)([.,;:!?)\\]\u201d\u2019\"'\u2026]*)$", re.DOTALL)


def normalize(text: str) -> str:
    """Text as the tokenizer sees it: NFKD, marks dropped, digit-group commas dropped, ASCII lower case."""
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    text = _DIGIT_COMMA.sub(r"\1", text)
    return _UPPER.sub(lambda m: m.group(0).lower(), text)


def fold(token: str) -> str:
    """Fold a plural: four letters or more, ending in s but not ss, us or is."""
    if len(token) >= 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str, stopwords: Iterable[str] = STOPWORDS) -> list[str]:
    """The search terms of ``text``, in order (see the module docstring for the rules)."""
    stop = set(stopwords)
    out = []
    for tok in _TOKEN.findall(normalize(text)):
        if tok in stop or (len(tok) == 1 and not tok.isdigit()):
            continue
        out.append(fold(tok))
    return out


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _meta_text(doc: PacketDocument) -> str:
    return " ".join(x for x in (doc.publisher or "", _host(doc.url)) if x)


def _body_text(doc: PacketDocument) -> str:
    text = doc.text
    if doc.quote is not None:
        text += f" \u201c{doc.quote.text}\u201d"
    return text


def build_index(packet: Packet) -> SearchIndex:
    """The search index of ``packet``: JSON-ready data that :func:`search` and search.js read.

    Each document keeps what a result shows (title, publisher, date or why it has none, URL
    or archive reference, leaning) and the two texts searched besides the title: ``meta``
    (publisher and web host) and ``body`` (summary and quote, words separated by single
    spaces). The packet's description of the publisher (``about``) stays out: the index
    travels in the student bundle, and a ready "who is behind this site" line would answer
    the questions that ask students to find that out (issue 21). The index adds what ranking needs from the
    whole packet: every term (``terms``, sorted) with its ``idf`` (a parallel list, so that no
    word of the packet becomes a JSON key) and ``avg_len``. Deterministic: the same packet gives
    the same index (documents in packet order, vocabulary sorted).
    """
    stop = list(STOPWORDS)
    docs: list[IndexDocument] = []
    for d in packet.documents:
        doc: IndexDocument = {
            "id": d.id,
            "kind": d.kind,
            "title": d.title,
            "publisher": d.publisher,
            "date": d.date,
            "undated": d.undated,
            "url": d.url,
            "archive": d.archive,
            "leaning": d.leaning,
            "meta": " ".join(_meta_text(d).split()),
            "body": " ".join(_body_text(d).split()),
        }
        if d.constructed:  # only on a document invented for the lessons (its title says so too)
            doc["constructed"] = d.constructed
        docs.append(doc)
    df: dict[str, int] = {}
    total = 0
    tw = int(PARAMS["title_weight"])
    for prep in (_prepare_doc(doc, stop) for doc in docs):
        for term in set(prep.title) | set(prep.meta) | set(prep.body):
            df[term] = df.get(term, 0) + 1
        total += tw * len(prep.title) + len(prep.meta) + len(prep.body)
    n = len(docs)
    vocab = sorted(df)
    return {
        "schema_version": INDEX_SCHEMA_VERSION,
        "kind": INDEX_KIND,
        "case": packet.case,
        "params": dict(PARAMS),
        "stopwords": stop,
        "avg_len": total / n if n else 0.0,
        "terms": vocab,
        "idf": [math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in vocab],
        "documents": docs,
    }


@dataclass
class _Prepared:
    """A document's terms, computed once per index (both languages derive them the same way).

    ``body`` is the body's terms (tokenizing the whole body gives the same terms as
    tokenizing word by word: spaces separate tokens anyway); ``word_terms``, each word's
    terms for the snippet, is filled in only for documents that are shown.
    """

    title: list[str]
    meta: list[str]
    words: list[str]
    body: list[str]
    word_terms: list[list[str]] | None = None


def _prepare_doc(doc: IndexDocument, stop: list[str]) -> _Prepared:
    return _Prepared(
        title=tokenize(doc["title"], stop),
        meta=tokenize(doc["meta"], stop),
        words=doc["body"].split(" ") if doc["body"] else [],
        body=tokenize(doc["body"], stop),
    )


def _word_terms(prep: _Prepared, stop: list[str]) -> list[list[str]]:
    if prep.word_terms is None:
        prep.word_terms = [tokenize(w, stop) for w in prep.words]
    return prep.word_terms


_CACHE: list[tuple[SearchIndex, dict[str, float], list[_Prepared]]] = []


def _prepared(index: SearchIndex) -> tuple[dict[str, float], list[_Prepared]]:
    """The idf of each term and the documents' terms, cached per index object (an index is
    not changed once built)."""
    for known, idf, prep in _CACHE:
        if known is index:
            return idf, prep
    idf = dict(zip(index["terms"], index["idf"], strict=True))
    prep = [_prepare_doc(doc, index["stopwords"]) for doc in index["documents"]]
    _CACHE.insert(0, (index, idf, prep))
    del _CACHE[4:]
    return idf, prep


def parse_query(query: str, stopwords: Iterable[str]) -> tuple[list[str], list[list[str]]]:
    """``(terms, phrases)`` of a query: distinct terms in order, and the quoted phrases' terms."""
    stop = list(stopwords)
    parts = _QUOTES.sub('"', query).split('"')
    terms: list[str] = []
    phrases: list[list[str]] = []
    for i, part in enumerate(parts):
        toks = tokenize(part, stop)
        if i % 2 == 1 and toks:
            phrases.append(toks)
        for t in toks:
            if t not in terms:
                terms.append(t)
    return terms, phrases


def _contains(seq: list[str], phrase: list[str]) -> bool:
    m = len(phrase)
    return any(seq[i : i + m] == phrase for i in range(len(seq) - m + 1))


def _counts(seq: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in seq:
        out[t] = out.get(t, 0) + 1
    return out


def _split(word: str) -> tuple[str, str, str]:
    """A word's leading punctuation, its core and its trailing punctuation (only the core is marked)."""
    m = _PUNCT.match(word)
    assert m is not None  # the pattern matches every string
    return m.group(1), m.group(2), m.group(3)


def _snippet(words: list[str], terms_of: list[list[str]], wanted: set[str], size: int) -> list[SnippetPart]:
    n = len(words)
    marked = [any(t in wanted for t in ts) for ts in terms_of]
    best, best_key = 0, (-1, -1)
    for s in range(max(1, n - size + 1)):
        distinct: set[str] = set()
        hits = 0
        for j in range(s, min(n, s + size)):
            if marked[j]:
                hits += 1
                distinct.update(t for t in terms_of[j] if t in wanted)
        key = (len(distinct), hits)
        if key > best_key:
            best, best_key = s, key
    end = min(n, best + size)
    segs: list[SnippetPart] = []

    def push(text: str, mark: bool) -> None:
        if not text:
            return
        if segs and segs[-1]["mark"] == mark:
            segs[-1]["text"] += text
        else:
            segs.append({"text": text, "mark": mark})

    if best > 0:
        push("\u2026 ", False)
    for j in range(best, end):
        if j > best:
            push(" ", marked[j] and marked[j - 1] and not _split(words[j - 1])[2] and not _split(words[j])[0])
        if marked[j]:
            lead, core, trail = _split(words[j])
            push(lead, False)
            push(core, True)
            push(trail, False)
        else:
            push(words[j], False)
    if end < n:
        push(" \u2026", False)
    return segs


def search(index: SearchIndex, query: str, limit: int | None = None) -> list[SearchHit]:
    """Ranked results for ``query``: ``id, kind, title, url, archive, date, undated, publisher,
    leaning, score, snippet`` (best first, at most ``limit``, default the index's)."""
    out: list[SearchHit] = []
    ranked = _ranked(index, query, limit)
    wanted = set(parse_query(query, index["stopwords"])[0])
    words = int(index["params"]["snippet_words"])
    for score, _, doc, prep in ranked:
        out.append(
            {
                "id": doc["id"],
                "kind": doc["kind"],
                "title": doc["title"],
                "url": doc["url"],
                "archive": doc["archive"],
                "date": doc["date"],
                "undated": doc["undated"],
                "publisher": doc["publisher"],
                "leaning": doc["leaning"],
                "score": score,
                "snippet": _snippet(prep.words, _word_terms(prep, index["stopwords"]), wanted, words),
            }
        )
    return out


def ranked_ids(index: SearchIndex, query: str, limit: int | None = None) -> list[str]:
    """The ids of :func:`search`'s results, in its order, without building snippets (for replaying a search)."""
    return [doc_id for _, doc_id, _, _ in _ranked(index, query, limit)]


def _ranked(index: SearchIndex, query: str, limit: int | None) -> list[tuple[float, str, IndexDocument, _Prepared]]:
    """The scored documents of ``query``, best first, at most ``limit`` (the ranking of the module docstring)."""
    if index.get("kind") != INDEX_KIND or index.get("schema_version") != INDEX_SCHEMA_VERSION:
        raise ValueError(
            f"not a medialit search index of schema_version {INDEX_SCHEMA_VERSION} "
            f"(kind {index.get('kind')!r}, schema_version {index.get('schema_version')!r}). "
            "Fix: rebuild it with medialit.analysis.search.build_index (same medialit version)."
        )
    params = index["params"]
    k1, b = float(params["k1"]), float(params["b"])
    tw, boost = int(params["title_weight"]), float(params["phrase_boost"])
    cap = int(params["limit"]) if limit is None else limit
    idf, preps = _prepared(index)
    avg = float(index["avg_len"])
    terms, phrases = parse_query(query, index["stopwords"])
    if not terms:
        return []
    quoted = bool(phrases)
    if not quoted and len(terms) >= 2:
        phrases = [tokenize(_QUOTES.sub(" ", query).replace('"', " "), index["stopwords"])]
    scored: list[tuple[float, str, IndexDocument, _Prepared]] = []
    for doc, prep in zip(index["documents"], preps, strict=True):
        title, meta, body = prep.title, prep.meta, prep.body
        fields = (title, meta, body)
        if quoted and not all(any(_contains(f, p) for f in fields) for p in phrases):
            continue
        ct, cm, cb = _counts(title), _counts(meta), _counts(body)
        length = tw * len(title) + len(meta) + len(body)
        norm = k1 * (1 - b + b * length / avg)
        score = 0.0
        for t in terms:
            tf = tw * ct.get(t, 0) + cm.get(t, 0) + cb.get(t, 0)
            if tf == 0:
                continue
            score += idf[t] * (tf * (k1 + 1)) / (tf + norm)
        if score == 0:
            continue
        for p in phrases:
            if any(_contains(f, p) for f in fields):
                s = 0.0
                for t in p:
                    s += idf.get(t, 0.0)
                score += boost * s
        scored.append((score, doc["id"], doc, prep))
    scored.sort(key=lambda r: (-r[0], r[1]))
    return scored[:cap]


def marked(snippet: list[SnippetPart], left: str = "[", right: str = "]") -> str:
    """A snippet as plain text with the matched words between ``left`` and ``right``."""
    return "".join(f"{left}{s['text']}{right}" if s["mark"] else s["text"] for s in snippet)


def search_packet(packet: Packet, query: str, limit: int | None = None) -> list[SearchHit]:
    """Build the index of ``packet`` and search it (for a one-off query; reuse an index otherwise)."""
    return search(build_index(packet), query, limit)
