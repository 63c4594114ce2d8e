"""One function per diagram. Each returns a :class:`~her2book.diagrams.Diagram`."""

from __future__ import annotations

from ..style import COLORS
from . import Diagram
from .svg import SMALL, TEXT, Box, Canvas, Node

W = 540  # every diagram is this wide: the same text size in every diagram of the book


def key() -> Diagram:
    c = Canvas("key", W, 335)
    rows = [
        ("activates", False, "activates, makes or becomes"),
        ("inhibits", False, "inhibits, represses or blocks"),
        ("activates", True, "acts indirectly, through\nsteps that are not drawn"),
        ("inhibits", True, "inhibits indirectly"),
    ]
    y = 30
    for kind, indirect, text in rows:
        c.arrow((20, y), (110, y), kind=kind, indirect=indirect, gap=0)
        c.text(130, y, text, anchor="start")
        y += 58 if "\n" in text else 48
    c.node("drug", 65, y + 12, "drug", kind="drug", shape="pill")
    c.text(130, y + 12, "a drug or treatment", anchor="start")
    c.node("sym", 65, y + 72, "$x$", kind="protein", w=50)
    c.text(130, y + 72, "italic letters: the symbols\nof the chapter's equations", anchor="start")
    return Diagram(
        name="key",
        alt="Key to the book's diagrams: how arrows, drugs and symbols are drawn.",
        caption="How to read the book's diagrams.",
        description=(
            "A line ending in an arrowhead means that one thing activates, makes or becomes the "
            "next. A line ending in a flat bar means that it inhibits, represses or blocks it. "
            "A dashed line means that the effect is indirect: it passes through steps the "
            "diagram does not draw. A gray shape with rounded ends is a drug or treatment. "
            "Letters in italics are the symbols of the chapter's equations, so a diagram and "
            "the equations beside it use the same names. Colors only help to tell the parts "
            "apart: every part is labeled.",
        ),
        doc="book/01_her2_trastuzumab",
        section="HER2: a receptor that some tumors make far too much of",
        canvas=c,
    )


def hierarchy() -> Diagram:
    c = Canvas("hierarchy", W, 640)
    cx = 250
    s = c.node("S", cx, 120, "stem cells $S$", kind="stem", w=190, h=64)
    p = c.node("P", cx, 330, "progenitors $P$", kind="progenitor", w=190, h=64)
    d = c.node("D", cx, 540, "differentiated\ncells $D$", kind="differentiated", w=190, h=74)
    c.loop(s, "top", reach=70, spread=0.45)
    c.text(352, 42, "net self-renewal\n$(2p − 1) r_S$", anchor="start")
    c.arrow(s, p)
    c.text(cx - 12, 225, "new progenitors\n$2(1 − p) r_S$", anchor="end")
    c.loop(p, "left", reach=70, spread=0.5)
    c.text(60, 330, "divide\n$r_P$")
    c.arrow(p, d)
    c.text(cx + 12, 435, "differentiate\n$a$", anchor="start")
    die_p = c.node("dieP", 75, 440, "die", kind="note", shape="none")
    c.arrow((p, "bottom", 0.1), die_p)
    c.text(128, 418, "$d_P$", anchor="start")
    die_d = c.node("dieD", 75, 610, "die", kind="note", shape="none")
    c.arrow((d, "left", 0.8), die_d)
    c.text(128, 606, "$d_D$", anchor="start")
    t = c.node("therapy", 475, 330, "therapy", kind="drug", shape="pill")
    c.arrow((t, "top", 0.3), (s, "right", 0.6), kind="inhibits")
    c.text(440, 200, "$k_S$")
    c.arrow(t, p, kind="inhibits")
    c.text(385, 312, "$k_P$")
    c.arrow((t, "bottom", 0.12), (d, "right", 0.4), kind="inhibits")
    c.text(420, 470, "$k_D$")
    c.text(484, 395, "kill rates\nwhile given", size=SMALL)
    return Diagram(
        name="hierarchy",
        alt=(
            "The stem-cell hierarchy model: stem cells S renew themselves and make "
            "progenitors P, which divide, die or differentiate into cells D, which die; therapy "
            "kills each compartment at its own rate."
        ),
        caption=(
            "The three compartments of the model and every rate of its equations, with the "
            "same symbols."
        ),
        description=(
            "Three boxes stand one above the other: stem cells $S$ at the top, progenitors $P$ "
            "in the middle and differentiated cells $D$ at the bottom.",
            "A loop on the stem-cell box is labeled net self-renewal, $(2p − 1) r_S$: stem "
            "cells divide at rate $r_S$, and a division gives two stem cells with probability "
            "$p$ or two progenitors otherwise. An arrow from stem cells to progenitors is "
            "labeled new progenitors, $2(1 − p) r_S$ per stem cell.",
            "Progenitors have a loop labeled divide, $r_P$; an arrow to die, $d_P$; and an "
            "arrow down to differentiated cells labeled differentiate, $a$. Differentiated "
            "cells have an arrow to die, $d_D$.",
            "On the right, a therapy shape sends three bars, one to each box: the kill rates "
            "$k_S$, $k_P$ and $k_D$ it adds while it is given. The chapter's point is that "
            "the stem pool shrinks only if $k_S$ exceeds $(2p − 1) r_S$, and is gone within a "
            "limited treatment only if $k_S$ exceeds it by enough, for long enough.",
        ),
        doc="book/02_cancer_stem_cells",
        section="A stem-cell hierarchy under therapy",
        canvas=c,
        model="hierarchy",
        states=(("S", "S"), ("P", "P"), ("D", "D")),
    )


# --------------------------------------------------------------------------------------------
# Chapter 1


def _membrane(c: Canvas, y0: float, y1: float) -> None:
    c.region(0, y0, c.width, y1, radius=0)


def _receptor(c: Canvas, prefix: str, x: float, top: float, kind: str = "protein") -> Node:
    """Domains I–IV of a HER-family receptor, its membrane segment and its kinase; returns the
    kinase node (domain nodes are ``{prefix}-I`` … ``{prefix}-IV``)."""
    for i, dom in enumerate(("I", "II", "III", "IV")):
        c.node(f"{prefix}-{dom}", x, top + 15 + 34 * i, dom, kind=kind, w=60, h=30, size=SMALL)
    tm_top = top + 34 * 4 - 4
    c.raw(
        f'<rect x="{x - 6:g}" y="{tm_top:g}" width="12" height="54" fill="{COLORS["blue"]}" '
        f'fill-opacity="0.6" stroke="{COLORS["blue"]}"/>',
        obstacle=Box(x - 6, tm_top, x + 6, tm_top + 54),
    )
    return c.node(
        f"{prefix}-kinase", x, tm_top + 54 + 30, "kinase", kind=kind, w=84, h=56, size=SMALL
    )


