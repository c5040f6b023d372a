// @ts-check
// medialit widgets: a row of choice buttons (the source tracer's answers for a claim, the phrase
// highlighter's labels). Each is a toggle button (aria-pressed) whose state is also written as
// a ✓ before its name, never shown by colour alone; the arrow keys, Home and End move among
// the row's buttons, Space or Enter chooses (a button's own click).

import { arrowFocus, guarded, h } from "./common.js";

/**
 * One toggle button per name, not pressed; `onChoose(name)` runs on a click (or Space, Enter).
 * @param {HTMLElement} el  the widget's area, where an error is shown
 * @param {string[]} names
 * @param {(name: string) => void} onChoose
 * @returns {HTMLButtonElement[]}
 */
export function choiceButtons(el, names, onChoose) {
  /** @type {HTMLButtonElement[]} */
  const buttons = [];
  names.forEach((name, index) => {
    buttons.push(
      h(
        "button",
        {
          type: "button",
          class: "medialit-choice",
          "aria-pressed": "false",
          "data-label": name,
          onclick: guarded(el, () => onChoose(name)),
          onkeydown: guarded(el, (/** @type {KeyboardEvent} */ event) => arrowFocus(event, buttons, index)),
        },
        h("span", { class: "medialit-mark" }),
        name,
      ),
    );
  });
  return buttons;
}

/**
 * Press the button named `chosen` (none when it is undefined) and release the others.
 * @param {HTMLButtonElement[]} buttons
 * @param {string | undefined} chosen
 */
export function pressChoice(buttons, chosen) {
  for (const button of buttons) {
    const on = chosen !== undefined && button.dataset.label === chosen;
    button.setAttribute("aria-pressed", String(on));
    const mark = button.firstElementChild; // the .medialit-mark span
    if (mark) mark.textContent = on ? "✓ " : "";
  }
}
