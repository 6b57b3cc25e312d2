"""A minimal diff (Myers' O(ND) algorithm): the longest common subsequence of two sequences.

difflib's SequenceMatcher grows the longest contiguous match first, which can pair a repeated
sentence with the wrong twin when a space or a full stop around it happens to match; a longest
common subsequence keeps twins in order because it matches as much as it can overall.
"""
from bisect import bisect_left


def _trace(a, b, max_edits):
    """Return Myers' V arrays per edit count, or None when more than max_edits are needed."""
    n, m = len(a), len(b)
    frontier, trace = {1: 0}, []
    for edits in range(min(n + m, max_edits) + 1):
        trace.append(dict(frontier))
        for k in range(-edits, edits + 1, 2):
            down = k == -edits or (k != edits and frontier[k - 1] < frontier[k + 1])
            x = frontier[k + 1] if down else frontier[k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            frontier[k] = x
            if x >= n and y >= m:
                return trace
    return None


def _matches(trace, n, m):
    """Walk the trace back from the end; return the matched (i, j) pairs in order."""
    x, y, pairs = n, m, []
    for edits in range(len(trace) - 1, -1, -1):
        frontier, k = trace[edits], x - y
        down = k == -edits or (k != edits and frontier.get(k - 1, -1) < frontier.get(k + 1, -1))
        previous_k = k + 1 if down else k - 1
        previous_x = frontier.get(previous_k, 0)
        previous_y = previous_x - previous_k
        while x > previous_x and y > previous_y:
            x, y = x - 1, y - 1
            pairs.append((x, y))
        x, y = previous_x, previous_y
    return pairs[::-1]


def matching_blocks(a, b, max_edits=3000):
    """Return (i, j, size) blocks of a longest common subsequence, ending with (n, m, 0); or None."""
    trace = _trace(a, b, max_edits)
    if trace is None:
        return None
    blocks = []
    for i, j in _matches(trace, len(a), len(b)):
        if blocks and blocks[-1][0] + blocks[-1][2] == i and blocks[-1][1] + blocks[-1][2] == j:
            blocks[-1][2] += 1
        else:
            blocks.append([i, j, 1])
    return [tuple(block) for block in blocks] + [(len(a), len(b), 0)]


def opcodes(blocks):
    """Turn matching blocks into difflib-style (tag, i1, i2, j1, j2) opcodes."""
    i = j = 0
    ops = []
    for block_i, block_j, size in blocks:
        tag = "replace" if i < block_i and j < block_j else "delete" if i < block_i else "insert"
        if i < block_i or j < block_j:
            ops.append((tag, i, block_i, j, block_j))
        if size:
            ops.append(("equal", block_i, block_i + size, block_j, block_j + size))
        i, j = block_i + size, block_j + size
    return ops


# Above this size a region is first cut at the tokens that occur once in each side (patience
# diff), so a shuffled or rewritten text never reaches the O(ND) search whole: that search only
# runs on the pieces, with an edit budget that keeps its work a small multiple of their size.
EDITS_PER_PIECE = 40
EXACT_WORK = 10_000
MAX_EDITS = 3000
MAX_DEPTH = 12


def diff_blocks(a, b):
    """Return (i, j, size) matching blocks ending with (n, m, 0), in O(n log n): a longest common
    subsequence when the edit is small, else the patience diff's matches (a common subsequence)."""
    found = []
    _match_region(a, b, 0, len(a), 0, len(b), 0, found)
    blocks = []
    for i, j, size in found:
        if blocks and blocks[-1][0] + blocks[-1][2] == i and blocks[-1][1] + blocks[-1][2] == j:
            blocks[-1][2] += size
        elif size:
            blocks.append([i, j, size])
    return [tuple(block) for block in blocks] + [(len(a), len(b), 0)]


def _match_region(a, b, a_low, a_high, b_low, b_high, depth, found):
    """Append the matches of a[a_low:a_high] and b[b_low:b_high] to found, in order."""
    head = 0
    while a_low + head < a_high and b_low + head < b_high and a[a_low + head] == b[b_low + head]:
        head += 1
    tail = 0
    while (a_high - tail > a_low + head and b_high - tail > b_low + head
           and a[a_high - tail - 1] == b[b_high - tail - 1]):
        tail += 1
    found.append((a_low, b_low, head))
    a_low, b_low, a_high, b_high = a_low + head, b_low + head, a_high - tail, b_high - tail
    if a_low < a_high and b_low < b_high:
        _match_middle(a, b, a_low, a_high, b_low, b_high, depth, found)
    found.append((a_high, b_high, tail))


def _match_middle(a, b, a_low, a_high, b_low, b_high, depth, found):
    """Match a region that starts and ends with a difference."""
    size = (a_high - a_low) + (b_high - b_low)
    budget = max(EDITS_PER_PIECE, min(MAX_EDITS, EXACT_WORK // size))
    blocks = matching_blocks(a[a_low:a_high], b[b_low:b_high], max_edits=budget)
    if blocks is not None:
        found.extend((a_low + i, b_low + j, n) for i, j, n in blocks)
        return
    if depth >= MAX_DEPTH:
        return  # the rest is one replacement: bounded work beats a better diff here
    at_a, at_b = a_low, b_low
    for i, j in _unique_anchors(a, b, a_low, a_high, b_low, b_high):
        _match_region(a, b, at_a, i, at_b, j, depth + 1, found)
        found.append((i, j, 1))
        at_a, at_b = i + 1, j + 1
    if at_a != a_low:
        _match_region(a, b, at_a, a_high, at_b, b_high, depth + 1, found)


def _unique_anchors(a, b, a_low, a_high, b_low, b_high):
    """Return the (i, j) of tokens found once on each side, the longest run of them in the same
    order on both (a longest increasing subsequence, in O(k log k))."""
    counts = {}
    for i in range(a_low, a_high):
        seen = counts.get(a[i])
        counts[a[i]] = (i, None) if seen is None else (-1, None)
    for j in range(b_low, b_high):
        seen = counts.get(b[j])
        if seen is not None and seen[0] >= 0:
            counts[b[j]] = (seen[0], j if seen[1] is None else -1)
    pairs = sorted((j, i) for i, j in counts.values() if i >= 0 and j is not None and j >= 0)
    return _increasing([(i, j) for j, i in pairs])


def _increasing(pairs):
    """Return the longest subsequence of pairs (sorted by j) whose i also increase."""
    tails, tail_at, back = [], [], []
    for index, (i, _) in enumerate(pairs):
        place = bisect_left(tails, i)
        back.append(tail_at[place - 1] if place else -1)
        if place == len(tails):
            tails.append(i)
            tail_at.append(index)
        else:
            tails[place], tail_at[place] = i, index
    chain, index = [], tail_at[-1] if tail_at else -1
    while index >= 0:
        chain.append(pairs[index])
        index = back[index]
    return chain[::-1]
