#!/usr/bin/env bash
# How soon a publish and a withdrawal show through the nginx micro-cache
# (`make start-edge`), with a reader fetching the front page every 50 ms.
# Uses its own SQLite database and cache under .bench/, never the demo's.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .bench
export DEBUG=1 DATABASE_URL="sqlite:///$PWD/.bench/edge-freshness.sqlite3"
export CACHE_DIR="$PWD/.bench/edge-freshness-cache" MEDIA_ROOT="$PWD/.bench/edge-freshness-media"
PORT="${PORT:-8300}" EDGE_PORT="${EDGE_PORT:-8380}"
FRONT="http://127.0.0.1:$EDGE_PORT/"
manage() { .venv/bin/python manage.py shell -v 0 -c "$1" 2>/dev/null | tail -n 1; }
trap '[ -n "${reader:-}" ] && kill "$reader" 2>/dev/null; make -s stop-edge PORT=$PORT EDGE_PORT=$EDGE_PORT >/dev/null 2>&1 || true' EXIT

make -s start-edge PORT="$PORT" EDGE_PORT="$EDGE_PORT"
slug=$(manage "from articles.models import Article
print(Article.objects.filter(state='in_review').values_list('slug', flat=True).first() or '')")
[ -n "$slug" ] || { echo "No piece in review left to publish: rm -r .bench/edge-freshness*" >&2; exit 1; }

( while true; do curl -s -o /dev/null "$FRONT"; sleep 0.05; done ) &
reader=$!
take() {  # take(transition, note): take it as the demo editor, then time until the front page agrees
    manage "from articles import workflow
from articles.models import Article
from django.contrib.auth import get_user_model
workflow.transition(Article.objects.get(slug='$slug'), '$1', by=get_user_model().objects.get(username='editor'), note='$2')"
    local start=$(date +%s.%N)
    while [ "$(curl -s "$FRONT" | grep -c "$slug" || true)" "$3" 0 ]; do sleep 0.05; done
    echo "$1: the front page through nginx agreed after $(echo "$(date +%s.%N) - $start" | bc) s"
}
take publish "" -eq
take withdraw "Measuring the edge cache." -gt
kill "$reader"
