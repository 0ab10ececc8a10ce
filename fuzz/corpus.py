#!/usr/bin/env python3
"""The fuzz corpora live in git as one pack per target (packs/<target>.pack: each input as a
4-byte little-endian length, then its bytes), so the tree does not carry thousands of files.

    python3 corpus.py unpack   # packs/*.pack -> corpus/<target>/ (for cargo fuzz run)
    python3 corpus.py pack     # corpus/<target>/ -> packs/<target>.pack (after -merge=1)
"""
import hashlib
import pathlib
import struct
import sys

HERE = pathlib.Path(__file__).parent


def pack():
    (HERE / "packs").mkdir(exist_ok=True)
    for target in sorted((HERE / "corpus").iterdir()):
        inputs = sorted(p.read_bytes() for p in target.iterdir() if p.is_file())
        with open(HERE / "packs" / f"{target.name}.pack", "wb") as out:
            for data in inputs:
                out.write(struct.pack("<I", len(data)) + data)
        print(f"{target.name}: {len(inputs)} inputs")


def unpack():
    for pack_file in sorted((HERE / "packs").glob("*.pack")):
        target = HERE / "corpus" / pack_file.stem
        target.mkdir(parents=True, exist_ok=True)
        data, at, count = pack_file.read_bytes(), 0, 0
        while at < len(data):
            (length,) = struct.unpack_from("<I", data, at)
            chunk = data[at + 4 : at + 4 + length]
            (target / hashlib.sha1(chunk).hexdigest()).write_bytes(chunk)
            at += 4 + length
            count += 1
        print(f"{pack_file.stem}: {count} inputs")


if __name__ == "__main__":
    {"pack": pack, "unpack": unpack}[sys.argv[1] if len(sys.argv) > 1 else "unpack"]()
