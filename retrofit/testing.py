"""The one table of validation tolerances.

Every validation test takes its tolerance from here, so ``docs/validation.md`` can show each reference
case beside the tolerance it is held to and why. A tolerance is relative (``rel``) or absolute
(``abs`` in ``unit``).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerance:
    """How close a result must come to its reference, and why."""

    rel: float | None = None
    abs: float | None = None
    unit: str = ""
    why: str = ""

    def approx(self, expected):
        """A ``pytest.approx`` for ``expected`` with this tolerance."""
        import pytest

        return pytest.approx(expected, rel=self.rel, abs=self.abs)


TOLERANCES: dict[str, Tolerance] = {
    # --- printed values: half a unit of the last printed digit ---------------------------------
    "printed_3sf": Tolerance(rel=5e-3, why="half a unit of the last digit of a value printed to 3 significant figures, at most"),
    "printed_4sf": Tolerance(rel=5e-4, why="half a unit of the last digit of a value printed to 4 significant figures, at most"),
    "printed_0dp": Tolerance(abs=0.5, unit="printed unit", why="value printed to a whole unit (e.g. amperes): half a unit"),
    "printed_1dp": Tolerance(abs=5e-2, unit="printed unit", why="value printed to 1 decimal in its printed unit: half a unit of the 1st"),
    "printed_2dp": Tolerance(abs=5e-3, unit="printed unit", why="value printed to 2 decimals in its printed unit: half a unit of the 2nd"),
    "printed_3dp": Tolerance(abs=5e-4, unit="printed unit", why="value printed to 3 decimals in its printed unit: half a unit of the 3rd"),
    "printed_4dp": Tolerance(abs=5e-5, unit="printed unit", why="value printed to 4 decimals in its printed unit: half a unit of the 4th"),
    "printed_5dp": Tolerance(abs=5e-6, unit="printed unit", why="value printed to 5 decimals in its printed unit: half a unit of the 5th"),
    "printed_6dp": Tolerance(abs=5e-7, unit="printed unit", why="value printed to 6 decimals in its printed unit: half a unit of the 6th"),
    "chart_read": Tolerance(rel=3e-2, why="value read from a Moody or epsilon-NTU chart"),
    # --- equations evaluated twice (consistency checks and peers of the same equation) ---------
    "closed_form": Tolerance(rel=1e-9, why="closed-form value recomputed from the same inputs: floating point only"),
    "iterative_exact": Tolerance(rel=1e-10, why="exact value of an iterative equation solved to 1e-15"),
    # --- electrical -----------------------------------------------------------------------------
    "iec60909_4_impedance_mohm": Tolerance(abs=1.5e-3, unit="mOhm",
                                           why="IEC TR 60909-4 prints impedances to 3 decimals in mOhm"),
    "iec60909_4_current_ka": Tolerance(rel=2e-3, why="consistency check: I\"k reduced from impedances printed to "
                                       "3 decimals in mOhm (1.5e-3 of the smallest, 0.5 mOhm, moves I\"k by <0.2 %)"),
    "iec60909_4_printed_4dp_ka": Tolerance(abs=5e-5, unit="kA", why="IEC TR 60909-4 Section 6 prints I\"k to 4 decimals in kA"),
    "pandapower_sc_ka": Tolerance(abs=1e-3, unit="kA", why="pandapower's test asserts 6 decimals in kA; 1e-3 kA leaves room for its float ops"),
    "wscc9_vm_pu": Tolerance(abs=5e-4, unit="pu", why="Anderson & Fouad, Fig. 2.18, print 3 decimals of pu"),
    "wscc9_angle_deg": Tolerance(abs=5e-2, unit="deg", why="Anderson & Fouad, Fig. 2.18, print 0.1 degree"),
    "wscc9_power_mw": Tolerance(abs=5e-2, unit="MW", why="Anderson & Fouad, Fig. 2.18, print 0.1 MW and 0.1 Mvar"),
    "peer_vm_pu": Tolerance(abs=1e-4, unit="pu", why="pandapower solves the same equations; 1e-4 pu is the project's acceptance limit for a peer difference"),
    "peer_angle_deg": Tolerance(abs=5.7e-3, unit="deg", why="the 1e-4 pu of peer_vm_pu as a phase angle (1e-4 rad)"),
    "peer_power_mw": Tolerance(abs=1e-2, unit="MW", why="the 1e-4 pu of peer_vm_pu on a 100 MVA base"),
    "peer_ik_rel": Tolerance(rel=5e-3, why="pandapower implements the same IEC 60909-0 equations; 0.5 % is the project's acceptance limit for a peer difference"),
    "peer_steady_state_k": Tolerance(abs=1e-9, unit="K", why="transformer-thermal-model integrates the same IEC 60076-7 "
                                     "equations with exact exponential steps; after 2,000 h at constant input its start-up "
                                     "transient is below floating point, so only rounding remains"),
    "capability_root_k": Tolerance(abs=1e-7, unit="K", why="ambient_load_capability stops Brent's method at 1e-10 in K; "
                                   "the hot spot rises by less than 1,000 K per unit of K up to K = 4, so the hot spot at the "
                                   "returned K lies within 1e-7 K of the limit"),
    "iec60076_7_example_k": Tolerance(abs=0.16, unit="K", why="IEC 60076-7's load-cycle example prints temperatures to "
                                      "0.1 K (0.05 K), its ambient 25.6 degC to 0.1 K (every temperature follows it one to one: "
                                      "0.05 K) and its rated top-oil rise 38.3 K to 0.1 K (0.05 K of 38.3 K scales the largest "
                                      "top-oil rise of the rows checked, 42.3 K, by 0.06 K)"),
    "time_to_limit_k": Tolerance(abs=1e-3, unit="K", why="time_to_hot_spot stops Brent's method at 1e-3 s; the hot spot moves "
                                 "by under 1 K/s after a load step (its fastest time constant, k22 tau_w = 8 min, over a "
                                 "gradient change under 400 K), so at the returned time it is within 1e-3 K of the limit"),
    "formula_vd": Tolerance(rel=1e-4, why="consistency check: value written to 5 significant figures"),
    "nec_ampacity_a": Tolerance(abs=0.01, unit="A", why="consistency check: product of table entries written to 0.01 A"),
    "ieee1584_printed_3dp": Tolerance(abs=5e-4, unit="kA, J/cm2, in or -", why="IEEE 1584-2018 Annex D prints currents, energies, sizes and factors to 3 decimals"),
    "ieee1584_printed_mm": Tolerance(abs=0.5, unit="mm", why="IEEE 1584-2018 Annex D prints arc-flash boundaries to 1 mm"),
    "bussmann_isca_transformer": Tolerance(rel=7e-4, why="Bussmann prints I_SCA = 833 x 55.55 = 46,273 A: the full-load "
                                           "current rounded to the ampere (0.5/833 = 6.0e-4) and the multiplier 100/1.8 "
                                           "cut to 55.55 (1.0e-4)"),
    "bussmann_isca_feeder": Tolerance(rel=1.3e-3, why="Bussmann prints 46,273 x .852 = 39,425 A: the 7e-4 of I_SCA at the "
                                      "transformer and M printed to 3 decimals (0.0005/0.852 = 5.9e-4)"),
    "bussmann_factor_3dp": Tolerance(abs=5e-4, why="Bussmann prints the point-to-point f and M to 3 decimals"),
    "ecm_duty_ka": Tolerance(abs=1.25e-2, unit="kA", why="EC&M (Mercede, 2012) multiplies the multiplying factor rounded "
                             "to 3 decimals by 23.910 kA: half a unit of the factor's 3rd decimal times 23.910 kA "
                             "(0.012 kA), plus the duty printed to 0.001 kA (0.0005 kA)"),
    # --- hydraulics and heat --------------------------------------------------------------------
    "peer_flow_rel": Tolerance(rel=5e-3, why="EPANET solves the same equations; 0.5 % is the project's acceptance limit for a peer difference"),
    "peer_head_m": Tolerance(abs=0.05, unit="m", why="EPANET solves the same equations; 0.05 m is the project's acceptance limit for a peer difference"),
    "swamee_jain_constant": Tolerance(rel=5e-5, why="fluids writes Swamee-Jain's 5.74/Re^0.9 as (6.97/Re)^0.9 = 5.7404/Re^0.9: "
                                      "7e-5 in the log argument, under 5e-5 in f for epsilon/D <= 0.05"),
    "crane_l_over_d": Tolerance(abs=0.5, unit="pipe diameters", why="Crane TP-410 prints equivalent lengths L/D as whole numbers"),
    "coolant_spline": Tolerance(rel=1e-5, why="cubic spline through CoolProp samples every 0.5 K: interpolation error O(h^4) of smooth fits, below 1e-6"),
    "perry_water_2bar": Tolerance(rel=2.5e-4, why="Perry's Table 2-135 prints 5 significant figures (half a unit <= 1e-5) at saturation; "
                                  "the coolant is evaluated at 2 bar, which by IAPWS-95 moves rho by +1e-4 and C_p by -2e-4 at 280 K (less when warmer)"),
    "lange_freezing_c": Tolerance(abs=0.05, unit="degC", why="Lange's Table 5.13 prints freezing points to 0.1 degC"),
    "lange_specific_gravity": Tolerance(abs=5e-4, why="Lange's Table 5.13 prints specific gravity to 3 decimals"),
    "hardy_cross_q": Tolerance(abs=1e-5, unit="m3/s", why="consistency check: converged flows written to 5 decimals"),
    "ashrae_real_gas_1e3": Tolerance(rel=1e-3, why="ASHRAE ch. 1 ideal-gas moist air (compressibility taken as 1, within 1e-3 of the "
                                     "real gas near ambient) and its saturation and standard-atmosphere equations vs the real-gas peers"),
    "ashrae_ideal_gas": Tolerance(rel=1e-2, why="ASHRAE ch. 1 ideal-gas psychrometrics vs real gas: <1 % in cp, and in W above 5 g/kg"),
    "psychrolib_wet_bulb_k": Tolerance(abs=1e-3, unit="K", why="PsychroLib stops its wet-bulb bisection at 0.001 K (PSYCHROLIB_TOLERANCE)"),
    "crossflow_quadrature": Tolerance(rel=1e-7, why="crossflow, both unmixed: Mason's series summed to round-off vs ht's SciPy quad "
                                      "(default relative accuracy 1.49e-8, and ht's inverse solves to its own tolerance)"),
    "richardson_numerical": Tolerance(rel=1e-9, why="2nd-order finite-volume solution, Richardson-extrapolated (error ~1e-10)"),
    "regression_pin": Tolerance(rel=1e-5, why="regression pin of the project's own output (not a validation): any change of a model shows, CoolProp/numpy round-off does not"),
}


def tolerance(name: str) -> Tolerance:
    """The tolerance named ``name``; a KeyError lists the known names."""
    try:
        return TOLERANCES[name]
    except KeyError:
        raise KeyError(f"unknown tolerance {name!r}; known: {', '.join(sorted(TOLERANCES))}") from None


def tolerance_table_markdown() -> str:
    """The tolerance table as docs/validation.md shows it: name, value and why of every entry."""
    lines = ["| tolerance | value | why |", "|---|---|---|"]
    for name, tol in TOLERANCES.items():
        value = f"abs {tol.abs:g} {tol.unit}".strip() if tol.abs is not None else f"rel {tol.rel:g}"
        lines.append(f"| `{name}` | {value} | {tol.why} |")
    return "\n".join(lines) + "\n"
