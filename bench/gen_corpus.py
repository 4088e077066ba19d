#!/usr/bin/env python3
"""Generate a synthetic innovation portal of N projects for nyttig's build benchmark.

The portal follows the content contract (shared CONTENT-MODEL.md): portal.yaml,
content/projects/*.md and content/innovators/*.md, phase model n3, language da.
Every project carries the fields the build validates (phase, kind, area, started,
owner/team and related slugs that exist, a history whose dates ascend strictly and
whose last phase is the project's phase, five fundamentals 0-5, benefits) and a
300-600 word Danish or Norwegian body with headings, lists, emphasis and one link to
another project by its source file (`[title](other-slug.md)`).

With --hugo DIR the same projects and innovators are also written as a Hugo site
(config, minimal layouts, paginated catalogue and taxonomy pages for phase, area,
kind, tags and start year), so both generators render about the same pages.

Python 3 standard library only. The output is a function of --projects and --seed
alone: the same arguments give byte-identical files.

usage: gen_corpus.py --projects N --out DIR [--seed S] [--hugo DIR]
"""

import argparse
import datetime
import os
import random
import re
import shutil
import sys

# ---------------------------------------------------------------------------
# The portal's fixed vocabularies
# ---------------------------------------------------------------------------

MODEL = ["ide", "nytt", "nyttig", "nyttiggjort"]          # phase_model: n3, in order
STATES = ["paused", "stopped"]                              # reachable after any phase
PHASE_LABELS = {
    "ide": "Idé", "nytt": "Nyt", "nyttig": "Nyttigt", "nyttiggjort": "Nyttiggjort",
    "paused": "Sat på pause", "stopped": "Stoppet",
}
PHASE_WEIGHTS = {"ide": 24, "nytt": 27, "nyttig": 21, "nyttiggjort": 17, "paused": 6, "stopped": 5}

AREAS = [
    ("Ældre og sundhed", 26),
    ("Skole og dagtilbud", 19),
    ("Social og handicap", 12),
    ("Beskæftigelse", 10),
    ("Klima, natur og miljø", 11),
    ("Kultur og fritid", 8),
    ("Digitalisering og administration", 14),
]

# About forty tags; popularity falls off as 1/rank (Zipf, s = 1).
TAGS = [
    "velfærdsteknologi", "samskabelse", "hverdagsinnovation", "borgerinddragelse",
    "digitalisering", "rehabilitering", "kunstig intelligens", "bæredygtighed",
    "trivsel", "tjenestedesign", "frivillighed", "data", "ensomhed", "tidlig indsats",
    "grøn omstilling", "automatisering", "inklusion", "demens", "telemedicin",
    "robotter", "læring", "mobilitet", "arbejdsmiljø", "rekruttering", "ledelse",
    "sensorer", "biblioteker", "affald", "energi", "idræt", "medborgerskab",
    "brukermedvirkning", "samskaping", "open source", "gevinstrealisering",
    "klimatilpasning", "pårørende", "ungdom", "sprog", "tværfagligt samarbejde",
]
TAG_WEIGHTS = [1.0 / (rank + 1) for rank in range(len(TAGS))]

KINDS = [("everyday", 78), ("radical", 22)]
ORIGINS = [("staff", 55), ("citizen", 18), ("politician", 9), ("business", 10), ("other", 8)]

FIRST = [
    "Anne", "Birgitte", "Camilla", "Dorthe", "Emma", "Freja", "Grethe", "Helle",
    "Inge", "Julie", "Karen", "Lene", "Maja", "Nanna", "Pernille", "Rikke", "Sara",
    "Tove", "Vibeke", "Ingrid", "Kari", "Marit", "Sigrid", "Åse",
    "Anders", "Bent", "Christian", "Daniel", "Erik", "Frederik", "Henrik", "Jakob",
    "Kasper", "Lars", "Morten", "Niels", "Ole", "Poul", "Rune", "Søren", "Thomas",
    "Ulrik", "Bjørn", "Håkon", "Øyvind", "Torstein", "Magnus", "Sindre",
]
LAST = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen",
    "Olsen", "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen",
    "Berg", "Haugen", "Bakke", "Lie", "Dahl", "Strand", "Holm", "Lund", "Vik",
    "Solheim", "Aasen", "Brekke",
]
TOWNS = [
    "Nordby", "Sønderå", "Østerhede", "Vesterlund", "Bakkegården", "Fjordparken",
    "Skovbrynet", "Engvej", "Kirkebakken", "Havnefronten", "Midtbyen", "Lyngby Øst",
    "Solbakken", "Åbrinken", "Granly", "Møllehøj", "Strandkvarteret", "Hedegården",
]
PARTNERS = [
    "Aalborg Universitet", "Aarhus Universitet", "Københavns Professionshøjskole",
    "VIA University College", "Region Midtjylland", "KL", "Digitaliseringsstyrelsen",
    "Nasjonalt senter for e-helseforskning", "OsloMet", "Dansk Røde Kors",
    "Ældre Sagen", "Lokale boligforeninger", "Erhvervshuset", "Teknologisk Institut",
    "Designskolen Kolding", "Innovasjon Norge", "Borgerforeningen", "Idrætsforeningen",
]
UNITS = [
    ("Sparede timer", "timer/år", 40, 4000),
    ("Økonomisk gevinst", "kr/år", 50000, 2500000),
    ("Borgertilfredshed", "%", 50, 95),
    ("Medarbejdertilfredshed", "%", 50, 95),
    ("Færre kørte kilometer", "km/år", 500, 60000),
    ("Reduceret CO2", "ton/år", 1, 300),
    ("Borgere der bruger løsningen", "antal", 20, 5000),
]

