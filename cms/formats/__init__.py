"""Date formats where Django's own locale data does not suit the citizen
sites (``FORMAT_MODULE_PATH``): Django's Tajik formats are copied from
Russian and end dates with the Russian "г."; anything not set here comes
from Django's own locale."""
