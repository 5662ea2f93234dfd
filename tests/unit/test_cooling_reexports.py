"""The network solver, the heat-exchanger, heat-rejection and plant modules keep their public names after their
split by topic: each name in their ``__all__`` is the object of the module that defines it (not a copy, not a
wrapper)."""
from __future__ import annotations

import pytest

from retrofit.cooling import (
    chillers,
    cooling_towers,
    effectiveness_ntu,
    fluid_coolers,
    heat_exchange,
    heat_rejection,
    hydraulic_network,
    hydraulic_result,
    hydraulics,
    lmtd,
    plant,
    plant_records,
    rejection_performance,
)
from retrofit.cooling.friction import FRICTION_METHODS

HOMES = {
    hydraulics: {"FRICTION_METHODS": FRICTION_METHODS,
                 "HydraulicNetwork": hydraulic_network.HydraulicNetwork,
                 "NetworkBuilder": hydraulic_network.NetworkBuilder,
                 "LINK_KINDS": hydraulic_network.LINK_KINDS,
                 "HydraulicResult": hydraulic_result.HydraulicResult,
                 "PumpOperatingPoint": hydraulic_result.PumpOperatingPoint},
    heat_exchange: {"ARRANGEMENTS": effectiveness_ntu.ARRANGEMENTS,
                    "effectiveness": effectiveness_ntu.effectiveness,
                    "max_effectiveness": effectiveness_ntu.max_effectiveness,
                    "ntu_from_effectiveness": effectiveness_ntu.ntu_from_effectiveness,
                    "lmtd_correction_factor": lmtd.lmtd_correction_factor,
                    "log_mean_temperature_difference": lmtd.log_mean_temperature_difference,
                    "ua_from_lmtd": lmtd.ua_from_lmtd},
    heat_rejection: {"UnitPerformance": rejection_performance.UnitPerformance,
                     "DryCoolerRating": fluid_coolers.DryCoolerRating,
                     "AdiabaticCoolerRating": fluid_coolers.AdiabaticCoolerRating,
                     "dry_cooler": fluid_coolers.dry_cooler,
                     "adiabatic_cooler": fluid_coolers.adiabatic_cooler,
                     "CoolingTowerRating": cooling_towers.CoolingTowerRating,
                     "cooling_tower": cooling_towers.cooling_tower,
                     "AirCooledChillerRating": chillers.AirCooledChillerRating,
                     "air_cooled_chiller": chillers.air_cooled_chiller,
                     "chiller_cop": chillers.chiller_cop,
                     "chiller_capacity": chillers.chiller_capacity},
    plant: {name: getattr(plant_records, name)
            for name in ("Ambient", "CduBank", "CduResults", "ChillerResult", "FacilityLoop", "PlantResult",
                         "RejectionUnit", "UnitResults", "worst_cdu_text")},
}


@pytest.mark.parametrize("module", list(HOMES), ids=lambda m: m.__name__)
def test_reexported_names_are_the_defining_modules_objects(module):
    for name, obj in HOMES[module].items():
        assert name in module.__all__
        assert getattr(module, name) is obj, name


@pytest.mark.parametrize("module", list(HOMES), ids=lambda m: m.__name__)
def test_every_public_name_resolves(module):
    for name in module.__all__:
        assert hasattr(module, name), name
