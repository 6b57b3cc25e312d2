"""Measure how a function's time grows with its input: a ratio of times, not a timed bound.

Times are this thread's CPU time: on a shared machine a wall-clock run long enough to be
preempted is slowed by whatever else runs, which would make the ratio measure the neighbours.
"""
import gc
import time

# The input is quadrupled and the ratio of times reported per doubling (its square root): a
# linear function gives 2, n log n a little more, a quadratic one 4, an exponential one never
# returns. Quadrupling halves the timing noise on that scale (a single suite run once measured
# x3.5 for one doubling of a linear case), so the line can sit at 3.
MAX_RATIO = 3.0
RUNS = 3
# Below this, a time is mostly timer and scheduler noise: the input is grown until a call takes
# this long, up to MAX_SIZE, and past that the call is repeated until one timing takes this long
# (0.05 s). test_linear_time runs it in a fresh interpreter per function.
MIN_SECONDS = 0.05
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
    """Return (the square root of time of function(*make(4m)) / time of function(*make(m)), m),
    n grown from size until the smaller one is measurable and m that n or, when confirmed
    further, 4n: how the time grows per doubling (the lowest ratio measured).
    A ratio above MAX_RATIO is measured once more, then once from 4n to 16n: a step in the
    cache or the allocator's cost inflates one quadrupling, a superlinear function every one."""
    small = make(size)
    while size < MAX_SIZE and best_seconds(lambda: function(*small), runs=1) < MIN_SECONDS:
        size *= 2
        small = make(size)
    once = max(best_seconds(lambda: function(*small), runs=1), 1e-6)
    repeats = min(MAX_REPEATS, max(1, round(MIN_SECONDS / once)))
    large, measured = make(4 * size), []
    for attempt in range(3):
        if attempt == 2:  # over the line twice: once more one quadrupling up, from 4n to 16n
            size, small, large, repeats = 4 * size, large, make(16 * size), max(1, repeats // 4)
        ratio = (best_seconds(lambda: function(*large), repeats=repeats)
                 / best_seconds(lambda: function(*small), repeats=repeats)) ** 0.5
        measured.append((ratio, size))
        if ratio <= MAX_RATIO:
            break
    return min(measured)
