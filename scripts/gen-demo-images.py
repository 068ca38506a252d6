#!/usr/bin/env python3
"""Generate the demo shop's product illustrations (public/images/*.svg).

Standard library only and deterministic: the same table always gives the same
bytes. Every image is a flat illustration on a soft square background, in a
400x400 viewBox, with no text, no scripts, no fonts and no external references.

    python3 scripts/gen-demo-images.py            # writes public/images/
    python3 scripts/gen-demo-images.py --check    # fails if a file differs, or if
                                                  # public/shop.json is inconsistent
"""
import datetime
import decimal
import json
import os
import re
import sys
import zlib

PUBLIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public")
OUT = os.path.join(PUBLIC, "images")
MAX_BYTES = 2048


def _rgb(c):
    c = c.lstrip("#")
    return [int(c[i:i + 2], 16) for i in (0, 2, 4)]


def _hex(rgb):
    return "#" + "".join("%02x" % max(0, min(255, int(round(v)))) for v in rgb)


def mix(a, b, t):
    """Blend colour a towards colour b by t (0..1)."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex([x + (y - x) * t for x, y in zip(ra, rb)])


def dark(c, t=0.3):
    return mix(c, "#000000", t)


def light(c, t=0.5):
    return mix(c, "#ffffff", t)


class Rand:
    """Tiny deterministic LCG seeded from a name (hash() is salted per run)."""

    def __init__(self, name):
        self.s = zlib.crc32(name.encode()) or 1

    def next(self):
        self.s = (self.s * 1103515245 + 12345) & 0x7FFFFFFF
        return self.s / 0x7FFFFFFF

    def int(self, lo, hi):
        return lo + int(self.next() * (hi - lo + 1)) % (hi - lo + 1)


# --- motifs: each returns SVG elements drawn on a 400x400 canvas ------------

def tin(r, a, b):
    return (
        f'<rect x="130" y="132" width="140" height="192" rx="12" fill="{a}"/>'
        f'<rect x="122" y="108" width="156" height="38" rx="9" fill="{dark(a)}"/>'
        f'<rect x="130" y="188" width="140" height="78" fill="{b}"/>'
        f'<path d="M200 198q24 29 0 58q-24-29 0-58z" fill="{a}"/>'
        f'<path d="M200 206v42" stroke="{b}" stroke-width="3"/>'
        f'<rect x="146" y="152" width="10" height="156" rx="5" fill="#fff" opacity=".25"/>'
    )


def _leaf(x, y, rot, s, fill):
    return (f'<path d="M0-26q16 26 0 52q-16-26 0-52z" fill="{fill}" '
            f'transform="translate({x} {y}) rotate({rot}) scale({s})"/>')


def leaves(r, a, b):
    out = f'<path d="M82 318q118-150 236 0z" fill="{dark(a, .2)}"/>'
    for i in range(15):
        x = r.int(105, 295)
        top = 318 - int(118 * (1 - abs(x - 200) / 118.0) ** 0.5) - 8
        y = r.int(top, 306)
        s = "%.1f" % (0.8 + r.next() * 0.6)
        out += _leaf(x, y, r.int(0, 179), s, a if i % 2 else b)
    return out


def pearls(r, a, b):
    out = f'<path d="M88 320q112-140 224 0z" fill="{dark(a, .25)}"/>'
    for i in range(16):
        x = r.int(110, 290)
        top = 320 - int(110 * (1 - abs(x - 200) / 112.0) ** 0.5)
        y = r.int(top, 308)
        rr = r.int(13, 19)
        out += (f'<circle cx="{x}" cy="{y}" r="{rr}" fill="{a if i % 3 else b}"/>'
                f'<circle cx="{x - 5}" cy="{y - 5}" r="4" fill="#fff" opacity=".35"/>')
    return out


def cup(r, a, b):
    return (
        f'<ellipse cx="200" cy="306" rx="118" ry="22" fill="{dark(a, .15)}"/>'
        f'<path d="M112 196h176q-4 96-88 106q-84-10-88-106z" fill="{a}" stroke="{dark(a, .12)}" stroke-width="2"/>'
        f'<ellipse cx="200" cy="196" rx="88" ry="16" fill="{dark(a, .1)}"/>'
        f'<ellipse cx="200" cy="199" rx="78" ry="11" fill="{b}"/>'
        f'<path d="M134 214q6 52 36 74" stroke="#fff" stroke-width="8" '
        f'stroke-linecap="round" fill="none" opacity=".3"/>'
        f'<path d="M180 168q-14-20 0-40t0-40M220 168q-14-20 0-40t0-40" stroke="#fff" '
        f'stroke-width="7" stroke-linecap="round" fill="none" opacity=".7"/>'
    )


def cups(r, a, b):
    """Two small cups side by side (a pair of teacups)."""
    one = (
        f'<path d="M-56 0h112q-2 62-56 68q-54-6-56-68z" fill="{a}"/>'
        f'<ellipse cy="0" rx="56" ry="11" fill="{dark(a, .1)}"/>'
        f'<ellipse cy="2" rx="48" ry="7" fill="{b}"/>'
        f'<path d="M-38 12q4 30 22 44" stroke="#fff" stroke-width="6" '
        f'stroke-linecap="round" fill="none" opacity=".3"/>'
    )
    return (
        f'<ellipse cx="200" cy="314" rx="150" ry="16" fill="{dark(a, .15)}" opacity=".5"/>'
        f'<g transform="translate(130 236)">{one}</g>'
        f'<g transform="translate(270 236)">{one}</g>'
    )


def teapot(r, a, b):
    return (
        f'<path d="M112 236q-40-10-56-46q22 8 38 24z" fill="{dark(a, .1)}"/>'
        f'<path d="M286 214q52 0 46 46q-6 34-50 36" stroke="{dark(a, .2)}" '
        f'stroke-width="16" fill="none"/>'
        f'<ellipse cx="200" cy="246" rx="100" ry="74" fill="{a}"/>'
        f'<path d="M104 236q96 30 192 0" stroke="{b}" stroke-width="12" fill="none"/>'
        f'<ellipse cx="200" cy="178" rx="54" ry="14" fill="{dark(a, .2)}"/>'
        f'<circle cx="200" cy="160" r="13" fill="{b}"/>'
        f'<path d="M140 218q-12 40 8 70" stroke="#fff" stroke-width="9" '
        f'stroke-linecap="round" fill="none" opacity=".25"/>'
    )


def gaiwan(r, a, b):
    return (
        f'<ellipse cx="200" cy="304" rx="128" ry="22" fill="{dark(a, .12)}"/>'
        f'<ellipse cx="200" cy="298" rx="120" ry="16" fill="{a}"/>'
        f'<path d="M124 214h152q-6 70-76 82q-70-12-76-82z" fill="{a}" stroke="{dark(a, .12)}" stroke-width="2"/>'
        f'<path d="M116 218q84-96 168 0z" fill="{light(a, .3)}" stroke="{dark(a, .12)}" stroke-width="2"/>'
        f'<ellipse cx="200" cy="150" rx="18" ry="8" fill="{light(a, .3)}"/>'
        f'<rect x="194" y="150" width="12" height="26" fill="{light(a, .3)}"/>'
        f'<path d="M146 246q54 22 108 0M156 270q44 16 88 0" stroke="{b}" '
        f'stroke-width="5" fill="none"/>'
        f'<circle cx="200" cy="196" r="7" fill="{b}"/>'
    )


def box(r, a, b):
    return (
        f'<rect x="118" y="184" width="164" height="138" rx="6" fill="{a}"/>'
        f'<rect x="106" y="152" width="188" height="44" rx="6" fill="{dark(a, .15)}"/>'
        f'<rect x="188" y="152" width="24" height="170" fill="{b}"/>'
        f'<rect x="118" y="196" width="164" height="10" fill="{dark(a, .3)}" opacity=".4"/>'
        f'<path d="M200 152q-62-58-70-14q6 22 70 14zM200 152q62-58 70-14q-6 22-70 14z" '
        f'fill="{b}"/>'
        f'<circle cx="200" cy="150" r="11" fill="{dark(b, .2)}"/>'
    )


def bag(r, a, b):
    return (
        f'<path d="M158 160q0-70 42-70t42 70M174 160q0-54 26-54t26 54" '
        f'stroke="{dark(a, .25)}" stroke-width="10" fill="none"/>'
        f'<path d="M122 152h156l14 170h-184z" fill="{a}"/>'
        f'<rect x="160" y="212" width="80" height="66" rx="6" fill="{b}"/>'
        f'<ellipse cx="200" cy="245" rx="20" ry="24" fill="{a}"/>'
        f'<rect x="192" y="214" width="16" height="6" fill="{a}"/>'
        f'<rect x="192" y="270" width="16" height="6" fill="{a}"/>'
    )


def pouches(r, a, b):
    def pouch(x, c, h):
        y = 322 - h
        return (f'<path d="M{x - 44} {y}h88l8 {h}h-104z" fill="{c}"/>'
                f'<rect x="{x - 44}" y="{y + 10}" width="88" height="5" fill="{dark(c, .2)}"/>'
                f'<path d="M{x} {y + 40}q18 22 0 44q-18-22 0-44z" fill="{light(c, .45)}"/>')
    return (f'<ellipse cx="200" cy="324" rx="168" ry="12" fill="{dark(a, .2)}" opacity=".3"/>'
            + pouch(106, b, 140) + pouch(294, mix(a, b, .5), 150) + pouch(200, a, 176))


def tray(r, a, b):
    slats = "".join(f'<path d="M{x} 226l{(x - 200) // 6} 64" stroke="{dark(a, .25)}" '
                    f'stroke-width="3"/>' for x in range(116, 300, 24))
    return (
        f'<path d="M70 290h260v22h-260z" fill="{dark(a, .3)}"/>'
        f'<path d="M110 222h180l40 68h-260z" fill="{a}"/>' + slats +
        f'<path d="M176 178h48q-2 36-24 40q-22-4-24-40z" fill="{b}"/>'
        f'<ellipse cx="200" cy="178" rx="24" ry="6" fill="{dark(b, .15)}"/>'
    )


def pitcher(r, a, b):
    return (
        f'<ellipse cx="200" cy="318" rx="96" ry="12" fill="{dark(a, .3)}" opacity=".3"/>'
        f'<path d="M134 120h132v170q0 30-30 30h-72q-30 0-30-30z" fill="{a}" opacity=".55"/>'
        f'<path d="M134 120l-26-14q12 26 26 34z" fill="{a}" opacity=".55"/>'
        f'<path d="M142 196h116v92q0 24-24 24h-68q-24 0-24-24z" fill="{b}"/>'
        f'<ellipse cx="200" cy="196" rx="58" ry="7" fill="{light(b, .25)}"/>'
        f'<rect x="150" y="134" width="9" height="160" rx="4" fill="#fff" opacity=".45"/>'
        f'<path d="M266 150h24q10 0 10 10v76q0 10-10 10h-24" stroke="{a}" stroke-width="10" '
        f'fill="none" opacity=".6"/>'
    )


def tools(r, a, b):
    sticks = ""
    for i, (x, top) in enumerate(((168, 98), (186, 76), (204, 110), (222, 86), (238, 120))):
        sticks += (f'<rect x="{x - 5}" y="{top}" width="10" height="{190 - top}" rx="4" '
                   f'fill="{b if i % 2 else dark(b, .2)}"/>')
    return (
        f'<ellipse cx="200" cy="320" rx="90" ry="12" fill="{dark(a, .3)}" opacity=".3"/>' + sticks +
        f'<path d="M144 170h112v136q0 16-16 16h-80q-16 0-16-16z" fill="{a}"/>'
        f'<ellipse cx="200" cy="170" rx="56" ry="12" fill="{dark(a, .25)}"/>'
        f'<rect x="144" y="226" width="112" height="12" fill="{dark(a, .2)}"/>'
    )


def candle(r, a, b):
    return (
        f'<circle cx="200" cy="118" r="46" fill="{light(b, .6)}" opacity=".6"/>'
        f'<path d="M200 86q22 30 0 52q-22-22 0-52z" fill="{b}"/>'
        f'<path d="M200 110q8 14 0 24q-8-10 0-24z" fill="{light(b, .6)}"/>'
        f'<rect x="197" y="136" width="6" height="24" fill="#555"/>'
        f'<rect x="130" y="154" width="140" height="170" rx="18" fill="#fff" opacity=".5"/>'
        f'<rect x="138" y="170" width="124" height="146" rx="12" fill="{a}"/>'
        f'<path d="M200 218q26 30 0 60q-26-30 0-60z" fill="{light(a, .5)}"/>'
    )


def lantern(r, a, b):
    return (
        f'<path d="M200 40v52M200 330v36" stroke="{dark(b, .3)}" stroke-width="5"/>'
        f'<ellipse cx="200" cy="212" rx="112" ry="108" fill="{a}"/>'
        f'<path d="M200 104q-48 108 0 216M200 104q48 108 0 216M200 104q-100 108 0 216'
        f'M200 104q100 108 0 216" stroke="{dark(a, .25)}" stroke-width="4" fill="none"/>'
        f'<rect x="150" y="88" width="100" height="26" rx="6" fill="{b}"/>'
        f'<rect x="150" y="310" width="100" height="26" rx="6" fill="{b}"/>'
        f'<path d="M186 336l-8 44M200 336v50M214 336l8 44" stroke="{b}" stroke-width="5"/>'
        f'<ellipse cx="152" cy="180" rx="14" ry="34" fill="#fff" opacity=".2"/>'
    )


def towel(r, a, b):
    out = ""
    for i, y in enumerate((262, 214, 166)):
        c = a if i % 2 == 0 else light(a, .35)
        out += (f'<rect x="{102 + i * 8}" y="{y}" width="{196 - i * 16}" height="54" rx="8" '
                f'fill="{c}"/>'
                f'<rect x="{130 + i * 8}" y="{y}" width="10" height="54" fill="{b}"/>'
                f'<rect x="{148 + i * 8}" y="{y}" width="4" height="54" fill="{b}"/>')
    return f'<ellipse cx="200" cy="318" rx="120" ry="12" fill="{dark(a, .3)}" opacity=".3"/>' + out


def case(r, a, b):
    return (
        f'<ellipse cx="200" cy="318" rx="130" ry="12" fill="{dark(a, .3)}" opacity=".3"/>'
        f'<path d="M170 160q0-40 30-40t30 40" stroke="{dark(a, .3)}" stroke-width="10" fill="none"/>'
        f'<rect x="92" y="156" width="216" height="160" rx="40" fill="{a}"/>'
        f'<path d="M100 214h200" stroke="{dark(a, .25)}" stroke-width="6" stroke-dasharray="10 6"/>'
        f'<circle cx="286" cy="214" r="10" fill="{b}"/>'
        f'<path d="M200 246q22 26 0 52q-22-26 0-52z" fill="{b}"/>'
    )


def travel(r, a, b):
    """A small pot with two cups, for the travel set's second picture."""
    return (
        f'<g transform="translate(80 40) scale(.6)">{teapot(r, a, b)}</g>'
        f'<g transform="translate(40 120) scale(.8)">{cups(r, b, light(a, .3))}</g>'
    )


