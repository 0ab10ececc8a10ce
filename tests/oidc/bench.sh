#!/usr/bin/env bash
# The bench's OIDC mode against the test provider (tests/oidc/provider.mjs), with oidc-agent set
# up headlessly on the same provider and measured side by side when it is installed (Debian
# packages oidc-agent-cli, and liboidc-agent-dev for the library round trip).
#
#   tests/oidc/bench.sh [--quick] [more latchkey-bench arguments]
#
# The bench binary is `cargo run --release --bin latchkey-bench` unless LATCHKEY_BENCH names one
# (the CI smoke run uses the debug build). Needs `npm ci --prefix tests/oidc` done.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
provider=""
cleanup() {
    if [[ -n ${OIDCD_PID:-} ]]; then kill "$OIDCD_PID" 2>/dev/null || true; fi
    if [[ -n $provider ]]; then kill "$provider" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
node "$here/provider.mjs" --port "$port" --access-ttl 300 >"$work/provider.log" 2>&1 &
provider=$!
for _ in $(seq 100); do
    grep -q '^listening ' "$work/provider.log" && break
    kill -0 "$provider" 2>/dev/null || { cat "$work/provider.log" >&2; exit 1; }
    sleep 0.1
done
grep -q '^listening ' "$work/provider.log" || { echo "the provider did not start" >&2; exit 1; }
issuer="http://127.0.0.1:$port"
(umask 077 && printf %s latchkey-test-secret >"$work/client-secret")

LATCHKEY_BENCH_REFRESH_TOKEN=$(node "$here/refresh-token.mjs" "$issuer" latchkey-user)
export LATCHKEY_BENCH_REFRESH_TOKEN

agent=()
if command -v oidc-agent >/dev/null && command -v oidc-gen >/dev/null && command -v oidc-token >/dev/null; then
    # The agent's configuration and account file stay in the scratch directory.
    mkdir -m 700 "$work/home"
    export OIDC_CONFIG_DIR="$work/home/oidc-agent"
    eval "$(HOME="$work/home" oidc-agent -a "$work/agent.sock" --no-autoreauthenticate)" >/dev/null
    OIDC_REFRESH_TOKEN=$(node "$here/refresh-token.mjs" "$issuer" agent-user) \
    OIDC_ENCRYPTION_PW=bench-only-password \
        HOME="$work/home" oidc-gen bench --iss="$issuer/" --client-id=latchkey \
        --client-secret=latchkey-test-secret --scope="openid offline_access" \
        --rt-env --pw-env --confirm-default --prompt=none --no-url-call </dev/null >"$work/oidc-gen.log" 2>&1 \
        || { cat "$work/oidc-gen.log" >&2; exit 1; }
    agent=(--oidc-agent bench)
    if [[ -f /usr/include/oidc-agent/api.h ]] && command -v cc >/dev/null; then
        cc -O2 -o "$work/agent-probe" "$here/agent-probe.c" -loidc-agent
        agent+=(--agent-probe "$work/agent-probe")
    else
        echo "bench.sh: liboidc-agent-dev or cc missing: no library round trip" >&2
    fi
else
    echo "bench.sh: oidc-agent not installed (apt-get install oidc-agent-cli): the daemon alone" >&2
fi

if [[ -n ${LATCHKEY_BENCH:-} ]]; then
    bench=("$LATCHKEY_BENCH")
else
    bench=(cargo run --quiet --release --manifest-path "$root/Cargo.toml" --bin latchkey-bench --)
fi
"${bench[@]}" --oidc "$issuer" --client-secret-file "$work/client-secret" "${agent[@]}" "$@"
