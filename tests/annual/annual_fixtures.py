"""Fixtures the annual tests share: the pilot hall, its design basis and a July of weather. Imported by name
into the test modules that use them (not a conftest.py: other test folders import ``conftest`` by name)."""
from __future__ import annotations

import pytest

from annual_paths import PILOT


@pytest.fixture(scope="session")
def pilot():
    from retrofit.io.load import load

    return load(PILOT)


@pytest.fixture(scope="session")
def pilot_basis(pilot):
    from retrofit.annual.simulate import design_basis

    return design_basis(pilot)


@pytest.fixture(scope="session")
def july(pilot):
    """July of the synthetic typical year of the pilot hall's climate (744 hours, adiabatic hours included)."""
    from retrofit.annual.weather_source import weather_for
    from retrofit.weather.year import weather_year

    w = weather_for(pilot)
    sel = w.month == 7
    return weather_year(w.t_dry_bulb_k[sel], w.t_dew_point_k[sel], w.pressure_pa[sel], w.month[sel],
                        "July of the synthetic typical year", synthetic=True)
