#!/usr/bin/env python3
"""Regenerates the committed stubs in latchkey/v1 from the repository's proto/ with the pinned
grpcio-tools (the `test` extra installs it). With --check, generates into a temporary directory
and fails when they differ from the committed ones: the suite runs it, so the package never
drifts from the contract."""

import filecmp
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.join(HERE, "..", "..", "proto")
PROTO = "latchkey/v1/latchkey.proto"
STUBS = ["latchkey_pb2.py", "latchkey_pb2.pyi", "latchkey_pb2_grpc.py"]
GRPCIO_TOOLS = "1.85.1"


def generate(into):
    import grpc_tools
    from grpc_tools import protoc

    version = getattr(grpc_tools, "__version__", None)
    if version is None:
        from importlib.metadata import version as installed

        version = installed("grpcio-tools")
    if version != GRPCIO_TOOLS:
        sys.exit(f"the stubs are made with grpcio-tools {GRPCIO_TOOLS}, not {version}: "
                 f"pip install grpcio-tools=={GRPCIO_TOOLS}")
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    status = protoc.main(["grpc_tools.protoc", f"-I{PROTO_ROOT}", f"-I{well_known}",
                          f"--python_out={into}", f"--pyi_out={into}", f"--grpc_python_out={into}",
                          PROTO])
    if status != 0:
        sys.exit(f"protoc failed ({status})")
    return os.path.join(into, "latchkey", "v1")


def main():
    committed = os.path.join(HERE, "latchkey", "v1")
    if "--check" not in sys.argv:
        with tempfile.TemporaryDirectory() as scratch:
            made = generate(scratch)
            for stub in STUBS:
                shutil.copyfile(os.path.join(made, stub), os.path.join(committed, stub))
        return
    with tempfile.TemporaryDirectory() as scratch:
        made = generate(scratch)
        stale = [stub for stub in STUBS
                 if not filecmp.cmp(os.path.join(made, stub), os.path.join(committed, stub), shallow=False)]
    if stale:
        sys.exit(f"clients/python/latchkey/v1 is out of date with proto/ ({', '.join(stale)}): "
                 "run clients/python/generate_stubs.py")
    print("clients/python: the stubs match proto/")


if __name__ == "__main__":
    main()
