#!/usr/bin/env python3
"""Sums a Speedscope JSON of dotnet-trace's sampled thread time per method: only samples whose leaf is CPU_TIME
(the thread was running managed code), so waiting threads do not count. Prints the methods by inclusive share.
Usage: export-profile.py trace.speedscope.json [N]"""
import collections, json, sys

d = json.load(open(sys.argv[1]))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 150
frames = [f["name"] for f in d["shared"]["frames"]]
inclusive = collections.Counter()
total = 0.0
for profile in d["profiles"]:
    if profile["type"] != "evented":
        continue
    stack, last = [], None
    for e in profile["events"]:
        if stack and last is not None and frames[stack[-1]] == "CPU_TIME":
            dt = e["at"] - last
            total += dt
            for f in set(stack):
                inclusive[frames[f]] += dt
        last = e["at"]
        if e["type"] == "O":
            stack.append(e["frame"])
        elif stack:
            stack.pop()
noise = ("MoveNext", "AsyncMethodBuilder", "AsyncStateMachineBox", "ExecutionContext", "Thread (", "Process64", "(Non-Activities)", "Threads", "CPU_TIME")
print(f"running samples: {total:.0f} ms")
for name, v in inclusive.most_common():
    if any(n in name for n in noise):
        continue
    print(f"{v:8.0f} ms {100 * v / total:5.1f}%  {name[:180]}")
    top -= 1
    if top == 0:
        break
