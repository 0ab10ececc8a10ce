#!/usr/bin/env bash
# The Debian package under a real systemd (`./.ci/run` runs it): a Debian 12 container booted
# by systemd-nspawn (facts in the team's systemd-container notes), the package installed in it,
# latchkeyd.socket started, and through socket activation: a login against an emulator in the
# container, tokens from the CLI as root and as an ordinary user, READY=1 and STATUS= seen by
# systemd, the seal key taken from LoadCredential=, the sessions kept across
# `systemctl restart latchkeyd`, `systemctl stop` within its timeout, and the unit's exposure
# score inside. Needs root, debootstrap and systemd-nspawn; says SKIPPED where nspawn cannot
# run. The container's root is made once and kept in $LATCHKEY_NSPAWN_CACHE
# (/var/cache/latchkey-nspawn); it is never changed (--volatile=overlay).
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "systemd test: $*" >&2; exit 1; }
check() { printf '  ok  %s\n' "$*"; }
skip() { echo "SKIPPED: systemd test: $*"; exit 0; }

[ "$(id -u)" = 0 ] || skip "needs root"
command -v systemd-nspawn >/dev/null || skip "no systemd-nspawn (Debian package systemd-container)"
command -v debootstrap >/dev/null || skip "no debootstrap"

cache=${LATCHKEY_NSPAWN_CACHE:-/var/cache/latchkey-nspawn}
# The packages the container needs besides the base: our dependencies (no network inside).
root=$cache/bookworm-ca
if [ ! -x "$root/usr/lib/systemd/systemd" ]; then
    mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1)
    mirror=${mirror:-http://deb.debian.org/debian}
    mkdir -p "$cache"
    rm -rf "$root.new"
    debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,adduser,ca-certificates bookworm \
        "$root.new" "$mirror" >"$cache/debootstrap.log" 2>&1 \
        || skip "debootstrap failed (see $cache/debootstrap.log)"
    mv "$root.new" "$root"
fi
deb=$(ls -t "$PWD"/target/debian/latchkey_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "no package: run packaging/build-deb first"

name=latchkey-test-$$
debs=$(dirname "$deb")
nspawn_pid=
cleanup() {
    if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
        kill -TERM "$nspawn_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
        kill -TERM "$nspawn_pid" 2>/dev/null || true
        wait "$nspawn_pid" 2>/dev/null || true
    fi
    for hierarchy in unified systemd; do
        rmdir "/sys/fs/cgroup/$hierarchy/$name" 2>/dev/null || true
    done
    rm -rf "/run/systemd/nspawn/propagate/$name" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nspawn in a cgroup of its own (else it makes its groups at the hierarchies' roots).
(
    for hierarchy in unified systemd; do
        if [ -d "/sys/fs/cgroup/$hierarchy" ]; then
            mkdir -p "/sys/fs/cgroup/$hierarchy/$name"
            echo "$BASHPID" > "/sys/fs/cgroup/$hierarchy/$name/cgroup.procs"
        fi
    done
    exec systemd-nspawn -q -D "$root" --machine="$name" --boot --register=no --keep-unit \
        --console=read-only --volatile=overlay --private-network \
        --bind-ro="$debs:/mnt/debs" </dev/null >"$cache/$name.console" 2>&1
) &
nspawn_pid=$!

# The container's PID 1 is nspawn's child.
container=
for _ in $(seq 100); do
    container=$(pgrep -P "$nspawn_pid" 2>/dev/null | head -n 1 || true)
    [ -n "$container" ] && break
    kill -0 "$nspawn_pid" 2>/dev/null || skip "systemd-nspawn cannot run here: $(tail -n 3 "$cache/$name.console")"
    sleep 0.1
done
[ -n "$container" ] || skip "the container did not start"
inside() { nsenter -t "$container" -a -- "$@"; }
state=
for _ in $(seq 100); do
    state=$(inside systemctl is-system-running 2>/dev/null || true)
    case $state in running|degraded) break ;; esac
    sleep 0.1
done
case $state in running|degraded) ;; *) fail "the container's systemd did not come up ($state)" ;; esac
check "Debian 12 booted under systemd-nspawn ($state)"

inside env DEBIAN_FRONTEND=noninteractive dpkg -i "/mnt/debs/$(basename "$deb")" >/dev/null \
    || fail "dpkg -i in the container"
check "the package installed in the container"

# An emulator in the container, and an app on it.
inside systemd-run --quiet --unit=emulator /usr/bin/latchkey-emulator --listen 127.0.0.1:9090 \
    || fail "starting the emulator"
inside sh -c 'cat > /etc/latchkey/latchkeyd.toml' <<'TOML'
[apps.main]
kind = "app-services"
base_url = "http://127.0.0.1:9090"
app_id = "latchkey-dev"
TOML
for _ in $(seq 50); do
    inside sh -c 'exec 3<>/dev/tcp/127.0.0.1/9090' 2>/dev/null && break
    sleep 0.1
done
inside systemctl start latchkeyd.socket || fail "systemctl start latchkeyd.socket"
[ "$(inside systemctl is-active latchkeyd.service || true)" != active ] \
    || fail "the service ran before any connection"
check "latchkeyd.socket listening, the service not started yet"

user=$(inside latchkey login anonymous) || fail "login as root: $(inside journalctl -u latchkeyd --no-pager | tail -n 5)"
root_id=$(cut -f2 <<<"$user")
token=$(inside latchkey token) || fail "token as root"
[ "$(tr -cd . <<<"$token" | wc -c)" = 2 ] || fail "root's token is not a JWT: $token"
check "socket activation: root logged in ($root_id) and got a token"
[ "$(inside systemctl is-active latchkeyd.service)" = active ] || fail "the service is not active"
inside useradd --create-home alice
alice=$(inside runuser -u alice -- latchkey login anonymous) || fail "login as alice"
alice_token=$(inside runuser -u alice -- latchkey token) || fail "token as alice"
[ "$alice_token" != "$token" ] || fail "alice got root's token"
[ "$(cut -f2 <<<"$alice")" != "$root_id" ] || fail "alice got root's user"
check "an ordinary user (alice) logged in and got a token of her own"

status=$(inside systemctl show -p StatusText --value latchkeyd.service)
[ -n "$status" ] || fail "no STATUS= reached systemd"
check "STATUS= reached systemd: $status"
[ "$(inside systemctl show -p Type --value latchkeyd.service)" = notify ] || fail "not Type=notify"
check "READY=1 reached systemd (Type=notify service active)"
main_pid=$(inside systemctl show -p MainPID --value latchkeyd.service)
credentials=$(inside sh -c "tr '\\0' '\\n' < /proc/$main_pid/environ" | sed -n 's/^CREDENTIALS_DIRECTORY=//p')
[ -n "$credentials" ] || fail "the service has no CREDENTIALS_DIRECTORY"
inside test -e /var/lib/latchkey/seal-key && fail "the daemon made its own seal key: LoadCredential= was not used"
check "the seal key came from LoadCredential= ($credentials/seal-key; none made in /var/lib/latchkey)"

inside systemctl restart latchkeyd.service || fail "systemctl restart latchkeyd"
again=$(inside latchkey whoami) || fail "whoami after the restart"
[ "$(cut -f2 <<<"$again")" = "$root_id" ] || fail "root's session did not survive the restart: $again"
inside runuser -u alice -- latchkey token >/dev/null || fail "alice's token after the restart"
check "sessions survive systemctl restart latchkeyd"

# The metrics socket the unit owns, as packaged (a Unix socket of group latchkey): passed to the
# daemon by name beside the gRPC socket, and still there after the daemon restarts (it is
# systemd's, not the daemon's, to remove). systemd starts no socket unit whose service already
# runs: stop the daemon first (at boot, sockets.target comes before it).
inside systemctl stop latchkeyd.service || fail "systemctl stop latchkeyd.service"
inside systemctl start latchkeyd-metrics.socket || fail "systemctl start latchkeyd-metrics.socket"
inside systemctl start latchkeyd.service || fail "start with the metrics socket"
inside latchkey token >/dev/null || fail "a token beside the metrics socket"
inside journalctl -u latchkeyd.service --no-pager | grep -q 'serving metrics.*listen=/run/latchkey/metrics.sock' \
    || fail "the daemon did not take the metrics socket: $(inside journalctl -u latchkeyd.service --no-pager | tail -n 5)"
[ "$(inside stat -c '%F %a %G' /run/latchkey/metrics.sock)" = "socket 660 latchkey" ] \
    || fail "metrics socket: $(inside stat -c '%F %a %G' /run/latchkey/metrics.sock)"
inside systemctl restart latchkeyd.service || fail "restart with the metrics socket"
inside test -S /run/latchkey/metrics.sock || fail "the daemon removed systemd's metrics socket"
check "latchkeyd-metrics.socket: passed by name (0660, group latchkey), kept across a restart, gRPC served beside it"
# The same on TCP through a drop-in, so that bash can scrape it.
inside systemctl stop latchkeyd.service latchkeyd-metrics.socket
inside mkdir -p /etc/systemd/system/latchkeyd-metrics.socket.d
inside sh -c 'printf "[Socket]\nListenStream=\nListenStream=127.0.0.1:9464\n" > /etc/systemd/system/latchkeyd-metrics.socket.d/tcp.conf'
inside systemctl daemon-reload
inside systemctl start latchkeyd-metrics.socket || fail "systemctl start latchkeyd-metrics.socket (TCP)"
inside systemctl start latchkeyd.service || fail "start with the TCP metrics socket"
scrape=$(inside bash -c 'exec 3<>/dev/tcp/127.0.0.1/9464; printf "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" >&3; timeout 10 cat <&3') \
    || fail "scraping the metrics socket"
grep -q '^latchkey_sessions{app="main",state="logged_in"} 2' <<<"$scrape" \
    || fail "the metrics socket's scrape: $(head -c 400 <<<"$scrape")"
check "the metrics socket scraped: both users' sessions counted"
inside systemctl stop latchkeyd-metrics.socket

timeout_stop=$(inside systemctl show -p TimeoutStopUSec --value latchkeyd.service)
started=$(date +%s%N)
inside systemctl stop latchkeyd.service latchkeyd.socket || fail "systemctl stop"
took_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[ "$(inside systemctl is-active latchkeyd.service || true)" = inactive ] || fail "still active after stop"
result=$(inside systemctl show -p Result --value latchkeyd.service)
[ "$result" = success ] || fail "stopped with Result=$result (timeout $timeout_stop)"
check "systemctl stop: inactive after ${took_ms} ms (TimeoutStopSec $timeout_stop), Result=success"

score=$(inside systemd-analyze security latchkeyd.service 2>/dev/null | sed -n 's/.*Overall exposure level for latchkeyd.service: \([0-9.]*\).*/\1/p')
check "exposure score inside the container: ${score:-unknown}"
failed=$(inside journalctl -u latchkeyd --no-pager -p err 2>/dev/null | grep -v -- '-- ' || true)
[ -z "$failed" ] || fail "errors in the daemon's journal: $failed"
echo "systemd test: passed"