# ---------------------------------------------------------------------------
# Prose: two languages, each a set of word banks and sentence patterns.
# Slots: {S} subject, {s} lower-case subject, {V} present verb, {P} past
# participle, {I} infinitive, {O} object, {G} goal, {T} place, {K} keyword,
# {N} number, {Y} year, {A} adjective.
# ---------------------------------------------------------------------------

PROSE = {
    "da": {
        "S": ["borgerne", "medarbejderne", "hjemmeplejen", "lederne", "de pårørende",
              "pædagogerne", "sagsbehandlerne", "eleverne", "de frivillige", "projektgruppen",
              "kommunens it-afdeling", "sygeplejerskerne", "jobcentret", "forvaltningen",
              "de ældre", "lærerne", "terapeuterne", "borgerservice"],
        "V": ["afprøver", "udvikler", "tester", "forbedrer", "forenkler", "måler",
              "evaluerer", "deler", "styrker", "kortlægger", "understøtter", "skalerer",
              "digitaliserer", "nyttiggør", "forankrer", "genbruger"],
        "P": ["afprøvet", "udviklet", "testet", "forbedret", "forenklet", "målt",
              "evalueret", "delt", "styrket", "kortlagt", "understøttet", "skaleret",
              "digitaliseret", "nyttiggjort", "forankret", "genbrugt"],
        "I": ["afprøve", "udvikle", "teste", "forbedre", "forenkle", "måle", "evaluere",
              "dele", "styrke", "kortlægge", "understøtte", "skalere", "digitalisere",
              "nyttiggøre", "forankre", "genbruge"],
        "O": ["arbejdsgangene", "den digitale selvbetjening", "mødet med borgeren",
              "vagtplanlægningen", "genoptræningen", "overgangen fra skole til job",
              "samarbejdet på tværs", "dokumentationen", "kørselsplanen",
              "de pårørendes inddragelse", "sprogindsatsen", "affaldssorteringen",
              "energiforbruget", "visitationen", "forældresamarbejdet",
              "den tidlige opsporing", "hjælpemidlerne", "udlånet af materialer"],
        "G": ["mere tid til kerneopgaven", "færre genindlæggelser", "større tryghed",
              "en bedre hverdag", "mindre spild", "kortere ventetid", "mere trivsel",
              "flere i job", "færre fejl", "lavere udgifter", "et bedre arbejdsmiljø",
              "mere selvhjulpne borgere"],
        "T": ["på plejecentret", "i hjemmeplejen", "på skolen", "i børnehaven",
              "på biblioteket", "på rådhuset", "i jobcentret", "i kulturhuset",
              "på genbrugspladsen", "i sundhedshuset", "i idrætshallen", "i bofællesskabet"],
        "K": ["hverdagsinnovation", "samskabelse", "velfærdsteknologi",
              "borgerinddragelse", "gevinstrealisering", "tjenestedesign",
              "innovationsledelse", "tidlig indsats", "rehabilitering", "prototyper"],
        "A": ["enkel", "tryg", "digital", "lokal", "bæredygtig", "fælles", "værdig",
              "effektiv", "nysgerrig", "modig"],
        "patterns": [
            "{S} {V} {O} {T}, så vi får {G}.",
            "Idéen kom fra {s}, som ville {I} {O}.",
            "I {Y} har vi {P} {O} sammen med {s}.",
            "Vi har brugt *{K}* som ramme og {P} {O} i {N} runder.",
            "Erfaringen er, at {s} {V} {O}, når de er med fra begyndelsen.",
            "Målet er {G} og en mere {A} hverdag for {s}.",
            "Undervejs har {s} {P} {O} og delt resultaterne med ledelsen.",
            "Det er ikke nok at {I} {O}; vi skal også {I} den nye praksis.",
            "Efter {N} måneder kan vi se {G} {T}.",
            "**{K}** betyder for os, at {s} {V} {O} i små skridt.",
            "Projektet {V} {O} med udgangspunkt i {s}s egne ønsker.",
            "Vi fandt ud af, at {O} fylder mere end forventet {T}.",
            "En {A} løsning var vigtigere end en avanceret løsning.",
            "Sammen med {s} har vi {P} en prototype {T}.",
            "Derfor vil vi {I} {O} i hele kommunen fra {Y}.",
            "Det giver {G}, og {s} oplever en mere {A} indsats.",
        ],
        "items": [
            "{G} {T}",
            "at {I} {O}",
            "{s} skal kunne {I} {O}",
            "en {A} og overskuelig proces",
            "løbende måling af {O}",
        ],
        "steps": [
            "Vi kortlagde {O} sammen med {s}.",
            "Vi byggede en enkel prototype {T}.",
            "{S} afprøvede løsningen i {N} uger.",
            "Vi målte effekten og justerede {O}.",
            "Løsningen blev forankret i driften.",
        ],
        "headings": [
            ["Baggrund", "Udfordringen", "Hvorfor dette projekt?"],
            ["Mål", "Det vil vi opnå"],
            ["Sådan gjorde vi", "Forløbet", "Metode"],
            ["Resultater", "Gevinster", "Det har vi lært"],
            ["Næste skridt", "Videre arbejde"],
        ],
        "link": [
            "Projektet bygger videre på [{title}]({href}).",
            "Læs også om [{title}]({href}), som har arbejdet med det samme.",
            "Vi har hentet inspiration fra [{title}]({href}).",
        ],
        "titles": [
            "{K} {T}", "{o} {T}", "Når {s} {V} {o}", "Ny praksis for {o}",
            "{G} gennem {k}",
        ],
        "summaries": [
            "{S} {V} {O} {T} for at skabe {G}.",
            "Et projekt, hvor {s} {V} {O} med {k}.",
            "Vi {V} {O} sammen med {s}, så vi får {G}.",
        ],
        "decisions": ["Direktionen godkendte projektet", "Udvalget bevilgede midler",
                      "Styregruppen besluttede at fortsætte", "Ledelsen gav grønt lys"],
        "notes": ["Prøvehandling i to afdelinger", "Første prototype klar",
                  "Midtvejsevaluering gennemført", "Udbredt til hele området"],
        "roles": ["Innovationskonsulent", "Projektleder", "Sygeplejerske", "Pædagog",
                  "Sagsbehandler", "Afdelingsleder", "Digitaliseringskonsulent", "Terapeut"],
        "workplaces": ["Hjemmeplejen", "Skoleafdelingen", "Jobcentret", "Borgerservice",
                       "Sundhed og Omsorg", "Teknik og Miljø", "Kultur og Fritid", "Dagtilbud"],
    },
    "nb": {
        "S": ["innbyggerne", "medarbeiderne", "hjemmetjenesten", "lederne", "de pårørende",
              "barnehagelærerne", "saksbehandlerne", "elevene", "de frivillige",
              "prosjektgruppen", "kommunens IT-avdeling", "sykepleierne", "NAV-kontoret",
              "de eldre", "lærerne", "fysioterapeutene", "servicetorget"],
        "V": ["prøver ut", "utvikler", "tester", "forbedrer", "forenkler", "måler",
              "evaluerer", "deler", "styrker", "kartlegger", "støtter", "skalerer",
              "digitaliserer", "tar i bruk", "forankrer", "gjenbruker"],
        "P": ["prøvd ut", "utviklet", "testet", "forbedret", "forenklet", "målt",
              "evaluert", "delt", "styrket", "kartlagt", "støttet", "skalert",
              "digitalisert", "tatt i bruk", "forankret", "gjenbrukt"],
        "I": ["prøve ut", "utvikle", "teste", "forbedre", "forenkle", "måle", "evaluere",
              "dele", "styrke", "kartlegge", "støtte", "skalere", "digitalisere",
              "ta i bruk", "forankre", "gjenbruke"],
        "O": ["arbeidsprosessene", "de digitale tjenestene", "møtet med innbyggeren",
              "turnusplanleggingen", "hverdagsrehabiliteringen", "overgangen fra skole til jobb",
              "samarbeidet på tvers", "dokumentasjonen", "kjøreruten",
              "involveringen av pårørende", "språkopplæringen", "avfallssorteringen",
              "energibruken", "tildelingen av tjenester", "foreldresamarbeidet",
              "den tidlige innsatsen", "hjelpemidlene", "utlånet av utstyr"],
        "G": ["mer tid til kjerneoppgaven", "færre innleggelser", "større trygghet",
              "en bedre hverdag", "mindre svinn", "kortere ventetid", "mer trivsel",
              "flere i arbeid", "færre feil", "lavere kostnader", "et bedre arbeidsmiljø",
              "mer selvhjulpne innbyggere"],
        "T": ["på sykehjemmet", "i hjemmetjenesten", "på skolen", "i barnehagen",
              "på biblioteket", "på rådhuset", "på NAV-kontoret", "i kulturhuset",
              "på gjenvinningsstasjonen", "i helsehuset", "i idrettshallen", "i bofellesskapet"],
        "K": ["tjenesteinnovasjon", "samskaping", "velferdsteknologi",
              "brukermedvirkning", "gevinstrealisering", "tjenestedesign",
              "innovasjonsledelse", "tidlig innsats", "hverdagsrehabilitering", "prototyper"],
        "A": ["enkel", "trygg", "digital", "lokal", "bærekraftig", "felles", "verdig",
              "effektiv", "nysgjerrig", "modig"],
        "patterns": [
            "{S} {V} {O} {T}, slik at vi får {G}.",
            "Idéen kom fra {s}, som ville {I} {O}.",
            "I {Y} har vi {P} {O} sammen med {s}.",
            "Vi har brukt *{K}* som ramme og {P} {O} i {N} runder.",
            "Erfaringen er at {s} {V} {O} når de er med fra starten.",
            "Målet er {G} og en mer {A} hverdag for {s}.",
            "Underveis har {s} {P} {O} og delt resultatene med ledelsen.",
            "Det er ikke nok å {I} {O}; vi må også {I} den nye praksisen.",
            "Etter {N} måneder ser vi {G} {T}.",
            "**{K}** betyr for oss at {s} {V} {O} i små steg.",
            "Prosjektet {V} {O} med utgangspunkt i ønskene til {s}.",
            "Vi fant ut at {O} tar mer tid enn ventet {T}.",
            "En {A} løsning var viktigere enn en avansert løsning.",
            "Sammen med {s} har vi {P} en prototype {T}.",
            "Derfor vil vi {I} {O} i hele kommunen fra {Y}.",
            "Det gir {G}, og {s} opplever en mer {A} innsats.",
        ],
        "items": [
            "{G} {T}",
            "å {I} {O}",
            "{s} skal kunne {I} {O}",
            "en {A} og oversiktlig prosess",
            "løpende måling av {O}",
        ],
        "steps": [
            "Vi kartla {O} sammen med {s}.",
            "Vi bygde en enkel prototype {T}.",
            "{S} prøvde løsningen i {N} uker.",
            "Vi målte effekten og justerte {O}.",
            "Løsningen ble forankret i driften.",
        ],
        "headings": [
            ["Bakgrunn", "Utfordringen", "Hvorfor dette prosjektet?"],
            ["Mål", "Dette vil vi oppnå"],
            ["Slik gjorde vi det", "Forløpet", "Metode"],
            ["Resultater", "Gevinster", "Dette har vi lært"],
            ["Neste steg", "Videre arbeid"],
        ],
        "link": [
            "Prosjektet bygger videre på [{title}]({href}).",
            "Les også om [{title}]({href}), som har jobbet med det samme.",
            "Vi har hentet inspirasjon fra [{title}]({href}).",
        ],
        "titles": [
            "{K} {T}", "{o} {T}", "Når {s} {V} {o}", "Ny praksis for {o}",
            "{G} gjennom {k}",
        ],
        "summaries": [
            "{S} {V} {O} {T} for å skape {G}.",
            "Et prosjekt der {s} {V} {O} med {k}.",
            "Vi {V} {O} sammen med {s}, slik at vi får {G}.",
        ],
        "decisions": ["Rådmannen godkjente prosjektet", "Utvalget bevilget midler",
                      "Styringsgruppen besluttet å fortsette", "Ledelsen ga grønt lys"],
        "notes": ["Utprøving i to avdelinger", "Første prototype klar",
                  "Midtveisevaluering gjennomført", "Spredt til hele området"],
        "roles": ["Innovasjonsrådgiver", "Prosjektleder", "Sykepleier", "Barnehagelærer",
                  "Saksbehandler", "Avdelingsleder", "Digitaliseringsrådgiver", "Fysioterapeut"],
        "workplaces": ["Hjemmetjenesten", "Oppvekst", "NAV", "Servicetorget",
                       "Helse og omsorg", "Teknisk", "Kultur", "Barnehage"],
    },
}

