"""Peak resident memory of the stack's processes and their children, sampled from /proc (Linux).

A gunicorn master forks its workers, so each started process is followed with its descendants;
the peak is kept per process name and role (the process itself, or its children: the workers).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path

PROC = Path("/proc")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kib(pid: int) -> int:
    """Resident set size of one process in KiB (0 if it is gone)."""
    try:
        return int((PROC / str(pid) / "statm").read_text().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command may hold spaces and parentheses: the parent pid follows the last ")".
            stat = (entry / "stat").read_text()
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    return children


def _descendants(pid: int, children: Mapping[int, list[int]]) -> list[int]:
    found, pending = [], list(children.get(pid, ()))
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(children.get(child, ()))
    return found


class PeakMemory:
    """Samples the RSS of named processes every `interval` seconds in a background thread."""

    def __init__(self, pids: Mapping[str, int], interval: float = 1.0) -> None:
        self._pids = dict(pids)
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-memory", daemon=True)
        # name -> peak KiB of the process itself; name -> peak KiB of its largest descendant
        self.own: dict[str, int] = {}
        self.largest_child: dict[str, int] = {}

    def sample(self) -> None:
        """Take one sample of every process and its descendants."""
        children = _children_by_parent()
        for name, pid in self._pids.items():
            self.own[name] = max(self.own.get(name, 0), _rss_kib(pid))
            sizes = [_rss_kib(child) for child in _descendants(pid, children)]
            if sizes:
                self.largest_child[name] = max(self.largest_child.get(name, 0), max(sizes))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def peak_mib(self, name: str) -> float:
        """The larger of the process's own peak and its largest child's, in MiB."""
        return max(self.own.get(name, 0), self.largest_child.get(name, 0)) / 1024
