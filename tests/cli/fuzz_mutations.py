"""Mutations of the example design files, shared by the fuzz test and ``benchmarks/fuzz_inputs.py``.

A mutation takes an example's text and a ``random.Random`` and returns new text. Two families:

* **data** mutations parse the example, edit the data (delete or rename a key, replace a value, change
  a quantity's number or unit, make a count huge, reorder a pump curve, re-point a reference so that the
  power topology loses a path or gains a loop, remove every pump of a loop, swap a conductor size to a
  metric one, change the coolant or a temperature setpoint ...) and write it back as YAML;
* **text** mutations edit the file as text, keeping its comments and line numbers: YAML 1.1 scalars
  (dates, times, sexagesimal and octal numbers), tags such as ``!!python/object``, anchors and alias
  bombs, numbers with thousands of digits, deep nesting, deleted, repeated or re-indented lines.

Each mutation is a plain function of ``(text, rng)``, so the same seed gives the same file.
"""
from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {
    "pilot": ROOT / "examples" / "pilot-hall" / "design.yaml",
    "washington-site": ROOT / "examples" / "washington-18mw" / "site.yaml",
    "washington-proposed": ROOT / "examples" / "washington-18mw" / "proposed.yaml",
    "panther-creek": ROOT / "examples" / "panther-creek-350mw" / "site.yaml",
}
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S.*)?$")
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):(\s+)(\S[^#]*?)\s*$")

UNITS = ["kVA", "kW", "kvar", "MVA", "V", "kV", "A", "kA", "ohm", "mohm/m", "ohm/kft", "degC", "degF", "K",
         "delta_degC", "m", "mm", "ft", "m**2", "mm**2", "mm²", "psi", "kPa", "bar", "L/min", "m**3/s", "cfm",
         "gpm", "L/min/kW", "%", "kcmil", "AWG", "USD", "kg", "Hz", "rpm", "deg", "s", "J", "kW/K", "m/s", "",
         "furlong", "kVA kVA", "°C", "Δ°C", "m²", "1/0", "((", "**", "kVA**9999", "Hz**-1"]
NUMBERS = ["0", "-0", "-1", "-250", "1e-12", "1e-300", "1e12", "1e300", "1e400", "-1e400", "inf", "nan", "0.0001",
           "99999999", "1" * 60, "3", "0.5", "1e6", "2", "-0.001"]
SCALARS = [None, True, False, 0, -1, 1, 2, 10**6, 10**9, 10**30, 2.5, -2.5, float("inf"), float("nan"), "", "x",
           "0 kVA", "-5 K", "1e400 kW", "45 degC", "tcs-1", "fw-1", "mv-main", "max", "PG25", "N+1", "2N", "*",
           "&a", "1/0 AWG", "yes", "~", "240 mm**2", "60 Hz", "12:30:00", "2026-13-01", "ä", "\t", "{", "[]"]
SIZES = ["240 mm**2", "240 mm²", "1.5 mm**2", "1000 mm**2", "95 mm2", "630 mm**2", "241 mm**2", "0 mm**2",
         "-240 mm**2", "4/0 AWG", "1/0", "14 AWG", "99 AWG", "500 kcmil", "2000 kcmil", "0 kcmil", "-500 kcmil",
         "350 MCM", "1e9 kcmil", "nan kcmil", "kcmil", "", "500 kcmil kcmil", "2.5 mm", "240 mm**2 Al"]
YAML11 = ["12:30:00", "2026-13-01", "2026-01-01", "2026-01-01 10:00:00", "1:30", "190:20:30", "0o17", "017",
          "0x1F", "0b101", "1_000", "+.inf", "-.inf", ".nan", ".NaN", "yes", "No", "on", "OFF", "y", "n", "~",
          "null", "1e5", "1E+5", "+12", "-0", "2026-02-30", "24:00:00"]
TAGS = ["!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!binary aGVsbG8=",
        "!!timestamp 2026-01-01", "!!float 12", "!!int '12'", "!!str 12", "!!set {a, b}", "!!omap [a: 1]",
        "!custom 12 kVA", "!<tag:yaml.org,2002:str> 12 kVA", "!!python/object:builtins.dict {}",
        "!!merge x", "!!null ''", "!!bool yes", "!!map {a: 1}", "!!seq [1]"]
COOLANTS = ["PG25", "PG10", "PG60", "PG65", "PG5", "EG25", "EG60", "EG0", "water", "PG", "PG25.5", "PG-25",
            "PG100", "R134a", "brine", "PG025"]


# --- helpers on parsed data -----------------------------------------------------------------------

def tree_paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value below ``node`` (keys and list indexes), parents before children."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += tree_paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += tree_paths(value, prefix + (i,))
    return out


def get(doc: Any, path: tuple) -> Any:
    """The value at ``path`` in ``doc``."""
    for part in path:
        doc = doc[part]
    return doc


def set_at(doc: Any, path: tuple, value: Any) -> None:
    """Put ``value`` at ``path`` in ``doc``."""
    get(doc, path[:-1])[path[-1]] = value


def _leaf_paths(doc: Any, key: str | None = None, test: Callable[[Any], bool] | None = None) -> list[tuple]:
    out = []
    for p in tree_paths(doc)[1:]:
        if key is not None and (not p or p[-1] != key):
            continue
        if test is not None and not test(get(doc, p)):
            continue
        out.append(p)
    return out


def _is_quantity(value: Any) -> bool:
    return isinstance(value, str) and bool(_QUANTITY.match(value)) and _QUANTITY.match(value).group(2) is not None


def _ids(doc: dict, section: str, list_name: str) -> list[str]:
    block = doc.get(section)
    items = block.get(list_name) if isinstance(block, dict) else None
    return [i["id"] for i in items or [] if isinstance(i, dict) and isinstance(i.get("id"), str)]


# --- data mutations (each edits ``doc`` in place; False when it found nothing to edit) --------------

def delete_key(doc, rng):
    paths = [p for p in tree_paths(doc)[1:] if isinstance(get(doc, p[:-1]), dict)]
    if not paths:
        return False
    path = rng.choice(paths)
    del get(doc, path[:-1])[path[-1]]
    return True


def replace_value(doc, rng):
    path = rng.choice(tree_paths(doc)[1:])
    value = rng.choice(SCALARS)
    if rng.random() < 0.2:
        value = [value, rng.choice(SCALARS)] if rng.random() < 0.5 else {"x": value}
    set_at(doc, path, value)
    return True


def rename_key(doc, rng):
    paths = [p for p in tree_paths(doc)[1:] if isinstance(get(doc, p[:-1]), dict)]
    path = rng.choice(paths)
    old = str(path[-1])
    new = rng.choice([old[:-1], old + "s", old.upper(), "id", "model", "<<", "", "kind", "count", "x y"])
    parent = get(doc, path[:-1])
    if new in parent:
        return False
    parent[new] = parent.pop(path[-1])
    return True


def duplicate_item(doc, rng):
    paths = [p for p in tree_paths(doc) if isinstance(get(doc, p), list) and get(doc, p)]
    if not paths:
        return False
    items = get(doc, rng.choice(paths))
    i = rng.randrange(len(items))
    items.insert(i, copy.deepcopy(items[i]))
    return True


def delete_item(doc, rng):
    """Remove one element: a cable, transformer, pump ... (the topology may lose a path)."""
    paths = [p for p in tree_paths(doc) if isinstance(get(doc, p), list) and get(doc, p)]
    if not paths:
        return False
    items = get(doc, rng.choice(paths))
    del items[rng.randrange(len(items))]
    return True


def swap_values(doc, rng):
    paths = tree_paths(doc)[1:]
    a = rng.choice(paths)
    others = [p for p in paths if p[:len(a)] != a and a[:len(p)] != p]
    if not others:
        return False
    b = rng.choice(others)
    va, vb = get(doc, a), get(doc, b)
    set_at(doc, a, vb)
    set_at(doc, b, va)
    return True


def change_unit(doc, rng):
    paths = _leaf_paths(doc, test=_is_quantity)
    if not paths:
        return False
    path = rng.choice(paths)
    number = _QUANTITY.match(get(doc, path)).group(1)
    set_at(doc, path, f"{number} {rng.choice(UNITS)}".strip())
    return True


def change_number(doc, rng):
    """Zero, negative, tiny, huge, infinite or not-a-number magnitudes, with the unit kept."""
    paths = _leaf_paths(doc, test=lambda v: _is_quantity(v) or (isinstance(v, (int, float)) and not isinstance(v, bool)))
    if not paths:
        return False
    path = rng.choice(paths)
    value = get(doc, path)
    number = rng.choice(NUMBERS)
    if isinstance(value, str):
        set_at(doc, path, f"{number} {_QUANTITY.match(value).group(2)}")
    else:
        set_at(doc, path, rng.choice([0, -1, -0.5, 10**6, 10**12, 1e300, float("inf"), float("nan"), 10**400 if rng.random() < 0.3 else 0.0]))
    return True


def scale_number(doc, rng):
    """A plausible-looking change: a quantity multiplied by a factor from 0.01 to 100."""
    paths = _leaf_paths(doc, test=_is_quantity)
    if not paths:
        return False
    path = rng.choice(paths)
    m = _QUANTITY.match(get(doc, path))
    factor = rng.choice([0.01, 0.1, 0.5, 0.9, 1.1, 2, 10, 100])
    set_at(doc, path, f"{float(m.group(1)) * factor:g} {m.group(2)}")
    return True


def huge_count(doc, rng):
    paths = _leaf_paths(doc, test=lambda v: isinstance(v, int) and not isinstance(v, bool))
    paths = [p for p in paths if p[-1] in ("count", "pumps", "running", "pumps_running", "sets", "rows",
                                           "current_carrying", "shelving_rows", "network_racks_per_su",
                                           "racks_per_su", "steps", "position")] or paths
    if not paths:
        return False
    set_at(doc, rng.choice(paths), rng.choice([0, -1, 10**4, 10**5, 10**6, 10**7, 10**9, 10**18, 10**40, "x", "1e3", 2.5]))
    return True


def goal_count(doc, rng):
    goal = doc.get("goal")
    if not isinstance(goal, dict):
        return False
    goal["count"] = rng.choice([0, 1, 7, 10**4, 10**6, 10**9, -3, "max", "all", 2.5])
    return True


def pump_curve(doc, rng):
    """Reorder, drop, repeat or invert the points of a pump curve."""
    paths = [p for p in tree_paths(doc) if p and p[-1] in ("curve", "pump_curve") and isinstance(get(doc, p), list)]
    if not paths:
        return False
    path = rng.choice(paths)
    curve = get(doc, path)
    how = rng.randrange(8)
    if how == 0:
        rng.shuffle(curve)
    elif how == 1 and curve:
        del curve[rng.randrange(len(curve))]
    elif how == 2:
        curve[:] = curve[:1]
    elif how == 3:
        curve[:] = []
    elif how == 4 and curve:
        curve.append(copy.deepcopy(curve[-1]))
    elif how == 5:
        heads = [p.get("head") for p in curve if isinstance(p, dict)]
        for point, head in zip(curve, reversed(heads)):
            if isinstance(point, dict):
                point["head"] = head
    elif how == 6 and curve:
        point = rng.choice(curve)
        if isinstance(point, dict):
            point[rng.choice(["flow", "head"])] = rng.choice(["0 m", "-5 m", "0 L/min", "-10 L/min", "1e9 m",
                                                              "1e9 L/min", "nan m", "5 m", "1e-9 L/min"])
    else:
        for point in curve:
            if isinstance(point, dict):
                point["head"] = "10 m"
    return True


def repoint_reference(doc, rng):
    """Point a from/to/hv/lv bus at another existing bus: paths lost, loops made, voltages mixed."""
    buses = _ids(doc, "electrical", "buses")
    fields = ("from_bus", "to_bus", "hv_bus", "lv_bus", "bus", "feeds")
    paths = [p for p in tree_paths(doc) if p and p[-1] in fields and p[0] in ("electrical", "loads", "cooling", "utility")]
    if not paths or not buses:
        return False
    path = rng.choice(paths)
    if isinstance(get(doc, path), list):
        set_at(doc, path, [rng.choice(buses) for _ in range(rng.randint(1, 3))])
    else:
        set_at(doc, path, rng.choice(buses))
    return True


def remove_loop_pumps(doc, rng):
    cooling = doc.get("cooling")
    if not isinstance(cooling, dict):
        return False
    if rng.random() < 0.5 and cooling.get("pumps"):
        loop = rng.choice(cooling["pumps"]).get("loop")
        cooling["pumps"] = [p for p in cooling["pumps"] if p.get("loop") != loop]
    elif cooling.get("cdus"):
        loop = rng.choice(cooling["cdus"]).get("tcs_loop")
        cooling["cdus"] = [c for c in cooling["cdus"] if c.get("tcs_loop") != loop]
    else:
        return False
    return True


def conductor_size(doc, rng):
    paths = _leaf_paths(doc, key="size")
    if not paths:
        return False
    path = rng.choice(paths)
    set_at(doc, path, rng.choice(SIZES))
    if rng.random() < 0.3:
        parent = get(doc, path[:-1])
        for key in ("r_per_length", "x_per_length"):
            if rng.random() < 0.5:
                parent.pop(key, None)
    return True


def frequency(doc, rng):
    utility = doc.get("utility")
    if not isinstance(utility, dict):
        return False
    utility["frequency"] = rng.choice(["50 Hz", "55 Hz", "0 Hz", "-60 Hz", "400 Hz", "60 Hz", "1e9 Hz", "60 rpm"])
    return True


def coolant(doc, rng):
    loops = (doc.get("cooling") or {}).get("loops") if isinstance(doc.get("cooling"), dict) else None
    if not loops:
        return False
    loop = rng.choice(loops)
    if not isinstance(loop, dict):
        return False
    if rng.random() < 0.6:
        loop["coolant"] = rng.choice(COOLANTS)
    else:
        loop["t_supply_setpoint"] = rng.choice(["-60 degC", "-20 degC", "0 degC", "5 degC", "95 degC", "120 degC",
                                                "200 degC", "400 degC", "1000 K"])
    return True


def criteria(doc, rng):
    goal = doc.get("goal")
    if not isinstance(goal, dict):
        return False
    crit = goal.setdefault("criteria", {})
    if not isinstance(crit, dict):
        return False
    key, choices = rng.choice([
        ("t_supply_tcs", ["-40 degC", "0 degC", "10 degC", "80 degC", "130 degC", "300 degC"]),
        ("t_fws_setpoint", ["-40 degC", "0 degC", "60 degC", "110 degC", "300 degC"]),
        ("max_transformer_loading", ["0 %", "-10 %", "1e6 %", "50 %"]),
        ("vd_total_max", ["0 %", "-1 %", "100 %"]),
        ("pipe_velocity_max", ["0 m/s", "-1 m/s", "1e9 m/s"]),
        ("cold_aisle", ["0 m", "-1 m", "1e6 m", "100 m"]),
        ("freeze_margin", ["-50 K", "0 K", "500 K"]),
        ("design_ambient", ["cooling_db_04", "extreme_max_db_n50"]),
    ])
    crit[key] = rng.choice(choices)
    return True


def hall_geometry(doc, rng):
    halls = doc.get("halls")
    if not isinstance(halls, list) or not halls or not isinstance(halls[0], dict):
        return False
    hall = rng.choice(halls)
    key = rng.choice(["length", "width", "clear_height", "slab_rating"])
    hall[key] = rng.choice(["0 m", "-10 m", "1 m", "1e6 m", "1e12 m", "1e300 m", "5 m", "0 kPa", "-1 kPa",
                            "1e9 kPa", "0.1 m", "nan m"] if key != "slab_rating" else ["0 kPa", "-1 kPa", "1e9 kPa", "1 kPa"])
    return True


def perturb(doc, rng):
    """Several quantities scaled by 0.5 to 2: usually still a valid design, so the solvers run on it."""
    paths = [p for p in _leaf_paths(doc, test=_is_quantity)
             if p[-1] not in ("voltage", "v_primary", "v_secondary", "frequency", "size")]
    if not paths:
        return False
    for path in rng.sample(paths, min(len(paths), rng.randint(1, 8))):
        m = _QUANTITY.match(get(doc, path))
        set_at(doc, path, f"{float(m.group(1)) * rng.uniform(0.5, 2.0):.4g} {m.group(2)}")
    return True


# Mutations that often leave a valid design (the solvers then run on it).
GENTLE_MUTATIONS = [perturb, perturb, scale_number, pump_curve, repoint_reference, coolant, criteria,
                    remove_loop_pumps, delete_item, goal_count, hall_geometry]

DATA_MUTATIONS = [delete_key, replace_value, rename_key, duplicate_item, delete_item, swap_values, change_unit,
                  change_number, scale_number, huge_count, goal_count, pump_curve, repoint_reference,
                  remove_loop_pumps, conductor_size, frequency, coolant, criteria, hall_geometry]


# --- text mutations (line numbers of the rest of the file kept) --------------------------------------

def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _KEY_VALUE.match(line)]


def _replace_line_value(lines: list[str], rng: random.Random, token: str) -> None:
    candidates = _value_lines(lines)
    if not candidates:
        return
    i = rng.choice(candidates)
    m = _KEY_VALUE.match(lines[i])
    lines[i] = f"{m.group(1)}{m.group(2)}:{m.group(3)}{token}"


def yaml11_scalar(lines, rng):
    _replace_line_value(lines, rng, rng.choice(YAML11))


def tag(lines, rng):
    _replace_line_value(lines, rng, rng.choice(TAGS))


def long_number(lines, rng):
    digits = rng.choice([400, 4301, 5000, 20000, 100000])
    token = rng.choice(["1" * digits, "1" * digits + " kVA", "0." + "1" * digits, "1e" + "9" * min(digits, 400),
                        "-" + "9" * digits])
    _replace_line_value(lines, rng, token)


def flow_scalar(lines, rng):
    """A flow-style value where a scalar is expected: ``['x']``, ``{a: b}``, ``'y'``."""
    _replace_line_value(lines, rng, rng.choice(["['x']", "{a: b}", "'x'", "'y'", '"1e400"', "[1, [2, [3]]]",
                                                "[]", "{}", "'12'", "'nan'", "'-inf'", "'0x10'"]))


def alias_bomb(lines, rng):
    bomb = ["x-a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]", "x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
            "x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
            "x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]", "x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
            "x-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]"]
    where = len(lines) if rng.random() < 0.5 else rng.randrange(len(lines) + 1)
    if where < len(lines) and lines[where].startswith(" "):
        where = len(lines)
    lines[where:where] = bomb[:rng.randint(2, len(bomb))]


def anchor_alias(lines, rng):
    candidates = _value_lines(lines)
    if len(candidates) < 2:
        return
    i, j = sorted(rng.sample(candidates, 2))
    mi, mj = _KEY_VALUE.match(lines[i]), _KEY_VALUE.match(lines[j])
    lines[i] = f"{mi.group(1)}{mi.group(2)}:{mi.group(3)}&v {mi.group(4)}"
    lines[j] = f"{mj.group(1)}{mj.group(2)}:{mj.group(3)}*v"


def deep_nesting(lines, rng):
    depth = rng.choice([50, 120, 1000, 5000])
    token = "[" * depth + "]" * depth if rng.random() < 0.5 else "{a: " * depth + "1" + "}" * depth
    _replace_line_value(lines, rng, token)


def delete_line(lines, rng):
    if lines:
        del lines[rng.randrange(len(lines))]


def repeat_line(lines, rng):
    if lines:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])


