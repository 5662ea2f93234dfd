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
    # --- printed / published values -----------------------------------------------------------
    "printed_3sf": Tolerance(rel=5e-3, why="value printed to 3 significant figures"),
    "printed_4sf": Tolerance(rel=5e-4, why="value printed to 4 significant figures"),
    "chart_read": Tolerance(rel=3e-2, why="value read from a Moody or epsilon-NTU chart"),
    "closed_form": Tolerance(rel=1e-9, why="closed-form value recomputed from the published inputs"),
    "iterative_exact": Tolerance(rel=1e-10, why="exact value of an iterative equation solved to 1e-15"),
    # --- electrical -----------------------------------------------------------------------------
    "iec60909_4_impedance_mohm": Tolerance(abs=1.5e-3, unit="mOhm",
                                           why="IEC TR 60909-4 prints impedances to 3 decimals in mOhm"),
    "iec60909_4_current_ka": Tolerance(rel=2e-3, why="derived from impedances printed to 3 decimals"),
    "pandapower_sc_ka": Tolerance(abs=1e-3, unit="kA", why="pandapower's test asserts 6 decimals in kA; 1e-3 kA leaves room for its float ops"),
    "wscc9_vm_pu": Tolerance(abs=5e-4, unit="pu", why="Anderson & Fouad print 3 decimals"),
    "wscc9_angle_deg": Tolerance(abs=5e-2, unit="deg", why="Anderson & Fouad print 0.1 degree"),
    "wscc9_power_mw": Tolerance(abs=5e-2, unit="MW", why="Anderson & Fouad print 0.1 MW"),
    "peer_vm_pu": Tolerance(abs=1e-4, unit="pu", why="issue requirement for the pandapower cross-check"),
    "peer_ik_rel": Tolerance(rel=5e-3, why="issue requirement for the pandapower cross-check"),
    "formula_vd": Tolerance(rel=1e-4, why="formula check printed to 5 significant figures"),
    "nec_ampacity_a": Tolerance(abs=0.01, unit="A", why="table product printed to 0.01 A"),
    # --- hydraulics and heat --------------------------------------------------------------------
    "peer_flow_rel": Tolerance(rel=5e-3, why="issue requirement for the WNTR cross-check"),
    "peer_head_m": Tolerance(abs=0.05, unit="m", why="issue requirement for the WNTR cross-check"),
    "coolprop_property": Tolerance(rel=1e-3, why="CoolProp reference values printed to 4-5 significant figures"),
    "hardy_cross_q": Tolerance(abs=1e-5, unit="m3/s", why="converged flows printed to 5 decimals"),
    "glycol_freezing_k": Tolerance(abs=1.5, unit="K", why="CoolProp MPG freezing fit vs Perry's Table 5.13 (25 vol %): 0.9 K at 25 wt %, 1.3 K at 25.7 wt %"),
    "hx_textbook": Tolerance(rel=1e-2, why="textbook heat-exchanger answer, 1 % for a textbook answer printed to 3 figures"),
    "ashrae_ideal_gas": Tolerance(rel=1e-2, why="ASHRAE ch. 1 ideal-gas psychrometrics vs real gas: <1 % in cp, and in W above 5 g/kg"),
    "richardson_numerical": Tolerance(rel=1e-9, why="2nd-order finite-volume solution, Richardson-extrapolated (error ~1e-10)"),
    "regression_pin": Tolerance(rel=1e-5, why="regression pin of the project's own output (not a validation): any change of a model shows, CoolProp/numpy round-off does not"),
}


def tolerance(name: str) -> Tolerance:
    """The tolerance named ``name``; a KeyError lists the known names."""
    try:
        return TOLERANCES[name]
    except KeyError:
        raise KeyError(f"unknown tolerance {name!r}; known: {', '.join(sorted(TOLERANCES))}") from None
