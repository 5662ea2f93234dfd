"""Unit tests of the design-level cooling analysis (retrofit.cooling.analysis) on the pilot hall and small
variations of it: conservation of energy and mass, rack flow against the racks' requirement, CDU loading,
N+1, the effect of the ambient, failing plants that must give a diagnosis rather than raise, freeze
margin, residual air, and the equality of the fast path (``reuse=True``) with a solve from scratch.
"""
from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import retrofit
from retrofit.cooling import analysis as an
from retrofit.cooling.air import CFM_M3_S
from retrofit.cooling.coolant import coolant
from retrofit.cooling.hydraulics import solve_network
from retrofit.cooling.loops import facility_network, rack_duties, tcs_network
from retrofit.io.results import results_json
from retrofit.testing import tolerance

PILOT = Path(__file__).resolve().parents[2] / "examples" / "pilot-hall" / "design.yaml"
BASE = yaml.safe_load(PILOT.read_text())
C0 = 273.15
ROUNDING_KW = 0.01  # the JSON rounds heats to 1 W and pump powers to 0.1 W: 12 + 5 terms stay below 10 W
IDEAL_GAS = tolerance("ashrae_ideal_gas")

# GB300 NVL72 catalog figures (catalogs/racks.yaml), in its own units
P_DESIGN_KW, LIQUID_FRACTION, FLOW_PER_KW_LPM = 142.0, 0.90, 1.3


def variant(edit=None) -> dict:
    """The pilot design, edited by ``edit(data)`` (a function changing the YAML data in place)."""
    data = copy.deepcopy(BASE)
    if edit is not None:
        edit(data)
    return data


def design_of(data: dict):
    return retrofit.load_text(yaml.safe_dump(data, sort_keys=False), "pilot-variant.yaml")


def analyze(data: dict, **options) -> dict:
    return an.analyze_cooling(design_of(data), **options)


def find(items: list, item_id: str) -> dict:
    return next(x for x in items if x["id"] == item_id)


@pytest.fixture(scope="module")
def pilot() -> dict:
    return analyze(variant())


# --- conservation -----------------------------------------------------------------------------------

def test_energy_is_conserved_through_the_plant(pilot):
    """Rack liquid heat + CDU pump heat + facility pump work + room heat = heat rejected, at every ambient."""
    liquid = sum(r["liquid_heat_kw"] for r in pilot["racks"].values())
    assert liquid == pytest.approx(12 * P_DESIGN_KW * LIQUID_FRACTION, abs=1e-9)
    cdu_pumps = sum(p["electric_kw"] for p in pilot["loops"]["tcs-1"]["pumps"].values())  # all into the TCS water
    fac_pumps = sum(p["shaft_kw"] for p in pilot["loops"]["fw-1"]["pumps"].values())  # motor losses go to air
    room = pilot["air"]["hall-1"]["removed_in_room_kw"]  # CRAH heat into the facility water
    assert room == pytest.approx(12 * P_DESIGN_KW * (1 - LIQUID_FRACTION), abs=1e-9)
    for basis, plant in pilot["plants"]["fw-1"].items():
        assert plant["converged"] and plant["setpoint_held"], basis
        assert plant["heat_load_kw"] == pytest.approx(liquid + cdu_pumps + fac_pumps + room, abs=ROUNDING_KW)
        assert plant["heat_rejected_kw"] == pytest.approx(plant["heat_load_kw"], abs=1e-3)
        assert plant["shortfall_kw"] == 0.0
    # the CDUs pass the rack heat and their own pump heat to the facility water
    cdu_heat = sum(c["heat_kw"] for c in pilot["cdus"].values())
    assert cdu_heat == pytest.approx(liquid + cdu_pumps, abs=ROUNDING_KW)
    # the cooler banks (one on each mechanical panel) together reject the plant's heat
    rejected = sum(h["heat_kw"] for h in pilot["heat_rejection"].values())
    assert rejected == pytest.approx(pilot["plants"]["fw-1"][pilot["design_basis"]]["heat_rejected_kw"],
                                     abs=1e-3 * len(pilot["heat_rejection"]))


