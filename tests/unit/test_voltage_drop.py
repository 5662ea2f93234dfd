"""Unit tests of cable impedance (NEC Chapter 9 Table 9) and the voltage-drop formulas."""
from __future__ import annotations

import doctest
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import retrofit.electrical.voltage_drop as voltage_drop_module
from retrofit.electrical.nec_tables import SIN_085, load_nec_tables
from retrofit.electrical.voltage_drop import (
    KFT_M,
    cable_impedance,
    cumulative_drop_percent,
    impedance_per_phase,
    voltage_drop_approx,
    voltage_drop_exact,
    voltage_drop_iec,
)
from retrofit.errors import CatalogEntryNotFound, OutOfRange, UnknownMethod
from retrofit.testing import tolerance

EXACT = tolerance("closed_form")


def test_docstring_examples_run():
    result = doctest.testmod(voltage_drop_module)
    assert result.attempted > 0 and result.failed == 0


# --- cable_impedance ----------------------------------------------------------------------------


def test_pvc_values_are_the_table_values():
    z = cable_impedance("250 kcmil", "aluminum", "pvc", KFT_M)
    assert z.r_ohm == EXACT.approx(0.085)
    assert z.x_ohm == EXACT.approx(0.041)


def test_steel_uses_its_own_reactance():
    z = cable_impedance("500 kcmil", "copper", "steel", KFT_M)
    assert z.x_ohm == EXACT.approx(0.048)
    assert z.r_ohm == EXACT.approx((0.050 - 0.048 * SIN_085) / 0.85)


_TABLE9 = load_nec_tables().impedance
_ALL_CABLES = [(s, m, c) for s in _TABLE9.sizes for m in ("copper", "aluminum") for c in ("pvc", "aluminum", "steel")]


@pytest.mark.parametrize("size, material, conduit", _ALL_CABLES)
def test_effective_z_at_085_reproduces_the_printed_column(size, material, conduit):
    """At pf 0.85 the Note 2 drop per 1000 ft and per ampere is the table's effective Z (exactly for the
    aluminum and steel conduits, to the printed 2 significant figures plus one unit for PVC)."""
    z = cable_impedance(size, material, conduit, KFT_M)
    vd = voltage_drop_approx(1.0, z.r_ohm, z.x_ohm, 0.85, phases=3, v_nominal_v=480.0)
    printed = _TABLE9.rows[size].z085[(material, conduit)]
    if conduit == "pvc":
        assert abs(vd.drop_conductor_v - printed) <= 10 ** (math.floor(math.log10(printed)) - 1) + 1e-12
    else:
        assert vd.drop_conductor_v == EXACT.approx(printed)
    assert z.r_ohm > 0


def test_parallel_sets_divide_the_impedance():
    one = cable_impedance("4/0", "cu", "pvc", 50.0)
    three = cable_impedance("4/0", "cu", "pvc", 50.0, parallel=3)
    assert three.r_ohm == EXACT.approx(one.r_ohm / 3)
    assert three.x_ohm == EXACT.approx(one.x_ohm / 3)


def test_sizes_outside_table_9_and_unknown_conduit():
    with pytest.raises(CatalogEntryNotFound) as info:
        cable_impedance("2 AWG", "copper", "pvc", 10.0)
    assert info.value.near
    with pytest.raises(UnknownMethod, match="pvc, aluminum, steel"):
        cable_impedance("4/0", "copper", "fiberglass", 10.0)
    with pytest.raises(OutOfRange):
        impedance_per_phase(1e-4, 1e-4, -1.0)
    with pytest.raises(OutOfRange):
        impedance_per_phase(1e-4, 1e-4, 1.0, parallel=0)


# --- formulas -----------------------------------------------------------------------------------


def test_single_phase_uses_the_loop():
    three = voltage_drop_approx(100.0, 0.01, 0.005, 0.9, phases=3, v_nominal_v=480.0)
    single = voltage_drop_approx(100.0, 0.01, 0.005, 0.9, phases=1, v_nominal_v=240.0)
    assert single.drop_conductor_v == EXACT.approx(three.drop_conductor_v)
    assert single.drop_v == EXACT.approx(2 * three.drop_conductor_v)
    assert three.drop_v == EXACT.approx(math.sqrt(3) * three.drop_conductor_v)
    with pytest.raises(OutOfRange):
        voltage_drop_approx(100.0, 0.01, 0.005, 0.9, phases=2, v_nominal_v=480.0)


def test_unity_power_factor_is_pure_resistance():
    vd = voltage_drop_approx(200.0, 0.02, 0.03, 1.0, v_nominal_v=400.0)
    assert vd.drop_conductor_v == EXACT.approx(4.0)


def test_leading_load_drops_less():
    lag = voltage_drop_approx(200.0, 0.01, 0.03, 0.8, v_nominal_v=480.0)
    lead = voltage_drop_approx(200.0, 0.01, 0.03, 0.8, v_nominal_v=480.0, lagging=False)
    assert lead.drop_v < lag.drop_v
    assert lead.drop_conductor_v == EXACT.approx(200.0 * (0.01 * 0.8 - 0.03 * 0.6))


