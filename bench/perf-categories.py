#!/usr/bin/env python3
"""Groups a flat `perf report --no-children --sort dso,symbol --stdio` (on stdin) into the
server's main costs, as a Markdown table on stdout. Used by bench/http-load.sh (PERF=1).

The binary is built without frame pointers, so call graphs are unreliable: self time is
grouped by symbol name instead. First matching rule wins."""

import re
import sys

RULES = [
    ("kernel (TCP, epoll, scheduling)", lambda dso, sym: dso.startswith("[kernel")),
    (
        "GeoJSON: building serde_json::Value trees (IndexMap, SipHash) and serialising them",
        lambda dso, sym: re.search(
            r"serde_json|serde_core|indexmap|hashbrown|sip::Hasher|hash_one|zmij|Place::to_json|"
            r"standard_value|write::feature|join_multi|collect_seq|fmt::|pad_integral|format_inner",
            sym,
        ),
    ),
    (
        "opening hours: open_now and next_change (opening_hours, chrono, chrono-tz)",
        lambda dso, sym: re.search(r"opening_hours|chrono|status_at|Horaires|timezone|compact_calendar", sym),
    ),
    (
        "spatial index (aiguillage_geo, rstar, libm)",
        lambda dso, sym: dso.startswith("libm") or re.search(r"rstar|aiguillage_geo|binary_heap|BinaryHeap|coordinates", sym),
    ),
    (
        "allocation, copying, freeing (mimalloc, memmove, drops)",
        lambda dso, sym: re.search(r"\bmi_|_mi_|__rust_(no_)?alloc|__rust_dealloc|__rust_realloc|mem(move|cpy|cmp|set)|"
                                   r"drop_in_place|RawVec|finish_grow|realloc|malloc|free", sym),
    ),
    (
        "HTTP stack and async runtime (hyper, axum, tower, tokio, mio)",
        lambda dso, sym: re.search(r"hyper|axum|tower|tokio|mio::|futures|http::|bytes::|writev|readv|recv|send|epoll|matchit|form_urlencoded|percent_encoding", sym),
    ),
]


def main():
    totals = {name: 0.0 for name, _ in RULES}
    other = 0.0
    line_re = re.compile(r"^\s*([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(.*)$")
    for line in sys.stdin:
        m = line_re.match(line)
        if not m:
            continue
        pct, dso, sym = float(m.group(1)), m.group(2), m.group(3)
        for name, rule in RULES:
            if rule(dso, sym):
                totals[name] += pct
                break
        else:
            other += pct
    print("| share of the server's CPU samples | % |")
    print("|---|---|")
    for name, _ in RULES:
        print(f"| {name} | {totals[name]:.1f} |")
    print(f"| other | {other:.1f} |")


if __name__ == "__main__":
    main()
