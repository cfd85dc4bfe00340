"""Date and number formats where Django's own locale data does not suit
(``FORMAT_MODULE_PATH``): Django's Tajik formats are copied from Russian
and end dates with the Russian "г."."""
