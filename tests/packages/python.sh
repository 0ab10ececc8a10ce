#!/usr/bin/env bash
# The Python client as its users get it: `python -m build` makes the wheel and the sdist; each is
# installed into a fresh venv, a user's program is type-checked against the installed package
# (mypy --strict: py.typed and the stubs ship) and so is the installed package itself, and the
# package's test suite runs against the installed copy (not the source tree) and a live
# latchkeyd ($LATCHKEYD). mypy --strict also runs on the package's own source.
source "$(dirname "$0")/common.sh"

python3 -m venv "$work/builder"
"$work/builder/bin/pip" install --quiet --disable-pip-version-check build
# A copy of the package's directory: the build leaves nothing in the checkout.
cp -r "$root/clients/python" "$work/source"
rm -rf "$work/source/build" "$work/source"/*.egg-info
"$work/builder/bin/python" -m build --outdir "$work/dist" "$work/source" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
wheel=("$work"/dist/latchkey-*.whl)
sdist=("$work"/dist/latchkey-*.tar.gz)
echo "built ${wheel[0]##*/} and ${sdist[0]##*/}"

# What a user writes, checked as strictly as a user's CI would.
printf '[mypy]\nstrict = True\n' >"$work/mypy.ini"
cat >"$work/user.py" <<'EOF'
import asyncio

import latchkey
from latchkey import App, Credentials, pb


def sync_use(client: latchkey.Client) -> str:
    user: pb.User = client.sessions.LogIn(pb.LogInRequest(credentials=pb.Credentials(anonymous=pb.AnonymousCredential())))
    answer: pb.AccessToken = client.sessions.GetAccessToken(pb.GetAccessTokenRequest(user_id=user.id))
    listed: pb.ListUsersResponse = client.sessions.ListUsers(pb.ListUsersRequest())
    assert listed.users
    for event in client.watch(snapshot=False):
        kind: str | None = event.WhichOneof("kind")
        print(kind)
        break
    return answer.token


async def async_use(client: latchkey.AsyncClient) -> str:
    status: pb.GetStatusResponse = await client.daemon.GetStatus(pb.GetStatusRequest())
    print(status.version)
    async for event in client.watch():
        seq: int = event.seq
        print(seq)
        break
    return await client.token(min_valid=120)


def realm_use() -> None:
    app = App("dev")
    user = app.log_in(Credentials.anonymous())
    keys: list[pb.ApiKey] = user.api_keys.fetch_all()
    current: latchkey.User | None = app.current_user
    print(keys, current, asyncio)
EOF

for artifact in "${wheel[0]}" "${sdist[0]}"; do
    name="${artifact##*/}"
    venv="$work/venv-${name%%.*}"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$artifact[test,typecheck]"
    installed="$(cd "$work" && "$venv/bin/python" -c 'import latchkey; print(latchkey.__file__)')"
    case "$installed" in
        "$venv"/*) ;;
        *) echo "$name: latchkey imported from $installed, not the venv"; exit 1 ;;
    esac
    (cd "$work" && "$venv/bin/mypy" --strict --no-error-summary user.py)
    echo "$name: a user's program type-checks against the installed package"
    (cd "$work" && "$venv/bin/mypy" --strict --no-error-summary -p latchkey)
    echo "$name: the installed package is mypy --strict clean, with no configuration of ours"
    # The suite from outside the source tree, so that it imports the installed package.
    (cd "$work" && "$venv/bin/python" -m pytest -q -p no:cacheprovider "$root/clients/python/tests")
    echo "$name: the test suite passes against the installed package"
done

(cd "$root/clients/python" && "$venv/bin/mypy" --no-error-summary)
echo "clients/python: mypy --strict clean"