def test_each_cdu_balances_both_sides(pilot):
    """Q = rho Q cp dT on the TCS side and on the facility side of every CDU."""
    tcs, fws = pilot["loops"]["tcs-1"], pilot["loops"]["fw-1"]
    cp_tcs = float(coolant(tcs["coolant"]).specific_heat(tcs["t_fluid_c"] + C0))
    cp_fws = float(coolant(fws["coolant"]).specific_heat(fws["t_fluid_c"] + C0))
    supply = pilot["plants"]["fw-1"][pilot["design_basis"]]["t_facility_supply_c"]
    for cdu_id, c in pilot["cdus"].items():
        q_tcs = tcs["density_kg_m3"] * c["flow_tcs_lpm"] / 6e4 * cp_tcs * (c["t_tcs_return_c"] - c["t_tcs_supply_c"])
        q_fws = fws["density_kg_m3"] * c["flow_facility_lpm"] / 6e4 * cp_fws * (c["t_facility_return_c"] - supply)
        assert q_tcs / 1e3 == pytest.approx(c["heat_kw"], rel=2e-4), cdu_id
        assert q_fws / 1e3 == pytest.approx(c["heat_kw"], rel=2e-4), cdu_id
        assert c["approach_k"] == pytest.approx(c["t_tcs_supply_c"] - supply, abs=2e-3), cdu_id


def _node_imbalance(network, flows: dict) -> np.ndarray:
    """Inflow - outflow - demand at every junction [m3/s], with the flows of ``flows`` (by link id)."""
    q = np.array([flows[link_id] for link_id in network.link_ids])
    balance = np.zeros(network.node_count)
    np.add.at(balance, network.end_node, q)
    np.add.at(balance, network.start_node, -q)
    balance -= network.demand
    return balance[np.isnan(network.fixed_head)]


def test_mass_is_conserved_at_every_node_of_each_loop():
    design = design_of(variant())
    case = an.prepare_cooling(design)
    hydraulics = an.solve_hydraulics(case)["fw-1"]
    loops = {loop.id: loop for loop in design.cooling.loops}
    fac, tcs = hydraulics.result, hydraulics.state.loops["tcs-1"].result
    ff, tf = case.fluids["fw-1"], case.fluids["tcs-1"]
    fac_net = facility_network(design, loops["fw-1"], ff.density, ff.cp)
    tcs_net = tcs_network(loops["tcs-1"], design.cooling.cdus, rack_duties(design)["tcs-1"], tf.density)
    for network, result in ((fac_net, fac), (tcs_net, tcs)):
        flows = dict(zip(result.link_ids, result.flow))
        scale = np.max(np.abs(result.flow))
        assert np.max(np.abs(_node_imbalance(network, flows))) <= 1e-9 * scale
    # and with a CDU isolated for N+1: its pumps and exchanger carry nothing. The solver models the closed
    # pump as a very small conductance and reports it at zero flow; the exchanger in series with it shows the
    # leak, under the solver's 1e-7 m3/s threshold of "no flow" (6e-3 L/min)
    out_net = tcs_network(loops["tcs-1"], design.cooling.cdus, rack_duties(design)["tcs-1"], tf.density,
                          cdu_out="cdu-1")
    out = solve_network(out_net, tf.density, tf.viscosity)
    assert out.converged
    assert np.max(np.abs(_node_imbalance(out_net, dict(zip(out.link_ids, out.flow))))) <= 1e-7
    assert out.link_flow("cdu-1.hx_tcs") == pytest.approx(0.0, abs=1e-7)


