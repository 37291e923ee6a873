"""networkx graphs built from records passed in (never from the store): the citation graph, resolution
lineage, follow-up of mandates and recommendations, registries, measures and exports.

>>> graph = build_graph(documents)                 # records, e.g. from the store
>>> lineage(graph, "11/6").ancestors               # what resolution 11/6 builds on
>>> followup(graph, "CTOC/COP/WG.6/2017/4#23", similar=kb.similar).status
"""

# ``followup`` and ``lineage`` are the functions: as attributes of this package they shadow the
# submodules of the same name (``import graphs.followup as m`` binds the function). Import what a
# submodule defines by name instead (``from graphs.followup import STATUSES``), which is unaffected.
from graphs.build import add_document, build_graph
from graphs.export import export_graph
from graphs.followup import followup
from graphs.lineage import lineage
from graphs.measures import graph_stats
from graphs.registries import mandates, recommendations

__all__ = ["add_document", "build_graph", "export_graph", "followup", "graph_stats", "lineage", "mandates",
           "recommendations"]
