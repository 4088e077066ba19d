#!/usr/bin/env python3
"""Print generated test words for nyttig's Snowball stemmer ports.

One word per line, deterministic, stdlib only. The words cross ~200 stems
with every suffix of the Snowball Among tables of danish.sbl and
norwegian.sbl (as generated in frostem 1.20260821.8), with two-suffix
chains, and add edge cases (short words, digits, accents, other scripts,
astral characters, apostrophes). `stem_words.py english` prints the words
for english.sbl (Porter2) instead: its stems with every suffix of its
tables, chains of a Step 2-4 suffix and a Step 1 ending, its exceptions,
y among vowels, apostrophes, and short letter strings for the short
syllable and the regions. Stem them with tantivy/frostem and pipe
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


class Unique(list):
    """Words in the order first added, each once."""

    def __init__(self):
        super().__init__()
        self.seen = set()

    def add(self, w):
        if w and w not in self.seen:
            self.seen.add(w)
            self.append(w)


def words():
    out = Unique()
    add = out.add

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


# English: words and fragments for every condition of english.sbl: the
# exceptions, the beginnings that set R1, y, short syllables, doubles,
# proceed/succeed/exceed, the -ing exceptions, and stems for Steps 2 to 5.
EN_STEMS = """
a e i o u y w x ab at be by do go he if in is it me my no of on or so to up
ski sky idl gentl ugl earl onl singl new howe atla cosmo bia ande
gener commun arsen past univers later emerg organ inter general generous
communic communal university interest organis arsenal pastor lateral
say play boy toy enjoy employ yell youth bye eye ayy yay yoyo daddy happy
cry fly dry shy try spy dye lye buy guy key abyss
hop bat cap rob tap beg fix mow tax saw ow ap an box tow few bow raw
proc succ exc agr f n spe bl br fr gr
even cann inn earr herr out d l t
add egg odd ebb err ill eve ace
nation rat relat condit valen hesit digit conform radic different vile
analog geolog bio ecolog hope care formal sensit adopt effect adjust
bowdler fluent sens activ electr product progress abl happ weak kind hand
beaut nice bright fast probab loud order decis precis opin union lion act
rate rule cease controll roll fall oscil bell innov project health public
servic citizen municipal engag particip sustain develop commit improv
café naïve über ñandú é 😀 𝔘 a𝔘 𝔘a
""".split()

# Every entry of the Among tables of english.sbl, and its exceptions.
EN_EXCEPTIONS = ("skis skies idly gently ugly early only singly sky news howe "
                 "atlas cosmos bias andes").split()
EN_R1 = "gener commun arsen past univers later emerg organ inter".split()
EN_1A = "' 's' 's ied s ies sses ss us".split()
EN_1B = "ed eed ing edly eedly ingly".split()
EN_1B_AFTER = "bb dd ff gg mm nn pp rr tt bl at iz".split()
EN_STEP2 = ("anci enci ogi li bli abli alli fulli lessli ousli entli aliti "
            "biliti iviti tional ational alism ation ization izer ator iveness "
            "fulness ousness ogist").split()
EN_STEP3 = "icate ative alize iciti ical tional ational ful ness".split()
EN_STEP4 = ("ic ance ence able ible ate ive ize iti al ism ion er ous ant ent "
            "ment ement").split()
EN_EXTRA = ["", "y", "ly", "e", "l", "ll", "le", "es", "ies", "ied", "ying",
            "eing", "s's", "'s's", "sion", "tion", "logi", "ogies"]
EN_SUFFIXES = sorted(set(EN_1A + EN_1B + EN_1B_AFTER + EN_STEP2 + EN_STEP3 +
                         EN_STEP4 + EN_EXTRA + [s + "e" for s in EN_1B_AFTER]))
# Endings that Step 1 takes off before Steps 2-5 see the suffix.
EN_OUTER = ["", "s", "es", "ed", "ing", "ly", "'s", "e", "y", "ies", "ingly"]
EN_CHAIN_STEMS = ("a y ab rel nat cond hop sensit format generat interest "
                  "organ past 𝔘 é").split()
# Letters for the short syllable (v, v_WXY, non-v) and the regions.
EN_LETTERS = list("aeiouywxbcdlnrst'") + ["é", "𝔘"]
# Last, upper-case Y, which only the prelude writes, for the rules that read it.
EN_EDGE = """
' '' ''' 's s' 's' x's x's' cat's cats' 'cat 'yes ''cat o'neil don't it's
'y 'yy 's's 'sss y yy yyy ayy ayyy yay yaya eyey ybby ayyed yying yyed
😀 😀s 😀y a😀y 𝔘𝔘y 𝔘ies a𝔘ies 𝔘𝔘ies 𝔘ied 𝔘ing 𝔘y𝔘ing d𝔘ing 𝔘ying
é😀ing 𝔘eed 𝔘ed a𝔘ed 𝔘at𝔘 2024 3d x86 mp3 h2o 1990s
bY abY cabY aYed ayY Yes
""".split()


def english_words():
    out = Unique()
    add = out.add

    for w in EN_STEMS + EN_EXCEPTIONS + EN_EDGE:
        add(w)
    # The exceptions and the R1 beginnings count for whole words and
    # beginnings only; with endings the words go through the rules.
    for w in EN_EXCEPTIONS + EN_R1:
        for suf in EN_OUTER + ["al", "ally", "ation", "ize"]:
            add(w + suf)
    for stem in EN_STEMS:
        for suf in EN_SUFFIXES:
            add(stem + suf)
        # What Step 1b leaves before -ed and -ing: a double, at, bl, iz.
        for inner in EN_1B_AFTER:
            for suf in EN_1B:
                add(stem + inner + suf)
    # A Step 2-4 suffix before a Step 1 ending, e.g. rel+ational+s.
    for stem in EN_CHAIN_STEMS:
        for inner in [""] + EN_STEP2 + EN_STEP3 + EN_STEP4:
            for outer in EN_OUTER:
                add(stem + inner + outer)
    # Short letter strings: the short syllable and the regions they make.
    for a in EN_LETTERS:
        for b in EN_LETTERS:
            for end in ["", "e", "ed", "ing", "s", "y", "ly", "li"]:
                add(a + b + end)
            for c in EN_LETTERS:
                for end in ["", "e", "ed", "ing", "s", "y", "ly", "li", "el"]:
                    add(a + b + c + end)
    # Every letter before what the rules look behind: -li, -ogi, -ion, -s,
    # -ies, y, a double.
    for pre in ["", "h", "ha", "hab", "abab", "brigh", "𝔘"]:
        for c in EN_LETTERS:
            for suf in ["li", "ogi", "ion", "s", "ies", "ied", "y", "ying",
                        "ing", "ed", "e", "l", "ll", "le", "ss", "us"]:
                add(pre + c + suf)
    # y among vowels and consonants, in every order up to six letters.
    level = [""]
    for _ in range(6):
        level = [w + c for w in level for c in "ayb"]
        for w in level:
            for end in ["", "s", "ing", "ed"]:
                add(w + end)
    return out


def main():
    sys.stdout.reconfigure(encoding="utf-8")
    for w in english_words() if sys.argv[1:] == ["english"] else words():
        print(w)


if __name__ == "__main__":
    main()
