"""Write site.yaml: the Panther Creek-scale example (ten ASIC mining halls on one 34.5 kV service).

Run from the repository root: ``python examples/panther-creek-350mw/generate.py``. The campus is
regular, so the file is generated rather than typed; the assumptions are in README.md beside it.
"""
from __future__ import annotations

from pathlib import Path

from retrofit.io.load import load_data
from retrofit.io.write import write_design
from retrofit.io.yaml_source import SourceMap

HALLS = 10
BLOCKS_PER_HALL = 16  # pad-mounts per hall: the first half 415Y/240 V, the second half 480 V delta
MINERS_PER_BLOCK = 560  # Antminer S21, 3.5 kW: 1.96 MW per 2.5 MVA pad-mount (78 % loading)
HALL_LENGTH_M, HALL_WIDTH_M = 200.0, 60.0
#: Capacity for the converted load by date, as shares of the contracted capacity: shaped on the reported plan of
#: the real campus (50 MW energised late 2026, 300 MW in 2027); the middle step is an assumption.
UTILITY_STEPS = (("2026-12-01", 60 / 350), ("2027-07-01", 200 / 350), ("2027-12-01", 1.0))
HALL_PITCH_M = (240.0, 100.0)  # halls on a 5 x 2 grid, the service yard at the south-west corner
HALLS_PER_SERVICE = 10  # halls one 34.5 kV substation bus feeds: the fault level does not grow past it


def hall_data(h: int) -> tuple[dict, list, list, list, list, list, list]:
    hid = f"hall-{h:02d}"
    col, row = (h - 1) % 5, (h - 1) // 5
    dist = col * HALL_PITCH_M[0] + row * HALL_PITCH_M[1] + 60.0  # service yard to the hall's MV room
    mv = f"mv-h{h:02d}"
    buses = [{"id": mv, "model": "mv-swgr-34.5kv-1200a-25ka", "hall": hid}]
    cables = [{"id": f"mvc-h{h:02d}", "from_bus": "service", "to_bus": mv, "material": "Cu", "size": "500 kcmil",
               "sets": 2, "length": f"{dist:g} m", "voltage_rating": "35 kV", "insulation": "MV-105",
               "insulation_rating": "105 degC", "r_per_length": "0.027 ohm/kft", "x_per_length": "0.039 ohm/kft"}]
    breakers = [{"id": f"cb-h{h:02d}", "model": "mv-breaker-1200a-25ka-38kv", "bus": "service",
                 "protects": f"mvc-h{h:02d}"}]
    transformers, miners, fans = [], [], []
    for k in range(1, BLOCKS_PER_HALL + 1):
        tid = f"t{h:02d}-{k:02d}"
        wye = k <= BLOCKS_PER_HALL // 2
        node, sb = f"mv-{tid}", f"sb{h:02d}-{k:02d}"
        buses.append({"id": node, "voltage": "34.5 kV", "kind": "node"})
        buses.append({"id": sb, "model": "swbd-415v-4000a-85ka-4w" if wye else "swbd-480v-4000a-65ka-delta",
                      "hall": hid})
        transformers.append({"id": tid, "model": "padmount-2500kva-34.5kv-415y240" if wye else
                             "padmount-2500kva-34.5kv-480d", "hv_bus": node, "lv_bus": sb})
        cables.append({"id": f"mvc-{tid}", "from_bus": mv, "to_bus": node, "material": "Cu", "size": "1/0 AWG",
                       "length": f"{30 + 12 * k:g} m", "voltage_rating": "35 kV", "insulation": "MV-105",
                       "insulation_rating": "105 degC", "r_per_length": "0.12 ohm/kft", "x_per_length": "0.05 ohm/kft"})
        breakers.append({"id": f"cb-mv-{tid}", "model": "mv-breaker-1200a-25ka-38kv", "bus": mv,
                         "protects": f"mvc-{tid}"})
        breakers.append({"id": f"cb-main-{tid}", "model": "lvpcb-4000a-85ka" if wye else "lvpcb-3200a-65ka",
                         "bus": sb, "protects": tid})
        miners.append({"id": f"miners-{tid}", "model": "antminer-s21", "count": MINERS_PER_BLOCK, "bus": sb,
                       "hall": hid, "rows": 2})
        fans.append({"id": f"fans-{tid}", "model": "exhaust-fan-54in", "hall": hid, "bus": sb, "count": 22})
    hall = {"id": hid, "length": f"{HALL_LENGTH_M:g} m", "width": f"{HALL_WIDTH_M:g} m", "clear_height": "8 m",
            "slab_rating": "12 kPa",
            "columns": [{"x": f"{x:g} m", "y": f"{y:g} m", "width": "0.5 m", "depth": "0.5 m", "kind": "column"}
                        for x in (40, 80, 120, 160) for y in (20, 40)],
            "obstacles": [{"id": f"mv-room-{h:02d}", "x": "0 m", "y": "0 m", "width": "14 m", "depth": "10 m",
                           "kind": "electrical_room"}],
            "shelving_rows": 2 * BLOCKS_PER_HALL}
    other = [{"id": f"lighting-{hid}", "bus": f"sb{h:02d}-01", "p": "60 kW", "power_factor": 0.95, "kind": "lighting"}]
    return hall, buses, transformers, cables, breakers, miners + [("other", other)], fans


