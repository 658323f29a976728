# Varnish in front of Newsroom: keeps anonymous pages for hours, until the app
# purges what changed.
#
# The app tags every page it lets an edge keep with the names of what it shows
# (an `xkey` header: `article:42 front section:3 feeds …`, see articles/cache.py)
# and a `Surrogate-Control: max-age=…` capped at the next scheduled time.
# A change sends one PURGE naming the changed keys (ops/edge.py): `xkey-purge`
# for a withdrawal or a take-down (the pages go at once), `xkey-softpurge`
# otherwise (the next request renders the page again while others still get
# the previous copy for a moment). Needs Debian's varnish and varnish-modules.
#
# Production: the app on 127.0.0.1:8000, Varnish on :80 or behind TLS, and
# EDGE_PURGE_URLS=http://127.0.0.1:80/ in the app's environment.
# `make serve-varnish` runs this file on this checkout (deploy/edge.sh).
vcl 4.1;

import std;
import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app's own servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        } elsif (req.http.xkey-softpurge) {
            set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "Name the keys in xkey-purge or xkey-softpurge"));
        }
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # People at work, and health checks, always reach the app.
    if (req.url ~ "^/(admin|desk|accounts|share|inbox)/" || req.url ~ "^/(healthz|readyz)") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Anonymous readers: public pages read no cookie and set none.
    unset req.http.Cookie;
    # Only the query parameters the app's pages read make an entry of their
    # own (as articles/cache.py keys its pages), so `?utm_source=…` or a
    # random parameter gets the page already kept.
    if (req.url ~ "\?") {
        set req.url = std.querysort(req.url);
        set req.url = regsuball(req.url, "([?&])(?!(q|section|page|p)=)[^&]*", "\1");
        set req.url = regsuball(req.url, "&{2,}", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (bereq.url ~ "^/static/") {
        # Hashed names with far-future Cache-Control: Varnish's own rules.
        return (deliver);
    }
    if (beresp.http.Set-Cookie || !beresp.http.Surrogate-Control
            || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        # Not for the edge (redirects, 404s, private pages): ask the app each time.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    set beresp.ttl = std.duration(
        regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1s"), 0s);
    if (beresp.http.Surrogate-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Surrogate-Control,
                "^.*stale-while-revalidate=([0-9]+).*$", "\1s"), 0s);
    } else {
        # Capped at a scheduled time: nothing of it may be served past that.
        set beresp.grace = 0s;
    }
    set beresp.keep = 0s;
    unset beresp.http.Surrogate-Control;
    return (deliver);
}

sub vcl_deliver {
    set resp.http.X-Edge = "MISS";
    if (obj.hits > 0) {
        set resp.http.X-Edge = "HIT";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