def test_loop_flows_add_up_in_the_results(pilot):
    racks = sum(r["flow_lpm"] for r in pilot["racks"].values())
    cdus_tcs = sum(c["flow_tcs_lpm"] for c in pilot["cdus"].values())
    assert racks == pytest.approx(cdus_tcs, abs=0.01 * 12)
    pumps_tcs = sum(p["flow_lpm"] for p in pilot["loops"]["tcs-1"]["pumps"].values())
    assert pumps_tcs == pytest.approx(cdus_tcs, abs=0.02)
    cdus_fws = sum(c["flow_facility_lpm"] for c in pilot["cdus"].values())
    pumps_fws = sum(p["flow_lpm"] for p in pilot["loops"]["fw-1"]["pumps"].values())  # one pump set per panel
    assert cdus_fws == pytest.approx(pumps_fws, abs=0.02)


# --- racks and CDUs ---------------------------------------------------------------------------------

def test_rack_flow_against_the_required_flow(pilot):
    required_lpm = FLOW_PER_KW_LPM * P_DESIGN_KW * LIQUID_FRACTION  # 1.3 L/min/kW x 127.8 kW
    order = [f"row-{row}.{i:02d}" for row in (1, 2) for i in range(1, 7)]  # along the direct-return header
    flows = [pilot["racks"][r]["flow_lpm"] for r in order]
    for rack_id in order:
        r = pilot["racks"][rack_id]
        assert r["flow_required_lpm"] == pytest.approx(required_lpm, abs=5e-3)
        assert r["flow_ratio"] == pytest.approx(r["flow_lpm"] / r["flow_required_lpm"], abs=1e-4)
        assert r["flow_ok"] is (r["flow_lpm"] >= r["flow_required_lpm"])
    # direct return: the racks farther along the header see less pressure difference and less flow
    assert all(a >= b for a, b in zip(flows, flows[1:])) and flows[0] > flows[-1]

    def stiff(data):  # racks with 400 kPa at their required flow: more than the CDU pumps can push it through
        for group in data["loads"]["racks"]:
            group["dp_rated"] = "400 kPa"
    short = analyze(variant(stiff))
    for rack_id in order:
        r = short["racks"][rack_id]
        assert r["flow_required_lpm"] == pytest.approx(required_lpm, abs=5e-3)
        assert r["flow_ok"] is False and r["flow_ratio"] < 0.9
    assert short["redundancy"]["fw-1"]["n_plus_1_ok"] is False


def test_cdu_loading_is_heat_over_capacity(pilot):
    for cdu_id, c in pilot["cdus"].items():
        assert c["capacity_kw"] == 2000.0
        assert c["loading_percent"] == pytest.approx(100 * c["heat_kw"] / c["capacity_kw"], abs=1e-3), cdu_id


def test_a_cdu_out_raises_the_load_of_the_others(pilot):
    red = pilot["redundancy"]["fw-1"]
    for out_id, other in (("cdu-1", "cdu-2"), ("cdu-2", "cdu-1")):
        case = red["cdu_out"][out_id]
        normal = pilot["cdus"][other]["loading_percent"]
        # the other CDU takes all the rack heat plus its own pump's (about 13 kW at the higher flow)
        assert case["cdu_loading_percent"][other] > 1.9 * normal
        liquid = sum(r["liquid_heat_kw"] for r in pilot["racks"].values())
        pump_heat_kw = case["cdu_loading_percent"][other] / 100 * 2000 - liquid
        assert 10.0 < pump_heat_kw < 20.0
        assert case["min_flow_ratio"] < min(r["flow_ratio"] for r in pilot["racks"].values())
        assert case["ok"] and "held at its setpoint" in case["diagnosis"]

    def three_cdus(data):  # a third, smaller CDU on the same TCS loop
        third = copy.deepcopy(find(data["cooling"]["cdus"], "cdu-2"))
        third.update({"id": "cdu-3", "capacity": "1500 kW", "approach": "4 K"})
        data["cooling"]["cdus"].append(third)
    three = analyze(variant(three_cdus))
    shared = three["redundancy"]["fw-1"]["cdu_out"]["cdu-1"]["cdu_loading_percent"]
    assert set(shared) == {"cdu-2", "cdu-3"}
    for other in shared:
        assert shared[other] > three["cdus"][other]["loading_percent"]


