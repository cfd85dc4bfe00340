"""gunicorn for one application server: ``gunicorn assembly.wsgi --config
deploy/gunicorn.conf.py --bind HOST:PORT``. Settings a deployment tunes come
from the environment (GUNICORN_WORKERS, GUNICORN_TIMEOUT)."""

import os

# Synchronous workers: the application is synchronous, and the cache tier in
# front buffers slow clients.
worker_class = "sync"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# A request that takes longer is killed and its worker replaced: above the
# slowest admin action, far below a client's patience.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Varnish keeps connections open to each server.
keepalive = 75
# Workers are recycled now and then, so that no leak lives for weeks.
max_requests = 5000
max_requests_jitter = 500
# The application is loaded once, in the master, before forking: faster
# starts, shared memory, and an import error stops the server at once.
preload_app = True
accesslog = "-"
errorlog = "-"
