#!/usr/bin/env bash
# nginx (deploy/nginx.conf) on 127.0.0.1:$EDGE_PORT in front of `make serve`
# on 127.0.0.1:$PORT, for trying the production front on this checkout; with
# FRONT=varnish, Varnish (deploy/varnish.vcl) instead, which keeps pages until
# the app purges them.
#
#   deploy/edge.sh run     both in the foreground; Ctrl-C or SIGTERM stops both
#   deploy/edge.sh start   both in the background, returns once they answer
#   deploy/edge.sh stop    stops what `start` started
#   deploy/edge.sh start-nginx / stop-nginx
#                          only nginx, in front of an app already on $PORT
#                          (the benchmarks use this)
#
# nginx runs on its own: its configuration, pid, logs, cache and temporary
# files live in .edge/ (never the system service or /etc/nginx). So does the
# app's Redis, when redis-server is installed: a private one on a spare port,
# bounded as production's must be (64 MB, least recently used keys evicted,
# nothing saved to disk); without it the app uses its file cache.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EDGE="${EDGE_DIR:-$ROOT/.edge}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
EDGE_PORT="${EDGE_PORT:-8080}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
FRONT="${FRONT:-nginx}"
VARNISHD="${VARNISHD:-$(command -v varnishd || echo /usr/sbin/varnishd)}"
APP_PID="$EDGE/app.pid"
NGINX_PID="$EDGE/nginx.pid"
VARNISH_PID="$EDGE/varnish.pid"
REDIS_PID="$EDGE/redis.pid"

install_nginx() {
    [ -x "$NGINX" ] && return
    echo "Installing nginx (Debian package)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
}

install_varnish() {
    # The xkey module comes with Debian's varnish-modules.
    if [ -x "$VARNISHD" ] && compgen -G "/usr/lib/*/varnish/vmods/libvmod_xkey.so" >/dev/null; then
        return
    fi
    echo "Installing Varnish and its modules (Debian packages)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null
    VARNISHD="$(command -v varnishd || echo /usr/sbin/varnishd)"
}

# deploy/varnish.vcl with this checkout's app address.
render_varnish() {
    mkdir -p "$EDGE/logs" "$EDGE/varnish"
    sed -e "s#\.host = \"127.0.0.1\";#.host = \"$HOST\";#" \
        -e "s#\.port = \"8000\";#.port = \"$PORT\";#" \
        "$ROOT/deploy/varnish.vcl" >"$EDGE/varnish.vcl"
}

start_varnish() {
    # Its working files under .edge/, run as whoever runs this (no jail user).
    "$VARNISHD" -j none -a "$HOST:$EDGE_PORT" -f "$EDGE/varnish.vcl" -n "$EDGE/varnish" \
        -P "$VARNISH_PID" -s malloc,256m >"$EDGE/logs/varnish.log" 2>&1
    wait_for "http://$HOST:$EDGE_PORT/robots.txt" 10 "$VARNISH_PID" || return 1
    echo "Varnish serves http://$HOST:$EDGE_PORT/ in front of http://$HOST:$PORT/."
}

stop_varnish() {
    if is_running "$VARNISH_PID"; then
        kill -TERM "$(cat "$VARNISH_PID")"
        wait_gone "$VARNISH_PID" 10
    fi
    rm -f "$VARNISH_PID"
}

# deploy/nginx.conf with this checkout's paths and ports, inside a main
# configuration that keeps every file nginx writes under .edge/.
render_config() {
    mkdir -p "$EDGE/logs" "$EDGE/cache" "$EDGE/tmp"
    sed -e "s#/srv/newsroom/#$ROOT/#g" \
        -e "s#/var/cache/nginx/newsroom#$EDGE/cache#g" \
        -e "s#/var/log/nginx/#$EDGE/logs/#g" \
        -e "s#server 127.0.0.1:8000;#server $HOST:$PORT;#" \
        -e "s#^\(\s*\)listen 80;#\1listen $HOST:$EDGE_PORT;#" \
        -e "/listen \[::\]:80;/d" \
        -e "s#server_name news.example.org;#server_name $HOST localhost;#" \
        "$ROOT/deploy/nginx.conf" >"$EDGE/newsroom.conf"
    local user_line=""
    # Run as root, nginx would hand requests to "nobody"; the checkout's owner
    # can read its static and media files.
    if [ "$(id -u)" = 0 ]; then
        user_line="user $(stat -c %U "$ROOT") $(stat -c %G "$ROOT");"
    fi
    cat >"$EDGE/nginx.conf" <<EOF
# Made by deploy/edge.sh from deploy/nginx.conf; edit that file instead.
$user_line
worker_processes 1;
pid $NGINX_PID;
error_log $EDGE/logs/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log $EDGE/logs/access.log;
    client_body_temp_path $EDGE/tmp/body;
    proxy_temp_path $EDGE/tmp/proxy;
    fastcgi_temp_path $EDGE/tmp/fastcgi;
    uwsgi_temp_path $EDGE/tmp/uwsgi;
    scgi_temp_path $EDGE/tmp/scgi;
    include $EDGE/newsroom.conf;
}
EOF
    "$NGINX" -t -q -p "$EDGE" -e "$EDGE/logs/error.log" -c "$EDGE/nginx.conf"
}