def test_an_undersized_cdu_fails_n_plus_1_with_a_diagnosis():
    def small_cdus(data):
        for cdu in data["cooling"]["cdus"]:
            cdu.update({"capacity": "400 kW", "approach": "5 K"})
    r = analyze(variant(small_cdus))
    case = r["redundancy"]["fw-1"]["cdu_out"]["cdu-1"]
    assert case["ok"] is False and case["worst_t_supply_c"] > 45.0
    assert "cannot hold their TCS supply setpoint" in case["diagnosis"]
    assert r["redundancy"]["fw-1"]["n_plus_1_ok"] is False


# --- ambient ---------------------------------------------------------------------------------------------

def _at_ambient(t_extreme_c: float) -> dict:
    """The pilot with dry coolers (no pads: the dry bulb governs) at an extreme dry bulb [degC]."""
    def edit(data):
        data["site"]["climate"] = {"cooling_db_04": f"{t_extreme_c - 6} degC",
                                   "cooling_mcwb_04": f"{min(t_extreme_c - 6, 17)} degC",
                                   "extreme_max_db_n20": f"{t_extreme_c} degC", "extreme_min_db_n20": "-27 degC"}
        for unit in data["cooling"]["heat_rejection"]:  # every cooler bank
            unit["kind"] = "dry_cooler"
            unit.pop("pad_efficiency")
    return analyze(variant(edit))


@settings(max_examples=6, deadline=None)
@given(st.floats(10.0, 54.0), st.floats(0.5, 12.0))
def test_a_hotter_ambient_never_lowers_the_tcs_supply(t_cool, warmer):
    cool, hot = _at_ambient(round(t_cool, 1)), _at_ambient(round(min(t_cool + warmer, 55.0), 1))
    basis = cool["design_basis"]
    assert hot["plants"]["fw-1"][basis]["t_facility_supply_c"] >= cool["plants"]["fw-1"][basis]["t_facility_supply_c"]
    for rack_id, r in cool["racks"].items():
        assert hot["racks"][rack_id]["t_supply_c"] >= r["t_supply_c"], rack_id
    for cdu_id, c in cool["cdus"].items():
        assert hot["cdus"][cdu_id]["t_tcs_supply_c"] >= c["t_tcs_supply_c"], cdu_id


def test_the_sweep_reaches_both_regimes():
    mild, hot = _at_ambient(20.0), _at_ambient(54.0)
    assert mild["plants"]["fw-1"]["extreme_max_db_n20"]["setpoint_held"]
    assert mild["racks"]["row-1.01"]["t_supply_c"] == 40.0
    assert not hot["plants"]["fw-1"]["extreme_max_db_n20"]["setpoint_held"]
    assert hot["racks"]["row-1.01"]["t_supply_c"] > 45.0 and hot["racks"]["row-1.01"]["t_supply_ok"] is False


def test_the_extreme_wet_bulb_keeps_the_humidity_of_the_04_percent_day(pilot):
    from retrofit.cooling import psychrometrics as psy
    a = pilot["ambients"]
    p = psy.barometric_pressure(356.0)
    day = a["cooling_db_04"]
    w04 = psy.humidity_ratio_from_wet_bulb(day["t_dry_bulb_c"] + C0, day["t_wet_bulb_c"] + C0, p)
    ext = a["extreme_max_db_n20"]
    w_ext = psy.humidity_ratio_from_wet_bulb(ext["t_dry_bulb_c"] + C0, ext["t_wet_bulb_c"] + C0, p)
    assert float(w_ext) == pytest.approx(float(w04), rel=1e-3)  # wet bulb printed to 1 mK
    assert pilot["design_basis"] == "extreme_max_db_n20"


