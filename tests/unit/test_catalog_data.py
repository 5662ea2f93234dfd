"""Unit tests of the equipment catalog data files (``catalogs/*.yaml``, NEC tables excepted).

Each file is read directly with ``yaml.safe_load`` (independently of ``retrofit.catalog``) and checked
for: the provenance header of every entry (id, name, class, source); ids unique across files; data fields
that exist on the element model and parse with their declared unit; the entries the planner relies on;
prices and other estimate-class figures marked as estimates; and the figures the catalogs compute from
the sourced inputs each entry names, recomputed here from the same inputs (ASHRAE n-year return temperatures, DOE-based
transformer losses, miner J/TH, airflows, CoolProp freezing points).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import pytest
import yaml
from pydantic import ConfigDict, TypeAdapter

from retrofit.model import (CDU, PDU, UPS, AirMover, Breaker, Bus, Busway, Climate, Generator, HeatRejection,
                            MinerGroup, Pump, RackGroup, Transformer)
from retrofit.units import parse_quantity

CATALOGS = Path(__file__).resolve().parents[2] / "catalogs"
FILES = ["racks.yaml", "miners.yaml", "transformers.yaml", "breakers.yaml", "switchboards.yaml", "busways.yaml",
         "pdus.yaml", "ups.yaml", "generators.yaml", "cdus.yaml", "heat-rejection.yaml", "pumps.yaml", "air.yaml",
         "climate.yaml", "coolants.yaml"]
CLASSES = {"published", "secondary", "computed", "estimate"}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
PRICE_SOURCE = "order-of-magnitude estimate, 2026 USD, verify with vendor quotes"

MODELS = {
    "rack": RackGroup, "miner": MinerGroup, "transformer": Transformer, "breaker": Breaker, "switchboard": Bus,
    "busway": Busway, "pdu": PDU, "ups": UPS, "generator": Generator, "cdu": CDU, "heat_rejection": HeatRejection,
    "pump": Pump, "fan": AirMover, "crah": AirMover, "rear_door": AirMover, "climate": Climate,
}
# The catalog fields allowed per kind (a subset of each element model's fields: no ids, buses or counts).
ALLOWED = {
    "rack": {"kind", "p_design", "p_peak", "power_factor", "liquid_fraction", "input_voltage_ln_min",
             "input_voltage_ln_max", "needs_neutral", "psus_per_phase", "flow_per_kw", "t_supply_max", "dp_rated", "air_dt_max",
             "width", "depth", "height", "mass", "price"},
    "miner": {"p_rated", "power_factor", "hashrate_ths", "input_voltage_min", "input_voltage_max", "cooling",
              "airflow", "mass"},
    "transformer": {"rating", "v_primary", "v_secondary", "primary_config", "secondary_config", "z_percent",
                    "xr_ratio", "no_load_loss", "load_loss", "cooling_class", "price", "lead_time"},
    "breaker": {"kind", "rating", "interrupting", "test_xr", "rated_100_percent", "interrupting_time", "closing_latching",
                "closing_latching_basis", "price"},
    "switchboard": {"voltage", "kind", "system", "bus_rating", "sccr", "width", "depth", "price"},
    "busway": {"rating", "r_per_length", "x_per_length", "sccr", "material", "kind", "price"},
    "pdu": {"rating", "kind", "sccr", "price"},
    "ups": {"rating", "efficiency", "sccr", "price"},
    "generator": {"rating", "voltage", "xd_subtransient", "kind"},
    "cdu": {"kind", "capacity", "approach", "flow_tcs_rated", "flow_fws_rated", "dp_fws_rated", "dp_hx_tcs_rated",
            "pump_curve", "pumps", "pumps_running", "pump_efficiency", "p_controls", "width", "depth", "mass",
            "price", "coolant_fws_rated", "power_inputs"},
    "heat_rejection": {"kind", "capacity", "t_ambient_rated", "t_fluid_in_rated", "t_fluid_out_rated",
                       "airflow_rated", "fan_power_rated", "pad_efficiency", "cop_rated", "dp_rated", "width",
                       "depth", "mass", "price", "coolant_rated"},
    "pump": {"curve", "count", "running", "efficiency", "bep_flow", "motor_efficiency", "price"},
    "fan": {"airflow", "power"},
    "crah": {"airflow", "power", "capacity", "t_water_in_rated", "t_air_in_rated", "price"},
    "rear_door": {"airflow", "power", "capacity", "price"},
    "climate": {"station", "elevation", "cooling_db_04", "cooling_mcwb_04", "evaporation_wb_04",
                "extreme_max_db_n20", "extreme_max_db_n50", "extreme_min_db_n20", "heating_db_996"},
    "coolant": {"fluid", "fraction", "freezing_point"},
}
# Figures that no publication read for the catalogs gives (recalled practice or the project's own estimates): they
# must be marked estimate wherever they appear.
ESTIMATE_FIELDS = {
    "rack": {"width", "depth", "height", "dp_rated", "air_dt_max", "power_factor"},
    "miner": {"power_factor"},
    "transformer": {"xr_ratio", "no_load_loss", "load_loss"},
    "breaker": {"test_xr", "interrupting"},
    "switchboard": {"sccr", "width", "depth"},
    "busway": {"r_per_length", "x_per_length", "sccr"},
    "cdu": {"dp_fws_rated", "dp_hx_tcs_rated", "pump_curve", "pump_efficiency", "p_controls", "width", "depth",
            "mass"},
    "pump": {"curve", "efficiency", "motor_efficiency"},
}


def _load(name: str) -> dict:
    with open(CATALOGS / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


DOCS = {name: _load(name) for name in FILES}


def _entries() -> list[tuple[str, str, dict]]:
    """(file, kind, entry) for every entry of every file."""
    out = []
    for name, doc in DOCS.items():
        for entry in doc["entries"]:
            out.append((name, entry.get("kind", doc.get("kind")), entry))
    return out


ENTRIES = _entries()


def _of_kind(kind: str) -> dict[str, dict]:
    return {e["id"]: e for _, k, e in ENTRIES if k == kind}


def _class_of(entry: dict, field: str) -> str:
    return (entry.get("provenance") or {}).get(field, {}).get("class", entry["class"])


def _si(text, dimension: str) -> float:
    return float(parse_quantity(text, dimension).to_base_units().magnitude)


@lru_cache(maxsize=None)
def _adapter(kind: str, field: str) -> TypeAdapter:
    """Validator of one element-model field, with its constraints (Qty parsing, bounds, literals)."""
    info = MODELS[kind].model_fields[field]
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation, config=ConfigDict(arbitrary_types_allowed=True))


def _ids(rows):
    return [f"{file}:{entry.get('id')}" for file, _, entry in rows]


# --- structure and provenance ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FILES)
def test_file_holds_entries_of_known_kinds(name):
    doc = DOCS[name]
    assert isinstance(doc.get("entries"), list) and doc["entries"], f"{name} has no entries"
    for entry in doc["entries"]:
        assert entry.get("kind", doc.get("kind")) in ALLOWED, f"{name}: {entry.get('id')} has no known kind"


@pytest.mark.parametrize(("file", "kind", "entry"), ENTRIES, ids=_ids(ENTRIES))
def test_entry_header_and_provenance(file, kind, entry):
    assert ID_PATTERN.match(str(entry.get("id", ""))), f"bad id {entry.get('id')!r}"
    assert isinstance(entry.get("name"), str) and entry["name"].strip()
    assert entry.get("class") in CLASSES
    assert isinstance(entry.get("source"), str) and entry["source"].strip()
    assert isinstance(entry.get("notes", ""), str)
    assert set(entry) <= {"id", "kind", "name", "class", "source", "notes", "data", "provenance"}
    assert isinstance(entry.get("data"), dict) and entry["data"]
    for field, prov in (entry.get("provenance") or {}).items():
        assert field in entry["data"], f"provenance for {field!r}, which is not in data"
        assert prov.get("class") in CLASSES, f"{field}: class {prov.get('class')!r}"
        assert isinstance(prov.get("source"), str) and prov["source"].strip(), f"{field}: no source"


def test_ids_unique_across_files():
    seen: dict[str, str] = {}
    for file, _, entry in ENTRIES:
        assert entry["id"] not in seen, f"{entry['id']} in {file} and {seen.get(entry['id'])}"
        seen[entry["id"]] = file


@pytest.mark.parametrize(("file", "kind", "entry"), ENTRIES, ids=_ids(ENTRIES))
def test_data_fields_are_allowed_and_parse(file, kind, entry):
    data = entry["data"]
    unknown = set(data) - ALLOWED[kind]
    assert not unknown, f"fields not allowed for a {kind}: {sorted(unknown)}"
    if kind == "coolant":
        assert data["fluid"] in {"water", "propylene_glycol", "ethylene_glycol"}
        assert 0.0 <= _si(data["fraction"], "ratio") < 0.7
        parse_quantity(data["freezing_point"], "temperature")
        return
    for field, value in data.items():
        _adapter(kind, field).validate_python(value)


# --- the entries the planner relies on ----------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "minimum", "required"), [
    ("rack", 4, {"gb300-nvl72", "gb200-nvl72", "network-rack-25kw", "management-rack-15kw"}),
    ("miner", 8, {"antminer-s19-pro", "antminer-s21", "whatsminer-m30s-plus-plus"}),
    ("cdu", 5, {"coolit-chx2000", "vertiv-coolchip-cdu-1350", "supermicro-in-rack-cdu-250"}),
    ("heat_rejection", 3, {"dry-cooler-1000kw", "adiabatic-cooler-1000kw", "closed-circuit-tower-1000kw",
                           "air-cooled-chiller-1000kw"}),
    ("climate", 4, {"moses-lake-wa", "wenatchee-wa", "allentown-pa", "wilkes-barre-scranton-pa"}),
    ("coolant", 4, {"pg25", "pg30", "eg25", "water"}),
    ("breaker", 10, set()),
    ("busway", 8, set()),
    ("pump", 3, set()),
    ("fan", 3, {"exhaust-fan-54in"}),
    ("crah", 1, {"crah-150kw"}),
    ("rear_door", 3, set()),
])
def test_required_entries(kind, minimum, required):
    entries = _of_kind(kind)
    assert len(entries) >= minimum
    assert required <= set(entries), f"missing {sorted(required - set(entries))}"


def test_transformer_secondaries_cover_ai_and_mining_systems():
    found = set()
    for entry in _of_kind("transformer").values():
        d = entry["data"]
        found.add((round(_si(d["v_secondary"], "voltage")), d["secondary_config"]))
    assert {(415, "wye_grounded"), (480, "wye_grounded"), (480, "delta"), (13800, "wye_grounded")} <= found


def test_miners_cover_the_three_cooling_kinds():
    assert {e["data"]["cooling"] for e in _of_kind("miner").values()} == {"air", "hydro", "immersion"}


# --- estimates are marked ----------------------------------------------------------------------------------

PRICED = [row for row in ENTRIES if "price" in ALLOWED[row[1]]]


@pytest.mark.parametrize(("file", "kind", "entry"), PRICED, ids=_ids(PRICED))
def test_every_priced_kind_has_an_estimate_price(file, kind, entry):
    assert "price" in entry["data"], "no price"
    assert _si(entry["data"]["price"], "money") > 0
    assert _class_of(entry, "price") == "estimate"
    assert entry["provenance"]["price"]["source"].startswith(PRICE_SOURCE)
    assert "price_uncertainty" in entry.get("notes", "")


ESTIMATED = [row for row in ENTRIES if row[1] in ESTIMATE_FIELDS]


@pytest.mark.parametrize(("file", "kind", "entry"), ESTIMATED, ids=_ids(ESTIMATED))
def test_unsourced_figures_are_marked_estimate(file, kind, entry):
    for field in ESTIMATE_FIELDS[kind] & set(entry["data"]):
        assert _class_of(entry, field) == "estimate", f"{field} is not marked estimate"


def test_figures_the_domain_data_marks_estimate_stay_estimate():
    racks = _of_kind("rack")
    for field in ("width", "depth", "height"):          # dimensions not published
        assert _class_of(racks["gb300-nvl72"], field) == "estimate"
    for rid in ("network-rack-25kw", "management-rack-15kw"):   # placeholder power
        assert _class_of(racks[rid], "p_design") == "estimate"


# --- computed figures, recomputed ---------------------------------------------------------------------------

# Extreme-annual dry bulb statistics (mean M, standard deviation s) in degC printed in the ASHRAE
# Handbook—Fundamentals 2013 (SI), chapter 14, climatic design conditions of each station (columns DBmax_mean,
# DBmax_stddev, DBmin_mean, DBmin_stddev), the same table the catalog's n-year values come from.
EXTREMES = {
    "wenatchee-wa": {"max": (38.4, 1.7), "min": (-15.6, 4.4)},              # WMO 727825
    "moses-lake-wa": {"max": (39.6, 1.6), "min": (-19.1, 6.2)},             # WMO 727827
    "allentown-pa": {"max": (34.8, 1.6), "min": (-16.3, 3.2)},              # WMO 725170
    "wilkes-barre-scranton-pa": {"max": (34.0, 1.7), "min": (-18.4, 3.3)},  # WMO 725130
}
F20, F50 = 1.8658, 2.5923   # ASHRAE Fundamentals, n-year return period factors


def _return_value_tolerance(f: float) -> float:
    """M, s and Tn are each printed to 0.1 K: half a unit on Tn and on M, and f times half a unit on s."""
    return 0.05 + 0.05 + f * 0.05


@pytest.mark.parametrize("station", sorted(EXTREMES))
def test_climate_return_period_temperatures(station):
    """Consistency check: the table's n-year values against Tn = M + F s from the table's own M and s."""
    d = _of_kind("climate")[station]["data"]
    mean, sd = EXTREMES[station]["max"]
    low_mean, low_sd = EXTREMES[station]["min"]

    def c(text):
        return parse_quantity(text, "temperature").to("degC").magnitude

    assert c(d["extreme_max_db_n20"]) == pytest.approx(mean + F20 * sd, abs=_return_value_tolerance(F20))
    assert c(d["extreme_max_db_n50"]) == pytest.approx(mean + F50 * sd, abs=_return_value_tolerance(F50))
    assert c(d["extreme_min_db_n20"]) == pytest.approx(low_mean - F20 * low_sd, abs=_return_value_tolerance(F20))


# Fields the ASHRAE Handbook—Fundamentals 2021 (SI), chapter 14 Appendix prints for the stations it lists (PDF
# page 330 for the two Pennsylvania stations; Wenatchee and Moses Lake are not in it). The Appendix has no
# extreme annual dry bulbs, so those stay the 2013 table's for every station.
APPENDIX_2021_FIELDS = {"elevation", "cooling_db_04", "cooling_mcwb_04", "evaporation_wb_04", "heating_db_996"}
APPENDIX_2021_STATIONS = {"allentown-pa": "LEHIGH VALLEY", "wilkes-barre-scranton-pa": "WILKES-BARRE SCRANTON"}


def test_climate_figures_name_their_ashrae_edition_and_column():
    """Each figure is the 2013 table's (published) or the 2021 Appendix's as transcribed (secondary)."""
    for sid in EXTREMES:
        entry = _of_kind("climate")[sid]
        row = APPENDIX_2021_STATIONS.get(sid)
        for field in entry["data"]:
            if field == "station":
                continue
            source = entry["provenance"][field]["source"]
            if row and field in APPENDIX_2021_FIELDS:
                assert _class_of(entry, field) == "secondary", (sid, field)
                assert source.startswith("ASHRAE Handbook—Fundamentals 2021 (SI), ch. 14, Appendix"), (sid, field)
                assert f"PDF page 330, row {row}, column " in source, (sid, field)
            else:
                assert _class_of(entry, field) == "published", (sid, field)
                assert source.startswith("ASHRAE 2013 table, station "), (sid, field)


@pytest.mark.parametrize("station", sorted(APPENDIX_2021_STATIONS))
def test_climate_2021_figures_match_the_value_their_source_quotes(station):
    """Consistency check: each 2021 figure equals the printed value its provenance quotes from the row."""
    entry = _of_kind("climate")[station]
    for field in APPENDIX_2021_FIELDS:
        quoted = re.search(r"\((-?[0-9.]+ (?:degC|m))\);", entry["provenance"][field]["source"]).group(1)
        assert entry["data"][field] == quoted, field


def test_climate_conditions_are_ordered():
    for sid, entry in _of_kind("climate").items():
        t = {k: parse_quantity(v, "temperature").to("degC").magnitude for k, v in entry["data"].items()
             if k not in ("station", "elevation")}
        assert t["extreme_max_db_n50"] >= t["extreme_max_db_n20"] > t["cooling_db_04"] > t["cooling_mcwb_04"], sid
        assert t["evaporation_wb_04"] >= t["cooling_mcwb_04"], sid
        assert t["extreme_min_db_n20"] < t["heating_db_996"] < 0, sid


# DOE 2016 three-phase liquid-immersed minimum efficiency at 50 % load (10 CFR 431.196(b)), as used in the
# transformer catalog's notes (recalled values; the extrapolated sizes above 2,500 kVA likewise).
DOE_2016 = {750: 99.40, 1000: 99.43, 1500: 99.48, 2000: 99.51, 2500: 99.53, 3000: 99.55, 3750: 99.57, 5000: 99.59}
K_55_85 = (234.5 + 55.0) / (234.5 + 85.0)   # copper resistance ratio, 55 degC DOE reference / 85 degC


@pytest.mark.parametrize("tid", sorted(_of_kind("transformer")))
def test_transformer_losses_match_impedance_and_efficiency(tid):
    d = _of_kind("transformer")[tid]["data"]
    s = _si(d["rating"], "apparent power")
    z = _si(d["z_percent"], "ratio")
    p0 = _si(d["no_load_loss"], "active power")
    pk = _si(d["load_loss"], "active power")
    # load loss is the resistive part of %Z at rated current (R = Z / sqrt(1 + (X/R)^2)), printed to 0.1 kW
    assert pk == pytest.approx(s * z / math.sqrt(1.0 + d["xr_ratio"] ** 2), abs=51.0)
    assert 0 < p0 < pk
    kva = round(s / 1e3)
    if kva in DOE_2016:
        eta50 = 0.5 * s / (0.5 * s + p0 + 0.25 * pk * K_55_85)
        assert 100 * eta50 == pytest.approx(DOE_2016[kva], abs=0.005)


# kW per TH/s (J/TH) as printed by each miner entry's secondary source (buybtc123.com, 517eshop.com.cn,
# hackernoon, btcminerguide.com, btcminermarketplace.com, top-crypto-mining-asics.com and open-source miner code)
J_PER_TH = {
    "antminer-s19-pro": 29.5, "antminer-s19j-pro": 29.5, "antminer-s19-xp": 21.5, "antminer-s21": 17.5,
    "antminer-s21-pro": 15.1, "antminer-s21-plus": 16.5, "antminer-s21-hyd": 16.0, "antminer-s21-plus-hyd": 15.0,
    "antminer-s21-xp-hyd": 12.0, "antminer-t21": 19.0, "whatsminer-m30s": 38.0, "whatsminer-m30s-plus-plus": 31.0,
    "whatsminer-m50s": 26.0, "whatsminer-m50s-plus-plus": 21.8, "whatsminer-m60s": 18.5, "whatsminer-m63s": 20.0,
    "whatsminer-m66s": 17.9,
}


@pytest.mark.parametrize("mid", sorted(J_PER_TH))
def test_miner_power_and_hashrate_match_the_published_efficiency(mid):
    d = _of_kind("miner")[mid]["data"]
    # efficiencies are printed to 3 significant figures; hash rates and powers are rounded
    assert _si(d["p_rated"], "active power") / d["hashrate_ths"] == pytest.approx(J_PER_TH[mid], rel=0.01)


def test_miner_airflow_scales_with_power_from_the_measured_s19_pro():
    # S19 Pro measured 370 cfm at 3,320 W (buybtc123.com "Evaluation of Antminer S19", secondary); others scaled
    # in proportion (the catalog's estimate), rounded to 1 cfm
    for mid, entry in _of_kind("miner").items():
        d = entry["data"]
        if "airflow" not in d or mid == "antminer-s19-pro":
            continue
        cfm = parse_quantity(d["airflow"], "volume flow").to("cfm").magnitude
        assert cfm == pytest.approx(370.0 * _si(d["p_rated"], "active power") / 3320.0, abs=0.51), mid
        assert d["cooling"] == "air"


def test_air_movers_airflow_is_heat_over_rho_cp_dt():
    # rho 1.18 kg/m3 (ideal gas p / (R T), dry air at 101.325 kPa and about 25 degC), cp 1006 J/kg/K (dry air); the
    # catalog's own computation; CRAHs at 12 K, rear doors at 15 K, rounded to 5 cfm
    for kind, dt in (("crah", 12.0), ("rear_door", 15.0)):
        for aid, entry in _of_kind(kind).items():
            d = entry["data"]
            flow = _si(d["capacity"], "active power") / (1.18 * 1006.0 * dt)
            assert _si(d["airflow"], "volume flow") == pytest.approx(flow, rel=2e-3), aid


def test_gb300_liquid_flow_within_the_domain_data_example():
    d = _of_kind("rack")["gb300-nvl72"]["data"]
    liquid_kw = _si(d["p_design"], "active power") / 1e3 * _si(d["liquid_fraction"], "ratio")
    flow_lpm = liquid_kw * parse_quantity(d["flow_per_kw"], "flow per power").to("L/min/kW").magnitude
    assert 121.5 <= liquid_kw <= 139.5          # computed: 90 % liquid (LP2357 as quoted) of 135-155 kW
    assert 158.0 <= flow_lpm <= 181.0           # 158-181 L/min at 1.3 L/min/kW
    assert _si(d["p_peak"], "active power") >= _si(d["p_design"], "active power")


def _curve_points(points):
    return [(_si(p["flow"], "volume flow"), _si(p["head"], "length")) for p in points]


@pytest.mark.parametrize("cid", sorted(_of_kind("cdu")))
def test_cdu_ratings_are_consistent(cid):
    d = _of_kind("cdu")[cid]["data"]
    capacity_kw = _si(d["capacity"], "active power") / 1e3
    tcs_lpm = parse_quantity(d["flow_tcs_rated"], "volume flow").to("L/min").magnitude
    fws_lpm = parse_quantity(d["flow_fws_rated"], "volume flow").to("L/min").magnitude
    assert 1.0 <= tcs_lpm / capacity_kw <= 1.6        # 1.3-1.5 L/min/kW rule; CoolIT CHx2000 quoted 2,125 L/min at 2,000 kW = 1.06
    assert 1.2 <= fws_lpm / capacity_kw <= 1.6        # ~10 K facility range (1.44 water, 1.50 PG25)
    assert 1 <= d["pumps_running"] <= d["pumps"]
    pts = _curve_points(d["pump_curve"])
    assert len(pts) >= 3 and pts[0][0] == 0.0
    assert all(q2 > q1 and h2 < h1 for (q1, h1), (q2, h2) in zip(pts, pts[1:]))
    # the running pumps together deliver the rated TCS flow on the curve
    per_pump = _si(d["flow_tcs_rated"], "volume flow") / d["pumps_running"]
    assert any(q == pytest.approx(per_pump, rel=1e-3) for q, _ in pts) or cid == "benmax-hcu2500"


@pytest.mark.parametrize("pid", sorted(_of_kind("pump")))
def test_pump_curves_fall_from_shut_off(pid):
    pts = _curve_points(_of_kind("pump")[pid]["data"]["curve"])
    assert pts[0][0] == 0.0 and len(pts) >= 3
    assert all(q2 > q1 and h2 < h1 for (q1, h1), (q2, h2) in zip(pts, pts[1:]))


def test_heat_rejection_rating_points():
    for hid, entry in _of_kind("heat_rejection").items():
        d = entry["data"]
        t_in = parse_quantity(d["t_fluid_in_rated"], "temperature").to("degC").magnitude
        t_out = parse_quantity(d["t_fluid_out_rated"], "temperature").to("degC").magnitude
        t_amb = parse_quantity(d["t_ambient_rated"], "temperature").to("degC").magnitude
        assert t_in - t_out >= 5.0 - 1e-9, hid          # range >= 5 K (Energies 2023)
        if d["kind"] in ("dry_cooler", "adiabatic_cooler"):
            assert t_out - t_amb == pytest.approx(10.0), hid     # median dry-cooler approach
            fan_share = _si(d["fan_power_rated"], "active power") / _si(d["capacity"], "active power")
            assert 0.01 <= fan_share <= 0.03, hid
        elif d["kind"] == "cooling_tower":
            assert t_out - t_amb == pytest.approx(6.5), hid      # median closed-circuit approach
        else:
            assert 2.8 <= d["cop_rated"] <= 3.5, hid
        if d["kind"] == "adiabatic_cooler":
            assert 0.0 < _si(d["pad_efficiency"], "ratio") < 1.0


@pytest.mark.parametrize("cid", ["pg30", "pg40", "pg50", "pg55", "pg60", "eg25"])
def test_computed_freezing_points_match_coolprop(cid):
    cp = pytest.importorskip("CoolProp.CoolProp")
    d = _of_kind("coolant")[cid]["data"]
    fluid = {"propylene_glycol": "MPG", "ethylene_glycol": "MEG"}[d["fluid"]]
    fraction = _si(d["fraction"], "ratio")
    t_freeze = cp.PropsSI("T_freeze", "T", 300.0, "P", 2e5, f"INCOMP::{fluid}[{fraction}]")
    # catalog values are printed to 0.1 K
    assert _si(d["freezing_point"], "temperature") == pytest.approx(t_freeze, abs=0.051)


def test_pg25_takes_the_higher_published_freezing_point():
    cp = pytest.importorskip("CoolProp.CoolProp")
    d = _of_kind("coolant")["pg25"]["data"]
    t_coolprop = cp.PropsSI("T_freeze", "T", 300.0, "P", 2e5, "INCOMP::MPG[0.25]")
    assert _si(d["freezing_point"], "temperature") == pytest.approx(273.15 - 8.9)   # Lange's 15th ed., Table 5.13, p. 5.85, 25 vol %
    assert _si(d["freezing_point"], "temperature") > t_coolprop                   # conservative side


def test_breaker_test_xr_follows_the_device_standard():
    # X/R = tan(acos(PF)) of the interrupting test: UL 489 / UL 248 PF 0.20, C37.13 PF 0.15, C37.04 45 ms
    expected = {"mccb": math.tan(math.acos(0.20)), "iccb": math.tan(math.acos(0.20)),
                "fuse": math.tan(math.acos(0.20)), "lvpcb": math.tan(math.acos(0.15)),
                "mv_breaker": 2 * math.pi * 60 * 0.045}
    for bid, entry in _of_kind("breaker").items():
        d = entry["data"]
        assert d["test_xr"] == pytest.approx(expected[d["kind"]], abs=0.051), bid   # printed to 0.1
