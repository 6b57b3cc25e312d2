"""A minimal diff (Myers' O(ND) algorithm): the longest common subsequence of two sequences.

difflib's SequenceMatcher grows the longest contiguous match first, which can pair a repeated
sentence with the wrong twin when a space or a full stop around it happens to match; a longest
common subsequence keeps twins in order because it matches as much as it can overall.
"""


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
