"""Settings modules: ``base`` (complete, production-safe), ``dev``, ``test``,
``production``."""