def her2() -> Diagram:
    c = Canvas("her2", W, 640)
    top = 80
    _membrane(c, 222, 252)
    c.text(20, 205, "outside the cell", anchor="start")
    c.text(20, 272, "inside the cell", anchor="start")
    c.text(530, 237, "cell membrane", anchor="end")
    pk = _receptor(c, "partner", 210, top)
    hk = _receptor(c, "her2", 300, top)
    c.raw(
        f'<circle cx="210" cy="{top - 17}" r="15" fill="{COLORS["green"]}" fill-opacity="0.25" '
        f'stroke="{COLORS["green"]}" stroke-width="2"/>',
        obstacle=Box(195, top - 32, 225, top - 2),
    )
    c.text(185, top - 30, "growth factor\n(ligand)", anchor="end")
    c.text(165, 150, "partner:\nEGFR, HER3\nor HER4", anchor="end")
    c.text(345, 96, "HER2", anchor="start", size=TEXT, bold=True)
    c.text(345, 140, "no known ligand;\nthe preferred partner", anchor="start")
    c.text(348, 300, "pairing turns on\nkinase signaling", anchor="start")
    pi3k = c.node("pi3k", 130, 420, "PI3K", w=130)
    akt = c.node("akt", 130, 510, "AKT", w=130)
    ras = c.node("ras", 400, 420, "RAS", w=130)
    mapk = c.node("mapk", 400, 510, "MAPK (ERK)", w=150)
    c.arrow(pk, pi3k)
    c.arrow(hk, ras, indirect=True)
    c.text(395, 362, "via adaptor\nproteins", anchor="start")
    c.arrow(pi3k, akt)
    c.arrow(ras, mapk, indirect=True)
    c.text(410, 465, "via RAF, MEK", anchor="start")
    surv = c.node("survival", 130, 600, "survival, growth", kind="process", w=200)
    div = c.node("division", 400, 600, "cell division", kind="process", w=170)
    c.arrow(akt, surv)
    c.arrow(mapk, div)
    return Diagram(
        name="her2",
        alt=(
            "HER2 in the cell membrane, paired with a partner receptor that has bound a growth "
            "factor; the paired kinases inside the cell switch on the PI3K/AKT and RAS/MAPK "
            "pathways."
        ),
        caption="HER2 has no ligand of its own: it signals as the partner of another receptor.",
        description=(
            "Two receptors cross the cell membrane side by side. Each has four extracellular "
            "domains, I to IV from the outside in, a segment that crosses the membrane, and a "
            "kinase inside the cell. The left one is the partner, EGFR, HER3 or HER4, with a "
            "growth factor (its ligand) bound on top. The right one is HER2, which has no known "
            "ligand and is the preferred partner of the others.",
            "The paired kinases switch each other on. From the pair, an arrow leads to PI3K and "
            "on to AKT, which promotes cell survival and growth; a dashed arrow (through adaptor "
            "proteins) leads to RAS, and a dashed arrow (through RAF and MEK) to MAPK, also "
            "called ERK, which promotes cell division.",
        ),
        doc="book/01_her2_trastuzumab",
        section="HER2: a receptor that some tumors make far too much of",
        canvas=c,
    )


def _antibody(c: Canvas, hinge: tuple[float, float], arms, tail) -> None:
    """A Y-shaped antibody: two arms and a tail (Fc) meeting at the hinge."""
    grey = COLORS["grey"]
    path = " ".join(f"M{hinge[0]:g},{hinge[1]:g}L{x:g},{y:g}" for x, y in (*arms, tail))
    c.raw(
        f'<path d="{path}" fill="none" stroke="{grey}" stroke-width="10" stroke-linecap="round"/>'
    )
    for x, y in (*arms, tail):  # small boxes along each stroke keep text and arrows off it
        for i in range(11):
            px, py = hinge[0] + (x - hinge[0]) * i / 10, hinge[1] + (y - hinge[1]) * i / 10
            c.raw("", obstacle=Box(px - 5, py - 5, px + 5, py + 5))


def trastuzumab() -> Diagram:
    c = Canvas("trastuzumab", W, 700)
    top = 80
    _membrane(c, 222, 252)
    c.text(530, 30, "outside the cell", anchor="end")
    c.text(530, 237, "cell membrane", anchor="end")
    c.text(530, 268, "inside the cell", anchor="end")
    x = 330
    kin = _receptor(c, "her2", x, top)
    c.text(x, top - 20, "HER2", size=TEXT, bold=True)
    # trastuzumab: arms to the right (one bound to domain IV), tail (Fc) to the left
    hinge = (240, 168)
    _antibody(c, hinge, arms=[(294, 197), (288, 126)], tail=(186, 168))
    c.text(236, 100, "trastuzumab")
    c.text(370, 197, "binds next to\nthe membrane", anchor="start")
    cell = c.node("immune", 85, 110, "immune\ncell", kind="cell", shape="ellipse", w=140, h=76)
    c.arrow((180, 168), cell)
    adcc = c.node("adcc", 97, 295, "kills the coated\ncell (ADCC)", kind="process", w=184)
    c.arrow(cell, adcc)
    lap = c.node("lapatinib", 468, 330, "lapatinib", kind="drug", shape="pill")
    c.arrow(lap, kin, kind="inhibits")
    c.text(462, 378, "small molecule;\nalso blocks EGFR")
    sig = c.node("signals", x, 450, "growth signals:\nPI3K/AKT, RAS/MAPK", kind="process", w=250)
    c.arrow(kin, sig)
    c.arrow((hinge[0], hinge[1] + 12), (sig, "top", 0.14), kind="inhibits", indirect=True)
    c.text(228, 368, "blocks ligand-\nindependent\nsignaling", anchor="end")
    c.text(20, 535, "Trastuzumab also blocks shedding:", anchor="start", size=TEXT, bold=True)
    tr = c.node("tras", 85, 605, "trastuzumab", kind="drug", shape="pill", size=SMALL)
    shed = c.node(
        "shed", 375, 590, "a protease cuts off\nthe outer part of HER2", kind="process", w=290
    )
    p95 = c.node("p95", 375, 670, "p95 stump: kinase active", kind="protein", w=290)
    c.arrow(tr, shed, kind="inhibits")
    c.arrow(shed, p95)
    return Diagram(
        name="trastuzumab",
        alt=(
            "Trastuzumab bound to HER2 outside the cell, next to the membrane, its tail "
            "recruiting an immune cell that kills the cell; lapatinib blocks the kinase inside "
            "the cell; trastuzumab also stops HER2 from being cut into an active stump."
        ),
        caption="Three ways trastuzumab acts on HER2, and where lapatinib acts instead.",
        description=(
            "HER2 crosses the cell membrane: four extracellular domains outside, its kinase "
            "inside. The Y-shaped antibody trastuzumab binds the part of the extracellular "
            "region next to the membrane (the juxtamembrane region). Its tail recruits an "
            "immune cell, and an arrow from the immune cell leads "
            "to: kills the coated cell (antibody-dependent cellular cytotoxicity, ADCC).",
            "Inside the cell, an arrow from the kinase leads to growth signals (PI3K/AKT and "
            "RAS/MAPK). A dashed bar from trastuzumab to these signals says that it blocks "
            "ligand-independent signaling indirectly. Lapatinib, a small molecule that acts "
            "inside the cell, ends in a bar on the kinase; it also blocks EGFR.",
            "Below, trastuzumab ends in a bar on shedding: a protease cutting off the outer part "
            "of HER2, which would leave a p95 stump whose kinase is active.",
        ),
        doc="book/01_her2_trastuzumab",
        section="Trastuzumab: an antibody against HER2",
        canvas=c,
    )


