#!/usr/bin/env python3
"""Sums `perf script -F comm,tid,time,ip,sym` output of `PROFILER=perf export-profile.sh`: the samples of the thread-pool workers and the
GC's threads (the export's work; the tiered compilation worker, timers and the like are listed by thread name only).
Prints the samples by thread name, the leaves (exclusive), the methods on the stack (inclusive, managed ones), and the
managed callers of the C library's memset and of the kernel's page faults.
Usage: export-perf.py stacks.txt [sampling Hz] [top N]"""
import collections, re, sys

hz = float(sys.argv[2]) if len(sys.argv) > 2 else 2999
top = int(sys.argv[3]) if len(sys.argv) > 3 else 60
exclusive, inclusive, threads, clearing = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
total = 0


def tidy(frame):
    frame = re.sub(r"\[(OptimizedTier1|Optimized|Tier0|InstrumentedTier|InstrumentedTierOptimized|QuickJitted|OptimizedTier1OSR|PreJIT)\]$", "", frame)
    frame = re.sub(r"^(instance |class |valuetype |void |bool |int32 |int64 |string |uint8\[\] |float64 )+", "", frame)
    return re.sub(r"\[System\.Runtime\]|\[System\.Private\.CoreLib\] ?", "", frame)[:170]


def done(thread, frames):
    global total
    if thread is None:
        return
    threads[thread] += 1
    if not (thread.startswith(".NET TP Worker") or thread.startswith(".NET Server GC") or thread.startswith(".NET Long Running")):
        return
    total += 1
    if frames:
        exclusive[tidy(frames[0])] += 1
        if "memset" in frames[0] or "exc_page_fault" in " ".join(frames[:6]):
            managed = [tidy(f) for f in frames if re.search(r"\[[A-Za-z.]+\] ", f)][:2]
            clearing[("page fault" if "exc_page_fault" in " ".join(frames[:6]) else "memset", " <- ".join(managed))] += 1
    for f in set(tidy(f) for f in frames):
        inclusive[f] += 1


thread, frames = None, []
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("\t"):
        parts = line.strip().split(" ", 1)
        frames.append(parts[1] if len(parts) > 1 else parts[0])
    elif line.strip():
        done(thread, frames)
        m = re.match(r"^(.*?)\s+\d+\s+[\d.]+:", line)
        thread, frames = (m.group(1).strip() if m else line.split()[0]), []
done(thread, frames)

print("samples by thread name:", ", ".join(f"{t} {n}" for t, n in threads.most_common(8)))
print(f"workers and GC: {total} samples = {total / hz:.3f} s of CPU")
print("--- leaves (exclusive)")
for f, n in exclusive.most_common(top // 2):
    print(f"{n:6d} {100 * n / max(total, 1):5.1f}%  {f}")
print("--- managed methods on the stack (inclusive)")
shown = 0
for f, n in inclusive.most_common():
    if re.search(r"\[(Public\.Web|Microsoft\.AspNetCore[.A-Za-z]*|System\.Text\.Json|Parquet)\] ", f) and "MoveNext" not in f:
        print(f"{n:6d} {100 * n / max(total, 1):5.1f}%  {f}")
        shown += 1
        if shown >= top:
            break
print("--- memset and page faults, by managed caller")
for (kind, caller), n in clearing.most_common(20):
    print(f"{n:6d} {kind:10s} {caller}")
