"""Read YAML keeping the line and column of every value, and refusing duplicate keys."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem

FieldPath = tuple  # of str keys and int indexes


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
        else:
            out += ("." if out else "") + str(part)
    return out


def _convert(node: yaml.Node, path: FieldPath, smap: SourceMap, file: str) -> Any:
    smap.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(Problem(file, key_node.start_mark.line + 1, format_path(path),
                                         "a mapping key must be a plain name"))
            key = key_node.value
            if key == "<<":
                raise InputError(Problem(file, key_node.start_mark.line + 1, format_path(path),
                                         "YAML merge keys (<<) are not supported; write the fields out"))
            if key in out:
                first = smap.key_marks.get(path + (key,), (None,))[0]
                raise InputError(Problem(file, key_node.start_mark.line + 1, format_path(path + (key,)),
                                         f"duplicate key \"{key}\" (first given on line {first})"))
            smap.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _convert(value_node, path + (key,), smap, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), smap, file) for i, item in enumerate(node.value)]
    # scalar: let the safe constructor resolve its type (int, float, bool, null, str)
    constructor = yaml.SafeLoader("")
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise InputError(Problem(file, node.start_mark.line + 1, format_path(path), f"cannot read this value: {str(exc).splitlines()[0]}")) from None


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
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(Problem(file, None, "", "file not found")) from None
        except IsADirectoryError:
            raise InputError(Problem(file, None, "", "is a directory; expected a YAML file")) from None
        except UnicodeDecodeError as exc:
            raise InputError(Problem(file, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")) from None
        except OSError as exc:
            raise InputError(Problem(file, None, "", f"cannot be read: {exc.strerror}")) from None
    smap = SourceMap(file, {}, {})
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}, {what}"
        raise InputError(Problem(file, line, "", f"YAML syntax error: {what}")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(file, None, "", f"YAML error: {exc}")) from None
    if len(nodes) > 1:
        raise InputError(Problem(file, nodes[1].start_mark.line + 1, "", "more than one YAML document; expected one"))
    if not nodes or nodes[0] is None:
        raise InputError(Problem(file, 1, "", "the file is empty; expected a YAML mapping"))
    data = _convert(nodes[0], (), smap, file)
    return data, smap
