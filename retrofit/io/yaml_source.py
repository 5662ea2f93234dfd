"""Read YAML keeping the line and column of every value.

Design files are read as a safe subset of YAML. Refused, each with its line: syntax errors, duplicate
keys, merge keys (``<<``), complex keys, tags of any kind (``!!python/object``, ``!!binary``,
``!custom``), aliases that contain themselves or expand to more than :data:`MAX_VALUES` values, nesting
deeper than :data:`MAX_DEPTH`, integers of more than :data:`MAX_INTEGER_DIGITS` digits, single values
longer than :data:`MAX_SCALAR_CHARS` characters, files larger than :data:`MAX_FILE_BYTES`, more than one
document, an empty document, bytes that are not UTF-8 and control characters.

Plain scalars follow the YAML 1.2 core schema where PyYAML's YAML 1.1 resolution would surprise: dates and
times (``2026-01-01``, ``12:30:00``), sexagesimal numbers (``1:30``), octal, hexadecimal and binary
integers (``017``, ``0x1F``) and numbers with underscores (``1_000``) are kept as the text written, so
the schema reports them as text where a number or quantity was expected rather than as a date or a
different number. ``yes``/``no``/``on``/``off`` still read as yes/no values, and the messages for a
text field say to quote them.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem

FieldPath = tuple  # of str keys and int indexes
_PLAIN_KEY = re.compile(r"[^\s\[\]\".]+")


@dataclass
class SourceMap:
    """Where each value of a YAML document came from: ``path -> (line, column)``, 1-based."""

    file: str
    marks: dict[FieldPath, tuple[int, int]]
    key_marks: dict[FieldPath, tuple[int, int]]

    def line_of(self, path: FieldPath) -> int | None:
        """Line of the value at ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.marks:
                return self.marks[path][0]
            if not path:
                return None
            path = path[:-1]

    def key_line_of(self, path: FieldPath) -> int | None:
        """Line of the key at ``path`` (its value's line if not a mapping key)."""
        path = tuple(path)
        if path in self.key_marks:
            return self.key_marks[path][0]
        return self.line_of(path)


def format_path(path: FieldPath) -> str:
    """``('electrical', 'transformers', 3, 'rating')`` -> ``electrical.transformers[3].rating``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(str(part)) and str(part).isprintable():
            out += ("." if out else "") + str(part)
        else:  # a key with spaces, dots or control characters: quoted, so the path stays on one line
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
    return out


# Aliases can make a short document expand to an enormous one; no real design comes near this (the
# 350 MW campus example holds about 15,000 values).
MAX_VALUES = 500_000
# Design files nest a few levels deep; a hundred means something went wrong (and Python recursion is finite).
MAX_DEPTH = 100
# The largest example is about 100 kB; a design file of 16 MiB is not one a person wrote or can review.
MAX_FILE_BYTES = 16 * 2**20
# No count or id in a design needs more digits; Python refuses integers of more than 4,300.
MAX_INTEGER_DIGITS = 30
# The longest value of a design is a free-text note; a value longer than this is a pasted file.
MAX_SCALAR_CHARS = 10_000

_TAG = "tag:yaml.org,2002:"
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


class _Converter:
    """Turn composed YAML nodes into plain data, recording the mark of every value."""

    def __init__(self, smap: SourceMap, file: str):
        self.smap = smap
        self.file = file
        self.count = 0
        self.active: set[int] = set()  # collection nodes being converted (to catch recursive aliases)
        self.constructor = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, path: FieldPath, message: str) -> InputError:
        return InputError(Problem(self.file, node.start_mark.line + 1, format_path(path), message,
                                  node.start_mark.column + 1))

    def convert(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.problem(node, path, f"the document expands to more than {MAX_VALUES:,} values "
                               "(aliases of aliases?); expected a design file of ordinary size")
        if len(path) > MAX_DEPTH:
            raise self.problem(node, path[:3], f"values nested more than {MAX_DEPTH} levels deep; "
                               "expected a design file of ordinary depth")
        self.smap.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            raise self.problem(node, path, "this alias refers to a value that contains it; "
                               "expected a value that does not contain itself")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))

    def scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        """The value of a scalar: null, yes/no, a decimal integer or float, else the text as written."""
        text = node.value
        if node.style:  # quoted or block text is text
            return text
        tag = node.tag.removeprefix(_TAG)
        if tag == "null":
            return None
        if tag == "bool":
            return self.constructor.construct_yaml_bool(node)
        if tag == "int" and _DECIMAL_INT.fullmatch(text):
            digits = len(text.lstrip("+-"))
            if digits > MAX_INTEGER_DIGITS:
                raise self.problem(node, path, f"an integer of {digits:,} digits; expected a number of at most "
                                   f"{MAX_INTEGER_DIGITS} digits")
            return int(text)
        if tag == "float":
            if text.lower() in _SPECIAL_FLOAT:
                return _SPECIAL_FLOAT[text.lower()]
            if _DECIMAL_FLOAT.fullmatch(text):
                return float(text)
        # dates, times, sexagesimal, octal, hexadecimal and binary numbers, underscores: the text written
        return text

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.problem(key_node, path, "a mapping key must be a plain name")
            key = key_node.value
            if key == "<<":
                raise self.problem(key_node, path, "YAML merge keys (<<) are not supported; write the fields out")
            if key in out:
                first = self.smap.key_marks.get(path + (key,), (None,))[0]
                raise self.problem(key_node, path + (key,), f"duplicate key \"{key}\" (first given on line {first})")
            self.smap.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.convert(value_node, path + (key,))
        return out


def _line_of_offset(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character (or byte) offset."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    start = text.rfind(newline, 0, offset) + 1
    return text.count(newline, 0, offset) + 1, offset - start + 1


# Plain-words hints for the commonest YAML syntax errors, keyed by a clue in the parser's message.
_HINTS = {
    "'\\t'": " (a tab; YAML indents with spaces)",
    "mapping values are not allowed here": " (check the indentation of this line and the line above, or put a "
                                           "value that holds ': ' in quotes)",
}


def _compose(text: str, file: str) -> list[yaml.Node]:
    """Compose every document of ``text`` (LibYAML when available; pure Python for the error message)."""
    if getattr(yaml, "__with_libyaml__", False):
        try:
            _scan(text, file, yaml.CSafeLoader)
            return list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
        except yaml.YAMLError:
            # parse again with the pure-Python parser: it words its messages better
            _scan(text, file, yaml.SafeLoader)
            return list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    _scan(text, file, yaml.SafeLoader)
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def _scan(text: str, file: str, loader: type) -> None:
    """Refuse tags, deep nesting and over-long values from the parser's events, before anything is built."""
    # one entry per open collection: [is_mapping, key or index of the next value, expecting a key]
    stack: list[list] = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            _advance(stack)
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent,
                                  yaml.SequenceStartEvent)):
            continue
        path = tuple(entry[1] for entry in stack if entry[1] is not None)
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag if not tag.startswith(_TAG) else "!!" + tag.removeprefix(_TAG)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise InputError(Problem(file, line, format_path(path), f"YAML tag {shown!r} is not supported; design "
                                     "files hold plain values only: remove the tag (quote the value if it is text)",
                                     column))
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
            raise InputError(Problem(file, line, format_path(path), f"a value of {len(event.value):,} characters; "
                                     f"expected at most {MAX_SCALAR_CHARS:,} (a number, a quantity, an id or a note)",
                                     column))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise InputError(Problem(file, line, format_path(path[:3]), f"values nested more than {MAX_DEPTH} "
                                         "levels deep; expected a design file of ordinary depth", column))
            if stack and stack[-1][0] and stack[-1][2]:  # a collection as a mapping key: the converter says so
                stack[-1][1] = "?"
            stack.append([True, None, True] if isinstance(event, yaml.MappingStartEvent) else [False, 0, False])
            continue
        if stack and stack[-1][0] and stack[-1][2]:  # a mapping key
            stack[-1][1] = event.value if isinstance(event, yaml.ScalarEvent) else "*"
            stack[-1][2] = False
            continue
        _advance(stack)


