#!/usr/bin/env python3
"""gptimg's benchmark: every task T1-T6 over the bench corpus, through gptimg's own stages
(gptimg-bench) and through the minimal C program on the same libraries (cfloor), each run in
fresh processes, then the whole tool (`gptimg process`, start-up). Prints one table.

    python3 scripts/bench.py                 # build in release, run everything
    python3 scripts/bench.py --files         # also one row per file
    python3 scripts/bench.py --magick        # also ImageMagick's `convert` per image
    python3 scripts/bench.py --skip-build --tasks T2,T6 --runs 5

The corpus is ../shared/bench-corpus beside the package (or --corpus). Only the standard
library is used.
"""

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(PACKAGE, ".build", "release")

# Which corpus files each task runs over (bench-corpus/README.md), and the output extension.
TASKS = {
    "T1": ("PNG -> WebP q80", ["photo_rgb_*.png", "cutout_rgba_*.png", "opaque_rgba_*.png"], "webp"),
    "T2": ("PNG -> fit 256 Lanczos-3 -> PNG", ["photo_rgb_*.png", "cutout_rgba_*.png", "opaque_rgba_*.png"], "png"),
    "T3": ("RGBA PNG -> alpha check -> PNG 6", ["cutout_rgba_*.png", "opaque_rgba_*.png"], "png"),
    "T4": ("JPEG -> JPEG q85", ["*.jpg"], "jpeg"),
    "T5": ("WebP -> PNG", ["*.webp"], "png"),
    "T6": ("PNG -> edit mask -> RGBA PNG", ["mask_gray_*.png", "cutout_rgba_*.png"], "png"),
}

# ImageMagick's nearest equivalents, for --magick (one `convert` process per image).
MAGICK = {
    "T1": ["-quality", "80", "-define", "webp:method=4"],
    "T2": ["-filter", "Lanczos", "-resize", "256x256>", "-define", "png:compression-level=6"],
    "T3": ["-define", "png:compression-level=6"],
    "T4": ["-quality", "85", "-sampling-factor", "2x2"],
    "T5": ["-define", "png:compression-level=6"],
    "T6": ["-background", "white", "-alpha", "remove", "-colorspace", "Rec601Luma", "-threshold", "50%",
           "-alpha", "copy", "-channel", "RGB", "-evaluate", "set", "100%", "+channel",
           "-define", "png:color-type=6"],
}


def log(message):
    print(message, file=sys.stderr, flush=True)


def build(products):
    for product in products:
        log(f"building {product} (release)...")
        # As scripts/install.sh builds the tool: the Swift runtime linked in, for a fast start.
        result = subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product], cwd=PACKAGE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            log(result.stdout[-4000:])
            return False
    return True