def ihc() -> Diagram:
    c = Canvas("ihc", W, 590)
    c.text(80, 25, "IHC score", bold=True, size=TEXT)
    c.text(440, 25, "result", bold=True, size=TEXT)
    ys = {"0": 92, "1+": 190, "2+": 300, "3+": 450}
    rows = {
        k: c.node(
            f"ihc{i}",
            80,
            y,
            f"IHC {k}" + ("\n(equivocal)" if k == "2+" else ""),
            kind="question",
            w=140,
        )
        for i, (k, y) in enumerate(ys.items())
    }
    zero = c.node(
        "zero",
        445,
        92,
        "HER2-negative\n(HER2 0; faint:\n\u201cultralow\u201d)",
        kind="negative",
        w=180,
        h=84,
    )
    low = c.node(
        "low", 445, 230, "HER2-negative\n(\u201cHER2-low\u201d)", kind="negative", w=180, h=130
    )
    pos = c.node("pos", 445, 440, "HER2-positive", kind="positive", w=180, h=100)
    ish = c.node("ish", 245, 300, "ISH", kind="question", w=80)
    c.arrow(rows["0"], zero)
    c.arrow(rows["1+"], (low, "left", (190 - 165) / 130))
    c.arrow(rows["2+"], ish)
    c.arrow((ish, "top"), (low, "left", 0.75), via=[(245, 262.5)])
    c.text(300, 246, "negative")
    c.arrow((ish, "bottom"), (pos, "left", 0.2), via=[(245, 410)])
    c.text(300, 394, "positive")
    c.arrow(rows["3+"], (pos, "left", 0.6))
    c.text(
        20,
        515,
        "\u201cHER2-low\u201d and \u201cHER2-ultralow\u201d are names, not results:",
        anchor="start",
    )
    c.text(20, 540, "since 2022 HER2-low can make some metastatic disease", anchor="start")
    c.text(20, 565, "eligible for T-DXd; a 2024 trial also treated HR+ ultralow.", anchor="start")
    return Diagram(
        name="ihc",
        alt=(
            "How an IHC score leads to a HER2 result: 0 and 1+ negative, 2+ sent to ISH, 3+ "
            "positive; IHC 1+, or 2+ with a negative ISH, is negative and called HER2-low; IHC 0 "
            "with faint staining is called HER2-ultralow."
        ),
        caption="The IHC score decides, except at 2+, where ISH decides; HER2-low and "
        "HER2-ultralow name parts of the negative group, not results of their own.",
        description=(
            "Four boxes on the left give the IHC scores 0, 1+, 2+ and 3+. Arrows lead from 0 and "
            "from 1+ to HER2-negative and from 3+ to HER2-positive. The 2+ score is equivocal: "
            "its arrow leads to ISH, which leads to HER2-negative when negative and to "
            "HER2-positive when positive (ASCO/CAP 2018).",
            "The negative results split in two: IHC 0 is HER2-negative (HER2 0; IHC 0 with faint "
            "membrane staining in 10% of cells or fewer is called HER2-ultralow); IHC 1+, and "
            "IHC 2+ with a negative ISH, are HER2-negative and are called HER2-low. A note says "
            "that these are names, not separate test results (the ASCO/CAP 2023 update keeps "
            "the 2018 results), but since 2022 HER2-low can make previously treated metastatic "
            "disease eligible for trastuzumab deruxtecan (T-DXd), and a 2024 trial "
            "(DESTINY-Breast06) also treated hormone receptor-positive HER2-ultralow cancers.",
        ),
        doc="book/01_her2_trastuzumab",
        section="Testing for HER2",
        canvas=c,
    )


#: The sketch's four nuclei: HER2 and CEP17 signal positions relative to the nucleus center.
_NUCLEI = (
    ((-50, -18), (-18, 22), (12, -26), (44, 14), (62, -10)),
    ((-40, 10), (0, -24), (38, 20)),
    ((-60, 4), (-34, -28), (-8, 26), (18, -10), (46, 24), (60, -22)),
    ((-48, -16), (-14, 24), (22, -24), (52, 12)),
)
_CEP17 = (
    ((-30, 8), (28, 26)),
    ((-62, -12), (56, -14)),
    ((-22, 0), (30, 6)),
    ((-56, 18), (10, 2)),
)


