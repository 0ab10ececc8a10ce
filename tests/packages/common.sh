# What the package checks share (sourced): the repository's root, the daemon binary
# ($LATCHKEYD, else the debug build), a work directory removed on exit, and a live daemon.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${LATCHKEYD:=$root/target/debug/latchkeyd}"
export LATCHKEYD
work="$(mktemp -d)"
daemon=""
trap '[[ -n "$daemon" ]] && kill "$daemon" 2>/dev/null; rm -rf "$work"' EXIT

# Starts `latchkeyd --dev` on $work/latchkeyd.sock and returns once its socket is there (10 s
# at most, else the daemon's log and a failure).
start_daemon() {
    "$LATCHKEYD" --dev --dev-listen 127.0.0.1:0 --socket "$work/latchkeyd.sock" >"$work/daemon.log" 2>&1 &
    daemon=$!
    local deadline=$((SECONDS + 10))
    until [[ -S "$work/latchkeyd.sock" ]]; do
        if ((SECONDS >= deadline)) || ! kill -0 "$daemon" 2>/dev/null; then
            cat "$work/daemon.log"
            echo "latchkeyd did not open its socket"
            exit 1
        fi
        sleep 0.05
    done
}