# --- failing plants give a diagnosis -----------------------------------------------------------------------

def test_a_too_small_heat_rejection_plant_reports_its_shortfall():
    r = analyze(variant(_tiny_plant))
    for basis, plant in r["plants"]["fw-1"].items():
        assert plant["converged"] is False, basis
        assert plant["shortfall_kw"] > 0 and "shortfall" in plant["diagnosis"]
        assert plant["shortfall_kw"] == pytest.approx(plant["heat_load_kw"] - plant["heat_rejected_kw"], abs=2e-3)
        assert plant["t_facility_supply_c"] == 80.0  # the bound of the float search
    assert all(not rack["t_supply_ok"] for rack in r["racks"].values())
    assert r["redundancy"]["fw-1"]["n_plus_1_ok"] is False


def test_a_facility_loop_without_pumps_gets_a_diagnosis():
    # the loader refuses such a design (tests/cli/test_fuzz.py); the analysis still diagnoses it, as an invariant
    d = design_of(variant())
    d.cooling.pumps = []
    r = an.analyze_cooling(d)
    plant = r["plants"]["fw-1"]
    assert plant["converged"] is False and "fw-1 has no pumps" in plant["diagnosis"]
    assert r["loops"]["fw-1"]["converged"] is False
    assert r["loops"]["tcs-1"]["converged"]  # the TCS side still runs
    assert len(r["racks"]) == 12
    for rack in r["racks"].values():
        assert rack["t_supply_c"] is None and rack["t_supply_ok"] is False and rack["flow_ok"]
    assert r["redundancy"]["fw-1"]["n_plus_1_ok"] is False and "no pumps" in r["redundancy"]["fw-1"]["diagnosis"]
    assert r["electric_power_w"]["cdu-1"] > 1.5e3  # its pumps still run: more than the controls


def test_racks_on_a_loop_no_cdu_serves_get_a_diagnosis():
    def orphan(data):
        tcs = copy.deepcopy(find(data["cooling"]["loops"], "tcs-1"))
        tcs["id"] = "tcs-2"
        data["cooling"]["loops"].insert(1, tcs)
        row = copy.deepcopy(find(data["loads"]["racks"], "row-2"))
        row.update({"id": "row-3", "count": 2, "tcs_loop": "tcs-2"})
        data["loads"]["racks"].append(row)
    r = analyze(variant(orphan))
    assert r["loops"]["tcs-2"]["converged"] is False
    assert "no CDU serves TCS loop tcs-2" in r["loops"]["tcs-2"]["diagnosis"]
    for rack_id in ("row-3.01", "row-3.02"):
        rack = r["racks"][rack_id]
        assert rack["flow_lpm"] == 0.0 and rack["flow_ok"] is False and rack["t_supply_ok"] is False


# --- freeze margin ---------------------------------------------------------------------------------------

def test_freeze_margin_verdicts(pilot):
    fw = pilot["freeze"]["fw-1"]
    assert fw["exposed_outdoors"] and fw["extreme_min_c"] == -30.7    # Moses Lake n20, ASHRAE 2013
    assert fw["margin_k"] == pytest.approx(fw["extreme_min_c"] - fw["freezing_point_c"], abs=1e-3)
    assert fw["margin_required_k"] == 5.0 and fw["ok"] is True  # PG55 freezes at -40.2 degC: 9.5 K
    assert pilot["freeze"]["tcs-1"]["ok"] is None and not pilot["freeze"]["tcs-1"]["exposed_outdoors"]
    pg50 = analyze(variant(lambda d: find(d["cooling"]["loops"], "fw-1").update({"coolant": "PG50"})))
    assert pg50["freeze"]["fw-1"]["ok"] is False and pg50["freeze"]["fw-1"]["margin_k"] == pytest.approx(1.49, abs=0.01)
    weaker = analyze(variant(lambda d: find(d["cooling"]["loops"], "fw-1").update({"coolant": "PG40"})))
    assert weaker["freeze"]["fw-1"]["ok"] is False and weaker["freeze"]["fw-1"]["margin_k"] < 0
    stricter = analyze(variant(lambda d: d["goal"].update({"criteria": {"freeze_margin": "10 K"}})))
    assert stricter["freeze"]["fw-1"]["ok"] is False and stricter["freeze"]["fw-1"]["margin_k"] == fw["margin_k"]


