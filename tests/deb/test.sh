#!/usr/bin/env bash
# The Debian package on this machine, from install to purge (`./.ci/run` runs it): built from
# the debug binaries `cargo test` made, installed with `dpkg -i`, its files checked where the
# units expect them, the installed units verified by `systemd-analyze verify`, then `dpkg -r`
# (the conffile stays) and `dpkg -P` (nothing of it stays). Needs root; says SKIPPED otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "deb test: $*" >&2; exit 1; }
check() { printf '  ok  %s\n' "$*"; }

if [ "$(id -u)" != 0 ]; then
    echo "SKIPPED: the package test installs with dpkg -i and needs root"
    exit 0
fi
if dpkg-query -W -f='${Status}' latchkey 2>/dev/null | grep -q installed; then
    fail "a latchkey package is already installed on this machine; not touching it"
fi

packaging/build-deb --profile dev >/dev/null
deb=$(ls -t target/debian/latchkey_*.deb | head -n 1)
[ -f "$deb" ] || fail "no package was built"
check "built $deb ($(du -h "$deb" | cut -f1))"

cleanup() { dpkg -P latchkey >/dev/null 2>&1 || true; }
trap cleanup EXIT

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./usr/bin/latchkeyd ./usr/bin/latchkey ./usr/bin/latchkey-emulator \
    ./usr/bin/git-credential-latchkey ./usr/share/man/man1/git-credential-latchkey.1.gz \
    ./usr/lib/systemd/system/latchkeyd.service ./usr/lib/systemd/system/latchkeyd.socket \
    ./usr/lib/systemd/system/latchkeyd-metrics.socket \
    ./usr/lib/systemd/user/latchkeyd.service ./usr/lib/systemd/user/latchkeyd.socket \
    ./usr/lib/systemd/user/latchkey-notify.service \
    ./usr/lib/sysusers.d/latchkey.conf ./etc/latchkey/latchkeyd.toml \
    ./usr/share/man/man1/latchkey.1.gz ./usr/share/man/man1/latchkey-token.1.gz \
    ./usr/share/man/man8/latchkeyd.8.gz ./usr/share/man/man1/latchkey-emulator.1.gz \
    ./usr/share/bash-completion/completions/latchkey ./usr/share/zsh/vendor-completions/_latchkey \
    ./usr/share/fish/vendor_completions.d/latchkey.fish ./usr/share/doc/latchkey/README.md; do
    grep -qxF "$path" <<<"$contents" || fail "the package lacks $path"
done
check "the package holds the binaries, units, sysusers file, conffile, man pages, completions, README"
dpkg-deb -f "$deb" Conffiles 2>/dev/null | grep -q /etc/latchkey/latchkeyd.toml \
    || dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/latchkey/latchkeyd.toml \
    || fail "/etc/latchkey/latchkeyd.toml is not a conffile"
check "/etc/latchkey/latchkeyd.toml is a conffile"

DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >/dev/null || fail "dpkg -i failed"
check "dpkg -i"
files=$(dpkg -L latchkey)

getent passwd latchkey >/dev/null || fail "no system user latchkey"
check "system user latchkey (uid $(id -u latchkey))"
[ "$(stat -c '%a %U' /etc/latchkey/seal-key)" = "600 root" ] || fail "seal key: $(stat -c '%a %U' /etc/latchkey/seal-key)"
[ "$(stat -c '%s' /etc/latchkey/seal-key)" = 32 ] || fail "the seal key is not 32 bytes"
check "seal key /etc/latchkey/seal-key: 32 bytes, root, 0600 (LoadCredential= source)"
for unit in /usr/lib/systemd/system/latchkeyd.service /usr/lib/systemd/user/latchkeyd.service; do
    exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit")
    [ -x "$exec_start" ] || fail "$unit: ExecStart=$exec_start is not installed"
done
grep -q '^LoadCredential=seal-key:/etc/latchkey/seal-key$' /usr/lib/systemd/system/latchkeyd.service \
    || fail "the service does not load the seal key the package made"
check "the units' ExecStart=/usr/bin/latchkeyd and LoadCredential= source exist"
verify=$(systemd-analyze verify /usr/lib/systemd/system/latchkeyd.socket \
    /usr/lib/systemd/system/latchkeyd-metrics.socket \
    /usr/lib/systemd/system/latchkeyd.service 2>&1) || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify: $verify"
check "systemd-analyze verify latchkeyd.socket latchkeyd-metrics.socket latchkeyd.service"
for unit in latchkeyd.service latchkeyd.socket latchkeyd-metrics.socket; do
    state=$(systemctl is-enabled "$unit" 2>/dev/null || true)
    case $state in enabled*) fail "$unit is enabled by the package" ;; esac
done
check "nothing enabled"
man -w latchkeyd >/dev/null && man -w latchkey-token >/dev/null || fail "man does not find the pages"
check "man latchkeyd, man latchkey-token"
[ "$(/usr/bin/latchkey --version)" = "latchkey $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)" ] \
    || fail "latchkey --version: $(/usr/bin/latchkey --version)"
set +e
# git finds the helper on PATH by its name; `store` does nothing and says nothing.
[ -z "$(printf 'protocol=https\nhost=git.example\n\n' | git-credential-latchkey store)" ] \
    || fail "git-credential-latchkey store answered something"
refused=$(/usr/bin/latchkeyd --config /etc/latchkey/latchkeyd.toml 2>&1)
code=$?
set -e
[ "$code" = 64 ] && grep -q "no app configured" <<<"$refused" \
    || fail "the default configuration should be refused until an app is added (exit $code: $refused)"
check "the default configuration parses and asks for an app (exit 64)"

dpkg -r latchkey >/dev/null || fail "dpkg -r failed"
[ ! -e /usr/bin/latchkeyd ] || fail "dpkg -r left /usr/bin/latchkeyd"
[ -f /etc/latchkey/latchkeyd.toml ] || fail "dpkg -r removed the conffile"
check "dpkg -r: binaries gone, conffile kept"

dpkg -P latchkey >/dev/null || fail "dpkg -P failed"
left=""
while IFS= read -r path; do
    [ -n "$path" ] || continue
    # Directories the package shares with the system stay.
    if [ -e "$path" ] && [ ! -d "$path" ]; then left="$left $path"; fi
done <<<"$files"
for path in /etc/latchkey /var/lib/latchkey /run/latchkey; do
    [ ! -e "$path" ] || left="$left $path"
done
[ -z "$left" ] || fail "dpkg -P left:$left"
check "dpkg -P: no file of the package, no /etc/latchkey, no /var/lib/latchkey"
trap - EXIT
echo "deb test: passed"
