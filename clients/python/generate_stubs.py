#!/usr/bin/env python3
"""Regenerates the committed stubs in latchkey/v1 from the repository's proto/ with the pinned
grpcio-tools (the `test` extra installs it), and latchkey/_services.py, the typed service classes
the clients expose (every RPC with its request and response types, sync and asyncio). With
--check, generates into a temporary directory and fails when anything differs from the committed
files: the suite runs it, so the package never drifts from the contract."""

import filecmp
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.join(HERE, "..", "..", "proto")
PROTO = "latchkey/v1/latchkey.proto"
STUBS = ["latchkey_pb2.py", "latchkey_pb2.pyi", "latchkey_pb2_grpc.py"]
GENERATED = ["_services.py", "_reasons.py"]
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
    descriptors = os.path.join(into, "latchkey.binpb")
    status = protoc.main(["grpc_tools.protoc", f"-I{PROTO_ROOT}", f"-I{well_known}",
                          f"--python_out={into}", f"--pyi_out={into}", f"--grpc_python_out={into}",
                          f"--descriptor_set_out={descriptors}", "--include_source_info", PROTO])
    if status != 0:
        sys.exit(f"protoc failed ({status})")
    made = os.path.join(into, "latchkey", "v1")
    # What grpcio-tools makes is not annotated for a strict type checker (the service stubs
    # carry no annotations, the message stubs name `Mapping` without its arguments): say so in
    # the files, so that `mypy --strict` on the installed package needs no configuration.
    for stub, directive in (("latchkey_pb2_grpc.py", "# mypy: ignore-errors"),
                            ("latchkey_pb2.pyi", '# mypy: disable-error-code="type-arg"')):
        with open(os.path.join(made, stub)) as generated:
            text = generated.read()
        with open(os.path.join(made, stub), "w") as out:
            out.write(f"{directive}\n{text}")
    with open(os.path.join(made, "_services.py"), "w") as out:
        out.write(services(descriptors))
    with open(os.path.join(made, "_reasons.py"), "w") as out:
        out.write(reasons(descriptors))
    return made


HEADER = f'''# Generated from proto/{PROTO} by generate_stubs.py: do not edit.
"""The daemon's four services as typed classes: every RPC takes its request message and returns
its response message (a stream: an iterator of them), raising `latchkey.LatchkeyError`. The sync
classes are `Client`'s, the `Async` ones `AsyncClient`'s."""

from __future__ import annotations

from typing import AsyncIterator, Iterator, Optional

from ._calls import AsyncCalls, Calls
from .v1 import latchkey_pb2 as pb
'''


def _proto(descriptors):
    """The proto's FileDescriptorProto, and its comments by location path."""
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet()
    with open(descriptors, "rb") as raw:
        fds.ParseFromString(raw.read())
    (proto,) = [f for f in fds.file if f.name == PROTO]
    comments = {tuple(loc.path): loc.leading_comments.strip()
                for loc in proto.source_code_info.location}
    return proto, comments


def _doc(text, indent):
    lines = [line.strip() for line in text.splitlines()] or [""]
    body = ("\n" + indent).join(lines).replace('"""', "'''")
    return f'{indent}"""{body}"""\n'


def reasons(descriptors):
    """The source of latchkey/_reasons.py: the proto's Reason enum as a str enum."""
    proto, comments = _proto(descriptors)
    (index, enum), = [(i, e) for i, e in enumerate(proto.enum_type) if e.name == "Reason"]
    out = [f"# Generated from proto/{PROTO} by generate_stubs.py: do not edit.\n",
           '"""The daemon\'s ErrorInfo reasons."""\n\nimport enum\n\n\n',
           "class Reason(str, enum.Enum):\n",
           _doc(comments.get((5, index)) or "Reason", "    ")]
    for v_index, value in enumerate(enum.value):
        if value.number == 0:
            continue
        out.append(f"\n    {value.name} = \"{value.name}\"\n")
        out.append(_doc(comments.get((5, index, 2, v_index)) or value.name, "    "))
    return "".join(out)


def services(descriptors):
    """The source of latchkey/_services.py, from the descriptor set of the proto (with its
    comments, which become the docstrings)."""
    proto, comments = _proto(descriptors)
    doc = _doc

    def message(full_name):
        return "pb." + full_name.rsplit(".", 1)[-1]

    out = [HEADER]
    for flavour in ("", "Async"):
        for s_index, service in enumerate(proto.service):
            out.append(f"\n\nclass {flavour}{service.name}:\n")
            out.append(doc(comments.get((6, s_index)) or service.name, "    "))
            out.append(f"\n    def __init__(self, calls: {flavour}Calls) -> None:\n"
                       "        self._calls = calls\n")
            for m_index, method in enumerate(service.method):
                request, response = message(method.input_type), message(method.output_type)
                path = f"/{proto.package}.{service.name}/{method.name}"
                args = f"self, request: {request}, *, timeout: Optional[float] = None"
                if method.server_streaming:
                    kind = "AsyncIterator" if flavour else "Iterator"
                    head = f"    def {method.name}({args}) -> {kind}[{response}]:\n"
                    body = (f"        return self._calls.stream(\"{path}\", request, "
                            f"{response}.FromString, timeout)\n")
                else:
                    prefix, wait = ("async ", "await ") if flavour else ("", "")
                    head = f"    {prefix}def {method.name}({args}) -> {response}:\n"
                    body = (f"        return {wait}self._calls.unary(\"{path}\", request, "
                            f"{response}.FromString, timeout)\n")
                out.append("\n" + head)
                out.append(doc(comments.get((6, s_index, 2, m_index)) or method.name, "        "))
                out.append(body)
    names = [f"{flavour}{service.name}" for flavour in ("", "Async") for service in proto.service]
    out.append(f"\n\n__all__ = {names!r}\n")
    return "".join(out)


def main():
    committed = os.path.join(HERE, "latchkey", "v1")
    if "--check" not in sys.argv:
        with tempfile.TemporaryDirectory() as scratch:
            made = generate(scratch)
            for stub in STUBS:
                shutil.copyfile(os.path.join(made, stub), os.path.join(committed, stub))
            for module in GENERATED:
                shutil.copyfile(os.path.join(made, module), os.path.join(HERE, "latchkey", module))
        return
    with tempfile.TemporaryDirectory() as scratch:
        made = generate(scratch)
        stale = [stub for stub in STUBS
                 if not filecmp.cmp(os.path.join(made, stub), os.path.join(committed, stub), shallow=False)]
        for module in GENERATED:
            mine = os.path.join(HERE, "latchkey", module)
            if not os.path.exists(mine) or not filecmp.cmp(os.path.join(made, module), mine, shallow=False):
                stale.append(f"../{module}")
    if stale:
        sys.exit(f"clients/python/latchkey/v1 is out of date with proto/ ({', '.join(stale)}): "
                 "run clients/python/generate_stubs.py")
    print("clients/python: the stubs match proto/")


if __name__ == "__main__":
    main()