# --- residual air ----------------------------------------------------------------------------------------

def _moist_air_density(t_k, w, p):
    """Ideal-gas moist air density [kg/m3] (ASHRAE Fundamentals 2017 ch. 1, Eq. 28 with v of Eq. 26)."""
    return p * (1 + w) / (287.042 * t_k * (1 + 1.607858 * w))


def test_residual_air_against_the_exhaust_fans(pilot):
    from retrofit.cooling import psychrometrics as psy
    air = pilot["air"]["hall-1"]
    assert air["heat_to_exhaust_kw"] == 0.0 and air["adequate"]  # two 150 kW CRAHs take the 170 kW
    assert air["t_inlet_c"] == pytest.approx(30.0 + 3.0)  # CRAH supply: facility water + coil approach

    no_crahs = analyze(variant(lambda d: d["cooling"].pop("crahs")))["air"]["hall-1"]
    heat_w = 12 * P_DESIGN_KW * (1 - LIQUID_FRACTION) * 1e3
    assert no_crahs["heat_to_exhaust_kw"] == pytest.approx(heat_w / 1e3)
    amb = pilot["ambients"]["extreme_max_db_n20"]
    p = psy.barometric_pressure(356.0)
    w = float(psy.humidity_ratio_from_wet_bulb(amb["t_dry_bulb_c"] + C0, amb["t_wet_bulb_c"] + C0, p))
    rho = _moist_air_density(amb["t_dry_bulb_c"] + 15.0 + C0, w, p)  # at the exhaust, 15 K above the inlet
    cp = 1006.0 + 1860.0 * w
    assert no_crahs["airflow_required_m3_s"] == IDEAL_GAS.approx(heat_w / (rho * cp * 15.0))
    assert no_crahs["airflow_available_m3_s"] == pytest.approx(8 * 25000 * CFM_M3_S, abs=1e-3)
    assert no_crahs["adequate"] and no_crahs["outside_air_inlet"]
    assert no_crahs["inlet_ok"] is False  # outdoor air at 43 degC is above the 35 degC inlet limit

    def one_small_fan(data):
        data["cooling"].pop("crahs")
        find(data["cooling"]["exhaust_fans"], "ef").update({"count": 1, "airflow": "10000 cfm"})
    short = analyze(variant(one_small_fan))["air"]["hall-1"]
    assert short["adequate"] is False and short["margin_kw"] < 0 and short["utilisation"] > 1
    assert short["airflow_required_m3_s"] == pytest.approx(no_crahs["airflow_required_m3_s"])


def test_exhaust_above_the_air_relations_range_scales_by_the_ideal_gas_law():
    def hot_site(t_extreme_c):
        def edit(data):
            data["cooling"].pop("crahs")
            data["site"]["climate"] = {"cooling_db_04": "40 degC", "cooling_mcwb_04": "20 degC",
                                       "extreme_max_db_n20": f"{t_extreme_c} degC", "extreme_min_db_n20": "-5 degC"}
        return analyze(variant(edit))["air"]["hall-1"]
    at_limit, above = hot_site(45.0), hot_site(50.0)  # exhaust at 60 degC (the top of the range) and 65 degC
    assert "note" not in at_limit and "ideal-gas" in above["note"]
    ratio = above["airflow_required_m3_s"] / at_limit["airflow_required_m3_s"]
    assert ratio == pytest.approx((65.0 + C0) / (60.0 + C0), rel=2e-4)  # same humidity ratio, same cp