MOTIFS = {f.__name__: f for f in (tin, leaves, pearls, cup, cups, teapot, gaiwan, box, bag,
                                  pouches, tray, pitcher, tools, candle, lantern, towel,
                                  case, travel)}

# file name, motif, background, main colour, accent colour
TABLE = [
    ("avatar", "lantern", "#fbe9dc", "#c8412c", "#e8b04a"),
    # green tea
    ("jasmine-pearls", "tin", "#eef4e4", "#6f9a5a", "#f3ecd0"),
    ("jasmine-pearls-2", "pearls", "#f4f2e2", "#a7b97c", "#e4e2c2"),
    ("jasmine-pearls-3", "cup", "#e7f0ea", "#fbfaf4", "#d8df9a"),
    ("west-lake-longjing", "leaves", "#edf3df", "#86a94a", "#a8c266"),
    ("west-lake-longjing-2", "pitcher", "#e3efe6", "#bfe0d2", "#c9d68a"),
    ("biluochun", "leaves", "#e4f1e8", "#5f8f62", "#92b98a"),
    ("taiping-houkui", "tin", "#e6ede0", "#3f6b45", "#d7c79a"),
    ("jasmine-silver-needle", "tin", "#f1f1ec", "#b8c2b4", "#f7f4ea"),
    ("jasmine-silver-needle-2", "leaves", "#f3f3ea", "#cbd3bd", "#e6e9dc"),
    ("green-tea-sampler", "pouches", "#eff5e8", "#7aa35f", "#c8d89a"),
    # oolong
    ("anxi-tieguanyin", "pearls", "#e8f0e4", "#4f7a4a", "#7fa26a"),
    ("anxi-tieguanyin-2", "gaiwan", "#e7edf3", "#f8f8f4", "#4a6fa5"),
    ("da-hong-pao", "tin", "#f6e6de", "#9c3f2b", "#efd8a8"),
    ("da-hong-pao-2", "leaves", "#f3e7df", "#5a3322", "#7a4a30"),
    ("da-hong-pao-3", "cup", "#f5ebe2", "#f4efe6", "#c0742e"),
    ("wuyi-rougui", "tin", "#f4e8dc", "#b0653a", "#3e2a22"),
    ("old-bush-shuixian", "leaves", "#efe6da", "#4b3a2c", "#6d5640"),
    ("old-bush-shuixian-2", "teapot", "#ece3d8", "#7b4a35", "#c79a5a"),
    ("oriental-beauty", "tin", "#f9eddc", "#d69a4a", "#fff5e2"),
    ("phoenix-dancong", "leaves", "#f6eedf", "#8a6a3a", "#a98a4c"),
    # black tea
    ("lapsang-souchong", "tin", "#f1e2df", "#6e2a2a", "#e6c9a0"),
    ("lapsang-souchong-2", "leaves", "#efe4e0", "#2f2523", "#4a3631"),
    ("jin-jun-mei", "tin", "#f7efdc", "#2b2b2b", "#d9a93a"),
    ("jin-jun-mei-2", "leaves", "#f8f0de", "#b07a2a", "#3a2a20"),
    ("tanyang-gongfu", "cup", "#f6e4e0", "#fffaf2", "#a8432e"),
    ("bailin-gongfu", "pouches", "#f3e6dc", "#8c4b2e", "#d8b48a"),
    ("zhenghe-gongfu", "tin", "#f2e4e8", "#7d3550", "#ecd3b0"),
    # teaware
    ("white-porcelain-gaiwan", "gaiwan", "#e8eef2", "#fdfdfb", "#9bb0c4"),
    ("white-porcelain-gaiwan-2", "cup", "#eef0f2", "#fdfdfb", "#e8cf8a"),
    ("ru-kiln-teacup", "cup", "#e3eef0", "#a9cfc8", "#d9b96a"),
    ("ru-kiln-teacup-2", "cups", "#f1ece6", "#efe9dc", "#e3a3a6"),
    ("yixing-teapot", "teapot", "#f3e5dc", "#8e4a32", "#b8734e"),
    ("yixing-teapot-2", "teapot", "#e9e4df", "#4d3b35", "#a5816b"),
    ("glass-fair-cup", "pitcher", "#e6f0f4", "#cfe6ee", "#e0a24a"),
    ("bamboo-tea-tray", "tray", "#f1ecdc", "#c9a35c", "#8fb8ad"),
    ("travel-tea-set", "case", "#e9ecea", "#7d8a86", "#e7d9b8"),
    ("travel-tea-set-2", "travel", "#e8efe6", "#6e8f6a", "#f4f1e8"),
    ("tea-tools-set", "tools", "#efe8de", "#5b3e2e", "#c49a62"),
    # gifts and goods
    ("linen-tote", "bag", "#f1ede4", "#d8ccb2", "#b5482a"),
    ("linen-tote-2", "bag", "#e4e8f1", "#33497a", "#e9dfc8"),
    ("festival-gift-box", "box", "#f8e3e0", "#b5302a", "#e7b94c"),
    ("festival-gift-box-2", "box", "#e5ece6", "#2e5e4e", "#e3c27a"),
    ("cotton-tea-towel", "towel", "#eef0ec", "#c7b9a0", "#5e7d9b"),
    ("paper-lantern", "lantern", "#fdf0e4", "#e2572f", "#f1c25a"),
    ("jasmine-candle", "candle", "#f4f0e8", "#efe3c8", "#f0a43a"),
]