def ish_count() -> Diagram:
    c = Canvas("ish_count", W, 560)
    red, blue = COLORS["vermillion"], COLORS["blue"]
    centers = ((135, 80), (405, 80), (135, 240), (405, 240))
    for (cx, cy), her2_dots, cep in zip(centers, _NUCLEI, _CEP17, strict=True):
        c.raw(
            f'<ellipse cx="{cx}" cy="{cy}" rx="100" ry="56" fill="{COLORS["grey"]}" '
            f'fill-opacity="0.15" stroke="{COLORS["grey"]}" stroke-width="2"/>',
            obstacle=Box(cx - 100, cy - 56, cx + 100, cy + 56),
        )
        for dx, dy in her2_dots:
            c.raw(f'<circle cx="{cx + dx}" cy="{cy + dy}" r="7" fill="{red}"/>')
        for dx, dy in cep:
            c.raw(
                f'<rect x="{cx + dx - 6}" y="{cy + dy - 6}" width="12" height="12" fill="{blue}"/>'
            )
        c.text(cx, cy + 74, f"HER2 {len(her2_dots)}, CEP17 {len(cep)}")
    c.raw(f'<circle cx="30" cy="360" r="7" fill="{red}"/>', obstacle=Box(23, 353, 37, 367))
    c.text(48, 360, "HER2 signal (a copy of the *ERBB2* gene)", anchor="start")
    c.raw(
        f'<rect x="24" y="384" width="12" height="12" fill="{blue}"/>',
        obstacle=Box(24, 384, 36, 396),
    )
    c.text(48, 390, "CEP17 signal (one chromosome 17)", anchor="start")
    her2_total = sum(len(n) for n in _NUCLEI)
    cep_total = sum(len(n) for n in _CEP17)
    n = len(_NUCLEI)
    lines = [
        f"HER2/CEP17 ratio = {her2_total} ÷ {cep_total} = {her2_total / cep_total:.2f}",
        f"HER2 copies per nucleus = {her2_total} ÷ {n} = {her2_total / n:.1f}",
    ]
    c.text(20, 440, lines[0], anchor="start", size=TEXT)
    c.text(20, 472, lines[1], anchor="start", size=TEXT)
    c.text(20, 512, "Both above their cut-offs (2.0 and 4.0): group 1.", anchor="start")
    c.text(20, 540, "A real count scores many more nuclei.", anchor="start")
    return Diagram(
        name="ish_count",
        alt=(
            f"Four tumor nuclei with their HER2 and CEP17 signals; the totals give a "
            f"HER2/CEP17 ratio of {her2_total / cep_total:.2f} and {her2_total / n:.1f} HER2 "
            "copies per nucleus."
        ),
        caption="An ISH result is read from totals over the counted nuclei: a ratio and a copy "
        "number.",
        description=(
            "Four oval nuclei each hold round HER2 signals and square CEP17 signals: "
            + "; ".join(
                f"{len(h)} HER2 and {len(k)} CEP17" for h, k in zip(_NUCLEI, _CEP17, strict=True)
            )
            + ". A HER2 signal is one copy of the *ERBB2* gene; a CEP17 signal marks the "
            "centromere of one chromosome 17.",
            f"The ratio is the HER2 total divided by the CEP17 total, {her2_total} ÷ "
            f"{cep_total} = {her2_total / cep_total:.2f}. The copy number is the HER2 total "
            f"divided by the number of nuclei, {her2_total} ÷ {n} = {her2_total / n:.1f}. Both "
            "are at or above their cut-offs (2.0 and 4.0), which is ASCO/CAP 2018 group 1. A "
            "real count scores many more nuclei than this sketch.",
        ),
        doc="book/01_her2_trastuzumab",
        section="Testing for HER2",
        canvas=c,
    )


def ish_groups() -> Diagram:
    c = Canvas("ish_groups", W, 700)
    qx, ox = 170, 450
    q1 = c.node("q1", qx, 45, "HER2/CEP17\nratio ≥ 2.0?", kind="question", w=220)
    q2 = c.node("q2", qx, 160, "HER2 copies per\nnucleus ≥ 4.0?", kind="question", w=220)
    g1 = c.node("g1", ox, 160, "group 1\npositive", kind="positive", w=150)
    g2 = c.node("g2", ox, 260, "group 2", kind="equivocal", w=150)
    q3 = c.node("q3", qx, 360, "HER2 copies\n≥ 6.0?", kind="question", w=220)
    g3 = c.node("g3", ox, 360, "group 3", kind="equivocal", w=150)
    q4 = c.node("q4", qx, 465, "HER2 copies\n≥ 4.0?", kind="question", w=220)
    g4 = c.node("g4", ox, 465, "group 4", kind="equivocal", w=150)
    g5 = c.node("g5", ox, 565, "group 5\nnegative", kind="negative", w=150)
    c.arrow(q1, q2)
    c.text(qx + 12, 105, "yes", anchor="start")
    c.arrow(q2, g1)
    c.text(330, 144, "yes")
    c.arrow((q2, "bottom"), g2, via=[(qx, 260)])
    c.text(qx + 12, 225, "no", anchor="start")
    c.arrow((q1, "left"), (q3, "left"), via=[(25, 45), (25, 360)])
    c.text(37, 200, "no", anchor="start")
    c.arrow(q3, g3)
    c.text(330, 344, "yes")
    c.arrow(q3, q4)
    c.text(qx + 12, 412, "no", anchor="start")
    c.arrow(q4, g4)
    c.text(330, 449, "yes")
    c.arrow((q4, "bottom"), g5, via=[(qx, 565)])
    c.text(qx + 12, 528, "no", anchor="start")
    c.text(20, 630, "Groups 2–4: ratio and copy number disagree.", anchor="start")
    c.text(20, 655, "Review with IHC; with IHC 2+, an observer blinded", anchor="start")
    c.text(20, 680, "to the earlier results recounts \u2265 20 cells.", anchor="start")
    return Diagram(
        name="ish_groups",
        alt=(
            "The ASCO/CAP 2018 dual-probe ISH groups as a decision tree: ratio ≥ 2.0 with ≥ 4.0 "
            "copies is group 1 (positive), ratio < 2.0 with < 4.0 copies is group 5 (negative), "
            "and the three discordant combinations are groups 2 to 4."
        ),
        caption="The ratio and the copy number sort every ISH count into one of the five "
        "ASCO/CAP 2018 groups.",
        description=(
            "The first question is whether the HER2/CEP17 ratio is at least 2.0. If yes, the "
            "next question is whether the mean HER2 copy number per nucleus is at least 4.0: yes "
            "gives group 1, positive; no gives group 2.",
            "If the ratio is below 2.0, the next question is whether the copy number is at least "
            "6.0: yes gives group 3. If not, a last question asks whether it is at least 4.0: "
            "yes gives group 4, no gives group 5, negative.",
            "In groups 2, 3 and 4 the ratio and the copy number disagree. These results are "
            "reviewed together with the IHC result of the same tumor, and when IHC is 2+ an "
            "observer blinded to the earlier results recounts at least 20 cells.",
        ),
        doc="book/01_her2_trastuzumab",
        section="Testing for HER2",
        canvas=c,
    )


def _mid(points, t: float = 0.5) -> tuple[float, float]:
    """The point a fraction ``t`` along a straight arrow (its first and last points)."""
    (x0, y0), (x1, y1) = points[0], points[-1]
    return (x0 + t * (x1 - x0), y0 + t * (y1 - y0))