# --- the fast path gives the results of a solve from scratch ------------------------------------------

def _two_tcs_loops(data):
    """A second TCS loop identical to the first, with its own two CDUs and twelve racks."""
    loops, cdus, racks = data["cooling"]["loops"], data["cooling"]["cdus"], data["loads"]["racks"]
    tcs = copy.deepcopy(find(loops, "tcs-1"))
    tcs["id"] = "tcs-2"
    loops.insert(1, tcs)
    for k in (1, 2):
        cdu = copy.deepcopy(find(cdus, f"cdu-{k}"))
        cdu.update({"id": f"cdu-{k + 2}", "tcs_loop": "tcs-2"})
        cdus.append(cdu)
        row = copy.deepcopy(find(racks, f"row-{k}"))
        row.update({"id": f"row-{k + 2}", "tcs_loop": "tcs-2"})
        racks.append(row)
    for unit in data["cooling"]["heat_rejection"]:  # twice the coolers in every bank for twice the heat
        unit["count"] *= 2


def _tiny_plant(data):
    """One 100 kW cooler in every bank."""
    for unit in data["cooling"]["heat_rejection"]:
        unit.update({"count": 1, "capacity": "100 kW"})


def _standby_pump(data):
    # the pilot runs every facility pump (one on each panel); this variant adds a standby to one of them
    find(data["cooling"]["pumps"], "fwp")["count"] = 2


@pytest.mark.parametrize("edit", [None, _two_tcs_loops, _tiny_plant, _standby_pump],
                         ids=["pilot", "two-tcs-loops", "tiny-plant", "standby-pump"])
def test_reuse_gives_the_results_of_a_solve_from_scratch(edit):
    design = design_of(variant(edit))
    assert results_json(an.analyze_cooling(design)) == results_json(an.analyze_cooling(design, reuse=False))


def test_identical_tcs_loops_keep_their_own_names():
    r = analyze(variant(_two_tcs_loops))
    one, two = r["loops"]["tcs-1"], r["loops"]["tcs-2"]
    assert set(two["pumps"]) == {"cdu-3.pumps", "cdu-4.pumps"}
    assert all(k.startswith(("tcs-2.", "row-3.", "row-4.")) for k in two["pipes"])
    assert two["max_velocity_pipe"].startswith(("tcs-2.", "row-3.", "row-4."))
    assert [p["flow_lpm"] for p in two["pumps"].values()] == [p["flow_lpm"] for p in one["pumps"].values()]
    assert r["racks"]["row-3.01"]["flow_lpm"] == r["racks"]["row-1.01"]["flow_lpm"]
    assert set(r["redundancy"]["fw-1"]["cdu_out"]["cdu-3"]["cdu_loading_percent"]) == {"cdu-4"}


def test_cdu_n_plus_1_fails_when_the_survivor_runs_beyond_its_rating():
    """Two 900 kW CDUs share 1.53 MW: each is within its rating (85 %), but with one out the other
    would carry 170 % of it. Holding the temperatures by overrunning a CDU is not N+1."""
    from pathlib import Path

    import retrofit
    from retrofit.cooling.analysis import analyze_cooling

    text = Path("examples/pilot-hall/design.yaml").read_text().replace("capacity: 2000 kW", "capacity: 900 kW")
    result = analyze_cooling(retrofit.load_text(text, "design.yaml"))
    assert all(c["loading_percent"] < 100 for c in result["cdus"].values())
    red = result["redundancy"]["fw-1"]
    out = red["cdu_out"]["cdu-1"]
    assert out["cdu_loading_percent"]["cdu-2"] > 100
    assert not out["ok"] and "cdu-2 carries" in out["diagnosis"]
    assert not red["n_plus_1_ok"]
