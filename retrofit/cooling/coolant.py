"""Temperature-dependent properties of liquid coolants: water and glycol-water solutions.

Properties come from CoolProp: IAPWS-95 (``Water``) for water and the incompressible-mixture fits
``INCOMP::MPG`` (propylene glycol) and ``INCOMP::MEG`` (ethylene glycol) for the solutions. A
:class:`Coolant` samples CoolProp once per property over its whole valid temperature range, at first
use, and answers later calls from cubic splines through those samples (the plant solve asks for
properties thousands of times; CoolProp's per-call cost is 5-80 us, a spline on an array is ~1 us).

The samples of the catalog's coolants (water, PG25, PG30, PG40, PG50, PG55, PG60, EG25) ship with the package in
``coolant_samples.npz``, generated from CoolProp by ``python -m retrofit.cooling.coolant_samples`` (class
computed; the file records the CoolProp version, and ``tests/unit/test_coolant_samples.py`` holds it equal to
the installed CoolProp, bit for bit where it was generated). These coolants therefore need no CoolProp at run time (its import
alone takes about 1.3 s); any other mix is sampled from CoolProp at first use.

Concentration convention
------------------------
The number in a coolant name is the glycol **mass** percent: ``PG25`` is propylene glycol 25 wt %,
CoolProp ``INCOMP::MPG[0.25]``. This is the basis of the PG25 property table the project uses
(CoolProp 8.0.0, 2 bar). Specifications such as the OCP "PG25" usually mean 25 % by **volume**,
which is about 25.7 wt %; convert with :func:`glycol_mass_fraction` and name the coolant with
the mass fraction (``coolant_from_fraction("propylene_glycol", 0.257)``) when the volume basis
is meant. The difference in properties is small (at 35 degC, 26 wt % has a viscosity 3 % higher
and a freezing point 0.6 K lower than 25 wt %).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import OutOfRange, UnknownMethod

#: Pressure at which the properties are evaluated [Pa]. Liquid properties hardly depend on it
#: (CoolProp's incompressible fits ignore it); 2 bar keeps water liquid up to 120 degC.
REFERENCE_PRESSURE = 2.0e5

#: Upper temperature of the valid range of every coolant here [K] (CoolProp's MPG/MEG fits end at
#: 100 degC; water is held to the same bound).
MAXIMUM_TEMPERATURE = 373.15

#: Freezing point of pure water at 101.325 kPa [K].
WATER_FREEZING_POINT = 273.15

#: Largest glycol mass fraction CoolProp's MPG and MEG fits accept [-].
MAXIMUM_GLYCOL_FRACTION = 0.6

#: Lowest volumetric heat capacity rho cp at 30 degC of any coolant :func:`coolant` accepts [J/(m3 K)]:
#: the richest glycol (60 wt % ethylene glycol, 3.384e6 in CoolProp 8.0.0) rounded down; water has the
#: highest (4.16e6). Input checks use it to pass a rated flow without loading the property model when
#: even this coolant would carry the rated heat; ``tests/unit/test_coolant_bounds.py`` holds it to the model.
LOWEST_RHO_CP_30C = 3.3e6

#: Highest volumetric heat capacity rho cp of any coolant :func:`coolant` accepts, over the liquid-cooling
#: temperatures 5-70 degC [J/(m3 K)]: water's (about 4.20e6 at 5 degC) rounded up; the companion bound of
#: :data:`LOWEST_RHO_CP_30C` (``tests/unit/test_coolant_bounds.py``).
HIGHEST_RHO_CP = 4.25e6

#: Densities of the pure liquids at 20 degC used to convert volume to mass fraction [kg/m3]:
#: CRC Handbook of Chemistry and Physics (propane-1,2-diol 1036, ethane-1,2-diol 1113) and
#: IAPWS-95 for water (998.2).
PURE_DENSITY_20C = {"propylene_glycol": 1036.0, "ethylene_glycol": 1113.0, "water": 998.2}

# Temperature step of the spline samples [K]; see the module docstring.
_SAMPLE_STEP = 0.5

_KINDS = {"water": None, "propylene_glycol": "MPG", "ethylene_glycol": "MEG"}
_PREFIX_KIND = {"PG": "propylene_glycol", "EG": "ethylene_glycol"}
_KIND_PREFIX = {v: k for k, v in _PREFIX_KIND.items()}
_NAME_PATTERN = re.compile(r"^(PG|EG)(\d{1,2}(?:\.\d+)?)$", re.IGNORECASE)
_VALID_NAMES = "'water', 'PG<nn>' or 'EG<nn>' with nn the glycol mass percent (1 to 60), e.g. 'PG25', 'PG30', 'EG25'"

# CoolProp output keys of the four tabulated properties.
_KEYS = {"density": "D", "specific_heat": "C", "viscosity": "V", "conductivity": "L"}


@dataclass(frozen=True)
class Coolant:
    """A liquid coolant: water or a glycol-water solution at a fixed glycol mass fraction.

    Parameters
    ----------
    name : str
        Display name, e.g. ``"PG25"``.
    kind : str
        ``"water"``, ``"propylene_glycol"`` or ``"ethylene_glycol"``.
    fraction : float
        Glycol mass fraction [-] (0 for water).

    Notes
    -----
    Every property method takes a temperature or an array of temperatures in kelvin and returns a
    float or an array of the same shape. Temperatures outside ``[freezing_point(), 373.15 K]`` raise
    :class:`~retrofit.errors.OutOfRange`.

    Examples
    --------
    >>> pg25 = coolant("PG25")
    >>> round(float(pg25.density(308.15)), 1)
    1012.5
    """

    name: str
    kind: str
    fraction: float

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise UnknownMethod(f"unknown coolant kind {self.kind!r}; valid kinds: {', '.join(_KINDS)}")
        if self.kind == "water":
            if self.fraction != 0.0:
                raise OutOfRange(f"water has no glycol fraction; got {self.fraction}")
        elif not 0.0 < self.fraction <= MAXIMUM_GLYCOL_FRACTION:
            raise OutOfRange(
                f"{self.kind} mass fraction {self.fraction} is outside CoolProp's valid range "
                f"(0, {MAXIMUM_GLYCOL_FRACTION}]")

    # --- properties ------------------------------------------------------------------------------
    def density(self, t_k):
        """Density.

        Parameters
        ----------
        t_k : float or numpy.ndarray
            Temperature [K].

        Returns
        -------
        density : float or numpy.ndarray
            Density [kg/m3].
        """
        return self._evaluate("density", t_k)

    def specific_heat(self, t_k):
        """Isobaric specific heat capacity.

        Parameters
        ----------
        t_k : float or numpy.ndarray
            Temperature [K].

        Returns
        -------
        specific_heat : float or numpy.ndarray
            Specific heat [J/(kg*K)].
        """
        return self._evaluate("specific_heat", t_k)

    def viscosity(self, t_k):
        """Dynamic viscosity.

        Parameters
        ----------
        t_k : float or numpy.ndarray
            Temperature [K].

        Returns
        -------
        viscosity : float or numpy.ndarray
            Dynamic viscosity [Pa*s].
        """
        return self._evaluate("viscosity", t_k)

    def conductivity(self, t_k):
        """Thermal conductivity.

        Parameters
        ----------
        t_k : float or numpy.ndarray
            Temperature [K].

        Returns
        -------
        conductivity : float or numpy.ndarray
            Thermal conductivity [W/(m*K)].
        """
        return self._evaluate("conductivity", t_k)

    def kinematic_viscosity(self, t_k):
        """Kinematic viscosity, viscosity over density.

        Parameters
        ----------
        t_k : float or numpy.ndarray
            Temperature [K].

        Returns
        -------
        kinematic_viscosity : float or numpy.ndarray
            Kinematic viscosity [m2/s].
        """
        return self.viscosity(t_k) / self.density(t_k)

    def prandtl(self, t_k):
        """Prandtl number, cp * mu / k.

        Parameters
        ----------
        t_k : float or numpy.ndarray
            Temperature [K].

        Returns
        -------
        prandtl : float or numpy.ndarray
            Prandtl number [-].
        """
        return self.specific_heat(t_k) * self.viscosity(t_k) / self.conductivity(t_k)

    def freezing_point(self) -> float:
        """Freezing point (onset of ice crystals) of the solution.

        Returns
        -------
        freezing_point : float
            Freezing temperature [K].

        Notes
        -----
        For glycol solutions this is CoolProp's fit of the freezing curve (``T_freeze``); for water
        273.15 K. Published tables differ from the fit by about 1 K (Lange's Handbook of Chemistry,
        15th ed., Table 5.13, gives -8.9 degC for PG 25 vol %; the MPG fit gives -9.8 degC at 25 wt %
        and -10.2 degC at 25.7 wt %; ``tests/validation/lange_antifreeze``).
        """
        return _property_table(self.kind, self.fraction).t_min

    def valid_range(self) -> tuple[float, float]:
        """Temperature range in which the properties are defined.

        Returns
        -------
        t_min : float
            Lowest temperature, the freezing point [K].
        t_max : float
            Highest temperature [K].
        """
        table = _property_table(self.kind, self.fraction)
        return table.t_min, table.t_max

    def _evaluate(self, prop: str, t_k):
        table = _property_table(self.kind, self.fraction)
        t = np.asarray(t_k, dtype=float)
        if not np.all((t >= table.t_min) & (t <= table.t_max)):
            bad = t[~((t >= table.t_min) & (t <= table.t_max))].ravel()[0]
            raise OutOfRange(
                f"{self.name}: temperature {bad:.2f} K ({bad - 273.15:.2f} degC) is outside the valid range "
                f"{table.t_min:.2f}-{table.t_max:.2f} K ({table.t_min - 273.15:.2f} to "
                f"{table.t_max - 273.15:.2f} degC) of the CoolProp property model")
        value = table.evaluate(prop, t)
        return float(value) if value.ndim == 0 else value


#: Coolants whose samples ship in :data:`SAMPLES_FILE`: the catalog's coolants (``catalogs/coolants.yaml``),
#: which include every facility glycol the planner tries, as (kind, glycol mass fraction).
SHIPPED_COOLANTS = (("water", 0.0), ("propylene_glycol", 0.25), ("propylene_glycol", 0.3),
                    ("propylene_glycol", 0.4), ("propylene_glycol", 0.5), ("propylene_glycol", 0.55),
                    ("propylene_glycol", 0.6), ("ethylene_glycol", 0.25))

#: The shipped samples (numpy ``.npz``; see the module docstring).
SAMPLES_FILE = Path(__file__).with_name("coolant_samples.npz")


@dataclass(frozen=True)
class CoolantSamples:
    """CoolProp samples of one coolant over its valid range, the nodes of the property splines.

    Attributes
    ----------
    temperature : numpy.ndarray
        Sample temperatures [K], from the freezing point to :data:`MAXIMUM_TEMPERATURE` in steps of at most
        0.5 K.
    values : dict[str, numpy.ndarray]
        CoolProp's density [kg/m3], specific heat [J/(kg*K)], viscosity [Pa*s] and conductivity [W/(m*K)]
        at those temperatures and :data:`REFERENCE_PRESSURE`, by property name.
    """

    temperature: np.ndarray
    values: dict[str, np.ndarray]


def coolprop_samples(kind: str, fraction: float) -> CoolantSamples:
    """Sample CoolProp for one coolant (imports CoolProp).

    Parameters
    ----------
    kind : str
        ``"water"``, ``"propylene_glycol"`` or ``"ethylene_glycol"``.
    fraction : float
        Glycol mass fraction [-] (0 for water).

    Returns
    -------
    samples : CoolantSamples
        The spline nodes.
    """
    # imported here: CoolProp takes about 1.3 s to load, and checking an input file needs it rarely
    from CoolProp.CoolProp import PropsSI

    fluid = _coolprop_fluid(kind, fraction)
    if kind == "water":
        t_min = WATER_FREEZING_POINT
    else:
        t_min = float(PropsSI("T_freeze", "T", 300.0, "P", REFERENCE_PRESSURE, fluid))
    count = int(np.ceil((MAXIMUM_TEMPERATURE - t_min) / _SAMPLE_STEP)) + 1
    t = np.linspace(t_min, MAXIMUM_TEMPERATURE, count)
    values = {prop: np.asarray(PropsSI(key, "T", t, "P", REFERENCE_PRESSURE, fluid), dtype=float)
              for prop, key in _KEYS.items()}
    return CoolantSamples(t, values)


def samples_key(kind: str, fraction: float) -> str:
    """Name of a coolant's arrays in :data:`SAMPLES_FILE` (``<kind>_<fraction>``)."""
    return f"{kind}_{fraction!r}"


