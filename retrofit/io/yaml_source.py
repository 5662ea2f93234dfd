"""Read YAML keeping the line and column of every value.

Refused, each with its line: syntax errors, duplicate keys, merge keys (``<<``), complex keys, aliases
that contain themselves or expand to millions of values, nesting deeper than :data:`MAX_DEPTH`, more
than one document, an empty document, bytes that are not UTF-8 and control characters.
"""
from __future__ import annotations

import json
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


# Aliases can make a short document expand to an enormous one; no real design comes near this.
MAX_VALUES = 1_000_000
# Design files nest a few levels deep; a hundred means something went wrong (and Python recursion is finite).
MAX_DEPTH = 100


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
            # let the safe constructor resolve its type (int, float, bool, null, str)
            try:
                return self.constructor.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                raise self.problem(node, path, f"cannot read this value: {str(exc).splitlines()[0]}") from None
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


def _compose(text: str) -> list[yaml.Node]:
    """Compose every document of ``text`` (LibYAML when available; pure Python for the error message)."""
    if getattr(yaml, "__with_libyaml__", False):
        try:
            return list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
        except yaml.YAMLError:
            # parse again with the pure-Python parser: it words its messages better
            return list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


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
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _line_of_offset(raw, exc.start)
            raise InputError(Problem(file, line, "", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} in column "
                                     f"{column} ({exc.reason}); expected a file saved as UTF-8", column)) from None
    smap = SourceMap(file, {}, {})
    try:
        nodes = _compose(text)
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