def render(name, motif, bg, a, b):
    r = Rand(name)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">'
        f'<rect width="400" height="400" fill="{bg}"/>'
        f'<circle cx="200" cy="200" r="150" fill="{light(bg, .45)}"/>'
        + MOTIFS[motif](r, a, b) + "</svg>\n"
    )


MONEY = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$")
ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
FORBIDDEN = ("<text", "<script", "href", "font", "<!--", "<?xml", "<metadata", "url(", "@import")


def check_manifest():
    """Consistency checks on public/shop.json beyond what json.tool sees."""
    errs = []

    def no_float(s):
        errs.append(f"JSON number with a fraction: {s}")
        return decimal.Decimal(s)

    with open(os.path.join(PUBLIC, "shop.json"), encoding="utf-8") as f:
        shop = json.load(f, parse_float=no_float)
    locales = shop["locales"]

    def money(path, v):
        if isinstance(v, bool) or not isinstance(v, (str, int)) or not MONEY.match(str(v)):
            errs.append(f"{path}: bad money {v!r}")
            return None
        return decimal.Decimal(str(v))

    def text(path, v, need_all=True):
        if isinstance(v, str):
            if need_all:
                errs.append(f"{path}: plain string, expected every locale")
        elif isinstance(v, dict):
            missing = [loc for loc in locales if not v.get(loc)] if need_all else []
            if missing or set(v) - set(locales):
                errs.append(f"{path}: locales {sorted(v)}, expected {locales}")
        else:
            errs.append(f"{path}: not text")

    referenced = set()

    def image(path, url):
        if not url.startswith("images/") or not os.path.isfile(os.path.join(PUBLIC, url)):
            errs.append(f"{path}: missing image {url}")
        referenced.add(url)

    seller = shop["seller"]
    image("seller.avatar", seller["avatar"])
    for key in ("name", "bio", "location"):
        text(f"seller.{key}", seller[key])
    for key in ("shipping", "returns", "guarantee"):
        text(f"seller.policies.{key}", seller["policies"][key])
    for i, link in enumerate(seller["contacts"].get("links", [])):
        if not link["url"].startswith("https://"):
            errs.append(f"seller.contacts.links[{i}]: not https")

    cats = [c["id"] for c in shop["catalog"]["categories"]]
    if len(set(cats)) != len(cats):
        errs.append("duplicate category ids")
    skus, ids, sold_out = set(), set(), []
    stats = {"products": 0, "variants": 0, "with_options": 0}

    def sku(path, v):
        if not v or v in skus:
            errs.append(f"{path}: sku {v!r} empty or not unique")
        skus.add(v)

    lo, hi = datetime.date(2026, 6, 1), datetime.date(2026, 11, 20)
    for i, p in enumerate(shop["catalog"]["products"]):
        at = f"catalog.products[{i}]"
        stats["products"] += 1
        if not ID.match(p["id"]) or p["id"] in ids:
            errs.append(f"{at}.id: bad or duplicate {p['id']!r}")
        ids.add(p["id"])
        text(f"{at}.title", p["title"])
        text(f"{at}.description", p["description"])
        if p.get("category") not in cats:
            errs.append(f"{at}.category: unknown {p.get('category')!r}")
        if not 1 <= len(p.get("images", [])) <= 3:
            errs.append(f"{at}.images: expected 1-3")
        for j, url in enumerate(p.get("images", [])):
            image(f"{at}.images[{j}]", url)
        if not lo <= datetime.date.fromisoformat(p["added"]) <= hi:
            errs.append(f"{at}.added: out of range")
        if not 2 <= len(p.get("tags", [])) <= 5:
            errs.append(f"{at}.tags: expected 2-4 words (+1 Chinese)")
        if p.get("min_qty", 1) > p.get("max_qty", 10 ** 9):
            errs.append(f"{at}: min_qty > max_qty")
        price = money(f"{at}.price", p["price"]) if "price" in p else None
        cmp = money(f"{at}.compare_at", p["compare_at"]) if "compare_at" in p else None
        if cmp is not None and (price is None or cmp <= price):
            errs.append(f"{at}.compare_at: not above price")
        if "options" not in p:
            sku(f"{at}.sku", p.get("sku"))
            if price is None:
                errs.append(f"{at}.price: missing")
            if p.get("stock") == 0:
                sold_out.append(p["id"])
            if "variants" in p:
                errs.append(f"{at}: variants without options")
            continue
        stats["with_options"] += 1
        if "sku" in p or "stock" in p:
            errs.append(f"{at}: product-level sku/stock next to variants")
        values = {}
        for o in p["options"]:
            text(f"{at}.options.{o['id']}.name", o["name"])
            ids_ = [v if isinstance(v, str) else v["id"] for v in o["values"]]
            for v in o["values"]:
                if isinstance(v, dict):
                    text(f"{at}.options.{o['id']}.label", v["label"])
            if len(set(ids_)) != len(ids_):
                errs.append(f"{at}.options.{o['id']}: duplicate value ids")
            values[o["id"]] = set(ids_)
        combos = set()
        for j, v in enumerate(p["variants"]):
            vat = f"{at}.variants[{j}]"
            stats["variants"] += 1
            sku(f"{vat}.sku", v.get("sku"))
            if set(v["options"]) != set(values):
                errs.append(f"{vat}.options: keys {sorted(v['options'])} != {sorted(values)}")
            for k, val in v["options"].items():
                if val not in values.get(k, ()):
                    errs.append(f"{vat}.options.{k}: {val!r} is not a value of the option")
            combo = tuple(sorted(v["options"].items()))
            if combo in combos:
                errs.append(f"{vat}: duplicate combination")
            combos.add(combo)
            vp = money(f"{vat}.price", v["price"]) if "price" in v else price
            if vp is None:
                errs.append(f"{vat}: no price here or on the product")
            if "compare_at" in v and vp is not None and money(f"{vat}.compare_at", v["compare_at"]) <= vp:
                errs.append(f"{vat}.compare_at: not above price")
    if len(sold_out) != 1:
        errs.append(f"expected exactly one sold-out product, got {sold_out}")
    for i, fld in enumerate(shop.get("checkout", {}).get("fields", [])):
        if "label" in fld:
            text(f"checkout.fields[{i}].label", fld["label"])
    for i, s in enumerate(shop.get("shipping", [])):
        text(f"shipping[{i}].label", s["label"])
        money(f"shipping[{i}].price", s["price"])
        if "free_over" in s:
            money(f"shipping[{i}].free_over", s["free_over"])
    on_disk = {"images/" + n for n in os.listdir(OUT) if n.endswith(".svg")}
    for url in sorted(on_disk - referenced):
        errs.append(f"{url}: on disk but not referenced")
    for url in sorted(on_disk):
        with open(os.path.join(PUBLIC, url), encoding="utf-8") as f:
            svg = f.read()
        hits = [w for w in FORBIDDEN if w in svg.lower()]
        if hits or 'viewBox="0 0 400 400"' not in svg or len(svg.encode()) > MAX_BYTES:
            errs.append(f"{url}: forbidden {hits} / viewBox / size")
    for e in errs:
        print("shop.json: " + e, file=sys.stderr)
    print(f"shop.json: {stats['products']} products ({stats['with_options']} with options), "
          f"{stats['variants']} variants, {len(cats)} categories, {len(skus)} skus, "
          f"{len(on_disk)} images; sold out: {', '.join(sold_out)}")
    return len(errs)


def main():
    check = "--check" in sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    bad = 0
    for row in TABLE:
        svg = render(*row)
        path = os.path.join(OUT, row[0] + ".svg")
        if len(svg.encode()) > MAX_BYTES:
            print(f"{row[0]}.svg: {len(svg.encode())} bytes, over {MAX_BYTES}", file=sys.stderr)
            bad += 1
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    same = f.read() == svg
            except OSError:
                same = False
            if not same:
                print(f"{row[0]}.svg: differs from the generator", file=sys.stderr)
                bad += 1
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(svg)
    if check:
        bad += check_manifest()
    else:
        print(f"wrote {len(TABLE)} images to {os.path.normpath(OUT)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
