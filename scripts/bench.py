#!/usr/bin/env python3
"""gptimg's benchmark: every task T1-T6 over the bench corpus, through gptimg's own stages
(gptimg-bench) and through the minimal C program on the same libraries (cfloor), each run in
fresh processes, then the whole tool (`gptimg process`, memory, start-up, and `gptimg generate`
against a local Images API that answers every request after a fixed delay). Prints one table.

    python3 scripts/bench.py                 # build in release, run everything
    python3 scripts/bench.py --files         # also one row per file
    python3 scripts/bench.py --magick        # also ImageMagick's `convert` per image
    python3 scripts/bench.py --skip-build --tasks T2,T6 --runs 5
    python3 scripts/bench.py --no-tasks --tool-rows generate --delay 2

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

# The whole-tool rows, in the order they run.
TOOL_ROWS = ["process", "memory", "startup", "generate"]

# `gptimg generate` against the local Images API: the batch of the tool's own help (twenty
# prompts, WebP at compression 80) with 256-pixel thumbnails, every prompt in flight at once.
GENERATE_FLAGS = ["-s", "1024x1024", "-f", "webp", "-c", "80", "--thumbnail", "256"]
GENERATE_PROMPTS = 20
GENERATE_PICTURE = "photo_rgb_1024x1024.png"
# A made-up key for the local server only; dotted, so that no secret scanner takes it for a real one.
GENERATE_KEY = "sk-bench.GPTIMG-BENCH.0123456789abcdefXYZ"

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


def run_with_usage(command, env=None):
    """Runs `command` (output discarded) and returns (exit status, wall ms, resource usage)."""
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, os.environ if env is None else env,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                       (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1e3
    return os.waitstatus_to_exitcode(status), wall, usage


def run_child(command):
    """Runs `command` and returns (exit status, wall ms, peak RSS KiB), measured by the OS."""
    status, wall, usage = run_with_usage(command)
    return status, wall, usage.ru_maxrss


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
    """The whole tool: workers speed-up, memory against batch size, start-up time, generation."""
    gptimg = os.path.join(RELEASE, "gptimg")
    results = []
    summary = {}
    if {"process", "memory"} & set(args.tool_rows):
        if has_process(gptimg):
            summary.update(measure_process(args, corpus, scratch, gptimg, results))
        else:
            results.append(["process, 1 vs 2 workers", "not measured: this build of gptimg has no `process` command", "", ""])
    if "startup" in args.tool_rows:
        measure_startup(corpus, gptimg, results)
    if "generate" in args.tool_rows:
        summary.update(measure_generate(args, corpus, scratch, gptimg, results))
    return results, summary


def measure_process(args, corpus, scratch, gptimg, results):
    """`gptimg process`: 2 workers against 1, and peak memory for 200 images against 20."""
    summary = {}
    images = len(corpus_images(corpus))
    corpus_copy = fill_folder(os.path.join(scratch, "in-corpus"), corpus, images)

    def process(folder, workers, extra=()):
        output = tempfile.mkdtemp(dir=scratch, prefix="out-")
        status, wall, rss = run_child([gptimg, "process", folder, "-o", output, "-w", str(workers), *extra])
        shutil.rmtree(output, ignore_errors=True)
        if status != 0:
            raise RuntimeError(f"gptimg process {folder} -w {workers} exited with {status}")
        return wall, rss

    if "process" in args.tool_rows:
        walls = {1: [], 2: []}
        for run in range(args.runs):
            for workers in ((1, 2) if run % 2 == 0 else (2, 1)):
                walls[workers].append(process(corpus_copy, workers)[0])
        one, two = median(walls[1]), median(walls[2])
        speedup = one / two
        results.append([f"process corpus ({images} images), -w 1 vs -w 2",
                        f"{one:.0f} ms vs {two:.0f} ms: {speedup:.2f}x", ">= 1.80x", "met" if speedup >= 1.8 else "MISSED"])
        summary["speedup"] = speedup

    if "memory" in args.tool_rows:
        folder20 = fill_folder(os.path.join(scratch, "in-20"), corpus, 20)
        folder200 = fill_folder(os.path.join(scratch, "in-200"), corpus, 200)
        rss20 = process(folder20, 2)[1]
        rss200 = process(folder200, 2)[1]
        growth = rss200 / rss20
        results.append(["peak RSS, process 200 vs 20 images (-w 2)",
                        f"{rss200 / 1024:.0f} MiB vs {rss20 / 1024:.0f} MiB: {growth:.2f}x", "<= 2.00x",
                        "met" if growth <= 2 else "MISSED"])
        summary["rss_growth"] = growth
    return summary


def measure_startup(corpus, gptimg, results):
    """The wall time of `gptimg --version` and `gptimg inspect FILE`, over 40 runs each."""
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


def process_cpu_ms(pid):
    """User + system CPU time a running process has used so far, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1e3 / os.sysconf("SC_CLK_TCK")


def pipeline_ms(manifest):
    """The sum of the stage timings of every record in a manifest.jsonl, in ms."""
    total = 0.0
    with open(manifest) as f:
        for line in f:
            if line.strip():
                total += sum(t["seconds"] for t in json.loads(line).get("timings", []))
    return total * 1e3


