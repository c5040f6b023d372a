// @ts-check
// medialit widgets: the Check of the item widgets (claim spotter, source tracer). Each item that
// the key or the answer names is classified by the shared practice rule (classifyItems), gets a
// feedback entry in words and a mark in words on its row ("— ✓ Right", "— ✗ Look again"), in
// the two steps of the practice feedback (showFeedback): never colour alone.

import { classifyItems, feedbackEntry, labelMap, showFeedback } from "./common.js";

/** @import { Item, ItemResult, Model, Stage } from "./common.js" */

/** @typedef {{result: HTMLElement}} ResultRow  an item's row: `result` shows its mark after a Check */

/**
 * What the feedback says of one item: its entry's headline and, for the hint step, what it shows
 * instead (feedbackEntry's `hint`); null: the item gets no entry and no mark.
 * @typedef {{message: string, hint?: string} | null} Said
 */

/**
 * Empty the mark of every row (the answer changed: the marks of the last Check no longer hold).
 * @param {Map<string, ResultRow>} rows
 */
export function clearResults(rows) {
  for (const row of rows.values()) row.result.textContent = "";
}

/**
 * Check `given` against the practice key and show the feedback in `region`.
 * @param {object} check
 * @param {Model} check.model
 * @param {HTMLElement} check.region  the widget's live region
 * @param {Item[]} check.items
 * @param {Map<string, ResultRow>} check.rows  by item id
 * @param {string[] | Record<string, string>} check.given  the answer: the chosen ids, or {id: label}
 * @param {boolean} check.labelled  whether a label must match the key's
 * @param {(result: ItemResult, item: Item, keyLabel: string | undefined) => Said} check.say
 * @param {(tally: Record<ItemResult, number>, total: number) => string} check.summary
 * @param {(result: ItemResult, mark: string) => string | null} check.hintMark  an item's mark in the hint step (null: none)
 */
export function checkItems({ model, region, items, rows, given, labelled, say, summary, hintMark }) {
  const pk = model.get("practice_key") || {};
  const keyLabels = labelMap(pk.key);
  const notes = pk.items || {};
  const byId = new Map(items.map((item) => [item.id, item]));
  const { items: results, tally, total } = classifyItems([...byId.keys()], pk.key, given, labelled);
  clearResults(rows);
  /** @type {HTMLLIElement[]} */
  const entries = [];
  /** @type {{row: ResultRow, result: ItemResult, mark: string}[]} */
  const marks = [];
  for (const { id, result } of results) {
    const item = byId.get(id);
    const row = rows.get(id);
    const said = item && row ? say(result, item, keyLabels[id]) : null;
    if (!said || !row) continue;
    marks.push({ row, result, mark: said.message.split(":")[0] });
    entries.push(feedbackEntry(result, said.message, { ...notes[id], place: id }, said.hint));
  }
  /** @param {Stage} stage */
  const markRows = (stage) => {
    clearResults(rows);
    for (const { row, result, mark } of marks) {
      const shown = stage === "hint" ? hintMark(result, mark) : mark;
      if (shown !== null) row.result.textContent = " — " + shown;
    }
  };
  showFeedback(model, region, summary(tally, total), entries, pk, markRows);
}
