"""networkx graphs built from records passed in (never from the store): citations, lineage, follow-up."""
