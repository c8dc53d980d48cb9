"""The peak resident memory of this process, for benchmarks that start children.

`getrusage().ru_maxrss` is kept across exec on Linux: a child started by a large benchmark
process reports the parent's peak until it outgrows it. The kernel's VmHWM belongs to the
address space, which exec replaces, so it is the child's own.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
