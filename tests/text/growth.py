"""Measure how a function's time grows with its input: a ratio of times, not a timed bound.

Times are this thread's CPU time: on a shared machine a wall-clock run long enough to be
preempted is slowed by whatever else runs, which would make the ratio measure the neighbours.
"""
import gc
import time

# Doubling a linear function's input doubles its time; allow noise up to this ratio (a quadratic
# one gives 4, an exponential one never returns). On a loaded machine, single calls of a few
# milliseconds measured up to x4.7 on linear code; calls are now repeated until each timing is
# long enough to mean something. Even so one linear case once measured just over 3 on a quiet
# machine, so the line sits at 3.5, still below what a quadratic function gives.
MAX_RATIO = 3.5
RUNS = 3
# Below this, a time is mostly timer and scheduler noise: the input is grown until a call takes
# this long, up to MAX_SIZE, and past that the call is repeated until one timing takes this long.
MIN_SECONDS = 0.02
MAX_SIZE = 80_000
MAX_REPEATS = 200


def best_seconds(call, runs=RUNS, repeats=1):
    """Return the shortest CPU time of `repeats` calls of call() over runs, with the collector
    out of the way."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            started = time.thread_time()
            for _ in range(repeats):
                call()
            best = min(best, time.thread_time() - started)
    finally:
        gc.enable()
    return best


def growth_ratio(function, make, size):
    """Return (time of function(*make(2n)) / time of function(*make(n)), n), n grown from size
    until the smaller one is measurable. A ratio above MAX_RATIO is measured up to twice more."""
    small = make(size)
    while size < MAX_SIZE and best_seconds(lambda: function(*small), runs=1) < MIN_SECONDS:
        size *= 2
        small = make(size)
    once = max(best_seconds(lambda: function(*small), runs=1), 1e-6)
    repeats = min(MAX_REPEATS, max(1, round(MIN_SECONDS / once)))
    large = make(2 * size)
    ratios = []
    for _ in range(3):
        ratios.append(best_seconds(lambda: function(*large), repeats=repeats)
                      / best_seconds(lambda: function(*small), repeats=repeats))
        if ratios[-1] <= MAX_RATIO:
            break
    return min(ratios), size
