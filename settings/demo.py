"""The local demo as citizens see it (``bin/demo``): ``settings.dev`` with
DEBUG off, so a missing page or an error is the designed 404 or 500 page in
the site's language, not Django's technical page. Static files and media are
still served (WhiteNoise from the apps, media by Django; see settings.dev)."""

from .dev import *  # noqa: F403

DEBUG = False
