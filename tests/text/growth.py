"""Measure how a function's time grows with its input: a ratio of times, not a timed bound.

Times are this thread's CPU time: on a shared machine a wall-clock run long enough to be
preempted is slowed by whatever else runs, which would make the ratio measure the neighbours.
"""
import gc
import time

# Doubling a linear function's input doubles its time; allow noise up to this ratio (a quadratic
# one gives 4, an exponential one never returns). Under a loaded machine, cache and allocator
# effects alone reached 3.4 on linear code, so the line sits between that and quadratic.
MAX_RATIO = 3.5
RUNS = 3
# Below this, a time is mostly timer and scheduler noise: the input is grown until it is above.
MIN_SECONDS = 0.005
MAX_SIZE = 80_000


def best_seconds(call, runs=RUNS):
    """Return the shortest CPU time of call() over runs, with the collector out of the way."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            started = time.thread_time()
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
    large = make(2 * size)
    ratios = []
    for _ in range(3):
        ratios.append(best_seconds(lambda: function(*large)) / best_seconds(lambda: function(*small)))
        if ratios[-1] <= MAX_RATIO:
            break
    return min(ratios), size
