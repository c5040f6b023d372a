// @ts-check
// medialit source_tracer widget (anywidget ESM). Bundled with common.js into static/bundled/source_tracer.js
// by scripts/build_widgets.mjs; edit this file, then run `npm run build:widgets`.

import {
  TEXT,
  checkButton,
  commit,
  guarded,
  h,
  has,
  itemName,
  labelMap,
  listen,
  liveRegion,
  makeRoot,
  sortedObject,
  widgetModule,
} from "./common.js";
import { choiceButtons, pressChoice } from "./choices.js";
import { checkItems, clearResults } from "./item_check.js";

/** @import { Item, Model } from "./common.js" */

/**
 * A claim's row: its answer buttons (one per label), the line that says the answer and its mark after a Check.
 * @typedef {{buttons: HTMLButtonElement[], answer: HTMLSpanElement, result: HTMLSpanElement}} Row
 */

/** What the marking of a claim in its sentence means (medialit.widgets._base.CLAIM_LEGEND). */
const CLAIM_LEGEND =
  "Each claim is shown in its sentence, in bold and underlined. The marking is not a quotation:" +
  " the article's own quotation marks, where it has any, are shown as they are.";

/**
 * An item's text: a claim marked in its sentence (trial 28: a claim span in quotation marks read as a
 * direct quote), in bold and underlined (never colour alone), with "claim:" and "(end of claim)" for
 * screen readers, in a group labelled "a claim in its sentence"; else the item's own text.
 * @param {Item} item
 * @returns {(string | HTMLElement)[]}
 */
function claimText(item) {
  const context = item.context || "";
  const mark = item.mark || "";
  const at = mark ? context.indexOf(mark) : -1;
  if (item.summary && at < 0) {
    // The course's words about a claim, not the article's: labelled so, never quoted.
    return [h("span", { class: "medialit-claim-summary" }, h("strong", {}, "Summary: "), item.text)];
  }
  if (at < 0) return [item.text];
  const place = /\s*\([pf]\d+(?:\.s\d+)?\)\s*$/i.exec(item.text);
  return [
    h(
      "span",
      { role: "group", "aria-label": "a claim in its sentence", class: "medialit-claim-in-sentence" },
      context.slice(0, at),
      h(
        "mark",
        { class: "medialit-claim-span" },
        h("span", { class: "medialit-sr-only" }, "claim: "),
        mark,
        h("span", { class: "medialit-sr-only" }, " (end of claim)"),
      ),
      context.slice(at + mark.length),
    ),
    place ? " " + place[0].trim() : "",
  ];
}

/**
 * SourceTracer: for each claim, one toggle button per label (the sources).
 * Arrow keys move among a claim's buttons; Space/Enter chooses; choosing the
 * pressed label again clears the answer. value: {item_id: label}.
 * @param {Model} model
 * @param {HTMLElement} el
 * @returns {() => void}
 */
function build(model, el) {
  const items = model.get("items") || [];
  const labels = model.get("labels") || [];
  const root = makeRoot("source-tracer", model);
  const region = liveRegion();
  /** @type {Map<string, Row>} */
  const rows = new Map();

  const read = () => labelMap(model.get("value"));
  /**
   * @param {Item} item
   * @param {string} label
   */
  const choose = (item, label) => {
    const v = read();
    let message;
    if (v[item.id] === label) {
      delete v[item.id];
      message = "Cleared your answer for " + itemName(item) + ".";
    } else {
      v[item.id] = label;
      message = "Your answer for " + itemName(item) + ": " + label + ".";
    }
    clearResults(rows);
    commit(model, sortedObject(v), region, message + " " + Object.keys(v).length + " of " + items.length + " answered.");
  };

  const list = h("ol", { class: "medialit-claims" });
  for (const item of items) {
    const buttons = choiceButtons(el, labels, (label) => choose(item, label));
    const answer = h("span", { class: "medialit-tag" });
    const result = h("span", { class: "medialit-result" });
    list.append(
      h(
        "li",
        { class: "medialit-claim", "data-item": item.id, "data-group": item.group || null },
        h("p", { class: "medialit-claim-text" }, ...claimText(item)),
        h("div", { class: "medialit-choices", role: "group", "aria-label": "Answer for " + itemName(item) }, buttons),
        h("p", { class: "medialit-answer" }, answer, result),
      ),
    );
    rows.set(item.id, { buttons, answer, result });
  }

  const update = () => {
    const v = read();
    for (const [id, row] of rows) {
      pressChoice(row.buttons, v[id]);
      row.answer.textContent = has(v, id) ? "Your answer: " + v[id] : "No answer yet";
    }
  };

  const check = () => {
    const v = read();
    checkItems({
      model,
      region,
      items,
      rows,
      given: v,
      labelled: true,
      // A claim the key leaves out is not marked: labelling it is neither right nor wrong ("extra").
      say: (result, item, keyLabel) => {
        if (result === "extra") return null;
        if (result === "right") return { message: TEXT.right + ": " + itemName(item) + ": " + keyLabel + "." };
        const message =
          (result === "wrong" ? TEXT.wrong + ": " + itemName(item) + ": you chose " + v[item.id] : TEXT.missed + ": " + itemName(item) + ": no answer") +
          "; the key says " + keyLabel + ".";
        const hint = result === "wrong"
          ? TEXT.lookAgain + ": " + itemName(item) + ": you chose " + v[item.id] + "."
          : TEXT.missed + ": " + itemName(item) + ": no answer yet.";
        return { message, hint };
      },
      summary: (tally, total) => tally.right + " of " + total + " right.",
      // The hint step says which answers to look at again, never the key's label.
      hintMark: (result, mark) => (result === "right" ? mark : TEXT.lookAgain),
    });
  };

  const legend = items.some((item) => item.mark) ? h("p", { class: "medialit-claim-legend" }, CLAIM_LEGEND) : null;
  root.append(...(legend ? [legend] : []), list, h("div", { class: "medialit-controls" }, checkButton(el, model, check)), region);
  el.append(root);
  update();
  return listen(model, ["value"], guarded(el, update));
}

export default widgetModule(build);
