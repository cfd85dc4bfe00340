"""Per-site search: the search backend that indexes each page in its own
language's text-search configuration, and the reads of the search page."""
