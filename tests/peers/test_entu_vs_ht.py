"""Peer cross-check of the epsilon-NTU relations against ht.

Source: ht (C. Bell, the ``ht`` Python library, measured with
version 1.2.0): ``ht.effectiveness_from_NTU`` and ``ht.NTU_from_effectiveness`` with subtypes
'counterflow', 'parallel', 'crossflow' (both fluids unmixed, the exact integral of Triboix 2009),
'crossflow, mixed Cmax', 'crossflow, mixed Cmin' and 'S&T' (TEMA E, one shell pass, even tube
passes, one shell).
Kind: peer cross-check.
Tolerance: ``closed_form`` (rel 1e-9) for the closed forms both programs evaluate (counterflow,
parallel flow, the two mixed crossflows, the 1-2 shell and tube) and for the inverses;
``crossflow_quadrature`` for crossflow with both fluids unmixed, where the project sums Mason's series
and ht integrates Triboix's form with SciPy's ``quad`` (default relative accuracy 1.49e-8).
ht divides by Cr in its crossflow forms, so Cr = 0 is checked only for the other arrangements.
"""
from __future__ import annotations

import ht
import pytest

from retrofit.cooling import heat_exchange as hx
from retrofit.testing import tolerance


SUBTYPES = {
    "counterflow": ("counterflow", {}),
    "parallel_flow": ("parallel", {}),
    "crossflow_unmixed": ("crossflow", {}),
    "crossflow_cmax_mixed": ("crossflow, mixed Cmax", {}),
    "crossflow_cmin_mixed": ("crossflow, mixed Cmin", {}),
    "shell_and_tube_1_2": ("S&T", {"n_shell_tube": 1}),
}
POINTS = [(0.1, 0.2), (0.5, 0.3), (1.0, 0.5), (2.0, 0.8), (3.0, 0.95), (4.0, 1.0), (1.5, 0.0)]
CLOSED = tolerance("closed_form")


def _tolerance(arrangement):
    return tolerance("crossflow_quadrature") if arrangement == "crossflow_unmixed" else CLOSED


def _points(arrangement):
    crossflow = arrangement.startswith("crossflow")
    return [(n, c) for n, c in POINTS if not (crossflow and c == 0.0)]


@pytest.mark.parametrize("arrangement", sorted(SUBTYPES))
def test_effectiveness_equals_ht(arrangement):
    subtype, extra = SUBTYPES[arrangement]
    for ntu, cr in _points(arrangement):
        peer = ht.effectiveness_from_NTU(ntu, cr, subtype, **extra)
        assert hx.effectiveness(ntu, cr, arrangement) == _tolerance(arrangement).approx(peer), (ntu, cr)


@pytest.mark.parametrize("arrangement", sorted(SUBTYPES))
def test_ntu_from_effectiveness_equals_ht(arrangement):
    subtype, extra = SUBTYPES[arrangement]
    for ntu, cr in _points(arrangement):
        if arrangement in ("parallel_flow", "shell_and_tube_1_2") and cr == 1.0:
            continue  # ht's inverses of these two divide by zero at Cr = 1
        eps = hx.effectiveness(ntu, cr, arrangement)
        peer = ht.NTU_from_effectiveness(eps, cr, subtype, **extra)
        assert hx.ntu_from_effectiveness(eps, cr, arrangement) == _tolerance(arrangement).approx(peer), (ntu, cr)
