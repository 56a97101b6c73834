""""Last verified": the date of the build, the version of the sources (`git describe`) and how
many of the page's claims this build checked, at the end of every page. Independent of MkDocs.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from dataclasses import dataclass
from html import escape
from pathlib import Path


@dataclass(frozen=True)
class BuildVersion:
    date: str  # ISO date of the build (SOURCE_DATE_EPOCH when set, for reproducible builds)
    describe: str  # `git describe --tags --always --dirty`, or "" outside a git checkout

    @classmethod
    def of(cls, root: Path) -> BuildVersion:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch and epoch.isdigit()
                  else datetime.datetime.now(datetime.timezone.utc))
        try:
            done = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=root,
                                  capture_output=True, text=True, timeout=10)
            describe = done.stdout.strip() if done.returncode == 0 else ""
        except (OSError, subprocess.SubprocessError):
            describe = ""
        return cls(moment.date().isoformat(), describe)


def verified_line(version: BuildVersion, claims: tuple[int, int, int] | None) -> str:
    """The line at the end of a page; `claims` is (passed, failed, not run) of the page's claims
    in this build, None when blocks were not run (kbexec disabled)."""
    parts = [f"最后验证：{version.date}"]
    if version.describe:
        parts.append(f"版本 <code>{escape(version.describe)}</code>")
    if claims is None:
        parts.append("本次构建没有运行代码块")
    else:
        passed, failed, not_run = claims
        total = passed + failed + not_run
        if total == 0:
            parts.append("本页没有可计算的结论")
        elif failed or not_run:
            parts.append(f"本页 {total} 条结论中 {passed} 条通过、{failed} 条失败、{not_run} 条未运行")
        else:
            parts.append(f"本页 {total} 条结论全部通过")
    state = "kb-verified-failed" if claims and (claims[1] or claims[2]) else "kb-verified-ok"
    return (f'<p class="kb-verified {state}" data-claims="{sum(claims) if claims else 0}">'
            + " · ".join(parts) + "</p>")
