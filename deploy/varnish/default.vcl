# The cache tier in front of the application servers (Varnish 7, Debian's
# package). bin/stack fills in the @@...@@ placeholders; a deployment writes
# its own backends the same way. See docs/production.md.
#
# - Anonymous GET/HEAD of pages (/tg/ /ru/ /en/), the APIs (/api/), sitemap,
#   robots.txt and static files are cached for as long as the application's
#   Cache-Control allows for shared caches (s-maxage, then max-age).
# - The admin, previews (under /admin/), documents (privacy-checked), the
#   probes, and any request carrying a session, CSRF cookie or Authorization
#   header go straight to an application server, never cached.
# - Application servers are probed on /readyz; one that fails is taken out of
#   rotation, and an idempotent request that found it dead is retried on the
#   other. While none is healthy, cached copies are served up to 24 h stale.
# - PURGE (one URL) and BAN (X-Ban-Host: a host regex) from loopback only: the
#   application bans a site's pages whenever its content changes.

vcl 4.1;

import directors;
import std;

probe readyz {
    .request =
        "GET /readyz HTTP/1.1"
        "Host: @@PROBE_HOST@@"
        "User-Agent: varnish-probe"
        "Connection: close";
    .expected_response = 200;
    # Out of rotation after 3 failed probes of the last 4 (1.5 s), back
    # after 2 good ones (1 s).
    .interval = 500ms;
    .timeout = 2s;
    .window = 4;
    .threshold = 2;
    .initial = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "@@APP1_PORT@@";
    .probe = readyz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "@@APP2_PORT@@";
    .probe = readyz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
    apps.add_backend(app2);
}

sub vcl_recv {
    # The director picks a healthy server when the request is fetched, and
    # the next one on a retry.
    set req.backend_hint = apps.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (!req.http.X-Ban-Host) {
            return (synth(400, "X-Ban-Host required"));
        }
        ban("obj.http.X-Cache-Host ~ " + req.http.X-Ban-Host);
        return (synth(200, "Banned"));
    }
    # Client addresses for the application (django-axes: TRUSTED_PROXY_HOPS=1).
    # Varnish appends client.ip to X-Forwarded-For itself.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|documents)(/|$)" || req.url ~ "^/(healthz|readyz)(\?|$)") {
        return (pass);
    }
    if (req.http.Authorization ||
        req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    if (req.url ~ "^/(tg|ru|en|api|static)/" ||
        req.url ~ "^/(sitemap\.xml|robots\.txt)(\?|$)") {
        # Nothing personal is left for these: shared copies.
        unset req.http.Cookie;
    }
    # While an application server is healthy, a copy at most 10 s past its
    # lifetime is served (and refreshed in the background); while none is,
    # whatever the object's grace allows.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_fetch {
    # A retry goes to the other server, never back to the one that failed
    # (the round robin, shared by every request, could pick it again).
    if (bereq.retries > 0) {
        if (bereq.http.X-Failed-Backend ~ "app1$") {
            set bereq.backend = app2;
        } else {
            set bereq.backend = app1;
        }
    }
    unset bereq.http.X-Failed-Backend;
}

sub vcl_backend_response {
    # The host an object belongs to, for BAN by host (lurker-friendly: the
    # ban tests only obj.*).
    set beresp.http.X-Cache-Host = bereq.http.host;
    # A dead application server: retry an idempotent request once, on the
    # next server of the round robin.
    if (beresp.status >= 500 && beresp.status != 503 && bereq.retries < 1 &&
        (bereq.method == "GET" || bereq.method == "HEAD")) {
        set bereq.http.X-Failed-Backend = beresp.backend.name;
        return (retry);
    }
    if (beresp.status == 503) {
        # The database is down: never cache the designed 503; a stale copy
        # still in grace is served instead when there is one.
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    # Keep objects past their lifetime, to serve while the servers are down.
    set beresp.grace = 24h;
}

sub vcl_backend_error {
    # No answer at all (connection refused, timed out): the other server.
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        if (beresp.backend) {
            set bereq.http.X-Failed-Backend = beresp.backend.name;
        }
        return (retry);
    }
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "10";
    set beresp.http.Cache-Control = "no-store";
    if (bereq.url ~ "^/api/") {
        set beresp.http.Content-Type = "application/json";
        synthetic({"{"error": {"code": "unavailable", "message": "The service is temporarily unavailable. Try again shortly.", "param": null}}"});
    } else {
        synthetic({"<!DOCTYPE html><html lang="tg"><head><meta charset="utf-8"><title>Муваққатан дастнорас · Временно недоступно</title></head><body><h1>Муваққатан дастнорас</h1><p>Лутфан баъд аз чанд сония боз кӯшиш кунед.</p><h1 lang="ru">Временно недоступно</h1><p lang="ru">Пожалуйста, повторите попытку через несколько секунд.</p></body></html>"});
    }
    set beresp.status = 503;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Cache-Host;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