def reindent_line(lines, rng):
    if lines:
        i = rng.randrange(len(lines))
        lines[i] = " " * rng.choice([1, 2, 3, 4, 8]) + lines[i] if rng.random() < 0.6 else lines[i].lstrip()


def garble_characters(lines, rng):
    if not lines:
        return
    i = rng.randrange(len(lines))
    line = lines[i]
    pos = rng.randrange(len(line) + 1)
    junk = rng.choice([":", "-", "#", "'", '"', "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%", "@", "`",
                       "\t", "\x00", "\x1b", "\ufeff", "é", "\u2028", "?", " "])
    lines[i] = line[:pos] + junk * rng.randint(1, 3) + line[pos + rng.randint(0, 2):]


TEXT_MUTATIONS = [yaml11_scalar, tag, long_number, flow_scalar, alias_bomb, anchor_alias, deep_nesting,
                  delete_line, repeat_line, reindent_line, garble_characters]


def mutate(text: str, rng: random.Random, steps: int | None = None) -> tuple[str, list[str]]:
    """Apply one to three mutations to the YAML ``text``; returns the new text and the mutations' names.

    About 30 % of cases get only gentle mutations (:data:`GENTLE_MUTATIONS`) that often keep the design
    valid, so that the commands run their solvers on it; the rest mix every data and text mutation.
    """
    steps = steps if steps is not None else rng.choice([1, 1, 1, 2, 2, 3])
    names = []
    if rng.random() < 0.3:
        doc = yaml.load(text, Loader=_LOADER)
        for _ in range(rng.choice([1, 1, 2])):
            mutation = rng.choice(GENTLE_MUTATIONS)
            if mutation(doc, rng) is not False:
                names.append(mutation.__name__)
        return yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=120), names
    if rng.random() < 0.6:
        doc = yaml.load(text, Loader=_LOADER)
        for _ in range(steps):
            if not isinstance(doc, dict) or not doc:
                break
            mutation = rng.choice(DATA_MUTATIONS)
            if mutation(doc, rng) is not False:
                names.append(mutation.__name__)
        text = yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=120)
        if rng.random() < 0.2:
            lines = text.split("\n")
            mutation = rng.choice(TEXT_MUTATIONS)
            mutation(lines, rng)
            names.append(mutation.__name__)
            text = "\n".join(lines)
        return text, names
    lines = text.split("\n")
    for _ in range(steps):
        mutation = rng.choice(TEXT_MUTATIONS)
        mutation(lines, rng)
        names.append(mutation.__name__)
    return "\n".join(lines), names