# --------------------------------------------------------------------------------------------
# Chapter 3


def mirna() -> Diagram:
    c = Canvas("mirna", W, 740)
    c.region(10, 10, 530, 300)
    c.text(520, 32, "nucleus", anchor="end")
    c.text(520, 322, "cytoplasm", anchor="end")
    x = 150
    gene = c.node("gene", x, 55, "microRNA gene", kind="gene", w=210)
    pri = c.node("pri", x, 145, "pri-miRNA:\nlong transcript", kind="rna", w=210)
    pre = c.node("pre", x, 250, "pre-miRNA:\nhairpin", kind="rna", w=210)
    duplex = c.node("duplex", x, 400, "short double\nstrand, ~22 nt", kind="rna", w=210)
    risc = c.node("risc", 400, 520, "one strand in\nArgonaute: RISC", kind="protein", w=210)
    c.arrow(gene, pri)
    c.text(x + 12, 100, "transcribed", anchor="start")
    step = c.arrow(pri, pre)
    drosha = c.node("drosha", 420, 197, "Drosha", shape="ellipse", w=130)
    c.arrow(drosha, _mid(step), gap=0)
    c.text(350, 162, "cuts out the hairpin")
    step = c.arrow(pre, duplex)
    c.text(x - 12, 325, "exported", anchor="end")
    dicer = c.node("dicer", 420, 372, "Dicer", shape="ellipse", w=130)
    c.arrow(dicer, _mid(step, 0.62), gap=0)
    c.text(420, 420, "cuts off the loop")
    c.arrow(duplex, risc)
    c.text(235, 490, "one strand\nloaded", anchor="end")
    # the target mRNA: coding region, then the 3′ UTR with one site for the seed
    y = 640
    c.raw(
        f'<path d="M30,{y}H70M260,{y}H510" stroke="currentColor" stroke-width="4" fill="none"/>',
        obstacle=Box(260, y - 2, 510, y + 2),
    )
    c.raw(
        f'<rect x="70" y="{y - 16}" width="190" height="32" rx="4" fill="{COLORS["purple"]}" '
        f'fill-opacity="0.25" stroke="{COLORS["purple"]}" stroke-width="2"/>',
    )
    c.text(165, y, "coding region")
    c.text(22, y - 22, "5′", anchor="start")
    c.text(518, y - 22, "3′", anchor="end")
    site = (410, y)
    c.raw(
        f'<rect x="{site[0] - 22}" y="{y - 9}" width="44" height="18" fill="{COLORS["purple"]}"/>',
        obstacle=Box(site[0] - 22, y - 9, site[0] + 22, y + 9),
    )
    c.text(345, y + 30, "3′ untranslated region (3′UTR)")
    c.arrow(risc, (site[0], y - 12))
    c.text(390, 592, "its seed (nucleotides 2–7)\npairs with a site", anchor="end")
    c.text(270, 712, "The bound mRNA is translated less and decays faster.")
    return Diagram(
        name="mirna",
        alt=(
            "How a microRNA is made and finds its target: gene, pri-miRNA, Drosha, pre-miRNA, "
            "export, Dicer, loading into Argonaute, and seed pairing with a site in the "
            "target's 3′ untranslated region."
        ),
        caption="A microRNA is cut twice, loaded into Argonaute, and guided by its seed to "
        "sites in messenger RNAs.",
        description=(
            "In the nucleus, a microRNA gene is transcribed into a long primary transcript, the "
            "pri-miRNA, which folds into a hairpin. The enzyme Drosha cuts the hairpin out: the "
            "pre-miRNA.",
            "The pre-miRNA is exported to the cytoplasm, where the enzyme Dicer cuts off its "
            "loop, leaving a short double strand of about 22 nucleotides. One strand is loaded "
            "into an Argonaute protein, forming the RNA-induced silencing complex, RISC.",
            "At the bottom, a messenger RNA runs from 5′ to 3′: a coding region, then the 3′ "
            "untranslated region (3′UTR) with one site. An arrow from RISC points to the site, "
            "which pairs with the microRNA's seed, nucleotides 2 to 7. The bound mRNA is "
            "translated less and decays faster.",
        ),
        doc="book/03_microrna",
        section="How a microRNA is made and what it does",
        canvas=c,
    )


def titration() -> Diagram:
    c = Canvas("titration", W, 470)
    tg = c.node("tgene", 120, 40, "target gene", kind="gene", w=190)
    mg = c.node("mgene", 420, 40, "microRNA gene", kind="gene", w=190)
    m = c.node("m", 120, 150, "target mRNA $m$", kind="rna", w=190)
    s = c.node("s", 420, 150, "microRNA $s$", kind="rna", w=190)
    c.arrow(tg, m)
    c.text(132, 95, "made at $α_m$", anchor="start")
    c.arrow(mg, s)
    c.text(408, 95, "made at $α_s$", anchor="end")
    dm = c.node("decay_m", 55, 270, "decays", kind="note", shape="none")
    ds = c.node("decay_s", 485, 270, "decays", kind="note", shape="none")
    c.arrow((m, "bottom", 0.2), dm)
    c.text(80, 215, "$β_m$", anchor="start")
    c.arrow((s, "bottom", 0.8), ds)
    c.text(460, 215, "$β_s$", anchor="end")
    pair = c.node("pair", 270, 270, "bound pair", kind="rna", w=160)
    c.arrow((m, "bottom", 0.7), pair)
    c.arrow((s, "bottom", 0.3), pair)
    c.text(270, 205, "bind at $k m s$")
    gone = c.node("gone", 270, 365, "both removed", kind="process", w=170)
    c.arrow(pair, gone)
    c.text(270, 425, "Below $α_m ≈ α_s$ a spare microRNA catches almost")
    c.text(270, 450, "every target mRNA; above it, the excess goes free.")
    return Diagram(
        name="titration",
        alt=(
            "The titration model: target mRNA m and microRNA s are each made at a constant rate "
            "and decay on their own, and they bind each other and are removed together."
        ),
        caption="If each binding event uses up one microRNA, the free target becomes "
        "threshold-linear.",
        description=(
            "Two genes at the top make a target mRNA $m$ at rate $α_m$ and a microRNA $s$ at "
            "rate $α_s$. Each decays on its own, at rates $β_m$ and $β_s$.",
            "Arrows from both meet at a bound pair, labeled bind at $k m s$, and an arrow from "
            "the pair leads to both removed. A note says that below $α_m ≈ α_s$ a spare "
            "microRNA catches almost every target mRNA, while above it the excess target goes "
            "free.",
        ),
        doc="book/03_microrna",
        section="A microRNA as a threshold",
        canvas=c,
        model="titration",
        states=(("m", "m"), ("s", "s")),
    )