def run_child(command):
    """Runs `command` and returns (exit status, wall ms, peak RSS KiB), measured by the OS."""
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, os.environ,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                       (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1e3
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss


def run_task(binary, task, source, output, iterations):
    result = subprocess.run([binary, task, source, output, str(iterations)], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{os.path.basename(binary)} {task} {source}: {result.stderr.strip()}")
    return json.loads(result.stdout)


def corpus_files(corpus, patterns):
    files = []
    for pattern in patterns:
        files += sorted(glob.glob(os.path.join(corpus, pattern)))
    return files


def median(values):
    return statistics.median(values) if values else float("nan")


def measure_tasks(args, corpus, scratch):
    """Per task and file: medians over fresh-process runs of both programs, alternating order."""
    rows = {}
    for task in args.tasks:
        _, patterns, extension = TASKS[task]
        for source in corpus_files(corpus, patterns):
            name = os.path.basename(source)
            samples = {"ours": [], "floor": []}
            order = [("ours", os.path.join(RELEASE, "gptimg-bench")), ("floor", os.path.join(RELEASE, "cfloor"))]
            for run in range(args.runs):
                for side, binary in (order if run % 2 == 0 else order[::-1]):
                    output = os.path.join(scratch, f"{side}-{task}.{extension}")
                    samples[side].append(run_task(binary, task, source, output, args.iterations))
            row = {}
            for side, results in samples.items():
                row[side] = {
                    "wall_ms": median([r["wall_ms"] for r in results]),
                    "cpu_ms": median([r["cpu_ms"] for r in results]),
                    "peak_rss_kb": max(r["peak_rss_kb"] for r in results),
                    "output_bytes": results[-1]["output_bytes"],
                }
            same = open(os.path.join(scratch, f"ours-{task}.{extension}"), "rb").read() == \
                open(os.path.join(scratch, f"floor-{task}.{extension}"), "rb").read()
            row["identical"] = same
            if args.magick:
                output = os.path.join(scratch, f"magick-{task}.{extension}")
                walls = []
                for _ in range(args.runs):
                    status, wall, rss = run_child(["/usr/bin/convert", source] + MAGICK[task] + [output])
                    if status != 0:
                        raise RuntimeError(f"convert failed on {task} {name}")
                    walls.append(wall)
                row["magick"] = {"wall_ms": median(walls), "peak_rss_kb": rss, "output_bytes": os.path.getsize(output)}
            rows.setdefault(task, []).append((name, row))
            log(f"  {task} {name}: ours {row['ours']['wall_ms']:.1f} ms, floor {row['floor']['wall_ms']:.1f} ms"
                f"{'' if same else ' (outputs differ)'}")
    return rows


def percent(ours, floor):
    return (ours / floor - 1) * 100 if floor else float("nan")


def task_table(rows, show_files, magick):
    header = ["task", "what", "files", "ours ms", "floor ms", "ratio", "CPU ours/floor ms", "CPU ratio",
              "RSS ours/floor MiB", "size vs floor", "same bytes", "target (<=1.10x, size +-2%)"]
    if magick:
        header += ["convert ms"]
    lines = [header]

    def line(task, what, entries):
        ours = sum(r["ours"]["wall_ms"] for _, r in entries)
        floor = sum(r["floor"]["wall_ms"] for _, r in entries)
        cpu_ours = sum(r["ours"]["cpu_ms"] for _, r in entries)
        cpu_floor = sum(r["floor"]["cpu_ms"] for _, r in entries)
        rss_ours = max(r["ours"]["peak_rss_kb"] for _, r in entries) / 1024
        rss_floor = max(r["floor"]["peak_rss_kb"] for _, r in entries) / 1024
        bytes_ours = sum(r["ours"]["output_bytes"] for _, r in entries)
        bytes_floor = sum(r["floor"]["output_bytes"] for _, r in entries)
        worst = max((percent(r["ours"]["output_bytes"], r["floor"]["output_bytes"]) for _, r in entries), key=abs)
        n = len(entries)
        cells = [task, what, str(n), f"{ours / n:.1f}", f"{floor / n:.1f}", f"{ours / floor:.2f}x",
                 f"{cpu_ours / n:.1f} / {cpu_floor / n:.1f}", f"{cpu_ours / cpu_floor:.2f}x",
                 f"{rss_ours:.0f} / {rss_floor:.0f}",
                 f"{percent(bytes_ours, bytes_floor):+.1f}% (worst {worst:+.1f}%)",
                 f"{sum(1 for _, r in entries if r['identical'])}/{n}",
                 "met" if ours / floor <= 1.10 and abs(worst) <= 2 else "MISSED"]
        if magick:
            cells.append(f"{sum(r['magick']['wall_ms'] for _, r in entries) / n:.1f}")
        return cells

    for task, entries in rows.items():
        lines.append(line(task, TASKS[task][0], entries))
        if show_files:
            for name, row in entries:
                lines.append(line("", "  " + name, [(name, row)]))
    return lines


def render(lines):
    widths = [max(len(row[i]) for row in lines) for i in range(len(lines[0]))]
    out = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def has_process(gptimg):
    if not os.path.exists(gptimg):
        return False
    result = subprocess.run([gptimg, "process", "--help"], capture_output=True, text=True)
    return result.returncode == 0


def corpus_images(corpus):
    return sorted(glob.glob(os.path.join(corpus, "*.png")) + glob.glob(os.path.join(corpus, "*.jpg"))
                  + glob.glob(os.path.join(corpus, "*.webp")))


def fill_folder(folder, corpus, count):
    """`count` files in `folder`: copies of the corpus images, round-robin, under distinct names."""
    os.makedirs(folder, exist_ok=True)
    sources = corpus_images(corpus)
    for i in range(count):
        source = sources[i % len(sources)]
        stem, extension = os.path.splitext(os.path.basename(source))
        shutil.copyfile(source, os.path.join(folder, f"{i:03d}-{stem}{extension}"))
    return folder


def measure_tool(args, corpus, scratch):
    """The whole tool: workers speed-up, memory against batch size, start-up time."""
    gptimg = os.path.join(RELEASE, "gptimg")
    results = []
    if not has_process(gptimg):
        results.append(["process, 1 vs 2 workers", "not measured: this build of gptimg has no `process` command", "", ""])
        return results, None

    images = len(corpus_images(corpus))
    corpus_copy = fill_folder(os.path.join(scratch, "in-corpus"), corpus, images)

    def process(folder, workers, extra=()):
        output = tempfile.mkdtemp(dir=scratch, prefix="out-")
        status, wall, rss = run_child([gptimg, "process", folder, "-o", output, "-w", str(workers), *extra])
        shutil.rmtree(output, ignore_errors=True)
        if status != 0:
            raise RuntimeError(f"gptimg process {folder} -w {workers} exited with {status}")
        return wall, rss

    walls = {1: [], 2: []}
    for run in range(args.runs):
        for workers in ((1, 2) if run % 2 == 0 else (2, 1)):
            walls[workers].append(process(corpus_copy, workers)[0])
    one, two = median(walls[1]), median(walls[2])
    speedup = one / two
    results.append([f"process corpus ({images} images), -w 1 vs -w 2",
                    f"{one:.0f} ms vs {two:.0f} ms: {speedup:.2f}x", ">= 1.80x", "met" if speedup >= 1.8 else "MISSED"])

    folder20 = fill_folder(os.path.join(scratch, "in-20"), corpus, 20)
    folder200 = fill_folder(os.path.join(scratch, "in-200"), corpus, 200)
    rss20 = process(folder20, 2)[1]
    rss200 = process(folder200, 2)[1]
    growth = rss200 / rss20
    results.append(["peak RSS, process 200 vs 20 images (-w 2)",
                    f"{rss200 / 1024:.0f} MiB vs {rss20 / 1024:.0f} MiB: {growth:.2f}x", "<= 2.00x",
                    "met" if growth <= 2 else "MISSED"])

    def startup(command, runs=40):
        walls = sorted(run_child(command)[1] for _ in range(runs))
        return median(walls), walls[0]

    baseline, _ = startup(["/bin/true"])
    version, version_best = startup([gptimg, "--version"])
    inspect, inspect_best = startup([gptimg, "inspect", os.path.join(corpus, "photo_rgb_1024x1024.png")])
    for label, value, best in (("gptimg --version", version, version_best),
                               ("gptimg inspect photo_rgb_1024x1024.png", inspect, inspect_best)):
        results.append([f"start-up: {label}", f"{value:.1f} ms median, {best:.1f} ms best "
                        f"(spawning /bin/true: {baseline:.1f} ms)", "< 20 ms", "met" if value < 20 else "MISSED"])
    return results, {"speedup": speedup, "rss_growth": growth}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=os.path.join(PACKAGE, "..", "shared", "bench-corpus"))
    parser.add_argument("--tasks", default=",".join(TASKS), help="comma-separated, e.g. T1,T4")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per file and side (default 3)")
    parser.add_argument("--iterations", type=int, default=5, help="timed repetitions inside each process; the median counts")
    parser.add_argument("--files", action="store_true", help="one row per file too")
    parser.add_argument("--magick", action="store_true", help="also time ImageMagick's convert, one process per image")
    parser.add_argument("--no-tool", action="store_true", help="skip the whole-tool measurements")
    parser.add_argument("--no-tasks", action="store_true", help="skip T1-T6, measure only the whole tool")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--json", help="also write the raw measurements to this file")
    args = parser.parse_args()
    args.tasks = [t.strip().upper() for t in args.tasks.split(",") if t.strip()]
    unknown = [t for t in args.tasks if t not in TASKS]
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}: choose from {', '.join(TASKS)}")
    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(corpus):
        parser.error(f"the bench corpus is not at {corpus} (give --corpus)")
    if args.magick and not os.path.exists("/usr/bin/convert"):
        parser.error("--magick needs ImageMagick's /usr/bin/convert (apt-get install imagemagick)")

    if not args.skip_build and not build(["cfloor", "gptimg-bench"] + ([] if args.no_tool else ["gptimg"])):
        sys.exit("the release build failed")

    scratch = tempfile.mkdtemp(prefix="gptimg-bench-")
    try:
        log(f"tasks {', '.join(args.tasks)}: {args.runs} fresh processes per side and file, "
            f"median of {args.iterations} iterations each")
        rows = {} if args.no_tasks else measure_tasks(args, corpus, scratch)
        tool, summary = ([], None) if args.no_tool else measure_tool(args, corpus, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    load = os.getloadavg()
    print(f"gptimg benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; per image: median of {args.iterations} iterations "
          f"in each of {args.runs} fresh processes, then the median of those")
    if rows:
        print()
        print(render(task_table(rows, args.files, args.magick)))
    if tool:
        print()
        print(render([["whole tool", "measured", "target", "result"]] + tool))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"tasks": rows, "tool": tool, "load": load}, f, indent=1)


if __name__ == "__main__":
    main()
