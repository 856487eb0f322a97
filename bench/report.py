#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py RAW.jsonl RESULTS.json: the benchmark table.

Reads the samples bench/bench-guest.sh wrote (one JSON object a line),
prints the table and writes the summary, with each target and whether it
was met, as JSON. Ratios are computed per round (samples taken next to
each other) and summarized as median, min and max.
"""
import json
import statistics
import sys


def summ(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return {"median": round(statistics.median(xs), 3), "min": round(min(xs), 3),
            "max": round(max(xs), 3), "n": len(xs)}


def ratio(a, b):
    return a / b if a and b else None


def fmt(s, pct=False):
    if not s:
        return "n/a"
    return f"{s['median']:.3f} [{s['min']:.3f}..{s['max']:.3f}]"


def main(raw, out):
    rows = [json.loads(line) for line in open(raw) if line.strip()]
    meta = {}
    for r in (x for x in rows if x["sec"] == "meta"):
        if "section" in r:
            meta.setdefault("section_seconds", {})[r["section"]] = r["seconds"]
        else:
            meta.update({k: v for k, v in r.items() if k != "sec"})
    res = {"meta": meta}
    targets = []

    def target(name, value, goal, met):
        targets.append({"what": name, "value": value, "target": goal,
                        "met": bool(met) if value is not None else None})

    # 1. Unshaped
    un = [r for r in rows if r["sec"] == "unshaped"]
    if un:
        res["unshaped"] = {}
        kinds = [k for k in ("vnic", "vnic-nq", "macvlan") if any(r["dev"] == k for r in un)]
        print("== 1. unshaped: vnic, vnic with noqueue (vnic-nq) and macvlan on twin veth "
              "parents, sampled in turn\n   (median per device; ratio of the medians, "
              "then the per-round ratios: median [min..max])")
        print(f"{'test':<7}" + "".join(f"{k:>14}" for k in kinds) + "  "
              + "  ".join(f"{k + '/macvlan':<32}" for k in kinds if k != "macvlan"))
        rounds = sorted({r["round"] for r in un if "round" in r})
        cases = [("tx", 60), ("tx", 1514), ("rx", 60), ("rx", 1514), ("tcp", None)]
        for d, ln in cases:
            key = "pps" if d != "tcp" else "bps"
            name = f"{d}{ln}" if ln else "tcp"

            def val(dev, rnd):
                for r in un:
                    if (r["dev"] == dev and r["dir"] == d and r.get("round") == rnd
                            and r.get("len") == ln):
                        return r[key]
                return None
            col = {k: [val(k, x) for x in rounds] for k in kinds}
            if not any(col["vnic"]):
                continue
            e = {"unit": key}
            for k in kinds:
                e[k] = summ(col[k])
            for k in kinds:
                if k != "macvlan":
                    # The rounds interleave the devices, so slow spells of
                    # the emulated host hit all of them: the ratio of the
                    # medians is robust to the one-sided outliers (a
                    # sample halved by a host stall) that spoil the
                    # round it falls in.
                    e[f"{k}/macvlan"] = round(ratio(e[k]["median"], e["macvlan"]["median"]), 3)
                    e[f"{k}/macvlan per round"] = summ([ratio(a, b) for a, b in
                                                       zip(col[k], col["macvlan"])])
            res["unshaped"][name] = e
            unit = "pps" if key == "pps" else "Mb/s"
            scale = 1 if key == "pps" else 1e-6
            print(f"{name:<7}" + "".join(f"{e[k]['median'] * scale:>9.0f} {unit:<4}"
                                         for k in kinds) + "  "
                  + "  ".join(f"{e[k + '/macvlan']:.3f} ({fmt(e[k + '/macvlan per round'])})"
                              .ljust(32) for k in kinds if k != "macvlan"))
            rm = e["vnic/macvlan"]
            target(f"unshaped {name} vnic/macvlan", rm, ">= 0.97", rm >= 0.97)
        drops = [r for r in un if r["dir"] == "drops"]
        res["unshaped"]["drops"] = {
            dev: {"qdisc": sum(r["qdisc_drops"] for r in drops if r["dev"] == dev),
                  "driver": sum(r["tx_dropped"] for r in drops if r["dev"] == dev)}
            for dev in kinds}

    # 2. Shaping
    sh = [r for r in rows if r["sec"] == "shaping"]
    if sh:
        res["shaping"] = []
        print("\n== 2. shaping: TCP (iperf3) through the shaper; achieved = goodput / "
              "(rate x 1448/1514);\n   medians over the rounds, drops and retransmits "
              "summed; CPU = busy time above the idle guest's per packet")
        print(f"{'rate':<6} {'shaper':<7} {'Mbit/s':>8} {'achieved':>9} {'drops':>6} "
              f"{'retrans':>8} {'cpu us/pkt':>11} {'rounds':>7}")
        # Busy ticks per ms of the idle guest, taken off each run's.
        idle = [r["busy_ticks"] / r["wall_ms"] for r in sh
                if r["shaper"] == "idle" and r.get("wall_ms")]
        idle = idle[0] if idle else 0
        if idle:
            print(f"(idle guest: {idle * 1000 / sh[0]['hz'] * 100:.0f} % of a CPU busy)")

        def cpu_of(r):
            busy = r["busy_ticks"] - idle * r.get("wall_ms", 0)
            return busy / r["hz"] * 1e6 / r["packets"] if r["packets"] else None
        rates = sorted({r["rate_mbit"] for r in sh if "rate_mbit" in r})
        for rate in rates:
            runs = {k: [r for r in sh if r.get("rate_mbit") == rate and r["shaper"] == k]
                    for k in ("none", "vnic", "tbf", "htb")}
            top = summ([r["goodput_bps"] for r in runs["none"]])
            ideal = rate * 1e6 * 1448 / 1514
            for shaper in ("vnic", "tbf", "htb"):
                rs = runs[shaper]
                if not rs:
                    continue
                g = summ([r["goodput_bps"] for r in rs])["median"]
                ach = g / ideal
                cpus = summ([cpu_of(r) for r in rs])
                cpu = cpus and cpus["median"]
                drops = sum(r["qdisc_drops"] + r["driver_drops"] for r in rs)
                retr = sum(r["retransmits"] for r in rs)
                e = {"rate_mbit": rate, "shaper": shaper, "rounds": len(rs),
                     "goodput_bps": g, "achieved": round(ach, 4),
                     "shaper_drops": drops, "retransmits": retr,
                     "cpu_us_per_pkt": cpu and round(cpu, 2),
                     "unshaped_bps": top and top["median"],
                     # The guest could not carry the rate even unshaped: the
                     # figure measures the guest, not the shaper.
                     "guest_limited": bool(top) and top["median"] < ideal * 1.05}
                res["shaping"].append(e)
                print(f"{rate:<6} {shaper:<7} {g / 1e6:>8.1f} {ach:>9.3f} {drops:>6} "
                      f"{retr:>8} {cpu if cpu is None else round(cpu, 2):>11} {len(rs):>7}"
                      + ("  guest-limited: unshaped %.1f Mbit/s" % (top["median"] / 1e6)
                         if e["guest_limited"] else ""))
        for e in (x for x in res["shaping"] if x["shaper"] == "vnic"):
            rate = e["rate_mbit"]
            if e["guest_limited"]:
                target(f"shaping {rate} Mbit (vnic)", None,
                       "guest-limited: not measurable", None)
                continue
            target(f"shaping {rate} Mbit accuracy (vnic)", e["achieved"], "1 +- 0.02",
                   abs(e["achieved"] - 1) <= 0.02)
            target(f"shaping {rate} Mbit shaper drops (vnic)", e["shaper_drops"], "0",
                   e["shaper_drops"] == 0)
            tbf = [x for x in res["shaping"] if x["shaper"] == "tbf" and x["rate_mbit"] == rate]
            if tbf and tbf[0]["cpu_us_per_pkt"] and e["cpu_us_per_pkt"]:
                rr = e["cpu_us_per_pkt"] / tbf[0]["cpu_us_per_pkt"]
                target(f"shaping {rate} Mbit CPU/pkt vnic/tbf", round(rr, 3), "<= 1", rr <= 1)

    # 3. Demux
    dm = [r for r in rows if r["sec"] == "demux"]
    if dm:
        res["demux"] = {}
        print("\n== 3. demux: RX pps (60-byte frames) to one vnic; ratio to the 1-vnic parent "
              "per round")
        rounds = sorted({r["round"] for r in dm})

        def dv(n, rnd):
            for r in dm:
                if r["vnics"] == n and r["round"] == rnd:
                    return r["pps"]
            return None
        base = [dv(1, x) for x in rounds]
        for n in (1, 100, 1000):
            v = [dv(n, x) for x in rounds]
            rs = summ([ratio(a, b) for a, b in zip(v, base)])
            res["demux"][str(n)] = {"pps": summ(v), "ratio_to_1": rs}
            print(f"{n:>5} vnics {summ(v)['median']:>9.0f} pps  {fmt(rs)}")
        rs = res["demux"]["1000"]["ratio_to_1"]
        target("demux 1000 vs 1", rs and rs["median"], ">= 0.95", rs and rs["median"] >= 0.95)

    # 4. Multi-CPU
    mc = [r for r in rows if r["sec"] == "multicpu"]
    if mc:
        res["multicpu"] = {}
        print("\n== 4. multi-CPU: TX pps (60-byte frames), 2 senders/2 devices on 2 CPUs "
              "vs 1 (ratio per round)")
        rounds = sorted({r["round"] for r in mc})
        for dev in ("vnic", "macvlan"):
            def mv(k, rnd):
                for r in mc:
                    if r["dev"] == dev and r["senders"] == k and r["round"] == rnd:
                        return r["pps"]
                return None
            one = [mv(1, x) for x in rounds]
            two = [mv(2, x) for x in rounds]
            rs = summ([ratio(b, a) for a, b in zip(one, two)])
            res["multicpu"][dev] = {"pps_1": summ(one), "pps_2": summ(two), "scaling": rs}
            print(f"{dev:<8} 1: {summ(one)['median']:>9.0f} pps  2: "
                  f"{summ(two)['median']:>9.0f} pps  scaling {fmt(rs)}")
        rs = res["multicpu"]["vnic"]["scaling"]
        target("2-CPU scaling (vnic)", rs and rs["median"], ">= 1.6", rs and rs["median"] >= 1.6)

    # 5. Control plane
    cp = {r["dev"]: r for r in rows if r["sec"] == "control"}
    if cp:
        res["control"] = {}
        print("\n== 5. control plane: one batch of N creates, one of N deletes")
        print(f"{'dev':<8} {'N':>5} {'create us/dev':>14} {'delete us/dev':>14} "
              f"{'kernel kB/dev':>14}")
        for dev, r in cp.items():
            n = r["n"]
            e = {"n": n, "create_us_per_dev": round(r["create_us"] / n),
                 "delete_us_per_dev": round(r["delete_us"] / n),
                 "kmem_kb_per_dev": round(r["kmem_kb"] / n, 1)}
            res["control"][dev] = e
            print(f"{dev:<8} {n:>5} {e['create_us_per_dev']:>14} "
                  f"{e['delete_us_per_dev']:>14} {e['kmem_kb_per_dev']:>14}")
        if "vnic" in cp and "macvlan" in cp:
            v, m = res["control"]["vnic"], res["control"]["macvlan"]
            for k, what in (("create_us_per_dev", "create time"),
                            ("delete_us_per_dev", "delete time"),
                            ("kmem_kb_per_dev", "kernel memory")):
                rr = ratio(v[k], m[k])
                target(f"control {what} vnic/macvlan", rr and round(rr, 3), "<= 1",
                       rr and rr <= 1)

    res["targets"] = targets
    print("\n== targets")
    for t in targets:
        mark = {True: "met", False: "MISSED", None: "n/a"}[t["met"]]
        print(f"{t['what']:<42} {str(t['value']):>8}  {t['target']:<10} {mark}")
    if meta:
        print(f"\nguest: kernel {meta.get('kernel')}, {meta.get('cpus')} CPUs, vnic qdisc "
              f"{meta.get('vnic_qdisc')}, quick={meta.get('quick')}, "
              f"sections (s): {meta.get('section_seconds')}")
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: report.py RAW.jsonl RESULTS.json")
    main(sys.argv[1], sys.argv[2])
