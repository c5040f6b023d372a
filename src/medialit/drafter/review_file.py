"""Write review decisions into ``annotations.yaml`` without rewriting the rest of the file.

PyYAML keeps no comments, so dumping the whole file again would drop the teacher's notes and
the drafter's section comments. Instead the file is cut into its top-level sections and each
annotation layer into its items (a ``- `` line at the layer's list indentation, with the comment
lines just above it), and only what a decision changed is touched:

- an item a decision changed keeps its lines but those of the fields that changed: an accepted
  item's ``needs_review: true`` line becomes ``needs_review: false``; an attribution that lost a
  rejected claim gets its ``claims:`` (and ``chain:``) lines written again, in the style they had
  (``[a, b]`` stays a flow list); a fixed item, the fields the teacher changed;
- a rejected item goes; the comment lines above it stay (they may head a group of items);
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

from medialit.case import yamlpos
from medialit.drafter.writer import dump

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):(.*)$")
_ITEM = re.compile(r"^(\s*)- ")
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
    indents = {i: len(m.group(1)) for i, line in enumerate(body) if (m := _ITEM.match(line))}
    if not indents:
        return None
    indent = next(iter(indents.values()))
    starts = [i for i, n in indents.items() if n == indent]
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


def _lead(block: list[str]) -> tuple[list[str], list[str]]:
    """The comment lines above an item, and the item's own lines."""
    for i, line in enumerate(block):
        if _ITEM.match(line):
            return block[:i], block[i:]
    return block, []


def _fields(lines: list[str], indent: int) -> list[tuple[str, int, int]] | None:
    """``(field, first line, end)`` of each field of an item whose first line is ``- key: ...``."""
    first = re.match(r"^\s*- ([\w-]+):", lines[0])
    if first is None:
        return None
    starts = [(first.group(1), 0)]
    field_line = re.compile(rf"^ {{{indent + 2}}}([\w-]+):")
    starts += [(m.group(1), i) for i, line in enumerate(lines[1:], 1) if (m := field_line.match(line))]
    ends = [i for _, i in starts[1:]] + [len(lines)]
    out = []
    for (name, a), b in zip(starts, ends, strict=True):
        while b - 1 > a and _is_filler(lines[b - 1]):
            b -= 1  # comment and blank lines after a field stay where they are
        out.append((name, a, b))
    return out


def _field_text(name: str, value: Any, indent: int, flow: bool) -> list[str]:
    """One field's lines at the item's field indentation; a flow list (``[a, b]``) stays one."""
    if flow and isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        text = yaml.safe_dump({name: value}, default_flow_style=True, allow_unicode=True, width=10_000)
        text = text.strip().removeprefix("{").removesuffix("}")
    else:
        text = dump({name: value}).rstrip("\n")
    return textwrap.indent(text, " " * (indent + 2)).split("\n")


def _edited_item(block: list[str], before: dict[str, Any], after: dict[str, Any]) -> list[str] | None:
    """The item's lines with only its changed fields written again (None: its layout is not followed)."""
    lead, lines = _lead(block)
    if not lines:
        return None
    indent = _item_indent(lines)
    fields = _fields(lines, indent)
    if fields is None or [f for f, _, _ in fields] != list(before):
        return None
    out = list(lines)
    for name, a, b in reversed(fields):
        if name in after and after[name] == before[name]:
            continue
        if a == 0:
            return None  # the field on the `- ` line: the item is written whole instead
        flow = "[" in lines[a].split(":", 1)[1]
        out[a:b] = _field_text(name, after[name], indent, flow) if name in after else []
    added = [k for k in after if k not in before]
    if added:
        last = max(i for i, line in enumerate(out) if not _is_filler(line))
        out[last + 1 : last + 1] = [line for k in added for line in _field_text(k, after[k], indent, False)]
    return [*lead, *out]


def _redump(block: list[str], item: dict[str, Any]) -> list[str]:
    """The item written again from its data, keeping the comment lines above it."""
    lead, lines = _lead(block)
    text = textwrap.indent(dump([item]).rstrip("\n"), " " * _item_indent(lines))
    return [*lead, *text.split("\n")]


def _edit_layer(section: _Section, old: list[Any], new: list[Any]) -> bool:
    """Edit one layer's lines in place; False when its layout cannot be followed."""
    key_line, key = next((i, m) for i, line in enumerate(section.lines) if (m := _TOP_KEY.match(line)))
    if key.group(2).strip():
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
            edited += _lead(block)[0]  # rejected: the item goes, the comment lines above it stay
            continue
        kept_order.append(after.get("id"))
        if after == before:
            edited += block
        else:
            edited += _edited_item(block, before, after) or _redump(block, after)
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
        back = yamlpos.safe_load(out)
    except yaml.YAMLError:
        return None
    return out if _normal(back) == _normal(new) else None
