"""The assembly: the top floor, which alone may know every app. It puts the
platform together: the root urlconf and WSGI entry, the portal API mounted
from the routers content apps register, the site blueprint provisioning
builds from, and the demo's content orchestration. The floors and the rule
that dependencies only point down are in :mod:`assembly.floors`."""
