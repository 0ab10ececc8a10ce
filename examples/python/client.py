#!/usr/bin/env python3
"""Log in anonymously through latchkeyd and print an access token, with the `latchkey` package
(`pip install ./clients/python`).

Usage: python3 client.py [--socket PATH] [--app NAME]
"""

import argparse
import sys

import latchkey
from latchkey import pb


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--socket", help="default: where the latchkey CLI looks")
    parser.add_argument("--app", help="default: the daemon's default app")
    args = parser.parse_args()

    client = latchkey.Client(args.socket)
    try:
        user = client.sessions.LogIn(pb.LogInRequest(
            app=args.app or "", credentials=pb.Credentials(anonymous=pb.AnonymousCredential())))
        print(f"logged in as {user.id} ({user.provider_type})", file=sys.stderr)
        print(client.token(app=args.app))
    except latchkey.LatchkeyError as err:
        sys.exit(f"latchkey example: {err}")


if __name__ == "__main__":
    main()
