"""The verdict colours of static/css/app.css: every pair tells apart (CIEDE2000 >= 10) for
normal vision and under simulated deuteranopia and protanopia (Machado, Oliveira and Fernandes
2009, severity 1), and each keeps the article's ink readable on it (WCAG AA, 4.5:1)."""
import math
import re
from itertools import combinations
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "static" / "css" / "app.css"
MIN_DISTANCE = 10
INK = "#1b1f24"
# Machado et al. 2009, severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
}


def verdict_colours(css=None):
    """Return {verdict key: "#rrggbb"} from the --v-* custom properties of the stylesheet."""
    text = css if css is not None else CSS.read_text(encoding="utf-8")
    root = re.search(r":root\s*{(.*?)}", text, re.S).group(1)
    return {m[0]: m[1].lower() for m in re.findall(r"--v-([a-z_]+):\s*(#[0-9a-fA-F]{6})", root) if m[0] != "custom"}


def linear(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def simulate(rgb, matrix):
    return [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in matrix]


def lab(rgb):
    """CIE L*a*b* (D65) of a linear RGB triple."""
    r, g, b = rgb
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
         for t in (xyz[0] / 0.95047, xyz[1], xyz[2] / 1.08883)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def ciede2000(lab1, lab2):
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0 if not c1p * c2p else (h2p - h1p if abs(h2p - h1p) <= 180 else h2p - h1p - 360 * math.copysign(1, h2p - h1p))
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if not c1p * c2p:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = (-2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dh_big / sh) ** 2 + rt * (dc / sc) * (dh_big / sh))


def distance(first, second, vision):
    matrix = SIMULATIONS[vision]
    return ciede2000(lab(simulate(linear(first), matrix)), lab(simulate(linear(second), matrix)))


def contrast(first, second):
    lum = [sum(w * c for w, c in zip((0.2126, 0.7152, 0.0722), linear(x))) for x in (first, second)]
    return (max(lum) + 0.05) / (min(lum) + 0.05)


def test_ciede2000_matches_the_published_test_data():
    # Sharma, Wu and Dalal (2005), table 1, pairs 1, 7 and 17.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_the_stylesheet_names_a_colour_for_every_verdict_of_the_default_scale():
    assert set(verdict_colours()) == {"accurate", "mostly_accurate", "mixed", "misleading", "false",
                                      "unsubstantiated", "not_checkable", "unrated"}


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_every_pair_of_verdict_colours_is_told_apart(vision):
    colours = verdict_colours()
    close = [(a, b, round(distance(colours[a], colours[b], vision), 1))
             for a, b in combinations(sorted(colours), 2) if distance(colours[a], colours[b], vision) < MIN_DISTANCE]
    assert close == [], f"too close under {vision} (CIEDE2000 < {MIN_DISTANCE})"


def test_the_old_palette_fails_the_distance_check():
    """The check can fail: the palette before issue 15 had pairs closer than 10."""
    old = {"accurate": "#b7e4c7", "mostly_accurate": "#d8f3dc", "mixed": "#ffe8a3", "misleading": "#ffd0a8",
           "false": "#ffc2c2", "unsubstantiated": "#e2d4f7", "not_checkable": "#e3e6ea", "unrated": "#cfe3ff"}
    assert min(distance(old[a], old[b], "deuteranopia") for a, b in combinations(old, 2)) < MIN_DISTANCE


def test_the_article_text_stays_readable_on_every_verdict_colour():
    for key, colour in verdict_colours().items():
        assert contrast(INK, colour) >= 4.5, key