@pytest.mark.parametrize("pf", [0.0, -0.5, 1.2, float("nan")])
def test_power_factor_range(pf):
    with pytest.raises(OutOfRange):
        voltage_drop_approx(100.0, 0.01, 0.01, pf, v_nominal_v=480.0)


def test_exact_refuses_an_impossible_current():
    with pytest.raises(OutOfRange, match="quadrature"):
        voltage_drop_exact(277.0, 10000.0, 0.0, 0.05, 1.0)


def test_iec_aluminum_and_single_phase():
    cu = voltage_drop_iec(100.0, 50.0, 95.0, 1.0, "copper", 0.08e-3, u0_v=230.0)
    al = voltage_drop_iec(100.0, 50.0, 95.0, 1.0, "aluminium", 0.08e-3, u0_v=230.0)
    assert cu.drop_v == EXACT.approx(0.0225 * 50.0 / 95.0 * 100.0)
    assert al.drop_v == EXACT.approx(0.036 * 50.0 / 95.0 * 100.0)
    single = voltage_drop_iec(100.0, 50.0, 95.0, 1.0, "copper", 0.08e-3, phases=1, u0_v=230.0)
    assert single.drop_v == EXACT.approx(2 * cu.drop_v)
    assert single.drop_percent == EXACT.approx(100 * single.drop_v / 230.0)


def test_cumulative_drop():
    assert cumulative_drop_percent([0.5, 1.5, 2.0]) == EXACT.approx(4.0)
    assert cumulative_drop_percent([]) == 0.0
    with pytest.raises(OutOfRange):
        cumulative_drop_percent([1.0, float("inf")])


# --- properties ---------------------------------------------------------------------------------

_cables = st.sampled_from(_ALL_CABLES)
_pf = st.floats(0.7, 1.0)


@settings(max_examples=100, deadline=None)
@given(cable=_cables, length_m=st.floats(1.0, 500.0), current_a=st.floats(1.0, 2000.0), pf=_pf,
       k=st.floats(0.1, 10.0), parallel=st.integers(1, 6))
def test_approx_drop_is_linear_in_length_and_current(cable, length_m, current_a, pf, k, parallel):
    size, material, conduit = cable
    base_z = cable_impedance(size, material, conduit, length_m, parallel)
    long_z = cable_impedance(size, material, conduit, k * length_m, parallel)
    base = voltage_drop_approx(current_a, *base_z, pf, v_nominal_v=480.0).drop_v
    longer = voltage_drop_approx(current_a, *long_z, pf, v_nominal_v=480.0).drop_v
    more_current = voltage_drop_approx(k * current_a, *base_z, pf, v_nominal_v=480.0).drop_v
    assert longer == pytest.approx(k * base, rel=1e-12)
    assert more_current == pytest.approx(k * base, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(length_m=st.floats(1.0, 300.0), current_a=st.floats(1.0, 800.0), area_mm2=st.sampled_from([35, 70, 150, 240]),
       cos_phi=_pf, k=st.floats(0.1, 10.0), material=st.sampled_from(["copper", "aluminum"]))
def test_iec_drop_is_linear_in_length_and_current(length_m, current_a, area_mm2, cos_phi, k, material):
    def u(i, length):
        return voltage_drop_iec(i, length, area_mm2, cos_phi, material, 0.08e-3, u0_v=230.0).drop_v

    assert u(current_a, k * length_m) == pytest.approx(k * u(current_a, length_m), rel=1e-12)
    assert u(k * current_a, length_m) == pytest.approx(k * u(current_a, length_m), rel=1e-12)


@settings(max_examples=300, deadline=None)
@given(cable=_cables, length_m=st.floats(1.0, 400.0), current_a=st.floats(10.0, 3000.0), pf=_pf,
       parallel=st.integers(1, 8), v_ll=st.sampled_from([208.0, 400.0, 415.0, 480.0, 600.0]))
def test_approx_and_exact_agree_for_drops_under_5_percent(cable, length_m, current_a, pf, parallel, v_ll):
    """For Table 9 cables, pf 0.7-1.0 lagging and drops under 5 %, the Note 2 approximation and the exact
    phasor drop differ by less than 1 % of the voltage, the exact drop is never the smaller, and the
    difference is the quadrature term Es - sqrt(Es^2 - b^2), between b^2/(2 Es) and b^2/Es."""
    z = cable_impedance(*cable, length_m, parallel)
    es = v_ll / math.sqrt(3.0)
    approx = voltage_drop_approx(current_a, *z, pf, v_nominal_v=v_ll)
    try:
        exact = voltage_drop_exact(es, current_a, *z, pf)
    except OutOfRange:  # a current this cable cannot carry at this voltage (no phasor solution)
        assume(False)
    assume(exact.drop_percent < 5.0)
    assert abs(exact.drop_percent - approx.drop_percent) < 1.0
    difference = exact.drop_v - approx.drop_conductor_v
    b = current_a * (z.x_ohm * pf - z.r_ohm * math.sqrt(1 - pf * pf))
    assert difference >= b * b / (2 * es) * (1 - 1e-9) - 1e-12
    assert difference <= b * b / es * (1 + 1e-9) + 1e-12
