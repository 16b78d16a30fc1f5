"""YAML parsing that remembers where things are: the line of every value and key, by JSON path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JsonPath = tuple[str | int, ...]


def format_path(path: JsonPath) -> str:
    """`("questions", 3, "difficulty")` as `questions[3].difficulty`; the empty path is `(pack)`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(pack)"


@dataclass
class LineMap:
    """1-based line numbers of the values (and of the keys) at each JSON path of one document."""

    values: dict[JsonPath, int] = field(default_factory=dict)
    keys: dict[JsonPath, int] = field(default_factory=dict)

    def line(self, path: JsonPath) -> int:
        """The line of the value at `path`, or of its nearest ancestor that exists (1 when none does)."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), 1)

    def key_line(self, path: JsonPath) -> int:
        """The line of the key naming `path` (falls back to the value's line)."""
        return self.keys.get(tuple(path)) or self.line(path)


@dataclass
class ParsedYaml:
    """One parsed document: its data, where each part is, and problems found while reading it."""

    data: Any
    lines: LineMap
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field path, message)


def parse_yaml(text: str) -> ParsedYaml:
    """Parse one YAML document with line positions. Syntax errors become problems, never exceptions."""
    lines = LineMap()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return ParsedYaml(None, lines)
        problems: list[tuple[int, str, str]] = []
        _walk(node, (), lines, problems, set())
        if any(field == "(alias)" for _, field, _ in problems):
            return ParsedYaml(None, lines, problems)
        data = loader.construct_document(node)
        return ParsedYaml(data, lines, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            what += f" (the part that is not closed starts on line {start.line + 1})"
        return ParsedYaml(None, lines, [(line, "(syntax)", f"invalid YAML: {what}")])
    except yaml.YAMLError as exc:
        return ParsedYaml(None, lines, [(1, "(syntax)", f"invalid YAML: {exc}")])
    finally:
        loader.dispose()


def _walk(node: yaml.Node, path: JsonPath, lines: LineMap, problems: list[tuple[int, str, str]],
          seen_nodes: set[int]) -> None:
    if id(node) in seen_nodes:  # an alias (*name): refused, as nested aliases can explode in size
        problems.append((lines.keys.get(path) or lines.line(path[:-1]), "(alias)",
                         f"YAML aliases are not supported in packs ({format_path(path)} repeats an "
                         "anchored value); write the value out in full"))
        return
    if isinstance(node, yaml.CollectionNode):
        seen_nodes.add(id(node))
    lines.values[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key_line = key_node.start_mark.line + 1
            child = (*path, key)
            if key in seen:
                problems.append((key_line, format_path(child),
                                 f"key '{key}' appears twice (first on line {seen[key]}); keep one"))
                continue
            seen[key] = key_line
            lines.keys[child] = key_line
            _walk(value_node, child, lines, problems, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, problems, seen_nodes)