@lru_cache(maxsize=1)
def _shipped() -> dict[str, np.ndarray]:
    with np.load(SAMPLES_FILE, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def shipped_samples(kind: str, fraction: float) -> CoolantSamples | None:
    """The shipped samples of a coolant, None when it is not one of :data:`SHIPPED_COOLANTS`."""
    if (kind, fraction) not in SHIPPED_COOLANTS:
        return None
    data = _shipped()
    key = samples_key(kind, fraction)
    return CoolantSamples(data[f"{key}_temperature"], {prop: data[f"{key}_{prop}"] for prop in _KEYS})


class _PropertyTable:
    """Cubic splines through CoolProp samples over the whole valid range (viscosity in log space)."""

    def __init__(self, kind: str, fraction: float):
        from scipy.interpolate import CubicSpline

        samples = shipped_samples(kind, fraction) or coolprop_samples(kind, fraction)
        t = samples.temperature
        self.t_min = float(t[0])
        self.t_max = MAXIMUM_TEMPERATURE
        self._splines = {}
        for prop, values in samples.values.items():
            if prop == "viscosity":
                values = np.log(values)
            self._splines[prop] = CubicSpline(t, values)

    def evaluate(self, prop: str, t: np.ndarray) -> np.ndarray:
        value = self._splines[prop](t)
        return np.exp(value) if prop == "viscosity" else value


def _coolprop_fluid(kind: str, fraction: float) -> str:
    if kind == "water":
        return "Water"
    return f"INCOMP::{_KINDS[kind]}[{fraction!r}]"


@lru_cache(maxsize=64)
def _property_table(kind: str, fraction: float) -> _PropertyTable:
    return _PropertyTable(kind, fraction)


def coolprop_fluid_name(fluid: Coolant) -> str:
    """CoolProp fluid string of a coolant, for calling CoolProp directly.

    Parameters
    ----------
    fluid : Coolant
        The coolant.

    Returns
    -------
    name : str
        For example ``"INCOMP::MPG[0.25]"`` or ``"Water"``.

    Examples
    --------
    >>> coolprop_fluid_name(coolant('PG25'))
    'INCOMP::MPG[0.25]'
    """
    return _coolprop_fluid(fluid.kind, fluid.fraction)


def coolant_from_fraction(kind: str, fraction: float) -> Coolant:
    """A coolant of the given kind and glycol mass fraction.

    Parameters
    ----------
    kind : str
        ``"water"``, ``"propylene_glycol"`` or ``"ethylene_glycol"``.
    fraction : float
        Glycol mass fraction [-], 0 < fraction <= 0.6 (0 for water).

    Returns
    -------
    fluid : Coolant
        The coolant, named like ``"PG25.7"``.

    Examples
    --------
    >>> coolant_from_fraction('propylene_glycol', 0.25).name
    'PG25'
    """
    if kind not in _KINDS:
        raise UnknownMethod(f"unknown coolant kind {kind!r}; valid kinds: {', '.join(_KINDS)}")
    if kind == "water":
        return Coolant("water", "water", 0.0)
    percent = f"{100.0 * fraction:.4g}"
    return Coolant(f"{_KIND_PREFIX[kind]}{percent}", kind, float(fraction))


def coolant(name: str) -> Coolant:
    """Look a coolant up by name.

    Parameters
    ----------
    name : str
        ``"water"``, or ``"PG<nn>"`` / ``"EG<nn>"`` where nn is the glycol mass percent, e.g.
        ``"PG25"`` (propylene glycol 25 wt %, the default of the project), ``"PG30"``, ``"EG25"``.

    Returns
    -------
    fluid : Coolant
        The coolant.

    Raises
    ------
    UnknownMethod
        The name is not of that form; the message lists the valid names.
    OutOfRange
        The percentage is outside CoolProp's 0-60 wt % range.

    Examples
    --------
    >>> coolant("PG25")
    Coolant(name='PG25', kind='propylene_glycol', fraction=0.25)
    """
    text = name.strip()
    if text.lower() == "water":
        return Coolant("water", "water", 0.0)
    match = _NAME_PATTERN.match(text)
    if match is None:
        near = difflib.get_close_matches(text.upper(), ["WATER", "PG25", "PG30", "EG25", "EG30"], n=3)
        hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        raise UnknownMethod(f"unknown coolant {name!r}; valid names: {_VALID_NAMES}{hint}")
    prefix, percent = match.group(1).upper(), match.group(2)
    fraction = float(percent) / 100.0
    if not 0.0 < fraction <= MAXIMUM_GLYCOL_FRACTION:
        raise OutOfRange(f"coolant {name!r}: glycol mass percent {percent} is outside CoolProp's valid "
                         f"range (0, {100 * MAXIMUM_GLYCOL_FRACTION:.0f}]")
    return Coolant(f"{prefix}{percent}", _PREFIX_KIND[prefix], fraction)


def glycol_mass_fraction(volume_fraction: float, kind: str = "propylene_glycol") -> float:
    """Glycol mass fraction of a solution specified by volume fraction.

    Parameters
    ----------
    volume_fraction : float
        Glycol volume fraction before mixing [-].
    kind : str
        ``"propylene_glycol"`` or ``"ethylene_glycol"``.

    Returns
    -------
    mass_fraction : float
        Glycol mass fraction [-].

    Notes
    -----
    w = phi*rho_g / (phi*rho_g + (1 - phi)*rho_w) with the pure-liquid densities at 20 degC of
    :data:`PURE_DENSITY_20C` (volumes of the unmixed liquids, the way solutions are specified).
    PG 25 vol % gives 25.7 wt %.

    Examples
    --------
    >>> round(glycol_mass_fraction(0.25), 3)
    0.257
    """
    if kind not in ("propylene_glycol", "ethylene_glycol"):
        raise UnknownMethod(f"unknown glycol {kind!r}; valid: 'propylene_glycol', 'ethylene_glycol'")
    if not 0.0 <= volume_fraction <= 1.0:
        raise OutOfRange(f"volume fraction {volume_fraction} is outside [0, 1]")
    glycol = volume_fraction * PURE_DENSITY_20C[kind]
    return glycol / (glycol + (1.0 - volume_fraction) * PURE_DENSITY_20C["water"])