is_running() {
    [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Wait up to $2 seconds for the process in pid file $1 to end.
wait_gone() {
    for _ in $(seq 1 $(($2 * 4))); do
        is_running "$1" || return 0
        sleep 0.25
    done
}

wait_for() {
    local url="$1" seconds="$2" pidfile="$3"
    for _ in $(seq 1 $((seconds * 4))); do
        if curl -fsS -o /dev/null "$url" 2>/dev/null; then
            return 0
        fi
        if ! is_running "$pidfile"; then
            echo "It stopped before answering at $url; see $EDGE/logs/." >&2
            return 1
        fi
        sleep 0.25
    done
    echo "Nothing answered at $url after $seconds s; see $EDGE/logs/." >&2
    return 1
}

spare_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Sets REDIS_URL for the app when it starts a Redis of its own.
start_redis() {
    command -v redis-server >/dev/null || {
        echo "redis-server is not installed: the app uses its file cache." >&2
        return 0
    }
    local port
    port="$(spare_port)"
    redis-server --bind 127.0.0.1 --port "$port" --maxmemory 64mb \
        --maxmemory-policy allkeys-lru --save '' --appendonly no \
        --daemonize yes --pidfile "$REDIS_PID" --logfile "$EDGE/logs/redis.log"
    for _ in $(seq 1 40); do
        is_running "$REDIS_PID" && break
        sleep 0.05
    done
    REDIS_URL="redis://127.0.0.1:$port/0"
    export REDIS_URL
    # For a command run beside the app against the same cache (the tests).
    echo "$REDIS_URL" >"$EDGE/redis.url"
    echo "Redis (64 MB, allkeys-lru) on $REDIS_URL."
}

stop_redis() {
    if is_running "$REDIS_PID"; then
        kill -TERM "$(cat "$REDIS_PID")"
        wait_gone "$REDIS_PID" 2
    fi
    rm -f "$REDIS_PID"
}

start() {
    if is_running "$APP_PID" || is_running "$NGINX_PID" || is_running "$VARNISH_PID"; then
        echo "Already running; stop it with: deploy/edge.sh stop" >&2
        exit 1
    fi
    if [ "$FRONT" = varnish ]; then
        install_varnish
        render_varnish
        # The app tells Varnish what changed.
        export EDGE_PURGE_URLS="${EDGE_PURGE_URLS:-http://$HOST:$EDGE_PORT/}"
    else
        install_nginx
        render_config
    fi
    start_redis
    # The app in a session of its own, so stopping it ends make, gunicorn and its workers.
    # BEHIND_PROXY / PROXY_COUNT: trust the X-Forwarded-* headers nginx (one proxy) sets.
    # SITE_URL: readers come in through nginx, so absolute URLs name its address.
    BEHIND_PROXY=1 PROXY_COUNT=1 HOST="$HOST" PORT="$PORT" \
        SITE_URL="${SITE_URL:-http://$HOST:$EDGE_PORT}" \
        setsid make -C "$ROOT" --no-print-directory serve >"$EDGE/logs/app.log" 2>&1 &
    echo $! >"$APP_PID"
    echo "Starting the app on http://$HOST:$PORT/ (log: .edge/logs/app.log)..."
    wait_for "http://$HOST:$PORT/robots.txt" 300 "$APP_PID" || { stop; exit 1; }
    if [ "$FRONT" = varnish ]; then
        start_varnish || { stop; exit 1; }
    else
        start_nginx || { stop; exit 1; }
    fi
}

front_pid() {
    if [ "$FRONT" = varnish ]; then echo "$VARNISH_PID"; else echo "$NGINX_PID"; fi
}

start_nginx() {
    "$NGINX" -p "$EDGE" -e "$EDGE/logs/error.log" -c "$EDGE/nginx.conf"
    wait_for "http://$HOST:$EDGE_PORT/robots.txt" 10 "$NGINX_PID" || return 1
    echo "nginx serves http://$HOST:$EDGE_PORT/ in front of http://$HOST:$PORT/."
}

stop_nginx() {
    if is_running "$NGINX_PID"; then
        kill -QUIT "$(cat "$NGINX_PID")"
        wait_gone "$NGINX_PID" 10
    fi
}

stop() {
    stop_nginx
    stop_varnish
    if is_running "$APP_PID"; then
        # The whole session started for the app: make, gunicorn and its workers.
        kill -TERM -- "-$(cat "$APP_PID")" 2>/dev/null || kill -TERM "$(cat "$APP_PID")"
        wait_gone "$APP_PID" 10
    fi
    rm -f "$APP_PID"
    stop_redis
    echo "Stopped the front and the app."
}

run() {
    start
    trap 'trap - INT TERM HUP; stop; exit 0' INT TERM HUP
    echo "Press Ctrl-C to stop both."
    while is_running "$APP_PID" && is_running "$(front_pid)"; do
        # In the background, so a signal is handled at once, not after the sleep.
        sleep 1 &
        wait $! || true
    done
    echo "One of them stopped on its own; stopping the other." >&2
    trap - INT TERM HUP
    stop
    exit 1
}

case "${1:-}" in
    run) run ;;
    start) start ;;
    stop) stop ;;
    start-nginx)
        install_nginx
        render_config
        start_nginx || { stop_nginx; exit 1; }
        ;;
    stop-nginx) stop_nginx ;;
    *)
        echo "usage: deploy/edge.sh run|start|stop|start-nginx|stop-nginx" >&2
        exit 2
        ;;
esac
