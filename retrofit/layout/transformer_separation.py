"""Fire separation of an outdoor liquid-insulated transformer from the hall, by the volume of its liquid.

One rule for every outdoor oil-filled transformer of a plan: the hall's own pad-mounts
(:func:`retrofit.layout.yard.place_pads`) and a smoothing BESS's step-up transformers
(:mod:`retrofit.planning.yard_layout`) stand at least :func:`building_separation_m` of their liquid volume
from the hall wall, and never nearer than the pads' door clearance
(:data:`retrofit.layout.yard.PAD_FRONT_CLEARANCE_M`, a working-clearance figure kept separate).

The bands (:data:`MINERAL_OIL_BANDS`) are those of NFPA 850 for outdoor oil-insulated transformers:

* under 500 gal (1,893 L): the edge of the postulated oil spill at least 5 ft (1.5 m) from the exposed
  structure where no firewall is provided (NFPA 850, 5.2.4.6, as quoted in the eng-tips forum thread
  "Minimum clearance of pad-mount transformer with fire-resistant barrier from building or opening", 2011);
  no containment basin is modelled, so the distance is taken from the transformer's outline;
* 500 to 5,000 gal: 25 ft (7.6 m), the distance beyond which a building needs no exposure protection in
  US Army Corps of Engineers ETL 1110-3-412 (20 Oct 1989, fire protection requirements for outdoor
  oil-insulated transformers, read). That the recommended separations start at 500 gal is said in the Mike
  Holt forum thread "Transformer to Gas Tank Installation Distance" (secondary: "No separation is mandated
  for volumes less than 500 gallons" in the NFPA and FM recommendations, which vary with the oil volume);
  NFPA 850's own table was not read, and its 5,000 gal edge is taken as the band's end;
* over 5,000 gal: no distance read, so a larger transformer is refused (none of the catalog's holds that
  much).

NEC 450.27 and IEEE C2 (NESC) Rule 152.A.2 ask that buildings be safeguarded from an outdoor oil-insulated
transformer's fire by space separation, barriers, suppression or enclosure without setting a distance; these
bands are the space separation that needs no other safeguard, whatever the wall's construction, so the hall
wall's fire rating is not an input. A barrier or water spray that would allow less is not modelled.
Only mineral oil is covered: no published distance for less-flammable (listed ester or silicone) liquids
was read, and a transformer of another liquid is refused rather than given the mineral-oil figure silently.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import OutOfRange

MINERAL_OIL_BANDS: tuple[tuple[float, float], ...] = ((500.0, 1.524), (5000.0, 7.62))
"""(upper liquid volume [gal], exclusive; least distance from the building [m]) of each band, mineral oil:
under 500 gal 5 ft (NFPA 850 5.2.4.6, secondary: forum quotation); 500 to 5,000 gal 25 ft (ETL 1110-3-412,
read; the 500 gal edge secondary, above). Above 5,000 gal no distance is held."""

LIQUIDS = ("mineral_oil",)
"""Insulating liquids the separation covers [-]."""

LIQUID_TABLE = "transformer-liquid"
"""Catalog table of liquid volume by rating (``catalogs/transformer-liquid.yaml``) [-]."""


def building_separation_m(liquid_volume_gal: float, liquid: str = "mineral_oil") -> float:
    """Least distance of an outdoor liquid-insulated transformer from a building [m].

    Parameters
    ----------
    liquid_volume_gal : float
        Volume of insulating liquid in the transformer [gal].
    liquid : str
        The liquid; only ``mineral_oil`` [-].

    Examples
    --------
    >>> building_separation_m(499.0), building_separation_m(500.0), building_separation_m(4999.0)
    (1.524, 7.62, 7.62)
    """
    if liquid not in LIQUIDS:
        raise OutOfRange(f"transformer liquid must be one of {', '.join(LIQUIDS)}, found {liquid!r}: no published "
                         "building separation for it is held")
    if not math.isfinite(liquid_volume_gal) or liquid_volume_gal <= 0:
        raise OutOfRange(f"transformer liquid volume must be a positive number of gallons, found {liquid_volume_gal!r}")
    for upper, distance in MINERAL_OIL_BANDS:
        if liquid_volume_gal < upper:
            return distance
    raise OutOfRange(f"transformer liquid volume {liquid_volume_gal:g} gal is above the {MINERAL_OIL_BANDS[-1][0]:g} gal "
                     "for which a building separation is held (no source read for larger volumes)")


@dataclass(frozen=True)
class LiquidFill:
    """A transformer's insulating liquid as the catalog gives it.

    Attributes
    ----------
    rating_kva : float
        The catalog row's rating (the smallest at or above the transformer's) [kVA].
    volume_gal : float
        Liquid volume [gal].
    liquid : str
        The liquid [-].
    separation_m : float
        Least distance from the hall (:func:`building_separation_m`) [m].
    """

    rating_kva: float
    volume_gal: float
    liquid: str
    separation_m: float


def liquid_fill(catalog, rating_kva: float) -> LiquidFill:
    """The liquid of a pad-mount of ``rating_kva``: the catalog row of the smallest rating at or above it [-].

    A rating above the table's largest row has no figure and is refused (extrapolating a volume could put
    the transformer in the wrong band).
    """
    rows = sorted(catalog.table(LIQUID_TABLE).rows, key=lambda r: float(r["rating"]))
    if not math.isfinite(rating_kva) or rating_kva <= 0:
        raise OutOfRange(f"transformer rating must be a positive number of kVA, found {rating_kva!r}")
    row = next((r for r in rows if float(r["rating"]) >= rating_kva - 1e-9), None)
    if row is None:
        raise OutOfRange(f"transformer of {rating_kva:,.0f} kVA: the {LIQUID_TABLE} table stops at "
                         f"{float(rows[-1]['rating']):,.0f} kVA; add the vendor's liquid volume for this rating")
    volume = float(row["liquid_volume"])
    return LiquidFill(float(row["rating"]), volume, str(row["liquid"]), building_separation_m(volume, str(row["liquid"])))


__all__ = ["LIQUIDS", "LIQUID_TABLE", "LiquidFill", "MINERAL_OIL_BANDS", "building_separation_m", "liquid_fill"]