def mir200_zeb() -> Diagram:
    c = Canvas("mir200_zeb", W, 555)
    snail = c.node("snail", 270, 45, "SNAIL $S$ (input)", kind="protein", w=230)
    u = c.node("u", 90, 200, "miR-200\n$u$", kind="rna", w=140, h=70)
    m = c.node("m", 400, 200, "ZEB mRNA\n$m$", kind="rna", w=170, h=70)
    z = c.node("z", 400, 360, "ZEB protein\n$Z$", kind="protein", w=170, h=70)
    c.arrow((snail, "bottom", 0.2), (u, "top", 0.6), kind="inhibits")
    c.text(130, 110, "represses", anchor="end")
    c.arrow((snail, "bottom", 0.8), (m, "top", 0.4), kind="activates")
    c.text(410, 110, "activates", anchor="start")
    c.arrow(u, m, kind="inhibits")
    c.text(238, 222, "binds (6 sites)")
    c.arrow(m, z)
    c.text(412, 280, "translated", anchor="start")
    c.curve(
        (z.x - 60, z.y - 35), (z.x - 110, z.y - 60), (m.x - 110, m.y + 60), (m.x - 60, m.y + 35)
    )
    c.text(282, 280, "activates its\nown gene", anchor="end")
    c.arrow((z, "left"), (u, "bottom"), kind="inhibits", via=[(u.x, z.y)])
    c.text(215, 380, "represses its gene")
    c.text(20, 445, "Two repressions in a row make a positive loop:", anchor="start")
    c.text(20, 475, "high $u$ and low $Z$: epithelial;", anchor="start")
    c.text(20, 505, "low $u$ and high $Z$: mesenchymal;", anchor="start")
    c.text(20, 535, "the model also has a hybrid state between them.", anchor="start")
    return Diagram(
        name="mir200_zeb",
        alt=(
            "The miR-200/ZEB switch: miR-200 u represses ZEB mRNA m, which is translated into "
            "ZEB protein Z; ZEB represses the miR-200 gene and activates its own; the input "
            "SNAIL S represses miR-200 and activates ZEB."
        ),
        caption="A double-negative loop: miR-200 and ZEB repress each other, and SNAIL pushes "
        "the loop toward ZEB.",
        description=(
            "SNAIL, $S$, the input, sits at the top. A bar from SNAIL to miR-200, $u$, says it "
            "represses miR-200; an arrow from SNAIL to ZEB mRNA, $m$, says it activates ZEB.",
            "miR-200 ends in a bar on the ZEB mRNA: in the model it binds six sites on the mRNA. "
            "The mRNA is "
            "translated into ZEB protein, $Z$. A curved arrow from ZEB protein back to the ZEB "
            "mRNA says that ZEB activates its own gene, and a bar from ZEB protein to miR-200 "
            "says that it represses the miR-200 gene.",
            "A note explains that two repressions in a row make a positive loop: high $u$ with "
            "low $Z$ is the epithelial state, low $u$ with high $Z$ the mesenchymal state, and "
            "the model also has a hybrid state between them.",
        ),
        doc="book/03_microrna",
        section="The miR-200/ZEB switch",
        canvas=c,
        model="mir200_zeb",
        states=(("snail", "S"), ("mir200", "u"), ("zeb_mrna", "m"), ("zeb", "Z")),
    )


# --------------------------------------------------------------------------------------------
# Chapters 4 and 5


def pten() -> Diagram:
    c = Canvas("pten", W, 570)
    lx, rx = 115, 405
    tras = c.node("tras", lx, 40, "trastuzumab", kind="drug", shape="pill")
    her2 = c.node("her2", lx, 135, "HER2", w=150)
    pi3k = c.node("pi3k", lx, 235, "PI3K", w=150)
    akt = c.node("akt", lx, 345, "AKT", w=150)
    grow = c.node("grow", lx, 455, "survival, growth", kind="process", w=200)
    anti = c.node("anti", rx, 40, "anti-miR-21", kind="drug", shape="pill")
    mir21 = c.node("mir21", rx, 135, "miR-21", kind="rna", w=150)
    pten_ = c.node("pten", rx, 235, "PTEN", w=150)
    c.arrow(tras, her2, kind="inhibits")
    c.arrow(her2, pi3k)
    step = c.arrow(pi3k, akt)
    c.arrow((pten_, "bottom", 0.3), _mid(step), kind="inhibits", via=[(rx - 30, 290)], gap=0)
    c.text(rx - 42, 312, "switches off", anchor="end")
    c.arrow(akt, grow)
    c.arrow(anti, mir21, kind="inhibits")
    c.arrow(mir21, pten_, kind="inhibits")
    c.text(rx + 12, 185, "lowers", anchor="start")
    other = c.node(
        "other", rx, 455, "routes around HER2:\nother receptors, IL-6", kind="process", w=250
    )
    c.arrow(other, grow, indirect=True)
    c.text(20, 525, "Without PTEN, AKT stays on even when", anchor="start", size=TEXT)
    c.text(20, 552, "trastuzumab blocks HER2.", anchor="start", size=TEXT)
    return Diagram(
        name="pten",
        alt=(
            "Why PTEN matters for trastuzumab: HER2 drives PI3K and AKT, PTEN switches the "
            "PI3K to AKT step off, and miR-21 lowers PTEN; without PTEN, AKT stays on when "
            "trastuzumab blocks HER2."
        ),
        caption="Trastuzumab acts on HER2 at the top of the pathway; PTEN, lowered by miR-21, "
        "works further down.",
        description=(
            "Down the left: trastuzumab ends in a bar on HER2; HER2 leads to PI3K, PI3K to AKT, "
            "and AKT to cell survival and growth.",
            "On the right, PTEN ends in a bar on the step from PI3K to AKT: it switches that "
            "step off. miR-21 ends in a bar on PTEN (it lowers PTEN), and an anti-miR-21 ends "
            "in a bar on miR-21.",
            "At the bottom a dashed arrow leads from other routes around HER2 (other receptors, "
            "the IL-6 loop) to survival and growth. A note says that without PTEN, "
            "AKT stays on even when trastuzumab blocks HER2.",
        ),
        doc="book/04_mir21_pten",
        section="A survey of mechanisms",
        canvas=c,
    )


