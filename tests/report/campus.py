"""A synthetic multi-hall site for the report tests: the pilot hall's block (two transformers, A/B busway,
two rack rows, two CDUs, a facility loop) repeated ``blocks`` times, one hall per block, all on one
medium-voltage bus. Used to check that large plans split their drawings into sheets and their schedules
into appendices; its numbers are not a reference for anything.
"""
from __future__ import annotations

import copy
from pathlib import Path

import yaml

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"


def _suffix(value, k: int, ids: set[str]):
    if isinstance(value, str) and value in ids:
        return f"{value}-{k}"
    if isinstance(value, list):
        return [_suffix(v, k, ids) for v in value]
    if isinstance(value, dict):
        return {key: v if key in ("kind", "model", "coolant", "material") else _suffix(v, k, ids)
                for key, v in value.items()}
    return value


def campus_data(blocks: int, busways_per_side: int = 2, positions: bool = False, goal: bool = True) -> dict:
    """Design data (as parsed YAML) of ``blocks`` copies of the pilot block."""
    base = yaml.safe_load(PILOT.read_text(encoding="utf-8"))
    e = base["electrical"]
    # the block: everything below the main MV bus
    block_ids = {b["id"] for b in e["buses"] if b["id"] != "mv-main"}
    for key in ("transformers", "cables", "busways", "breakers"):
        block_ids |= {x["id"] for x in e[key]}
    block_ids |= {x["id"] for x in base["loads"]["racks"]} | {x["id"] for x in base["loads"]["other"]}
    for key in ("loops", "cdus", "pumps", "heat_rejection", "exhaust_fans", "crahs"):
        block_ids |= {x["id"] for x in base["cooling"][key]}
    block_ids.add("hall-1")

    out = copy.deepcopy(base)
    out["site"]["name"] = f"Synthetic campus of {blocks} pilot blocks"
    out["utility"]["capacity"] = f"{5 * blocks} MVA"
    out["utility"]["sk"] = "500 MVA"
    out["electrical"] = {k: [] for k in ("buses", "transformers", "cables", "busways", "breakers")}
    out["electrical"]["buses"].append(dict(e["buses"][0], bus_rating="2000 A", sccr="40 kA", hall="hall-1-1"))
    out["loads"] = {"racks": [], "other": []}
    out["cooling"] = {k: [] for k in ("loops", "cdus", "pumps", "heat_rejection", "exhaust_fans", "crahs")}
    out["halls"] = []
    for k in range(1, blocks + 1):
        ids = set(block_ids)
        for key in ("buses", "transformers", "cables", "breakers"):
            for item in e[key]:
                if item["id"] == "mv-main" or item.get("kind") == "busway_tap" or item["id"].startswith("cb-bw-"):
                    continue
                new = _suffix(item, k, ids)
                if key == "buses" and new.get("hall"):
                    new["hall"] = f"hall-1-{k}"
                out["electrical"][key].append(new)
        for side in ("a", "b"):
            for j in range(1, busways_per_side + 1):
                out["electrical"]["buses"].append({"id": f"bw-{side}{j}-{k}", "voltage": "415 V", "kind": "busway_tap"})
                out["electrical"]["busways"].append({
                    "id": f"busway-{side}{j}-{k}", "from_bus": f"swbd-{side}-{k}", "to_bus": f"bw-{side}{j}-{k}",
                    "rating": "800 A", "length": f"{26 + 4 * j} m", "r_per_length": "0.09 mohm/m",
                    "x_per_length": "0.04 mohm/m", "sccr": "65 kA"})
                out["electrical"]["breakers"].append({
                    "id": f"cb-bw-{side}{j}-{k}", "bus": f"swbd-{side}-{k}", "protects": f"busway-{side}{j}-{k}",
                    "kind": "lvpcb", "rating": "800 A", "interrupting": "65 kA"})
        racks_per_row = max(1, 12 // busways_per_side)
        for j in range(1, busways_per_side + 1):
            group = {"id": f"row-{j}-{k}", "model": "gb300-nvl72", "count": racks_per_row // 2 or 1,
                     "feeds": [f"bw-a{j}-{k}", f"bw-b{j}-{k}"], "tcs_loop": f"tcs-1-{k}", "hall": f"hall-1-{k}",
                     "row": str(j)}
            if positions:
                y = 6.0 + (j - 1) * 3.6
                group["positions"] = [{"x": f"{8 + 0.6 * i:.1f} m", "y": f"{y:.1f} m"}
                                      for i in range(group["count"])]
            out["loads"]["racks"].append(group)
        for item in base["loads"]["other"]:
            out["loads"]["other"].append(_suffix(item, k, ids))
        for key in out["cooling"]:
            for item in base["cooling"][key]:
                new = _suffix(item, k, ids)
                if "hall" in new:
                    new["hall"] = f"hall-1-{k}"
                out["cooling"][key].append(new)
        hall = _suffix(base["halls"][0], k, ids)
        out["halls"].append(hall)
    if not goal:
        del out["goal"]
    return out


def campus_yaml(blocks: int, busways_per_side: int = 2, positions: bool = False, goal: bool = True) -> str:
    """The synthetic site as YAML text."""
    return yaml.safe_dump(campus_data(blocks, busways_per_side, positions, goal), sort_keys=False)
