"""The crossflow (both streams unmixed) effectiveness is computed once per distinct input and handed out as a
copy (consistency check: the kept value is Mason's series evaluated afresh, bit for bit)."""
from __future__ import annotations

import numpy as np

from retrofit.cooling.crossflow_series import crossflow_unmixed
from retrofit.cooling.effectiveness_ntu import effectiveness


def test_the_kept_effectiveness_is_the_series_evaluated_afresh():
    ntu = np.array([0.5, 1.0, 2.0, 4.0])
    cr = np.array([[0.0], [0.3], [1.0]])
    first = effectiveness(ntu, cr, "crossflow_unmixed")
    again = effectiveness(ntu.copy(), cr.copy(), "crossflow_unmixed")
    fresh = crossflow_unmixed(*np.broadcast_arrays(ntu, cr))
    assert first.shape == (3, 4) and np.array_equal(first, fresh) and np.array_equal(again, fresh)
    first[0, 0] = -1.0  # the caller owns its copy
    assert effectiveness(ntu, cr, "crossflow_unmixed")[0, 0] == fresh[0, 0]
    assert effectiveness(2.0, 0.5, "crossflow_unmixed") == float(crossflow_unmixed(2.0, 0.5))