def measure_generate(args, corpus, scratch, gptimg, results):
    """`gptimg generate` with 20 prompts and 20 workers against a local Images API that answers
    every request after `--delay` L seconds, against the same run with one prompt.

    W is the 20-prompt run's wall time. P, the processing of one image, is the one-prompt
    run's wall time minus L: everything gptimg does for an image besides waiting (start-up,
    request, reading and base64-decoding the answer, decode, checks, thumbnail, writes,
    manifest). The target W <= 1.1 L + P says the other 19 images may add at most L/10.
    """
    label = f"generate {GENERATE_PROMPTS} prompts -w {GENERATE_PROMPTS}, delay L = {args.delay:g} s"
    server_binary = os.path.join(RELEASE, "images-api-server")
    if not os.path.exists(server_binary):
        results.append([label, "not measured: images-api-server is not built", "", ""])
        return {}
    delay_ms = args.delay * 1e3
    server = subprocess.Popen([server_binary, "--delay", str(args.delay), "--picture", os.path.join(corpus, GENERATE_PICTURE),
                               "--api-key", GENERATE_KEY], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        first_line = server.stdout.readline().strip()
        if not first_line.isdigit():
            raise RuntimeError(f"images-api-server did not start (it printed {first_line!r}; its error is above)")
        port = int(first_line)
        env = dict(os.environ, OPENAI_API_KEY=GENERATE_KEY, OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1", NO_COLOR="1")
        prompts = [f"Photograph {i + 1} of a harbour at dawn, fishing boats, gulls, mist" for i in range(GENERATE_PROMPTS)]

        def generate(count):
            output = tempfile.mkdtemp(dir=scratch, prefix="gen-")
            server_before = process_cpu_ms(server.pid)
            status, wall, usage = run_with_usage([gptimg, "generate", *args.generate_flags, "-w", str(count), "-o", output,
                                                  *prompts[:count]], env)
            server_cpu = process_cpu_ms(server.pid) - server_before
            manifests = glob.glob(os.path.join(output, "manifest.jsonl")) + glob.glob(os.path.join(output, "*", "manifest.jsonl"))
            stages = pipeline_ms(manifests[0]) / count if manifests else float("nan")
            shutil.rmtree(output, ignore_errors=True)
            if status != 0:
                raise RuntimeError(f"gptimg generate with {count} prompts exited with {status}")
            return {"wall": wall, "cpu": (usage.ru_utime + usage.ru_stime) * 1e3, "server_cpu": server_cpu, "stages": stages}

        generate(1)  # The server encodes its picture once; the files are in the page cache.
        samples = {1: [], GENERATE_PROMPTS: []}
        for run in range(args.runs):
            for count in ((1, GENERATE_PROMPTS) if run % 2 == 0 else (GENERATE_PROMPTS, 1)):
                samples[count].append(generate(count))
    finally:
        server.stdin.close()
        served = server.stdout.read()
        server.wait()
    in_flight = json.loads(served.splitlines()[-1])["maxConcurrentRequests"] if served.strip() else 0

    def med(count, key):
        return median([sample[key] for sample in samples[count]])

    one, batch = med(1, "wall"), med(GENERATE_PROMPTS, "wall")
    processing = one - delay_ms
    bound = 1.1 * delay_ms + processing
    serial = GENERATE_PROMPTS * one
    met = batch <= bound and in_flight >= GENERATE_PROMPTS
    results.append([f"{label} ({' '.join(args.generate_flags)})",
                    f"W {batch / 1e3:.2f} s, P {processing:.0f} ms (1 prompt {one / 1e3:.2f} s, stages {med(1, 'stages'):.0f} ms); "
                    f"{in_flight} in flight; CPU per batch: gptimg {med(GENERATE_PROMPTS, 'cpu'):.0f} ms, server "
                    f"{med(GENERATE_PROMPTS, 'server_cpu'):.0f} ms; serially 20 (L + P) = {serial / 1e3:.1f} s",
                    f"W <= 1.1 L + P = {bound / 1e3:.2f} s", "met" if met else "MISSED"])
    return {"generate_wall_ms": batch, "generate_bound_ms": bound, "generate_processing_ms": processing}


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
    parser.add_argument("--tool-rows", default=",".join(TOOL_ROWS),
                        help=f"comma-separated whole-tool rows to measure, from {','.join(TOOL_ROWS)} (default all)")
    parser.add_argument("--delay", type=float, default=2.0,
                        help="seconds the local Images API waits before each answer, L of the generate row (default 2)")
    parser.add_argument("--generate-flags", default=" ".join(GENERATE_FLAGS),
                        help=f"the image and thumbnail flags of the generate row (default: {' '.join(GENERATE_FLAGS)})")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--json", help="also write the raw measurements to this file")
    args = parser.parse_args()
    args.tasks = [t.strip().upper() for t in args.tasks.split(",") if t.strip()]
    args.tool_rows = [r.strip().lower() for r in args.tool_rows.split(",") if r.strip()]
    args.generate_flags = args.generate_flags.split()
    unknown_rows = [r for r in args.tool_rows if r not in TOOL_ROWS]
    if unknown_rows:
        parser.error(f"unknown tool row(s) {', '.join(unknown_rows)}: choose from {', '.join(TOOL_ROWS)}")
    if args.delay < 0:
        parser.error("--delay must be 0 or more seconds")
    unknown = [t for t in args.tasks if t not in TASKS]
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}: choose from {', '.join(TASKS)}")
    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(corpus):
        parser.error(f"the bench corpus is not at {corpus} (give --corpus)")
    if args.magick and not os.path.exists("/usr/bin/convert"):
        parser.error("--magick needs ImageMagick's /usr/bin/convert (apt-get install imagemagick)")

    products = [] if args.no_tasks else ["cfloor", "gptimg-bench"]
    if not args.no_tool:
        products += ["gptimg"] + (["images-api-server"] if "generate" in args.tool_rows else [])
    if not args.skip_build and not build(products):
        sys.exit("the release build failed")

    scratch = tempfile.mkdtemp(prefix="gptimg-bench-")
    try:
        if not args.no_tasks:
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
