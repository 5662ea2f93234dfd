"""The plan's cost model: equipment from the catalogs, installation, building and civil work, systems,
indirect costs and contingency, each line with its source and range; totals as an AACE class range;
capex per MW of IT against the reported benchmark ranges; the cost of each phase.

Modules: :mod:`~retrofit.cost.factors` (the cost catalog), :mod:`~retrofit.cost.records` (typed results),
:mod:`~retrofit.cost.lines` (the direct lines of one step), :mod:`~retrofit.cost.estimate` (the estimate and
the phase costs).
"""
