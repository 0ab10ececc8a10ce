#!/usr/bin/env python3
"""Log in anonymously through latchkeyd and print an access token, from Python with grpcio.

The gRPC stubs are generated from ../../proto at start-up (grpcio-tools), so the example
always matches the daemon's contract.

Usage: python3 client.py [--socket PATH] [--app NAME]
"""

import argparse
import importlib
import os
import sys
import tempfile

import grpc
from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.join(HERE, "..", "..", "proto")


def load_stubs():
    """Generates latchkey_pb2 / latchkey_pb2_grpc into a temporary directory and imports them."""
    out = tempfile.mkdtemp(prefix="latchkey-py-")
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    status = protoc.main([
        "protoc",
        f"-I{PROTO_ROOT}",
        f"-I{well_known}",
        f"--python_out={out}",
        f"--grpc_python_out={out}",
        "latchkey/v1/latchkey.proto",
    ])
    if status != 0:
        sys.exit("protoc failed")
    sys.path.insert(0, out)
    pb2 = importlib.import_module("latchkey.v1.latchkey_pb2")
    pb2_grpc = importlib.import_module("latchkey.v1.latchkey_pb2_grpc")
    return pb2, pb2_grpc


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--socket", default=os.environ.get("LATCHKEY_SOCKET", "/run/latchkey/latchkeyd.sock"))
    parser.add_argument("--app", default="")
    args = parser.parse_args()

    pb2, pb2_grpc = load_stubs()
    # grpcio sends the socket path as :authority, which the daemon's HTTP/2 server rejects:
    # name a plain authority instead.
    channel = grpc.insecure_channel(
        f"unix://{args.socket}", options=[("grpc.default_authority", "localhost")]
    )
    sessions = pb2_grpc.SessionsStub(channel)
    user = sessions.LogIn(pb2.LogInRequest(
        app=args.app,
        credentials=pb2.Credentials(anonymous=pb2.AnonymousCredential()),
    ))
    print(f"logged in as {user.id} ({user.provider_type})", file=sys.stderr)
    token = sessions.GetAccessToken(pb2.GetAccessTokenRequest(app=args.app))
    print(token.token)


if __name__ == "__main__":
    main()
