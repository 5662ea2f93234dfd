"""The shipped coolant samples (retrofit/cooling/coolant_samples.npz) against the installed CoolProp."""
import subprocess
import sys

import CoolProp
import numpy as np
import pytest

from retrofit.cooling.coolant import (
    SAMPLES_FILE,
    SHIPPED_COOLANTS,
    coolant,
    coolant_from_fraction,
    coolprop_samples,
    shipped_samples,
)
from retrofit.cooling.coolant_samples import sample_arrays


#: Relative difference allowed between the shipped samples and the installed CoolProp of the same version: a few
#: float64 round-offs, for a CoolProp wheel built against another libm (on the machine that wrote the file they
#: are equal bit for bit).
SAME_VERSION_RTOL = 1e-13


def test_shipped_file_is_the_installed_coolprop():
    """Consistency check: every array of the file equals a fresh sampling of CoolProp; after a CoolProp
    upgrade, regenerate the file with ``python -m retrofit.cooling.coolant_samples``."""
    with np.load(SAMPLES_FILE, allow_pickle=False) as data:
        shipped = {name: data[name] for name in data.files}
    assert str(shipped["coolprop_version"]) == CoolProp.__version__, "regenerate coolant_samples.npz"
    fresh = sample_arrays()
    assert sorted(shipped) == sorted(fresh)
    for name, values in fresh.items():
        assert shipped[name].dtype == values.dtype, name
        if values.dtype.kind == "f":
            np.testing.assert_allclose(shipped[name], values, rtol=SAME_VERSION_RTOL, atol=0, err_msg=name)
        else:
            assert shipped[name] == values, name


@pytest.mark.parametrize(("kind", "fraction"), SHIPPED_COOLANTS)
def test_shipped_samples_are_the_coolprop_samples(kind, fraction):
    shipped = shipped_samples(kind, fraction)
    live = coolprop_samples(kind, fraction)
    np.testing.assert_allclose(shipped.temperature, live.temperature, rtol=SAME_VERSION_RTOL, atol=0)
    for prop, values in live.values.items():
        np.testing.assert_allclose(shipped.values[prop], values, rtol=SAME_VERSION_RTOL, atol=0, err_msg=prop)


def test_catalog_and_planner_coolants_are_shipped():
    from retrofit.catalog import load_catalog
    from retrofit.planning.basis import FACILITY_GLYCOLS

    names = {e.id for e in load_catalog().list("coolant")} | set(FACILITY_GLYCOLS)
    for name in names:
        fluid = coolant(name)
        assert shipped_samples(fluid.kind, fluid.fraction) is not None, name


def test_other_mixes_are_sampled_from_coolprop():
    fluid = coolant_from_fraction("propylene_glycol", 0.257)
    assert shipped_samples(fluid.kind, fluid.fraction) is None
    assert fluid.freezing_point() == coolprop_samples(fluid.kind, fluid.fraction).temperature[0]


def test_shipped_coolants_do_not_load_coolprop():
    code = ("import sys; from retrofit.cooling.coolant import coolant; "
            "print(coolant('PG25').density(308.15), coolant('water').freezing_point(), 'CoolProp' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[-1] == "False"
    assert float(out[0]) == pytest.approx(1012.5, abs=0.05)
