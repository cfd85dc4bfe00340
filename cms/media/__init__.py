"""Media: where uploads are stored, what may be uploaded, the stored renditions
templates read, and who may download a document.

Modules by concern: ``names`` and ``validators`` (pure upload rules),
``storage`` (object keys and the S3 backend), ``uploads`` (storing a checked
upload), ``renditions`` and ``privacy`` (services and selectors), ``inventory``
(what ``media_check`` compares), ``forms`` (the admin's upload forms) and
``handlers`` (signals and hooks that call the services).

Nothing is imported here, so that models can import the pure modules without
pulling in the services that import models.
"""
