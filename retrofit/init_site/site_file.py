"""The site file ``retrofit init`` writes: the answers of the questionnaire as a commented design file in the
layout of ``examples/washington-18mw/site.yaml`` (a utility service on an MV switchgear bus, one transformer
and one switchboard per service transformer, the miners and exhaust fans shared among the switchboards, one
hall, and the goal).

The transformers name the catalog entry of their rating and voltages, which supplies the X/R and losses
with their provenance; the nameplate %Z, when given, replaces the catalog's nominal one.
"""
from __future__ import annotations

import json
import re

from ..errors import InputError, Problem
from ..units import parse_quantity
from .questions import QUESTION_BY_NAME

SECONDARY_SUFFIX = {("wye_grounded", 415.0): "415y240", ("wye_grounded", 480.0): "480y277", ("delta", 480.0): "480d"}


def _text(value: str) -> str:
    """A YAML scalar for free text (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _volts(text: str, dimension: str = "voltage") -> float:
    return float(parse_quantity(text, dimension).to("V" if dimension == "voltage" else "kVA").magnitude)


def transformer_model(answers: dict[str, str], catalog) -> str:
    """The catalog transformer of the given rating, primary (service) voltage, secondary voltage and winding.

    Raises
    ------
    InputError
        When the catalogs hold none, with the ratings they hold at that primary voltage.
    """
    rating = _volts(answers["transformer_rating"], "apparent power")
    primary = _volts(answers["service_voltage"])
    secondary = _volts(answers["transformer_secondary"])
    config = answers.get("secondary_config") or "wye_grounded"
    found, near = [], []
    for entry in catalog.list("transformer"):
        data = entry.data
        try:
            same_primary = abs(_volts(data["v_primary"]) - primary) < 1.0
            same_secondary = abs(_volts(data["v_secondary"]) - secondary) < 1.0
            same_rating = abs(_volts(data["rating"], "apparent power") - rating) < 0.5
        except (KeyError, ValueError):
            continue
        if same_primary and same_secondary and data.get("secondary_config", "wye_grounded") == config:
            (found if same_rating else near).append(entry)
    if found:
        return found[0].id
    ratings = sorted({e.data["rating"] for e in near}, key=lambda r: _volts(r, "apparent power"))
    hint = (f"the catalogs hold {', '.join(ratings)} at these voltages" if ratings else
            "the catalogs hold no transformer at these voltages (`retrofit catalog list transformer`)")
    raise InputError(Problem("command line", None, "--transformer-rating",
                             f"no catalog transformer of {answers['transformer_rating']}, "
                             f"{answers['service_voltage']} / {answers['transformer_secondary']} {config}; {hint}"))


def _share(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole numbers that differ by at most one, larger first."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def site_yaml(answers: dict[str, str], catalog) -> str:
    """The commented site file of the answers.

    Parameters
    ----------
    answers : dict of str to str
        Checked answers keyed by question name (:data:`~retrofit.init_site.questions.QUESTIONS`).
    catalog : Catalog
        The equipment catalogs.

    Returns
    -------
    str
        YAML text in the input schema (version 1).
    """
    a = answers
    n = int(a["transformers"])
    tx_model = transformer_model(a, catalog)
    config = a.get("secondary_config") or "wye_grounded"
    system = "wye_4w" if config == "wye_grounded" else "delta_3w"
    miner = catalog.get(a["miner_model"], "miner")
    cooling = a.get("cooling") or miner.data.get("cooling", "air")
    lines = [
        f"# {a['name']}: an existing mining site and the goal of its conversion, written by `retrofit init`.",
        "# Check every value against the drawings and nameplates, then run `retrofit validate` on this file.",
        "# The format of every field: docs/input-format.md; the schema for editors: `retrofit schema`.",
        "version: 1",
        "site:",
        f"  name: {_text(a['name'])}",
    ]
    if a.get("location"):
        lines.append(f"  location: {_text(a['location'])}")
    lines += [
        f"  climate: {a['climate']}          # ASHRAE design conditions: `retrofit catalog show {a['climate']}`",
        f"  altitude: {a['altitude']}",
        "",
        "utility:",
        "  id: utility",
        "  bus: mv-swgr",
        f"  voltage: {a['service_voltage']}",
        f"  capacity: {a['service_capacity']}          # contracted capacity of the service",
        f"  sk: {a['service_sk']}          # available three-phase fault level (utility fault-duty letter)",
    ]
    if a.get("service_xr"):
        lines.append(f"  xr_ratio: {a['service_xr']}")
    lines += [
        "",
        "electrical:",
        "  # The MV switchgear the service lands on, an MV feeder to each transformer, and one switchboard behind",
        "  # each transformer. Give each feeder its own length, and list every breaker of the switchgear and",
        "  # switchboard schedules (electrical.breakers) for the protection studies.",
        "  buses:",
        f"    - {{id: mv-swgr, voltage: {a['service_voltage']}, kind: switchgear, hall: hall-1}}",
    ]
    for i in range(1, n + 1):
        lines.append(f"    - {{id: mv-t{i}, voltage: {a['service_voltage']}, kind: node}}          # transformer t{i} "
                     "primary terminals")
    ratings = "".join(f", {key}: {a[name]}" for key, name in (("bus_rating", "switchboard_rating"),
                                                              ("sccr", "switchboard_sccr")) if a.get(name))
    for i in range(1, n + 1):
        lines.append(f"    - {{id: sb{i}, voltage: {a['transformer_secondary']}, kind: switchboard, system: {system}"
                     f"{ratings}, hall: hall-1}}")
    z = f", z_percent: {a['transformer_z']}" if a.get("transformer_z") else ""
    lines += [
        "  transformers:",
        f"    # {tx_model} (catalog) fills the X/R, losses and, unless given here, the nominal %Z,",
        f"    # with their sources (`retrofit catalog show {tx_model}`); write nameplate values over them.",
    ]
    for i in range(1, n + 1):
        lines.append(f"    - {{id: t{i}, model: {tx_model}, hv_bus: mv-t{i}, lv_bus: sb{i}{z}}}")
    lines += [
        "  cables:",
        "    # MV-105 insulation (NEC 311) assumed; resistance and reactance from NEC Chapter 9 Table 9 unless",
        "    # r_per_length and x_per_length are given from the cable data sheet",
    ]
    for i in range(1, n + 1):
        lines.append(f"    - {{id: mvc{i}, from_bus: mv-swgr, to_bus: mv-t{i}, material: {a.get('mv_cable_material') or 'Cu'}, "
                     f"size: {a['mv_cable_size']}, length: {a['mv_cable_length']}, voltage_rating: {a['mv_cable_voltage']}, "
                     "insulation: MV-105, insulation_rating: 105 degC}")
    breakers = []
    if a.get("mv_breaker_rating") and a.get("mv_breaker_interrupting"):
        closing = (f", closing_latching: {a['mv_breaker_closing']}, closing_latching_basis: peak"
                   if a.get("mv_breaker_closing") else "")
        breakers += [f"    - {{id: cb-mv{i}, bus: mv-swgr, protects: mvc{i}, kind: mv_breaker, "
                     f"rating: {a['mv_breaker_rating']}, interrupting: {a['mv_breaker_interrupting']}{closing}}}"
                     for i in range(1, n + 1)]
    if a.get("main_breaker_rating") and a.get("main_breaker_interrupting"):
        breakers += [f"    - {{id: cb-main{i}, bus: sb{i}, protects: t{i}, kind: lvpcb, "
                     f"rating: {a['main_breaker_rating']}, interrupting: {a['main_breaker_interrupting']}}}"
                     for i in range(1, n + 1)]
    if breakers:
        lines += ["  breakers:", "    # trip settings default from the rating (docs/protection.md); give the settings "
                  "of the coordination study"] + breakers
    lines += ["", "loads:", "  miners:",
              f"    # {a['miners']} x {a['miner_model']} shared among the switchboards "
              "(`retrofit catalog show " + a["miner_model"] + "`)"]
    rows = _share(int(a["shelving_rows"]), n) if a.get("shelving_rows") else [None] * n
    cooling_field = f", cooling: {cooling}" if cooling != miner.data.get("cooling", "air") else ""
    for i, (count, row) in enumerate(zip(_share(int(a["miners"]), n), rows), start=1):
        if count == 0:
            continue
        row_text = f", rows: {row}" if row else ""
        lines.append(f"    - {{id: miners-sb{i}, model: {a['miner_model']}, count: {count}, bus: sb{i}, "
                     f"hall: hall-1{row_text}{cooling_field}}}")
    lines += ["  # other loads (lighting, offices, controls): loads.other, each with its bus and power", ""]
    lines.append("cooling:")
    if cooling == "air" and a.get("fans"):
        lines.append(f"  # {a['fans']} x {a['fan_model']} shared among the switchboards that feed them")
        lines.append("  exhaust_fans:")
        for i, count in enumerate(_share(int(a["fans"]), n), start=1):
            if count:
                lines.append(f"    - {{id: fans-sb{i}, model: {a['fan_model']}, hall: hall-1, bus: sb{i}, "
                             f"count: {count}}}")
    else:
        lines += [f"  # {cooling}-cooled miners: list the existing dry coolers, towers and pumps here",
                  "  # (cooling.heat_rejection, cooling.pumps, cooling.loops) for the planner to assess their reuse",
                  "  exhaust_fans: []"]
    lines += [
        "",
        "halls:",
        "  - id: hall-1",
        f"    length: {a['hall_length']}          # inside extent along x",
        f"    width: {a['hall_width']}          # inside extent along y",
        f"    clear_height: {a['clear_height']}",
        f"    slab_rating: {a['slab_rating']}          # uniform live load (structural drawings)",
        "    # columns and obstacles on the floor plan, x and y of the south-west corner, for example:",
        "    #   columns: [{x: 30 m, y: 16.7 m, width: 0.5 m, depth: 0.5 m, kind: column}]",
        "    #   obstacles: [{id: mv-room, x: 0 m, y: 0 m, width: 12 m, depth: 10 m, kind: electrical_room}]",
    ]
    if a.get("shelving_rows"):
        lines.append(f"    shelving_rows: {a['shelving_rows']}")
    lines += [
        "",
        "goal:",
        f"  rack_model: {a['rack_model']}",
        f"  count: {a['racks']}",
        f"  power_redundancy: {a['power_redundancy']}",
        f"  cooling_redundancy: {a['cooling_redundancy']}",
    ]
    if a.get("design_ambient"):
        lines += ["  criteria:", f"    design_ambient: {a['design_ambient']}"]
    lines.append("  # every design criterion and its default: docs/input-format.md#criteria")
    return "\n".join(lines) + "\n"


# field path of the site file -> question whose answer it holds (for messages about bounds)
_FIELD_QUESTION = (
    (r"^site\.name", "name"), (r"^site\.altitude", "altitude"), (r"^site\.climate", "climate"),
    (r"^utility\.voltage", "service_voltage"), (r"^utility\.capacity", "service_capacity"),
    (r"^utility\.sk", "service_sk"), (r"^utility\.xr_ratio", "service_xr"),
    (r"^electrical\.buses\[\d+\]\.bus_rating", "switchboard_rating"),
    (r"^electrical\.buses\[\d+\]\.sccr", "switchboard_sccr"),
    (r"^electrical\.buses\[\d+\]\.voltage", "transformer_secondary"),
    (r"^electrical\.transformers\[\d+\]\.z_percent", "transformer_z"),
    (r"^electrical\.cables\[\d+\]\.size", "mv_cable_size"), (r"^electrical\.cables\[\d+\]\.length", "mv_cable_length"),
    (r"^electrical\.cables\[\d+\]\.voltage_rating", "mv_cable_voltage"),
    (r"^electrical\.transformers", "transformer_rating"),
    (r"^loads\.miners\[\d+\]\.count", "miners"), (r"^loads\.miners", "miner_model"),
    (r"^cooling\.exhaust_fans\[\d+\]\.count", "fans"), (r"^cooling\.exhaust_fans", "fan_model"),
    (r"^electrical\.breakers\[\d+\]\.interrupting", "mv_breaker_interrupting"),
    (r"^electrical\.breakers\[\d+\]\.closing_latching", "mv_breaker_closing"),
    (r"^electrical\.breakers\[\d+\]\.rating", "mv_breaker_rating"),
    (r"^halls\[0\]\.length", "hall_length"), (r"^halls\[0\]\.width", "hall_width"),
    (r"^halls\[0\]\.clear_height", "clear_height"), (r"^halls\[0\]\.slab_rating", "slab_rating"),
    (r"^halls\[0\]\.shelving_rows", "shelving_rows"),
    (r"^goal\.rack_model", "rack_model"), (r"^goal\.count", "racks"),
)


def check_site(text: str, catalog):
    """Load the site file as ``retrofit validate`` does; a problem is reported against the flag of the answer
    it comes from (``--hall-length: ...``), with the loader's found-versus-expected message."""
    from ..io.load import load_text

    try:
        return load_text(text, "retrofit init", catalog=catalog)
    except InputError as exc:
        problems = []
        for p in exc.problems:
            name = next((q for pattern, q in _FIELD_QUESTION if re.match(pattern, p.field or "")), None)
            flag = QUESTION_BY_NAME[name].flag if name else (p.field or "")
            problems.append(Problem("command line", None, flag, p.message))
        raise InputError(problems) from None


__all__ = ["check_site", "site_yaml", "transformer_model"]