def site(halls: int = HALLS) -> dict:
    """The campus as plain data; ``halls`` other than ten scales the service for the scale benchmarks.

    The capacity is 35 MVA per hall. The fault level is 120 MVA per hall up to ten halls (1,200 MVA,
    20 kA at 34.5 kV, inside the 25 kA rating of the halls' MV switchgear) and stays there beyond: a
    larger campus takes its 34.5 kV from several substation transformers, one per ten halls, whose
    impedance holds each bus near that level, and a single bus stiffer than 25 kA could not be built
    from the catalog's switchgear (nor its LV boards' busways: 2,400 MVA puts 65.2 kA on a 2.5 MVA
    pad-mount's 415 V board, above the 65 kA busway withstand)."""
    capacity_mva, sk_mva = 35 * halls, 120 * min(halls, HALLS_PER_SERVICE)
    data = {
        "version": 1,
        "site": {"name": "Panther Creek-scale campus (example)", "location": "Nesquehoning, PA (Carbon County)",
                 "climate": "allentown-pa", "altitude": "250 m"},
        "utility": {"id": "utility", "bus": "service", "voltage": "34.5 kV", "capacity": f"{capacity_mva} MVA", "sk": f"{sk_mva} MVA",
                    "xr_ratio": 15, "frequency": "60 Hz"},
        "electrical": {"buses": [{"id": "service", "voltage": "34.5 kV", "kind": "node"}], "transformers": [],
                       "cables": [], "breakers": []},
        "loads": {"miners": [], "other": []},
        "cooling": {"exhaust_fans": []},
        "halls": [],
        "goal": {"rack_model": "gb300-nvl72", "count": "max", "power_redundancy": "2N", "cooling_redundancy": "N+1",
                 "schedule": {"start": "2027-01-04", "utility_capacity": [
                     {"date": f"{d}", "capacity": f"{round(capacity_mva * share)} MVA"} for d, share in UTILITY_STEPS]},
                 "business": {"energy_price_usd_per_mwh": 77.5}},
    }
    for h in range(1, halls + 1):
        hall, buses, transformers, cables, breakers, loads, fans = hall_data(h)
        data["halls"].append(hall)
        data["electrical"]["buses"] += buses
        data["electrical"]["transformers"] += transformers
        data["electrical"]["cables"] += cables
        data["electrical"]["breakers"] += breakers
        data["loads"]["miners"] += [x for x in loads if isinstance(x, dict)]
        data["loads"]["other"] += next(x[1] for x in loads if isinstance(x, tuple))
        data["cooling"]["exhaust_fans"] += fans
    return data


def main() -> None:
    design = load_data(site(), SourceMap("generate.py", {}, {}))
    out = Path(__file__).resolve().parent / "site.yaml"
    write_design(design, out, header="Panther Creek-scale campus: ten air-cooled ASIC mining halls on one 34.5 kV service,\n"
                 "to be converted to GB300 NVL72 racks. Generated by generate.py; assumptions in README.md.")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
