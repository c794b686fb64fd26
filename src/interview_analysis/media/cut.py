"""Is a file cut short? Read from the container's own structure, not from where a decoder gave up.

Every element of a Matroska/WebM file and every top-level box of an MP4 declares its size. A file
that was cut (an upload stopped early, ``head -c``) ends inside one of them, wherever the cut
falls: some declared end lies beyond the last byte. FFmpeg notices the same thing but only logs it
("File ended prematurely"), and PyAV drops a log line that repeats the previous one, so in a
process that has just read the same file's audio the line never arrives: the structure is the
dependable witness.

A live-written WebM (MediaRecorder, ffmpeg's ``-live``) leaves the Segment's and often each
Cluster's size unknown, so its blocks are walked one by one. The walk starts at the last block the
demuxer returned (``MediaReader`` hands its position over), so it costs a handful of reads however
long the file is; from the start of the file when no position is known.
"""

from __future__ import annotations

import mmap
from pathlib import Path

# Matroska master elements whose size a live writer may leave unknown: their children follow inline.
_SEGMENT = 0x18538067
_CLUSTER = 0x1F43B675
_UNKNOWN_SIZE_PARENTS = frozenset({_SEGMENT, _CLUSTER})
# Elements that carry a frame: Block (inside a BlockGroup) and SimpleBlock.
_BLOCK_IDS = (0xA1, 0xA3)
_MAX_VINT = 8


class _Malformed(Exception):
    """The bytes stop being elements: a cut header, an impossible length."""


def _vint_length(first: int) -> int:
    for length in range(1, _MAX_VINT + 1):
        if first & (0x80 >> (length - 1)):
            return length
    raise _Malformed("zero byte where an element header starts")


def read_element(data: mmap.mmap | bytes, at: int) -> tuple[int, int, int | None]:
    """``(id, payload_start, payload_size)`` of the element at ``at``; size ``None`` when unknown."""
    end = len(data)
    if at >= end:
        raise _Malformed("header past the end")
    id_len = _vint_length(data[at])
    if id_len > 4 or at + id_len >= end:
        raise _Malformed("cut or invalid element id")
    element_id = int.from_bytes(data[at : at + id_len], "big")
    size_at = at + id_len
    size_len = _vint_length(data[size_at])
    if size_at + size_len > end:
        raise _Malformed("cut element size")
    raw = int.from_bytes(data[size_at : size_at + size_len], "big")
    value = raw & ((1 << (7 * size_len)) - 1)
    unknown = value == (1 << (7 * size_len)) - 1
    return element_id, size_at + size_len, None if unknown else value


def block_start(data: mmap.mmap | bytes, payload_pos: int, payload_min: int) -> int | None:
    """The element holding a block whose payload starts at ``payload_pos`` (where FFmpeg's matroska
    demuxer puts ``packet.pos``), found by reading its header backwards; ``None`` when no header fits."""
    for size_len in range(1, _MAX_VINT + 1):
        at = payload_pos - size_len - 1
        if at < 0 or data[at] not in _BLOCK_IDS:
            continue
        try:
            _, payload, size = read_element(data, at)
        except _Malformed:
            continue
        if payload == payload_pos and size is not None and size >= payload_min:
            return at
    return None


def matroska_cut(path: Path, last_block_pos: int | None = None, last_block_size: int = 0) -> bool:
    """True when some element from the last demuxed block (or the file's start) on ends past the file."""
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        at = 0
        if last_block_pos is not None and last_block_pos > 0:
            at = block_start(data, last_block_pos, last_block_size) or 0
        end = len(data)
        try:
            while at < end:
                element_id, payload, size = read_element(data, at)
                if size is None:
                    if element_id not in _UNKNOWN_SIZE_PARENTS:
                        raise _Malformed(f"unknown size on element {element_id:#x}")
                    at = payload  # its children follow inline, up to the end of the file
                elif payload + size > end:
                    return True
                else:
                    at = payload + size
        except _Malformed:
            return True
    return False


def mp4_cut(path: Path) -> bool:
    """True when a top-level box (``moov``, ``mdat``, ...) declares an end beyond the file."""
    with path.open("rb") as f:
        end = f.seek(0, 2)
        at = 0
        while at < end:
            f.seek(at)
            header = f.read(16)
            if len(header) < 8:
                return True
            size = int.from_bytes(header[:4], "big")
            if size == 1:  # a 64-bit size follows the type
                if len(header) < 16:
                    return True
                size = int.from_bytes(header[8:16], "big")
            elif size == 0:  # the box runs to the end of the file
                return False
            if size < 8:
                return True
            at += size
        return at > end
