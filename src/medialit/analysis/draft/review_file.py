"""Write review decisions into ``annotations.yaml`` without rewriting the rest of the file.

PyYAML keeps no comments, so dumping the whole file again would drop the teacher's notes and
the drafter's section comments. Instead the file is cut into its top-level sections and each
annotation layer into its items (a ``- `` line at the layer's list indentation, with the comment
lines just above it), and only what a decision changed is touched:

- an accepted item keeps its text; its ``needs_review: true`` line becomes ``needs_review: false``
  (the line is added when the item had none);
- a rejected item goes, with the comment lines just above it;
- an item a rejection changed (an attribution that lost one of its claims), or one fixed with new
  field values, is written again from its data (comments inside that item are lost);
- ``no_claim_sentences`` is written again when it changed.

The result is parsed back and must equal the data the decisions produced; when the file's layout
is one this cannot follow (a flow-style list, a layer written as one line), :func:`edit_text`
returns None and the caller writes the whole file instead.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

import yaml

from medialit.analysis.draft.writer import dump

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):(.*)$")
_ITEM = re.compile(r"^(\s*)- ")
_NEEDS_REVIEW = re.compile(r"^(\s*(?:- )?needs_review:\s*)(true|True|TRUE|yes|Yes|on)(\s*(?:#.*)?)$")
_LIST_SECTIONS = ("sources", "claims", "attributions", "framing", "fact_checks")


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


@dataclass
class _Section:
    key: str | None
    """The top-level key, or None for the lines before the first key."""
    lines: list[str] = field(default_factory=list)


def _sections(lines: list[str]) -> list[_Section]:
    """Top-level sections; comment and blank lines just above a key belong to that key's section."""
    out = [_Section(None)]
    for line in lines:
        m = _TOP_KEY.match(line)
        if m is None:
            out[-1].lines.append(line)
            continue
        prev = out[-1].lines
        cut = len(prev)
        while cut > 0 and _is_filler(prev[cut - 1]):
            cut -= 1
        if out[-1].key is None:
            cut = len(prev)  # the file's header stays where it is
        moved = prev[cut:]
        del prev[cut:]
        out.append(_Section(m.group(1), [*moved, line]))
    return out


def _items(body: list[str]) -> tuple[list[str], list[list[str]], list[str]] | None:
    """Split a block list into (head, items, tail); each item carries the comment lines above it."""
    starts = [i for i, line in enumerate(body) if _ITEM.match(line)]
    if not starts:
        return None
    indent = len(_ITEM.match(body[starts[0]]).group(1))  # type: ignore[union-attr]
    starts = [i for i in starts if len(_ITEM.match(body[i]).group(1)) == indent]  # type: ignore[union-attr]
    chunks = [body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
    head = body[: starts[0]]
    # Comment lines at the end of an item belong to the next one (or to the section's tail).
    items: list[list[str]] = []
    carry: list[str] = []
    while head and head[-1].lstrip().startswith("#"):
        carry.insert(0, head.pop())
    for chunk in chunks:
        cut = len(chunk)
        while cut > 1 and _is_filler(chunk[cut - 1]):
            cut -= 1
        items.append([*carry, *chunk[:cut]])
        carry = chunk[cut:]
    return head, items, carry


def _item_indent(block: list[str]) -> int:
    for line in block:
        m = _ITEM.match(line)
        if m:
            return len(m.group(1))
    return 0


def _redump(block: list[str], item: dict[str, Any]) -> list[str]:
    """The item written again from its data, keeping the comment lines above it."""
    lead = []
    for line in block:
        if _ITEM.match(line):
            break
        lead.append(line)
    text = textwrap.indent(dump([item]).rstrip("\n"), " " * _item_indent(block))
    return [*lead, *text.split("\n")]


def _accepted(block: list[str]) -> list[str]:
    """The item's lines with ``needs_review`` set to false (the line added when missing)."""
    out = []
    found = False
    for line in block:
        m = _NEEDS_REVIEW.match(line)
        if m and not found:
            out.append(m.group(1) + "false" + m.group(3))
            found = True
        else:
            out.append(line)
    if not found:
        last = max(i for i, line in enumerate(out) if not _is_filler(line))
        out.insert(last + 1, " " * (_item_indent(block) + 2) + "needs_review: false")
    return out


def _edit_layer(section: _Section, old: list[Any], new: list[Any]) -> bool:
    """Edit one layer's lines in place; False when its layout cannot be followed."""
    key_line = next(i for i, line in enumerate(section.lines) if _TOP_KEY.match(line))
    if _TOP_KEY.match(section.lines[key_line]).group(2).strip():  # type: ignore[union-attr]
        return False  # `claims: [...]` or `claims: []` on one line
    split = _items(section.lines[key_line + 1 :])
    if split is None or len(split[1]) != len(old):
        return False
    head, blocks, tail = split
    by_id = {i.get("id"): i for i in new if isinstance(i, dict)}
    if len(by_id) != len(new):
        return False
    kept_order = []
    edited: list[str] = []
    for block, before in zip(blocks, old, strict=True):
        if not isinstance(before, dict):
            return False
        after = by_id.get(before.get("id"))
        if after is None:
            continue  # rejected, or dropped with what it depended on
        kept_order.append(after.get("id"))
        if after == before:
            edited += block
        elif {k: v for k, v in after.items() if k != "needs_review"} == {
            k: v for k, v in before.items() if k != "needs_review"
        } and not after.get("needs_review"):
            edited += _accepted(block)
        else:
            edited += _redump(block, after)
    if kept_order != [i.get("id") for i in new]:
        return False  # an item was added or moved: not a review decision
    section.lines[key_line + 1 :] = [*head, *edited, *tail]
    return True


def _replace_value(section: _Section, key: str, value: Any) -> None:
    key_line = next(i for i, line in enumerate(section.lines) if _TOP_KEY.match(line))
    body = section.lines[key_line:]
    end = len(body)
    while end > 1 and _is_filler(body[end - 1]):
        end -= 1
    section.lines[key_line:] = [*dump({key: value}).rstrip("\n").split("\n"), *body[end:]]


def _normal(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if not (k == "no_claim_sentences" and not v)}
    return data


def edit_text(text: str, old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """``text`` (an ``annotations.yaml`` whose data is ``old``) edited to hold ``new``.

    ``new`` must differ from ``old`` only as review decisions make it differ (see the module
    docstring). Returns None when the layout of ``text`` cannot be followed or the edited text
    would not read back as ``new``.
    """
    sections = _sections(text.split("\n"))
    seen = {s.key for s in sections}
    for section in sections:
        key = section.key
        if key is None or old.get(key) == new.get(key):
            continue
        if key in _LIST_SECTIONS:
            if not isinstance(old.get(key), list) or not isinstance(new.get(key), list):
                return None
            if not _edit_layer(section, old[key], new[key]):
                return None
        elif key == "no_claim_sentences":
            _replace_value(section, key, new[key])
        else:
            return None
    extra = [k for k in new if k not in seen and new[k] not in (None, [], {})]
    out = "\n".join(line for s in sections for line in s.lines)
    for key in extra:
        if key != "no_claim_sentences":
            return None
        out = out.rstrip("\n") + "\n\n" + dump({key: new[key]})
    try:
        back = yaml.safe_load(out)
    except yaml.YAMLError:
        return None
    return out if _normal(back) == _normal(new) else None