EMPHASIS = re.compile(r"(?<![*\w])\*[^*\s][^*]*?\*(?![*\w])")   # *em*, not **strong**
SLOT = re.compile(r"\{([A-Za-z])\}")
FOLD = {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ä": "ae", "ö": "oe", "ü": "ue"}
FIRST_DAY = datetime.date(2019, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)   # fixed, so the output does not depend on the clock


def slugify(text):
    folded = "".join(FOLD.get(c, c) for c in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def upper_first(text):
    """Capitalise the first letter, also behind leading emphasis markers."""
    k = len(text) - len(text.lstrip("*"))
    return text[:k] + text[k:k + 1].upper() + text[k + 1:]


def q(text):
    """A double-quoted YAML scalar: safe in YAML 1.1 and 1.2 whatever the text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


class Prose:
    """Fills sentence patterns of one language from one random stream."""

    def __init__(self, rng, lang):
        self.rng = rng
        self.bank = PROSE[lang]

    def word(self, key):
        return self.rng.choice(self.bank[key])

    def fill(self, pattern):
        def slot(m):
            k = m.group(1)
            if k == "s":
                return self.word("S")
            if k == "o":
                return self.word("O")
            if k == "k":
                return self.word("K")
            if k == "N":
                return str(self.rng.choice([2, 3, 4, 5, 6, 8, 10, 12]))
            if k == "Y":
                return str(self.rng.randint(2019, 2026))
            if k == "S":
                return upper_first(self.word("S"))
            return self.word(k)
        return SLOT.sub(slot, pattern)

    def sentence(self):
        return upper_first(self.fill(self.word("patterns")))


def plain(text):
    return text.replace("**", "").replace("*", "")


def words(text):
    return len(text.split())


# ---------------------------------------------------------------------------
# The model: innovators and projects as plain dicts
# ---------------------------------------------------------------------------

def make_innovators(rng, count):
    people, used = [], {}
    for _ in range(count):
        name = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
        base = slugify(name)
        used[base] = used.get(base, 0) + 1
        slug = base if used[base] == 1 else "%s-%d" % (base, used[base])
        lang = "da" if rng.random() < 0.7 else "nb"
        bank = PROSE[lang]
        certified = None
        if rng.random() < 0.8:
            certified = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        people.append({
            "slug": slug, "name": name, "lang": lang,
            "role": rng.choice(bank["roles"]),
            "workplace": "%s %s" % (rng.choice(bank["workplaces"]), rng.choice(TOWNS)),
            "area": pick(rng, AREAS),
            "certified": certified,
            "leader": rng.random() < 0.2,
            "consent": rng.random() < 0.6,
            "phone": "+45 %02d %02d %02d %02d" % tuple(rng.randint(10, 99) for _ in range(4)),
        })
    return people


def make_history(rng, phase, started):
    """Phase changes from `started`, strictly ascending, ending in `phase`."""
    if phase in STATES:
        steps = MODEL[: rng.randint(1, 3)] + [phase]
    else:
        steps = MODEL[: MODEL.index(phase) + 1]
    room = (LAST_DAY - started).days
    # Wanted spacing 30-240 days, squeezed so the last change is no later than LAST_DAY.
    gaps = [rng.randint(30, 240) for _ in steps[1:]]
    if sum(gaps) > room:
        gaps = [max(1, g * room // max(1, sum(gaps))) for g in gaps]
        while sum(gaps) > room:
            gaps[gaps.index(max(gaps))] -= 1
    dates, day = [started], started
    for g in gaps:
        day = day + datetime.timedelta(days=g)
        dates.append(day)
    return list(zip(steps, dates))


def make_projects(rng, n, people):
    projects, used = [], {}
    for i in range(n):
        lang = "da" if rng.random() < 0.7 else "nb"
        prose = Prose(rng, lang)
        title = upper_first(plain(prose.fill(rng.choice(prose.bank["titles"]))))
        base = slugify(title)[:70].strip("-")
        used[base] = used.get(base, 0) + 1
        slug = base if used[base] == 1 else "%s-%d" % (base, used[base])
        phase = pick(rng, list(PHASE_WEIGHTS.items()))
        # Late starters cannot be far along: at most ~45 days per phase to go.
        started = datetime.date(rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28))
        need = len(MODEL[: MODEL.index(phase) + 1]) if phase in MODEL else 2
        latest = LAST_DAY - datetime.timedelta(days=45 * need)
        if started > latest:
            started = latest - datetime.timedelta(days=rng.randrange(60))
        history = make_history(rng, phase, started)
        tags = []
        for _ in range(rng.randint(1, 4)):
            t = rng.choices(TAGS, weights=TAG_WEIGHTS)[0]
            if t not in tags:
                tags.append(t)
        owner = rng.choice(people)["slug"]
        team = []
        for _ in range(rng.randint(0, 4)):
            s = rng.choice(people)["slug"]
            if s != owner and s not in team:
                team.append(s)
        projects.append({
            "i": i, "slug": slug, "lang": lang, "title": title,
            "summary": upper_first(plain(prose.fill(rng.choice(prose.bank["summaries"])))),
            "phase": phase, "kind": pick(rng, KINDS), "area": pick(rng, AREAS),
            "tags": tags, "started": started, "history": history,
            "owner": owner, "team": team,
            "origin": pick(rng, ORIGINS), "via_portal": rng.random() < 0.25,
            "words": rng.randint(320, 560),
        })
    for p in projects:
        last = p["history"][-1][1]
        p["ended"] = None
        if p["phase"] == "stopped" or (p["phase"] == "nyttiggjort" and rng.random() < 0.5):
            p["ended"] = min(LAST_DAY, last + datetime.timedelta(days=rng.randint(0, 90)))
        p["updated"] = min(LAST_DAY, last + datetime.timedelta(days=rng.randint(0, 60)))
        p["partners"] = rng.sample(PARTNERS, rng.randint(1, 2)) if rng.random() < 0.3 else []
        p["fundamentals"] = [rng.randint(0, 5) for _ in range(5)]
        p["benefits"] = []
        for name, unit, lo, hi in rng.sample(UNITS, rng.choice([0, 1, 1, 2, 2, 3])):
            planned = rng.randint(lo, hi)
            realized = None
            if p["phase"] in ("nyttig", "nyttiggjort"):
                realized = max(0, round(planned * rng.uniform(0.3, 1.3)))
                if unit == "%":
                    realized = min(100, realized)
            p["benefits"].append((name, unit, planned, realized))
        related = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            other = projects[rng.randrange(n)]["slug"]
            if other != p["slug"] and other not in related:
                related.append(other)
        p["related"] = related
        p["prize"] = last.year if p["phase"] == "nyttiggjort" and rng.random() < 0.03 else None
        # One link in the body to another project's source file.
        other = projects[rng.randrange(n)]
        if other is p and n > 1:
            other = projects[(p["i"] + 1) % n]
        p["link_to"] = other
    return projects


def project_body(rng, p):
    """Markdown in the project's language: 300-600 words, ## headings, a bullet
    list, a numbered list, *emphasis*, **strong** and one link by source path."""
    prose = Prose(rng, p["lang"])
    bank = prose.bank
    paras = []          # every paragraph is a list of sentences, kept to grow later
    out = []            # blocks: a list (paragraph) or a str (heading, list)

    def para(k):
        sentences = [prose.sentence() for _ in range(k)]
        paras.append(sentences)
        out.append(sentences)

    para(2)
    out.append("## " + rng.choice(bank["headings"][0]))
    para(rng.randint(2, 3))
    out.append("## " + rng.choice(bank["headings"][1]))
    para(1)
    out.append("\n".join("- " + upper_first(prose.fill(rng.choice(bank["items"])))
                         for _ in range(rng.randint(3, 5))))
    out.append("## " + rng.choice(bank["headings"][2]))
    para(rng.randint(1, 2))
    out.append("\n".join("%d. %s" % (k + 1, upper_first(prose.fill(s)))
                         for k, s in enumerate(bank["steps"][: rng.randint(3, 5)])))
    out.append("## " + rng.choice(bank["headings"][3]))
    para(rng.randint(1, 2))
    other = p["link_to"]
    paras[-1].append(rng.choice(bank["link"]).format(title=other["title"], href=other["slug"] + ".md"))
    out.append("## " + rng.choice(bank["headings"][4]))
    para(1)

    def text():
        return "\n\n".join(" ".join(b) if isinstance(b, list) else b for b in out)

    count = words(text())
    while count < p["words"]:
        s = prose.sentence()
        rng.choice(paras).append(s)
        count += words(s)
    body = text()
    if "**" not in body:
        paras[0].append("**%s** %s" % (upper_first(prose.word("K")), prose.sentence()))
    if EMPHASIS.search(body) is None:
        s = prose.sentence()
        while "*" in s:
            s = prose.sentence()
        paras[-1].append("*%s*." % s.rstrip("."))
    return text() + "\n"


def innovator_body(rng, person):
    prose = Prose(rng, person["lang"])
    return " ".join(prose.sentence() for _ in range(rng.randint(2, 4))) + "\n"


# ---------------------------------------------------------------------------
# nyttig's format
# ---------------------------------------------------------------------------

def flow(items):
    return "[" + ", ".join(items) + "]"


def project_front_matter(p, rng):
    bank = PROSE[p["lang"]]
    fm = [
        "---",
        "title: " + q(p["title"]),
        "summary: " + q(p["summary"]),
        "phase: " + p["phase"],
        "kind: " + p["kind"],
        "area: " + q(p["area"]),
    ]
    if p["tags"]:
        fm.append("tags: " + flow(q(t) for t in p["tags"]))
    fm.append("started: %s" % p["started"])
    if p["ended"]:
        fm.append("ended: %s" % p["ended"])
    fm.append("owner: " + p["owner"])
    if p["team"]:
        fm.append("team: " + flow(p["team"]))
    if p["partners"]:
        fm.append("partners: " + flow(q(x) for x in p["partners"]))
    fm += [
        "origin: " + p["origin"],
        "via_portal: " + ("true" if p["via_portal"] else "false"),
        "history:",
    ]
    for k, (phase, day) in enumerate(p["history"]):
        extra = ""
        if k == 0 and rng.random() < 0.5:
            extra = ", decision: " + q(rng.choice(bank["decisions"]))
        elif k > 0 and rng.random() < 0.25:
            extra = ", note: " + q(rng.choice(bank["notes"]))
        fm.append("  - { phase: %s, date: %s%s }" % (phase, day, extra))
    fm.append("fundamentals: { behov: %d, loesning: %d, paadriver: %d, team: %d, forankring: %d }"
              % tuple(p["fundamentals"]))
    if p["benefits"]:
        fm.append("benefits:")
        for name, unit, planned, realized in p["benefits"]:
            r = "" if realized is None else ", realized: %d" % realized
            fm.append("  - { name: %s, unit: %s, planned: %d%s }" % (q(name), q(unit), planned, r))
    if p["related"]:
        fm.append("related: " + flow(p["related"]))
    if p["prize"]:
        fm.append("prize: %d" % p["prize"])
    fm.append("updated: %s" % p["updated"])
    fm.append("---")
    return "\n".join(fm) + "\n"


def innovator_front_matter(person):
    fm = [
        "---",
        "name: " + q(person["name"]),
        "role: " + q(person["role"]),
        "workplace: " + q(person["workplace"]),
        "area: " + q(person["area"]),
    ]
    if person["certified"]:
        fm.append("certified: %s" % person["certified"])
    fm += [
        "leader: " + ("true" if person["leader"] else "false"),
        "contact:",
        "  consent: " + ("true" if person["consent"] else "false"),
        "  email: %s@example.dk" % person["slug"],
        "  phone: " + q(person["phone"]),
        "---",
    ]
    return "\n".join(fm) + "\n"


PORTAL_YAML = """\
title: Innovation i Benchmark Kommune
base_url: https://innovation.example.dk/
language: da
municipality: Benchmark Kommune
theme: default
phase_model: n3
areas: [{areas}]
contact:
  email: innovation@example.dk
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def prepare(folder, what):
    """Refuse to mix a new corpus into an old one; an old generated one is replaced."""
    if os.path.isdir(folder) and os.listdir(folder):
        if not os.path.exists(os.path.join(folder, what)):
            sys.exit("gen_corpus: %s is not empty and has no %s: not touching it" % (folder, what))
        for name in ("content", "layouts", "public", what):
            target = os.path.join(folder, name)
            if os.path.isdir(target):
                shutil.rmtree(target)
            elif os.path.exists(target):
                os.remove(target)


# ---------------------------------------------------------------------------
# The same site for Hugo
# ---------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "https://innovation.example.dk/"
defaultContentLanguage = "da"
title = "Innovation i Benchmark Kommune"
# What nyttig does not produce; sitemap, robots.txt and 404 it does produce.
disableKinds = ["rss"]
enableRobotsTXT = true
# Projects may start late in 2026: build them whatever the clock says.
buildFuture = true
titleCaseStyle = "none"
[pagination]
  pagerSize = 50
  # Hugo would write page/1/ as a redirect to the list; nyttig has no such page.
  disableAliases = true
[taxonomies]
  phase = "phases"
  area = "areas"
  kind = "kinds"
  tag = "tags"
  year = "years"
[permalinks.page]
  projekter = "/projekter/:contentbasename/"
  innovatorer = "/innovatorer/:contentbasename/"
[markup.goldmark.renderer]
  unsafe = false
[params]
  municipality = "Benchmark Kommune"
  [params.phaseLabels]
{labels}
"""

LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem;list-style:none;padding:0}
.card{border:1px solid #ccc;border-radius:.5rem;padding:1rem}</style>
</head>
<body>
<a href="#main">Gå til indhold</a>
<header>
  <p><a href="{{ "/" | relURL }}">{{ site.Title }}</a></p>
  <nav aria-label="Hovedmenu"><ul>
    <li><a href="{{ "/projekter/" | relURL }}">Projekter</a></li>
    <li><a href="{{ "/innovatorer/" | relURL }}">Innovatører</a></li>
    {{ range $name, $terms := site.Taxonomies }}<li><a href="{{ printf "/%s/" $name | relURL }}">{{ $name }}</a></li>{{ end }}
  </ul></nav>
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Params.municipality }} · <a href="mailto:innovation@example.dk">innovation@example.dk</a></p></footer>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
{{ $projects := where site.RegularPages "Section" "projekter" }}
<p>{{ len $projects }} projekter.</p>
<h2>Senest opdateret</h2>
<ul class="cards">{{ range first 12 $projects.ByLastmod.Reverse }}{{ partial "card.html" . }}{{ end }}</ul>
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ end }}
""",
    "projekter/page.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="summary">{{ .Summary }}</p>
<dl>
  {{ range .GetTerms "phases" }}<dt>Fase</dt><dd><a href="{{ .RelPermalink }}">{{ index site.Params.phaseLabels .Title | default .Title }}</a></dd>{{ end }}
  {{ range .GetTerms "areas" }}<dt>Område</dt><dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
  {{ range .GetTerms "kinds" }}<dt>Type</dt><dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
  {{ range .GetTerms "years" }}<dt>Startår</dt><dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
  {{ with .GetTerms "tags" }}<dt>Emner</dt><dd><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>{{ end }}
</dl>
<h2>Team</h2>
<ul>
  {{ with site.GetPage (printf "/innovatorer/%s" .Params.owner) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> (pådriver)</li>{{ end }}
  {{ range .Params.team }}{{ with site.GetPage (printf "/innovatorer/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
</ul>
{{ with .Params.benefits }}
<h2>Gevinster</h2>
<table>
<thead><tr><th scope="col">Gevinst</th><th scope="col">Enhed</th><th scope="col">Planlagt</th><th scope="col">Realiseret</th></tr></thead>
<tbody>{{ range . }}<tr><td>{{ .name }}</td><td>{{ .unit }}</td><td>{{ lang.FormatNumber 0 .planned }}</td><td>{{ with .realized }}{{ lang.FormatNumber 0 . }}{{ else }}–{{ end }}</td></tr>{{ end }}</tbody>
</table>
{{ end }}
<h2>Forløb</h2>
<ol>{{ range .Params.history }}<li>{{ index site.Params.phaseLabels .phase }}: <time datetime="{{ .date }}">{{ .date }}</time></li>{{ end }}</ol>
{{ .Content }}
{{ with .Params.related }}
<h2>Relaterede projekter</h2>
<ul>{{ range . }}{{ with site.GetPage (printf "/projekter/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>
{{ end }}
</article>
{{ end }}
""",
    "innovatorer/page.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ .Params.role }}, {{ .Params.workplace }}</p>
{{ .Content }}
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pager := .Paginate .Pages }}
<ul class="cards">{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}</ul>
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "_partials/card.html": """\
<li class="card">
  <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <p>{{ .Summary }}</p>
  {{ with .Params.phase }}<p>Fase: {{ index site.Params.phaseLabels . }} · Område: {{ $.Params.area }}</p>{{ end }}
</li>
""",
    "_partials/pager.html": """\
{{ if gt .TotalPages 1 }}
<nav aria-label="Sider"><ul>
  {{ with .Prev }}<li><a href="{{ .URL }}" rel="prev">Forrige</a></li>{{ end }}
  <li>Side {{ .PageNumber }} af {{ .TotalPages }}</li>
  {{ with .Next }}<li><a href="{{ .URL }}" rel="next">Næste</a></li>{{ end }}
</ul></nav>
{{ end }}
""",
    "_markup/render-link.html": """\
{{- $href := .Destination -}}
{{- $u := urls.Parse .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
  {{- with site.GetPage (printf "/projekter/%s" (strings.TrimSuffix ".md" $u.Path)) -}}
    {{- $href = .RelPermalink -}}
  {{- else -}}
    {{- errorf "%s: link to a missing page: %s" $.PageInner.File.Path $u.Path -}}
  {{- end -}}
{{- end -}}
<a href="{{ $href }}">{{ .Text }}</a>""",
    "404.html": """\
{{ define "main" }}
<h1>Siden findes ikke</h1>
<p><a href="{{ "/" | relURL }}">Gå til forsiden</a></p>
{{ end }}
""",
}


def hugo_project(p, body):
    """Hugo front matter: the taxonomies under their own names (`kind` is a
    reserved key in Hugo, hence `kinds`), the rest as params."""
    fm = [
        "---",
        "title: " + q(p["title"]),
        "summary: " + q(p["summary"]),
        "date: %s" % p["started"],
        "lastmod: %s" % p["updated"],
        "phases: [%s]" % p["phase"],
        "areas: [%s]" % q(p["area"]),
        "kinds: [%s]" % p["kind"],
        "years: [\"%d\"]" % p["started"].year,
    ]
    if p["tags"]:
        fm.append("tags: " + flow(q(t) for t in p["tags"]))
    fm += [
        "params:",
        "  phase: " + p["phase"],
        "  area: " + q(p["area"]),
        "  owner: " + p["owner"],
        "  team: " + flow(p["team"]),
        "  related: " + flow(p["related"]),
        "  history:",
    ]
    for phase, day in p["history"]:
        fm.append("    - { phase: %s, date: \"%s\" }" % (phase, day))
    fm.append("  benefits:")
    for name, unit, planned, realized in p["benefits"]:
        r = "" if realized is None else ", realized: %d" % realized
        fm.append("    - { name: %s, unit: %s, planned: %d%s }" % (q(name), q(unit), planned, r))
    fm.append("---")
    return "\n".join(fm) + "\n" + body


def write_hugo(folder, projects, people, bodies, bios):
    labels = "\n".join("    %s = %s" % (k, q(v)) for k, v in PHASE_LABELS.items())
    write(os.path.join(folder, "hugo.toml"), HUGO_CONFIG.format(labels=labels))
    for name, text in LAYOUTS.items():
        write(os.path.join(folder, "layouts", name), text)
    content = os.path.join(folder, "content")
    write(os.path.join(content, "_index.md"),
          "---\ntitle: Innovation i Benchmark Kommune\n---\nProjekter og innovatører i kommunen.\n")
    write(os.path.join(content, "projekter", "_index.md"), "---\ntitle: Projekter\n---\n")
    write(os.path.join(content, "innovatorer", "_index.md"), "---\ntitle: Innovatører\n---\n")
    for p, body in zip(projects, bodies):
        write(os.path.join(content, "projekter", p["slug"] + ".md"), hugo_project(p, body))
    for person, bio in zip(people, bios):
        fm = "---\ntitle: %s\nparams:\n  role: %s\n  workplace: %s\n---\n" % (
            q(person["name"]), q(person["role"]), q(person["workplace"]))
        write(os.path.join(content, "innovatorer", person["slug"] + ".md"), fm + bio)


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--projects", type=int, required=True, metavar="N", help="number of projects")
    ap.add_argument("--out", required=True, metavar="DIR", help="portal folder to write")
    ap.add_argument("--seed", type=int, default=2026, metavar="S", help="random seed (default 2026)")
    ap.add_argument("--hugo", metavar="DIR", help="also write the same site for Hugo here")
    args = ap.parse_args(argv)
    if args.projects < 1:
        ap.error("--projects must be at least 1")

    rng = random.Random(args.seed)
    people = make_innovators(rng, max(1, round(args.projects / 10)))
    projects = make_projects(rng, args.projects, people)
    bodies = [project_body(rng, p) for p in projects]
    bios = [innovator_body(rng, person) for person in people]

    prepare(args.out, "portal.yaml")
    write(os.path.join(args.out, "portal.yaml"),
          PORTAL_YAML.format(areas=", ".join(q(a) for a, _ in AREAS)))
    content = os.path.join(args.out, "content")
    write(os.path.join(content, "_index.md"),
          "---\ntitle: Innovation i Benchmark Kommune\n---\nProjekter og innovatører i kommunen.\n")
    fm_rng = random.Random(args.seed + 1)   # a separate stream: the Hugo copy does not use it
    for p, body in zip(projects, bodies):
        write(os.path.join(content, "projects", p["slug"] + ".md"), project_front_matter(p, fm_rng) + body)
    for person, bio in zip(people, bios):
        write(os.path.join(content, "innovators", person["slug"] + ".md"), innovator_front_matter(person) + bio)

    if args.hugo:
        prepare(args.hugo, "hugo.toml")
        write_hugo(args.hugo, projects, people, bodies, bios)

    total = sum(words(b) for b in bodies)
    sys.stderr.write("gen_corpus: %d projects (%.0f words on average), %d innovators -> %s%s\n"
                     % (len(projects), total / len(projects), len(people), args.out,
                        " and " + args.hugo if args.hugo else ""))


if __name__ == "__main__":
    main()