def il6_loop() -> Diagram:
    c = Canvas("il6_loop", W, 750)
    x0 = 100
    pi3k = c.node("pi3k", x0, 45, "PI3K", w=150)
    akt = c.node("akt", x0, 165, "AKT", w=150)
    nfkb = c.node("nfkb", x0, 275, "NF-κB", w=150)
    step = c.arrow(pi3k, akt)
    pten = c.node("pten", 330, 105, "PTEN", w=120)
    c.arrow(pten, _mid(step), kind="inhibits", gap=0)
    mir21 = c.node("mir21", 470, 105, "miR-21", kind="rna", w=110)
    c.arrow(mir21, pten, kind="inhibits")
    c.arrow(akt, nfkb, indirect=True)
    c.text(x0 + 12, 220, "via IKK", anchor="start")
    c.region(10, 340, 530, 640)
    c.text(270, 360, "$x$: IL-6 activity")
    gene = c.node("gene", x0, 420, "*IL6* gene on", kind="gene", w=160)
    il6 = c.node("il6", 440, 420, "IL-6, secreted", w=170)
    rec = c.node("rec", 440, 590, "IL-6 receptor", w=170)
    stat3 = c.node("stat3", x0, 590, "STAT3", w=160)
    c.arrow(nfkb, gene)
    c.text(x0 + 12, 318, "drive $b$(PTEN)", anchor="start")
    c.arrow(gene, il6)
    c.arrow(il6, rec)
    c.text(452, 505, "binds", anchor="start")
    c.arrow(rec, stat3, indirect=True)
    c.text(270, 572, "via gp130, JAK")
    c.arrow(stat3, gene)
    c.text(270, 490, "loop")
    c.text(270, 520, "$v x^n/(K^n + x^n)$")
    lost = c.node("lost", 440, 290, "lost", kind="note", shape="none")
    c.arrow(il6, lost)
    c.text(452, 340, "$γx$", anchor="start")
    ab = c.node("ab", 440, 700, "IL-6R antibody", kind="drug", shape="pill")
    c.arrow(ab, rec, kind="inhibits")
    c.text(330, 690, "blocks a share $β$:", anchor="end")
    c.text(330, 715, "loop × $(1 − β)$", anchor="end")
    return Diagram(
        name="il6_loop",
        alt=(
            "The IL-6 loop: PTEN restrains PI3K to AKT signaling, AKT drives NF-κB, which turns "
            "on the IL6 gene; secreted IL-6 binds its receptor, which with its partner gp130 "
            "activates STAT3, which "
            "turns on more IL-6; an IL-6 receptor antibody blocks the receptor."
        ),
        caption="Less PTEN raises the drive $b$ into a loop in which IL-6 makes more IL-6; the "
        "antibody weakens the loop.",
        description=(
            "Down the left: PI3K leads to AKT, and AKT (through IKK, dashed) to NF-κB. PTEN ends "
            "in a bar on the step "
            "from PI3K to AKT, and miR-21 ends in a bar on PTEN. NF-κB leads to the *IL6* gene: "
            "this is the basal drive $b$(PTEN), which rises as PTEN falls.",
            "A shaded loop, labeled $x$, IL-6 activity, runs clockwise: the *IL6* gene makes "
            "secreted IL-6; IL-6 binds the IL-6 receptor; the receptor, with its partner gp130, "
            "activates STAT3 (through JAK kinases, dashed); STAT3 "
            "switches the *IL6* gene on again. The loop is labeled $v x^n/(K^n + x^n)$. An arrow "
            "from IL-6 to lost is labeled $γx$.",
            "At the bottom an IL-6 receptor antibody ends in a bar on the receptor: it blocks a "
            "share $β$ of the receptors, so the loop is multiplied by $(1 − β)$.",
        ),
        doc="book/05_il6_loop",
        section="The IL-6 inflammatory loop",
        canvas=c,
        model="il6_switch",
        states=(("x", "x"),),
    )


# --------------------------------------------------------------------------------------------
# Chapters 6 and 7


def adc() -> Diagram:
    c = Canvas("adc", W, 640)
    lx, rx = 130, 420
    conj = c.node("adc", lx, 45, "antibody–drug\nconjugate", kind="drug", shape="pill")
    bind = c.node("bind", lx, 155, "binds HER2 on\nthe cell surface", w=220)
    inside = c.node("inside", lx, 260, "taken into the cell", kind="process", w=220)
    release = c.node("release", lx, 355, "drug released", kind="process", w=220)
    dies = c.node("dies", lx, 450, "the cell dies", kind="process", w=220)
    c.arrow(conj, bind)
    c.arrow(bind, inside)
    c.arrow(inside, release)
    c.arrow(release, dies)
    block = c.node("block", rx, 155, "HER2 signals\nblocked", kind="process", w=200)
    c.arrow(bind, block)
    slows = c.node("slows", rx, 260, "growth slows", kind="process", w=200)
    c.arrow(block, slows)
    escape_ = c.node("escape", rx, 385, "cell no longer\nneeds HER2\nsignals", w=200, h=100)
    c.arrow(escape_, slows, kind="inhibits")
    c.text(rx, 470, "e.g. PTEN loss,\nthe IL-6 loop")
    c.text(20, 545, "T-DM1 (trastuzumab emtansine) and T-DXd", anchor="start")
    c.text(20, 570, "(trastuzumab deruxtecan) can kill a cell that still", anchor="start")
    c.text(20, 595, "shows HER2, whether or not it needs HER2 signals;", anchor="start")
    c.text(20, 620, "a tumor with no HER2 at all escapes both.", anchor="start")
    return Diagram(
        name="adc",
        alt=(
            "How an antibody–drug conjugate acts: it binds HER2, is taken into the cell and "
            "releases its drug, which kills the cell. Binding also blocks HER2 signals, which "
            "slows growth unless the cell no longer needs HER2 signals; such a cell, if it still "
            "shows HER2, escapes the slowing but not the drug. A tumor with no HER2 at all "
            "escapes both (T-DXd's drug reaches a HER2-negative cell only beside HER2-positive "
            "ones)."
        ),
        caption="An antibody–drug conjugate uses HER2 as an address, not only as a target to "
        "block.",
        description=(
            "Down the left, an antibody–drug conjugate (an antibody such as trastuzumab with a "
            "drug attached) binds "
            "HER2 on the cell surface, is taken into the cell, releases its drug, and the cell "
            "dies.",
            "On the right, binding HER2 also blocks HER2 signals, which slows growth. A box, "
            "cell no longer needs HER2 signals (for example after PTEN loss or with the IL-6 "
            "loop), ends in a bar on growth slows: the block still happens, but the cell grows "
            "anyway. Nothing ends on the path down the left.",
            "A note names two such drugs, T-DM1 (trastuzumab emtansine) and T-DXd (trastuzumab "
            "deruxtecan), which can kill a cell that still shows HER2 on its surface, whether or "
            "not it still needs HER2 signals, and says that a tumor with no HER2 at all escapes "
            "both (T-DXd's released drug can also kill HER2-negative cells, but only those next "
            "to HER2-positive ones). The antibody's own immune attack (ADCC, Chapter 1) is not "
            "drawn.",
        ),
        doc="book/06_beyond_trastuzumab",
        section="Antibody–drug conjugates: HER2 as an address",
        canvas=c,
    )


