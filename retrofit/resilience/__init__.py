"""Cross-domain resilience: each single outage, electrical or mechanical, followed into every domain.

- :mod:`.outages`: the outages and what each takes away (buses, racks, cooling units);
- :mod:`.resolve`: the cooling re-solved with the survivors at the design ambient;
- :mod:`.records`: the typed results and their JSON;
- :mod:`.study`: the study of a design, with verdicts and plain sentences.
"""
from .outages import FAULT, MAINTENANCE, Outage, all_outages, electrical_outages, mechanical_outages
from .records import Breach, CrossDomainResult, GroupExposure, LoopState, ResilienceStudy
from .resolve import CoolingBase, loop_states, prepare_base
from .study import cross_domain_study

__all__ = ["Breach", "CoolingBase", "CrossDomainResult", "FAULT", "GroupExposure", "LoopState", "MAINTENANCE",
           "Outage", "ResilienceStudy", "all_outages", "cross_domain_study", "electrical_outages", "loop_states",
           "mechanical_outages", "prepare_base"]
