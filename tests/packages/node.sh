#!/usr/bin/env bash
# The Node client as its users get it: `npm pack` makes the tarball (the proto copied in by
# `prepare`, never committed), a fresh project installs it with a plain `npm install
# ./latchkey-x.y.z.tgz`, and there the package's test suite (require and import), its TypeScript
# checks (CommonJS and ES module faces, tsc --strict) and a user's ES module run against the
# installed copy and a live latchkeyd ($LATCHKEYD).
source "$(dirname "$0")/common.sh"
quiet=(--no-audit --no-fund --loglevel=error)

tarball="$(cd "$root/clients/node" && npm pack --silent --pack-destination "$work")"
tarball="$work/${tarball##*$'\n'}"
echo "packed ${tarball##*/}"
listing="$(tar -tzf "$tarball")"
for wanted in package/index.mjs package/index.d.ts package/index.d.mts package/lib/app.d.ts \
    package/proto/latchkey/v1/latchkey.proto package/types/services.d.ts; do
    grep -qx "$wanted" <<<"$listing" || { echo "the tarball lacks ${wanted#package/}"; exit 1; }
done
if grep -q '^package/\(test\|scripts\|node_modules\)/' <<<"$listing"; then
    echo "the tarball carries development files:"; grep '^package/\(test\|scripts\|node_modules\)/' <<<"$listing"; exit 1
fi

# The declarations each resolution mode finds (node10, node16 from CommonJS and from ES modules,
# bundlers) describe the module it loads: arethetypeswrong, as a library's users would check it.
(cd "$work" && npx --yes @arethetypeswrong/cli@0.18 --format ascii "$tarball" >"$work/attw.txt" 2>&1) \
    || { cat "$work/attw.txt"; exit 1; }
echo "arethetypeswrong: no problems in any resolution mode"

project="$work/project"
mkdir -p "$project"
cd "$project"
npm init -y >/dev/null
npm pkg set type=module >/dev/null
npm install "${quiet[@]}" "$tarball"
npm install "${quiet[@]}" --save-dev typescript@5 @types/node@20

# The package's suite, from the project: every require('latchkey') and import is the installed copy.
cp -r "$root/clients/node/test" "$project/suite"
printf '{"type": "commonjs"}\n' >"$project/suite/package.json"
(cd "$project/suite" && LATCHKEY_BEHAVIOUR="$root/clients/behaviour.json" node --test ./*.test.js ./*.test.mjs)
echo "the test suite passes against the installed package"
(cd "$project/suite" && npx tsc -p tsconfig.json)
echo "its TypeScript checks pass against the installed declarations"

# A user's ES module (this project is "type": "module").
cat >"$project/user.js" <<'EOF'
import { App, Client, Credentials } from 'latchkey';
const client = new Client(process.argv[2]);
const user = await new App({ client }).logIn(Credentials.anonymous());
const token = await client.token();
console.log(user.id && token ? 'ok' : 'missing');
client.close();
EOF
start_daemon
[[ "$(node "$project/user.js" "$work/latchkeyd.sock")" == ok ]]
echo "a user's ES module logs in and gets a token through the installed package"
