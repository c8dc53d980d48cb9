"""A minimal valid Windows executable (PE32+, x64), built byte by byte, for the code-signing tests.

It has the headers Authenticode signing reads (the DOS stub pointer, the COFF header, an optional
header with its 16 data directories, among them the certificate table) and one code section
whose entry point returns 0 (`xor eax, eax; ret`). Not meant to be run: meant to be signed.
"""

from __future__ import annotations

import struct

FILE_ALIGN = 0x200
SECTION_ALIGN = 0x1000
IMAGE_BASE = 0x140000000


def tiny_pe(payload: bytes = b"") -> bytes:
    """The bytes of a small x64 executable; `payload` is appended to its code section."""
    code = b"\x31\xc0\xc3" + payload  # xor eax, eax; ret
    code_raw_size = -(-len(code) // FILE_ALIGN) * FILE_ALIGN
    e_lfanew = 0x80
    dos = bytearray(e_lfanew)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, e_lfanew)

    n_sections = 1
    optional_size = 240  # PE32+ optional header with 16 data directories
    coff = struct.pack("<HHIIIHH", 0x8664, n_sections, 0, 0, 0, optional_size, 0x0022)  # exe, large-address

    headers_size = FILE_ALIGN
    code_rva = SECTION_ALIGN
    image_size = code_rva + -(-len(code) // SECTION_ALIGN) * SECTION_ALIGN
    optional = struct.pack(
        "<HBBIIIIIQIIHHHHHHIIIIHHQQQQII",
        0x20B,  # PE32+
        14, 0,  # linker version
        code_raw_size, 0, 0,  # size of code, initialized, uninitialized data
        code_rva, code_rva,  # entry point, base of code
        IMAGE_BASE, SECTION_ALIGN, FILE_ALIGN,
        6, 0, 0, 0, 6, 0,  # OS, image, subsystem versions
        0, image_size, headers_size,
        0,  # checksum (osslsigncode recomputes it)
        3,  # subsystem: console
        0x8160,  # DLL characteristics: high-entropy VA, dynamic base, NX, terminal-server aware
        0x100000, 0x1000, 0x100000, 0x1000,  # stack and heap reserve/commit
        0, 16,  # loader flags, number of data directories
    )
    optional += bytes(16 * 8)  # every data directory empty, the certificate table included
    assert len(optional) == optional_size
    section = struct.pack("<8sIIIIIIHHI", b".text", len(code), code_rva, code_raw_size, headers_size,
                          0, 0, 0, 0, 0x60000020)  # code, execute, read
    head = bytes(dos) + b"PE\0\0" + coff + optional + section
    head += bytes(headers_size - len(head))
    return head + code + bytes(code_raw_size - len(code))


def is_pe(data: bytes) -> bool:
    if len(data) < 0x40 or data[:2] != b"MZ":
        return False
    offset = struct.unpack_from("<I", data, 0x3C)[0]
    return data[offset:offset + 4] == b"PE\0\0"