def _advance(stack: list[list]) -> None:
    """A value of the innermost collection is complete: expect the next key or index."""
    if not stack:
        return
    entry = stack[-1]
    if entry[0]:
        if entry[2]:  # the completed node was a (collection) key
            entry[2] = False
        else:
            entry[1], entry[2] = None, True
    else:
        entry[1] += 1


def read_yaml(path: str | Path, text: str | None = None) -> tuple[Any, SourceMap]:
    """Parse a YAML file into plain Python data and its :class:`SourceMap`.

    Raises
    ------
    InputError
        On a missing file, a YAML syntax error (with its line), a duplicate key, or an empty document.
    """
    file = str(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError(Problem(file, None, "", "file not found")) from None
        except IsADirectoryError:
            raise InputError(Problem(file, None, "", "is a directory; expected a YAML file")) from None
        except OSError as exc:
            if Path(path).is_dir():  # some platforms say permission denied for a folder
                raise InputError(Problem(file, None, "", "is a directory; expected a YAML file")) from None
            raise InputError(Problem(file, None, "", f"cannot be read: {exc.strerror}")) from None
        if len(raw) > MAX_FILE_BYTES:
            raise InputError(Problem(file, None, "", f"a file of {len(raw) / 2**20:.1f} MiB; expected a design file "
                                     f"of at most {MAX_FILE_BYTES // 2**20} MiB"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _line_of_offset(raw, exc.start)
            raise InputError(Problem(file, line, "", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} in column "
                                     f"{column} ({exc.reason}); expected a file saved as UTF-8", column)) from None
    smap = SourceMap(file, {}, {})
    try:
        nodes = _compose(text, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        if exc.context:
            started = exc.context_mark.line + 1 if exc.context_mark else None
            opened = f" (begun on line {started})" if started is not None and started != line else ""
            what = f"{exc.context}{opened}, {what}"
        what += next((hint for clue, hint in _HINTS.items() if clue in what), "")
        raise InputError(Problem(file, line, "", f"YAML syntax error: {what}",
                                 mark.column + 1 if mark else None)) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_of_offset(text, exc.position)
        raise InputError(Problem(file, line, "", f"control character U+{exc.character:04X} in column {column} "
                                 "is not allowed in YAML; expected printable text", column)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(file, None, "", f"YAML error: {exc}")) from None
    except RecursionError:
        raise InputError(Problem(file, None, "", f"values nested too deeply to read; expected a design file "
                                 f"of ordinary depth (at most {MAX_DEPTH} levels)")) from None
    if len(nodes) > 1:
        raise InputError(Problem(file, nodes[1].start_mark.line + 1, "", "more than one YAML document; expected one"))
    if not nodes or nodes[0] is None:
        raise InputError(Problem(file, 1, "", "the file is empty; expected a YAML mapping"))
    data = _Converter(smap, file).convert(nodes[0], ())
    if data is None:
        raise InputError(Problem(file, nodes[0].start_mark.line + 1, "", "the document is empty (null); "
                                 "expected a YAML mapping"))
    return data, smap
