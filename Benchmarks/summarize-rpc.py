#!/usr/bin/env python3
"""Summarises Benchmarks/run-rpc.sh output: min/median/max per figure, ratios ours/peer.

Arguments: ours.txt (palisade-bench rpc last lines), peer.txt (grpc-peer bench lines),
h2load.txt ("h2load <ours|nghttpd> <shape> <req/s>" lines).
"""
import statistics
import sys


def parse(path):
    runs = []
    with open(path) as f:
        for line in f:
            pairs = (p.split("=", 1) for p in line.split() if "=" in p)
            runs.append({k: v for k, v in pairs})
    return runs


def spread(values):
    values = sorted(values)
    return values[0], statistics.median(values), values[-1]


def fmt(v):
    return f"{v:,.1f}" if abs(v) < 1000 else f"{v:,.0f}"


def main():
    ours, peer = parse(sys.argv[1]), parse(sys.argv[2])
    figures = ["unary_seq_rps", "unary_seq_p50_us", "unary_seq_p99_us", "unary_c64_rps",
               "unary_c64_p50_us", "unary_c64_p99_us", "stream_msgs_per_s", "stream_MBps",
               "server_cpu_us_per_rpc"]
    print(f"{'figure':28} {'palisade h2c (min/med/max)':>34} {'palisade tls (med)':>18} "
          f"{'grpc-swift-2 (min/med/max)':>34} {'ours/peer':>9}")
    line = ["ratios"]
    for key in figures:
        o = [float(r[f"h2c_{key}"]) for r in ours if f"h2c_{key}" in r]
        t = [float(r[f"tls_{key}"]) for r in ours if f"tls_{key}" in r]
        p = [float(r[key]) for r in peer if key in r]
        if not o:
            continue
        so = spread(o)
        st = statistics.median(t) if t else float("nan")
        sp = spread(p) if p else (float("nan"),) * 3
        ratio = so[1] / sp[1] if p and sp[1] else float("nan")
        print(f"{key:28} {' / '.join(fmt(x) for x in so):>34} {fmt(st):>18} "
              f"{' / '.join(fmt(x) for x in sp):>34} {ratio:>9.2f}")
        line.append(f"{key}_ratio={ratio:.2f}")
    tls = [float(r["tls_stream_ratio"]) for r in ours if "tls_stream_ratio" in r]
    if tls:
        print(f"TLS streaming rate relative to h2c: {' / '.join(f'{x:.2f}' for x in spread(tls))}")
        line.append(f"tls_stream_ratio={statistics.median(tls):.2f}")

    rates = {}
    with open(sys.argv[3]) as f:
        for row in f:
            parts = row.split()
            if len(parts) >= 5:
                who, shape, rate = parts[1], " ".join(parts[2:4]), parts[4]
                try:
                    rates.setdefault((who, shape), []).append(float(rate))
                except ValueError:
                    pass
    print(f"\n{'h2load shape':14} {'palisade req/s (min/med/max)':>34} {'nghttpd req/s (min/med/max)':>34} {'ratio':>7}")
    for shape in ["-c1 -m1", "-c1 -m64", "-c10 -m10"]:
        o, n = rates.get(("ours", shape)), rates.get(("nghttpd", shape))
        if not o or not n:
            continue
        so, sn = spread(o), spread(n)
        ratio = so[1] / sn[1]
        print(f"{shape:14} {' / '.join(fmt(x) for x in so):>34} {' / '.join(fmt(x) for x in sn):>34} {ratio:>7.2f}")
        line.append(f"h2load_{shape.replace(' ', '').replace('-', '')}_ratio={ratio:.2f}")
    print(" ".join(line))


if __name__ == "__main__":
    main()
