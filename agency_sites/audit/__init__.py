"""The audit log of one agency's admin actions, exported as CSV.

Wagtail records every admin action in its log entries: ``PageLogEntry`` for
pages, ``ModelLogEntry`` for everything else. The export keeps those about
one agency's objects (its pages in every language, the images, documents and
collections of its collections, its agency-owned snippets, redirects and
site settings): agency administrators export their own agency's, portal
administrators any agency's.
"""
