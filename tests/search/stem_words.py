#!/usr/bin/env python3
"""Print generated test words for nyttig's Danish/Norwegian stemmer port.

One word per line, deterministic, stdlib only. The words cross ~200 stems
with every suffix of the Snowball Among tables of danish.sbl and
norwegian.sbl (as generated in frostem 1.20260821.8), with two-suffix
chains, and add edge cases (short words, digits, accents, other scripts,
astral characters, apostrophes). Stem them with tantivy/frostem and pipe
[[word, lang, stem], ...] into stem_check.js.
"""

import sys

# Stems: Danish and Norwegian words and fragments, incl. short ones, doubled
# consonants, and endings that the consonant-pair/other-suffix steps see.
STEMS = """
a e i o u y æ ø å b k s t
at en er og ja nej du vi by ø ål ær øl is ko ku hø sy tå
bil hus ord dag bog øje sol mor far bro mål før små stå gå
kat hest bord stol skib fisk kage pige dreng barn mand kone
hund fugl træ skov by land sprog folk tid liv død tro håb
lys mørk grøn rød blå hvid sort stor lille ny gammel god
venn venne kanne hatt katt takk sopp topp ball full hall
sapp kamm komm bukk stokk rett lett vogn jord fjell dal elv
hav giv skap ind kk nk amm omm kap pp lt ast øst v
klogt hugt bygd sagd skygd redt glædt lagt sagt hakt takt
smukt dukt kraft fodt født
hellig venlig dejlig ærlig mulig kærlig tydelig betydelig
heftig lykkelig elskelig farlig vanlig
fæls hæls skæls vels pels
løst tøst frøst køst
mest bedst flest værst igst
ert kjært vært sert hert
kærhed frihed sandhed enhed hed
herne terne stjerne hjerne
hene scene pene
lege elege helleg vennleg kjærleg
fattig hurtig eig steig
lov elov slov hetslov forlov
vers gjers herrs hers kers pers aks
bark park mark kirk
sølv halv kalv
tændt nævnt hvalt kolt
løsning øvelse ændring
ærgerlig æble æske øre ørn ålborg åben åre
blåbær jordbær ærter øster æder
kong konge ting tinge vind vinde gave ven
bekræft forklar arbejd læs skriv spil sang
musik kunst viden søg sted
hjem hjerte ånd åndedræt
fôr vèrt tòm kòn fòt sôl ôst êre
café alé idé kafé rosé müll über naïv
ks rs ers kks eks øks iks uks aks
bbb ddd fff ggg kkk lll mmm nnn ppp rrr sss ttt vvv
abb add aff agg akk all amm ann app arr ass att
bøgg søll hull sill trapp fått
regn vand vejr sne frost
""".split()

# Every entry of the Among tables (plus suffixes the routines test with eq_s).
DA_MAIN = ("hed ethed ered e erede ende erende ene erne ere en heden eren er "
           "heder erer s heds es endes erendes enes ernes eres ens hedens "
           "erens ers ets erets et eret").split()
DA_PAIR = "gd dt gt kt".split()
DA_OTHER = "ig lig elig els løst".split()
NO_ERS_CTX = "ind kk nk amm omm kap skap pp lt ast øst v hav giv".split()
NO_MAIN = ("a e ede ande ende ane ene hetene erte en heten ar er heter s as "
           "es edes endes enes hetenes ens hetens ers ets et het ert ast").split()
NO_PAIR = "dt vt".split()
NO_OTHER = "leg eleg ig eig lig elig els lov elov slov hetslov".split()
EXTRA = ["", "st", "igst", "'", "'s", "r", "rs", "ers", "ks", "ss", "tt",
         "dd", "gg", "ll", "nn", "pp", "rr", "ff", "bb", "kk", "mm"]

SUFFIXES = sorted(set(DA_MAIN + DA_PAIR + DA_OTHER + NO_MAIN + NO_PAIR +
                      NO_OTHER + [c + "ers" for c in NO_ERS_CTX] + EXTRA))
# Second-level suffixes (other-suffix / pair endings) that main suffixes follow.
INNER = sorted(set(DA_OTHER + NO_OTHER + DA_PAIR + NO_PAIR + ["igst", "st"]))
OUTER = sorted(set(DA_MAIN + NO_MAIN))

CHAIN_STEMS = "a ø by ve hu dyg klo sta ærli fløj bbb fattig 𝔘𝔘".split()
CHAIN_MAIN = ["", "e", "en", "er", "et", "s", "es", "ene", "erne", "hed",
              "heden", "ers", "ert", "ast", "'"]

# Chars that may precede "s" (s_ending groupings, 'r' not 'e', 'k' non-v).
LETTERS = list("abcdefghijklmnopqrstuvwxyzæøåéüêòóô'") + ["𝔘", "😀", "1"]

EDGE = """
a b z æ ø å é ü 0 1 9 2024 3d 1990erne 100kr abc123 123abc x86 mp3 h2o
e2e a1b2c3 ελληνικά ελληνικός 日本 日本語 中文 русский мама עברית العربية
हिन्दी 한국어 ñandú çava øøø ååå æææ ææ øø åå aa ee ii éé
a𝔘e a𝔘 𝔘e 𝔘 𝔘𝔘𝔘 😀 a😀 😀s 😀ers ab😀ene hest😀 😀hestene 𝔘𝔘hest 𝔘𝔘ers
k😀s 𝔘ks a𝔘ks 𝔘𝔘ene s𝔘s øl😀s 👍🏽 é𝔘lig
don't it's 'hest hest' hest's heste'ne l'arbre o'neil ''' '' ' a' ab' abc'
ærlig' 'ene e'ne hesten's
""".split()


def words():
    seen = set()
    out = []

    def add(w):
        if w and w not in seen:
            seen.add(w)
            out.append(w)

    for w in STEMS + EDGE:
        add(w)
    for stem in STEMS:
        for suf in SUFFIXES:
            add(stem + suf)
    # Two-suffix chains, e.g. venlig+hed, fæl+els+en, bygd+e+s.
    for stem in STEMS[::12]:
        for inner in INNER:
            for outer in OUTER:
                add(stem + inner + outer)
    # Consonant pair + other suffix + main suffix, e.g. dyg+t+ig+e, by+gd+els+en.
    for stem in CHAIN_STEMS:
        for pair in [""] + DA_PAIR + NO_PAIR:
            for other in [""] + DA_OTHER + NO_OTHER:
                for main in CHAIN_MAIN:
                    add(stem + pair + other + main)
    # Every letter before the s-ending and before "ers"/"ks"/"rs".
    for pre in ["", "h", "ha", "hes", "hest", "kat", "ø", "bø", "𝔘𝔘", "a𝔘"]:
        for c in LETTERS:
            for suf in ["s", "es", "ers", "ks", "rs", "ers", "ens", "er", "e",
                        "dt", "vt", "gt", "t", c]:
                add(pre + c + suf)
    return out


def main():
    sys.stdout.reconfigure(encoding="utf-8")
    for w in words():
        print(w)


if __name__ == "__main__":
    main()