def synthesis() -> Diagram:
    c = Canvas("synthesis", W, 850)
    lx, mx, rx = 110, 280, 440
    tras = c.node("tras", lx, 40, "trastuzumab", kind="drug", shape="pill")
    anti = c.node("anti", rx, 40, "anti-miR-21", kind="drug", shape="pill")
    her2 = c.node("her2", lx, 135, "HER2", w=150)
    mir21 = c.node("mir21", rx, 135, "miR-21", kind="rna", w=150)
    akt = c.node("akt", lx, 235, "PI3K/AKT $s_H$", w=170)
    pten = c.node("pten", rx, 235, "PTEN", w=150)
    x = c.node("x", rx, 345, "IL-6 $x$", kind="signal", w=130)
    p = c.node("p", mx, 470, "self-renewal $p$", kind="process", w=180)
    mimic = c.node("mimic", 85, 470, "miR-200c\nmimic", kind="drug", shape="pill")
    ab = c.node("ab", 455, 525, "IL-6R\nantibody", kind="drug", shape="pill")
    s = c.node("S", mx, 600, "stem cells $S$", kind="stem", w=180)
    pr = c.node("P", mx, 705, "progenitors $P$", kind="progenitor", w=180)
    d = c.node("D", mx, 810, "differentiated $D$", kind="differentiated", w=210)
    c.arrow(tras, her2, kind="inhibits")
    c.arrow(her2, akt)
    c.arrow(anti, mir21, kind="inhibits")
    c.arrow(mir21, pten, kind="inhibits")
    c.arrow(pten, akt, kind="inhibits")
    c.arrow((pten, "bottom", 0.35), (x, "top", 0.3), kind="inhibits", indirect=True)
    c.text(410, 290, "$b$(PTEN)", anchor="end")
    c.loop(x, "top", reach=44, spread=0.3, t=0.75)
    c.arrow((akt, "bottom", 0.7), (p, "top", 0.2))
    c.text(160, 365, "$g_H s_H$", anchor="end")
    c.arrow((x, "left", 0.6), (p, "top", 0.85))
    c.text(330, 395, "$g_I s_I$", anchor="end")
    c.arrow(ab, (x, "bottom", 0.6), kind="inhibits")
    c.text(478, 440, "$β$", anchor="start")
    c.arrow(mimic, p, kind="inhibits")
    c.text(85, 425, "$δ_{200c}$", anchor="middle")
    c.arrow(p, s)
    c.text(mx - 12, 535, "$(2p − 1) r_S$", anchor="end")
    c.arrow((s, "right", 0.5), (x, "right", 0.6), via=[(525, 600), (525, 353)])
    c.text(450, 625, "secrete IL-6\n$σ f_S$")
    c.arrow(s, pr)
    c.text(mx + 12, 652, "$2(1 − p) r_S$", anchor="start")
    c.arrow(pr, d)
    c.text(mx + 12, 757, "$a$", anchor="start")
    c.arrow((tras, "left", 0.5), (pr, "left"), kind="inhibits", via=[(12, 40), (12, 705)])
    c.arrow((12, 705), (d, "left"), kind="inhibits", via=[(12, 810)], gap=0)
    c.text(26, 757, "kills at $k$", anchor="start")
    return Diagram(
        name="synthesis",
        alt=(
            "Map of the synthesis model: trastuzumab blocks HER2 and kills progenitors and "
            "differentiated cells; HER2 through PI3K/AKT and the IL-6 activity x both raise the "
            "stem cells' self-renewal p; PTEN, miR-21, stem cells and the add-on drugs act "
            "where the arrows show."
        ),
        caption="One map of the synthesis model: what drives self-renewal, and where each "
        "treatment arm acts.",
        description=(
            "Trastuzumab ends in a bar on HER2. HER2 leads to PI3K/AKT signaling, $s_H$. PTEN "
            "ends in a bar on PI3K/AKT: PTEN sets how much of the HER2 signal trastuzumab can "
            "shut off ($s_H = 1 − τ·$PTEN_eff with trastuzumab; without it "
            "$s_H = 1$ at any PTEN). miR-21 ends in a bar on PTEN, and the anti-miR-21 drug "
            "ends in a bar on miR-21.",
            "PTEN also ends in a dashed bar on the IL-6 activity $x$: the drive $b$(PTEN) rises "
            "as PTEN falls. $x$ has a loop on itself (the IL-6 switch), and the "
            "IL-6 receptor antibody ends in a bar on it, blocking a share $β$ of receptors, "
            "which weakens both the loop and the signal $x$ sends to $p$.",
            "Both PI3K/AKT (term $g_H s_H$) and IL-6 (term $g_I s_I$) lead to the self-renewal "
            "probability $p$ of stem cells; the miR-200c mimic ends in a bar on $p$ (term "
            "$δ_{200c}$).",
            "Below, $p$ leads to stem cells $S$ (which grow at $(2p − 1) r_S$), stem cells to "
            "progenitors $P$ ($2(1 − p) r_S$) and progenitors to differentiated cells $D$ ($a$). "
            "An arrow from stem cells back to $x$ says that they secrete IL-6 ($σ f_S$). A line "
            "down the left from trastuzumab ends in bars on progenitors and differentiated "
            "cells: it kills them at rate $k$, assumed in the main runs to be the same at any "
            "PTEN.",
        ),
        doc="book/07_synthesis",
        section="The model",
        canvas=c,
        model="synthesis",
        states=(("S", "S"), ("P", "P"), ("D", "D"), ("il6", "x"), ("p", "p")),
    )


BUILDERS = {
    "key": key,
    "her2": her2,
    "trastuzumab": trastuzumab,
    "ihc": ihc,
    "ish_count": ish_count,
    "ish_groups": ish_groups,
    "hierarchy": hierarchy,
    "mirna": mirna,
    "titration": titration,
    "mir200_zeb": mir200_zeb,
    "pten": pten,
    "il6_loop": il6_loop,
    "adc": adc,
    "synthesis": synthesis,
}
