"""Noise tokens as data, grouped by concept. Each group is joined into one regex by `any_of`.

A comment gives a real example of the noise an entry catches where the entry is not obvious.
"""

from __future__ import annotations

import re


def any_of(tokens: tuple[str, ...]) -> str:
    """One non-capturing alternation of regex fragments, longest first so that prefixes lose."""
    return "(?:" + "|".join(sorted(tokens, key=len, reverse=True)) + ")"


# --- who takes pictures --------------------------------------------------------------------------
# Agencies, pools and picture desks that appear as the last part of a photo credit:
# "ALFREDO ESTRELLA/AFP via Getty Images", "Sergei Vedyashkin / AP", "(Joshua Roberts/Reuters)".
AGENCIES = (
    r"Getty(?: Images?)?", r"AFP", r"AP", r"AP Photo", r"AP Images", r"Associated Press", r"Reuters",
    r"EPA(?:-EFE)?", r"EFE", r"Shutterstock", r"iStock(?:photo)?", r"Bloomberg", r"NurPhoto",
    r"SOPA Images", r"LightRocket", r"Sipa(?: USA| Press)?", r"Xinhua", r"Anadolu(?: Agency)?",
    r"ZUMA(?: Press| Wire)?", r"Alamy(?: Stock Photo)?", r"Pool", r"Handout", r"UPI", r"TASS",
    r"Sputnik", r"Imagn(?: Images)?", r"USA TODAY Sports", r"Corbis", r"Redux", r"WireImage",
    r"FilmMagic", r"NBAE", r"Icon Sportswire", r"PA(?: Images| Wire| Media)?", r"Kyodo",
    r"Yonhap", r"KCNA", r"Wikimedia Commons", r"Unsplash", r"Pexels", r"Flickr",
    # the national agencies and picture services of other countries' credits: "Foto: dpa", "© imago/Marius Schwarz",
    # "(Quelle: IMAGO/Mahmoud Issa)", "Foto: PAP", "(Keystone/Ennio Leanza)", "NTB", "TT Nyhetsbyrån"
    r"dpa", r"DPA(?: Images)?", r"[Pp]icture [Aa]lliance", r"IMAGO", r"[Ii]mago(?: [Ii]mages)?", r"Keystone(?:-SDA)?",
    r"APA", r"ANP", r"NTB(?: [Ss]canpix)?", r"Scanpix", r"TT(?: Nyhetsbyrån)?", r"Ritzau(?: Scanpix)?", r"ANSA",
    r"LaPresse", r"Europa Press", r"PAP", r"Belga", r"Lusa", r"Agencia EFE", r"ABACA(?:PRESS)?", r"Hans Lucas",
    r"Agence France-Presse", r"Lehtikuva", r"CTK", r"MTI", r"RIA Novosti", r"ITAR-TASS", r"IANS", r"PTI",
)
# Any "X Images", "X Pool", "X Photo": an agency only where a credit's shape says so (after "/" or "via").
GENERIC_AGENCY = r"[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,4} (?:Photo|Photos|Images|Pictures|Pool)"
AGENCY = any_of((*AGENCIES, GENERIC_AGENCY))
KNOWN_AGENCY_RE = re.compile(rf"(?<![\w-]){any_of(AGENCIES)}(?![\w-])")
CREDIT_CHAIN_RE = re.compile(r"/|\bvia\b")

# Words that introduce a credit: "Photograph: Romas Foord/The Observer", "Illustration:Jianan Liu/HuffPost",
# BBC's "Image source, Getty Images", NYT's "Credit...Doug Mills", "Staff photo by Jane Doe".
CREDIT_LABELS = (
    r"Photo(?:graph)?s?", r"Pictures?", r"Images?", r"Illustrations?", r"Composite", r"Credit", r"Graphic",
    # "(AP Video: Joseph B Frederick)"; a bare "Video: Houseplants for Low Light" is a video's title
    r"[A-Z]{2,5} Video", r"Photo illustration", r"Photo credit", r"Image credit", r"Image source",
    r"Photo courtesy", r"(?:Staff|File|Courtesy) photo", r"Courtesy(?: of)?",
    # the same labels in the corpora's other languages: "Foto: Privat", "Bild: Pavel Golovkin/dpa", "Quelle: dpa",
    # "Kilde: NTB", "Crédit photo :", "Fuente: EFE", "Zdjęcie:", "Фото:", "写真：", "사진=", "图片来源："
    r"Fotos?", r"Bild(?:er)?", r"Bildquelle", r"Quelle", r"Fotograf(?:ie)?", r"Kilde", r"Källa", r"Kuva", r"Fonte",
    r"Fuente", r"Crédits?(?: photo)?", r"Crédito", r"Zdjęci[ea]", r"Фото", r"Источник", r"Джерело", r"写真",
    r"사진", r"图片(?:来源)?", r"圖片(?:來源)?", r"图", r"圖",
)
CREDIT_LABEL = any_of(CREDIT_LABELS)
# Every credit label holds one of these in lower case (tests/cleaning/test_cases.py checks it): a line without any has no
# label to look for.
CREDIT_LABEL_HINTS = ("photo", "foto", "pictur", "image", "illustr", "composite", "credit", "graphic", "video",
                      "courtesy", "bild", "quelle", "kilde", "källa", "kuva", "fonte", "fuente", "crédit", "zdjęci",
                      "фото", "источник", "джерело", "写真", "사진", "图", "圖", "©")
# A label and what separates it from the name; "Photo by", "Image source," "Credit..."
CREDIT_LABEL_RE = re.compile(rf"(?:\b{CREDIT_LABEL}\s*(?::|：|=|\.{{3}}|…|,|\bby\b)|©)\s*", re.IGNORECASE)
# Agencies are proper names: matched case-sensitively, so that "the photos" or "the pool" are not agencies.
AGENCY_RE = re.compile(rf"(?<![\w-]){AGENCY}(?![\w-])")
# Words that may stand in lower case inside a name: "U.S. Attorneys Office for Utah", "Jaime de la Torre".
NAME_CONNECTORS = frozenset(("of", "for", "de", "da", "del", "der", "van", "von", "la", "le", "the", "and", "&", "y",
                             "du", "des", "al", "el", "bin", "courtesy", "via", "in", "at", "on"))
# Splits a credit into the names it lists: "A/AFP via Getty Images, B via AP" -> A, AFP, Getty Images, B, AP.
CREDIT_SEPARATOR_RE = re.compile(r"\s*(?:/|,|;|\||\bvia\b|\band\b|\bund\b|\+)\s*")

# "Ellen Schmidt/Las Vegas Review-Journal": a photographer's name, a slash, and the paper that employs them.
PERSON_SLASH_ORG_RE = re.compile(r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\s*/\s*[A-Z]")

# A caption's credit in brackets at its end: "... in Mexico City, Mexico. (Hector Vivas/Getty Images)",
# "... (AP Video: Joseph B Frederick and Ted Shaffrey)", "... (Ellen Schmidt/Las Vegas Review-Journal) @ellenschmidttt".
TRAILING_BRACKET_RE = re.compile(r"[\(\[]([^()\[\]]{2,160})[\)\]]\s*(?:@\w+)?\s*$")

# Where a sentence may end and a glued credit begin: "... March 24, 2023. Tom Williams/CQ-Roll Call, Inc via
# Getty Images", "... Chitra digs in. Photograph: courtesy of Chitra Ramaswamy", "he said.Credit...Doug Mills/NYT".
SENTENCE_END_RE = re.compile(r"[.!?”\"’)](?=\s|[A-Z]|$)")
# "... From Hero to Zero panel at the Paris Blockchain Week. Source: Livestream"
SOURCE_LABEL_RE = re.compile(r"(?<=[.!?”’])\s*Source:\s*[^.]{2,80}$")

# A credit glued before a paragraph: "FG Trade via Getty Images Allergy season is ...",
# "Illustration: Jianan Liu/HuffPost Photo: Getty Images".
LEADING_CREDIT_RE = re.compile(
    rf"^(?P<credit>(?:[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){{0,4}}\s*(?:/[\w.'’& -]+)?\s+via\s+{AGENCY}"
    rf"|{CREDIT_LABEL}\s*:\s*\S+(?:\s+\S+){{0,3}}\s*/\s*\S+(?:\s+{CREDIT_LABEL}\s*:\s*{AGENCY})?))\s+(?=\S)"
)

# --- how captions describe pictures ----------------------------------------------------------------
# "In this Feb. 21, 2019 photo, provided by ...", "This photo provided by researcher ...",
# "This image provided by the Japan Aerospace Exploration Agency ...", "This illustration provided by ...".
PICTURE_NOUNS = (
    r"photos?", r"image", r"images", r"illustration", r"picture", r"photograph", r"screenshot",
    r"screen grab", r"still", r"video", r"frame grab", r"file photo", r"handout photo", r"rendering",
)
PICTURE_NOUN = any_of(PICTURE_NOUNS)
PHOTO_PHRASE_RE = re.compile(
    rf"^(?:In\s+(?:this|these|a|an)\b.{{0,60}}?\b{PICTURE_NOUN}(?=,)"
    # "The photo shows what the officers saw, the lawyer said": showing alone is prose; a caption
    # says where the picture came from.
    rf"|(?:This|These)\s+(?:\w+\s+){{0,3}}?{PICTURE_NOUN}\s+(?:\w+\s+){{0,2}}?"
    rf"(?:provided|released|distributed|made available|courtesy))\b",
    re.IGNORECASE,
)

# BBC's "Image caption, Rescuers search the rubble ...": the words say it.
CAPTION_LABEL_RE = re.compile(r"^(?:Image|Photo|Video) caption,?(?:\s+\S|$)", re.IGNORECASE)

# Video embeds: "00:28 Felicity Cloake tries a chip butty – video", "... following new education reform 02:52".
DURATION = r"\d{1,2}:\d{2}(?::\d{2})?"
DURATION_LINE_RE = re.compile(rf"^{DURATION}$")
VIDEO_CAPTION_RE = re.compile(
    rf"^(?:{DURATION}\s+.+\s[–—-]\s*video|.{{10,300}}(?<!\bat)(?<!\bby)(?<!\buntil)(?<!\bfrom)(?<!\bto)(?<!\bbefore)"
    rf"(?<!\bafter)(?<!\baround)(?<!\babout)(?<!\bsince)(?<!\bis)\s{DURATION})$",
    re.IGNORECASE,
)

# --- page chrome ------------------------------------------------------------------------------------
AD_MARKERS = (
    r"advertisement", r"report advertisement", r"sponsored(?: content)?", r"paid content",
    r"story continues below(?: this)? advertisement", r"continue reading (?:the main story|below)",
    r"ad", r"promoted", r"skip advertisement", r"advertisement - scroll to continue", r"(?:video )?ad feedback",
    r"(?:article|story) continues (?:below|after (?:this )?(?:advertisement|ad))", r"supported by",
    r"advertisement\s*[·|•-]\s*scroll to continue",
)
AD_LINE_RE = re.compile(rf"^{any_of(AD_MARKERS)}$", re.IGNORECASE)

# Toolbar and player words; a line made only of them is a widget:
# "Listen 3 min Comment on this story Comment Gift Article Share", "GiftOutline Gift Article".
UI_TOKENS = (
    r"listen(?: \d+ min)?", r"comment on this story", r"comment", r"gift ?outline", r"gift article",
    r"share(?: this(?: article| story)?| via email| on \w+)?", r"save(?: article)?", r"print", r"email",
    r"tweet", r"copy link", r"link copied", r"replay", r"just watched", r"image copyright",
    r"image caption", r"play(?: video)?", r"watch(?: video| live)?", r"video", r"close", r"expand",
    r"collapse", r"read more", r"show more", r"load more", r"loading\.*", r"toggle \w+", r"menu",
    r"search", r"sign in", r"log in", r"next", r"previous", r"skip ad", r"view comments",
    r"enlarge this image", r"hide caption", r"toggle caption", r"open", r"continue", r"not now",
    r"turn on", r"fullscreen", r"mute", r"unmute", r"\d+\s*/\s*\d+",  # gallery counter "1/12"
    r"facebook", r"twitter", r"whatsapp", r"linkedin", r"reddit", r"pinterest", r"messenger",  # share rows
    r"listen to (?:this )?article(?:\s*[·|•]?\s*\d+:\d+\s*min)?", r"\d+\s*min(?:ute)?s? read", r"view gallery",
    r"purchase licensing rights(?:, opens new tab)?", r"keep reading", r"end of list", r"list \d+ of \d+",
    # toolbar words in the corpora's other languages: share, print, save, comment, read aloud, copy the link
    r"teilen", r"drucken", r"merken", r"kommentieren", r"vorlesen", r"link kopieren", r"artikel teilen", r"partager",
    r"imprimer", r"sauvegarder", r"compartir", r"imprimir", r"guardar", r"condividi", r"stampa", r"del", r"skriv ut",
    r"lagre", r"dela", r"spara", r"del artikel", r"udskriv", r"gem", r"udostępnij", r"drukuj",
    r"поделиться", r"печать", r"paylaş", r"yazdır", r"シェア", r"ブックマーク", r"保存", r"メール", r"リンク", r"印刷",
    r"공유", r"인쇄", r"스크랩", r"分享", r"打印", r"收藏",
    # a gallery's counter in any of the corpora's languages: "Bild 1 av 1", "Foto 3 von 12", "Image 2 of 9"
    r"(?:image|photo|picture|slide|bild|foto|billede|kuva|imagen|immagine)\s+\d+\s+(?:of|von|av|af|de|di|sur|z|van|из)\s+\d+",
)
UI_LINE_RE = re.compile(rf"^(?:{any_of(UI_TOKENS)}[\s|·•]*)+$", re.IGNORECASE)
# "Watch CBS News", "Watch Fox Nation": a player's call to action naming the site.
WATCH_SITE_RE = re.compile(r"^Watch(?: [A-Z][\w+&.-]*){1,3}$")

# --- metadata lines ---------------------------------------------------------------------------------
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE = rf"(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
# A capital letter of the Latin, Greek and Cyrillic alphabets: a name in the corpora's languages starts with one
# ("Ines Zöttl", "Łukasz Woźniak", "Иван Петров").
CAPITAL = "[" + "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper()) + "]"
# The word before a byline's names in the corpora's other languages, case aside, and the languages that write it
# (CLD2's codes; CLD2 tells Danish from Norwegian less well than from the others, so both take both words): "Par Claire
# Dubois", "Von Anna Sleegers, Frankfurt", "di Viviana Mazza", "Por Steven Lee Myers, Keith Bradsher y Tariq Panja",
# "Door Jan de Vries", "Av Karin Olsson", "Af Anne Sofie Jensen". A byline is so written on a page of that language
# only: on an English page "Von Miller Returns To Denver", "Di Caprio Wins Best Actor", "Door Dash Drivers Walk Out"
# are the story's subheadings (`pipeline.cleaning.rules.bylines.BylineInItsLanguage`). A sentence may begin with the
# same word ("Par ailleurs, ...", "Von der Leyen sagte ...", "Di Maio ha detto ...", "Por Andalucía abrirá ..."): the
# names after it are what tell them apart.
BYLINE_WORD_LANGUAGES = {
    "par": ("fr",), "von": ("de",), "por": ("es", "pt", "gl"), "di": ("it",), "door": ("nl",),
    "av": ("sv", "no", "nn", "da"), "af": ("da", "no", "nn"),
}
BYLINE_WORDS = tuple(BYLINE_WORD_LANGUAGES)
# Labels before a byline's names, a colon after most, taken on a page of any language: "Autor: Monika Bolliger und
# Anna Trechsel", "Autorin/Autor Roman Goncharenko" (dw.com), "Texte : Claire Dubois", "Tekst: Ola Nordmann", "Yazar:
# Ayşe Yılmaz", "Автор: Иван Петров"
BYLINE_LABELS = (r"autor(?:in|en)?(?:/autor)?\s*:?", r"texte?\s*:", r"tekst\s*:", r"yazar\s*:", r"автор(?:ы)?\s*:?",
                 r"текст\s*:")
# Lower-case words inside a name: "Jan de Vries", "Ursula von der Leyen", "Luca di Montezemolo"
_NAME_PARTICLES = r"(?:de|da|del|della|dei|di|do|dos|das|du|van|von|der|den|ten|ter|la|le|zu|al|el|bin|ibn)"
# Between two names: "und", "et", "y", "e", "i", "og", "och", "en", "и", "ve", "and", "&", ","
_NAME_JOINS = r"(?:\s*[,&]\s*|\s+(?:und|et|y|e|i|og|och|en|и|ve|and)\s+)"
# English headlines capitalise their function words ("Von Miller Returns To Denver", "Par For The Course", "Door Dash
# Drivers Walk Out"); no name has one of them for a word
_HEADLINE_WORDS = ("The", "To", "For", "Of", "In", "On", "At", "With", "From", "Into", "Over", "After", "Out", "Up",
                   "Is", "Are", "Was", "As", "Its", "Vs", "How", "Why", "What", "Who", "Not")
_NAME_WORD = rf"(?!{any_of(_HEADLINE_WORDS)}(?:\s|$)){CAPITAL}[\w.'’-]*"
# A person's name is two to four capitalised words ("Anna Sleegers", "Steven Lee Myers"), so that "Von Kindern und
# Eltern" or "Par Avion" is no byline, nor a headline longer than a name; a second name may be one word, an agency
# ("Par Le Figaro et AFP"). Nothing else on the line but a place or role after a comma or a bar: "Von Ines Zöttl,
# Washington".
_NEXT_NAME_WORD = rf"\s+(?:{_NAME_PARTICLES}\s+)*{_NAME_WORD}"
_PERSON = rf"{_NAME_WORD}(?:{_NEXT_NAME_WORD}){{1,3}}"
_ANY_NAME = rf"{_NAME_WORD}(?:{_NEXT_NAME_WORD}){{0,3}}"
BYLINE_PAR_VON_RE = re.compile(
    rf"^(?:(?P<by>(?i:{any_of(BYLINE_WORDS)}))\s*:?|(?i:{any_of(BYLINE_LABELS)}))\s+{_PERSON}(?:{_NAME_JOINS}{_ANY_NAME})*"
    rf"(?:\s*[,|–—-]\s*{CAPITAL}[\w.'’ -]{{0,40}})?$")
# What stands before and after the names of a byline the rules above took, for taking the names out: "By", "Par",
# "Autor:"; "기자 kim@mk.co.kr"; an affiliation after a bar, a dash or "for" ("By Jane Doe | Fox News", "by Chris
# Foresman - Nov 9, 2012 5:15 pm UTC", "By Ann Saphir for Reuters")
BYLINE_LEAD_RE = re.compile(rf"^(?:(?i:by|{any_of(BYLINE_WORDS)})\s*:?|(?i:{any_of(BYLINE_LABELS)}))\s+")
BYLINE_TAIL_RE = re.compile(r"\s*(?:기자\b.*|\s[|–—-]\s.*|\|.*|\sfor\s.*)$")
# between names: those of a byline's shape, "AND" ("By JANE DOE AND JOHN ROE"), trafilatura's ";" and Korean's "·"
BYLINE_NAME_JOIN_RE = re.compile(rf"{_NAME_JOINS}|\s+AND\s+|\s*[;·]\s*")
BYLINE_GIJA_RE = re.compile(r"^[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*\s*기자(?:\s+[\w.+-]+@[\w.-]+)?$")
BYLINE_RES = (
    # "By Brandon Downs, Brady Halbleib", "By JANE DOE and JOHN ROE"
    ("byline_by", re.compile(
        r"^By:?\s+(?:[A-Z][\w.'’-]*|de|da|van|von|der|la|le|and|&)(?:,?\s+(?:[A-Z][\w.'’-]*|de|da|van|von|der|la|le|and|&))*"
        r"(?:\s*(?:,|\||for|-|–|—)\s*[A-Z][\w.&'’ -]{0,60})?$")),
    # "Updated on:  March 23, 2024 / 8:41 PM EDT", "First published on March 23, 2024 / 8:04 AM EDT"
    ("byline_timestamp", re.compile(
        rf"^(?i:(?:First |Last )?(?:Updated|Published|Posted|Modified)(?: on| at)?:?)\s+{DATE}"
        r"(?:\s*(?:/|,|at|\|)?\s*\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?$")),
    # "Updated 3:45 PM ET", "Published 2 hours ago": a time must follow, "Published in 1851, ..." is prose
    ("byline_updated", re.compile(
        r"^(?:First |Last )?(?:Updated|Published|Posted)(?: on| at)?:?\s+"
        r"(?:.{0,30}\b\d{1,2}:\d{2}\b.{0,30}|\d+\s+(?:minutes?|hours?|days?|mins?|hrs?)\s+ago|(?:yesterday|today))$",
        re.IGNORECASE)),
    # BBC's "2 hours ago" under its "Published". Not the bare word: "Updated" above a round-up's headline is a badge,
    # "PUBLISHED" between "PENDING_REVIEW" and "ARCHIVED" a schema's state (on WCXB's training sites 4 of the 24 bare
    # words it took were the article's); the model weighs it
    ("byline_age", re.compile(r"^\d+\s+(?:minutes?|hours?|days?)\s+ago$", re.IGNORECASE)),
    # the word for "by" in the corpora's other languages and two names or more (below)
    ("byline_par_von", BYLINE_PAR_VON_RE),
    # "한수진 기자", "김철수·이영희 기자 kim@mk.co.kr": a Korean byline is the names, then 기자 (reporter)
    ("byline_gija", BYLINE_GIJA_RE),
)
# "/ CBS/AP", "| Fox News": the source line under a byline (a table's cells start so too: "| Up to 6XL")
BYLINE_SOURCE_RE = re.compile(r"^[/|]\s*[A-Z][\w &.+/-]{0,40}$")

# "Brandon is a Digital Content Producer at CBS13.", "Shahnaz Ahsan is the author of Hashim & Family (...)"
AUTHOR_BIO_RE = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} (?:is|was) (?:a|an|the) (?:[\w,'’-]+ ){0,6}?"
    r"(?i:producer|reporter|writer|editor|correspondent|journalist|columnist|author|contributor|critic|"
    r"host|anchor|photographer|intern|fellow)\b[^\n]{0,160}$"
)

# A bare dateline date: "March 23, 2024 / 6:40 PM EDT". Only near a byline or the page's edges: a timeline
# article uses the same shape for its subheadings ("Jan. 6, 2021").
BARE_DATE_RE = re.compile(rf"^{DATE}(?:\s*(?:/|,|at|\|)?\s*\d{{1,2}}:\d{{2}}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{{2,4}})?)?$")

# A dateline in the corpora's languages, a date or a time and the words around them, and nothing else:
# "Stand: 28.04.2023 17:23 Uhr", "29.04.2024, 18:51 Uhr", "04.08.2024, kl. 09.52", "2025-05-28 18:39 기준",
# "Publicerad 1 okt 2025 kl 02.11", "(Updated 11:54 am)", "Friday, 22 Nov 2024 4:55 PM MYT",
# "06. 01. 2026, 14:59 Uhr Lesedauer: 4 Minuten". Taken, like a bare date, only at the story's edges or by a byline.
DATELINE_LABELS = (
    r"(?:first |last )?(?:updated|published|posted|modified)(?: on| at)?", r"stand", r"aktualisiert(?: am)?",
    r"veröffentlicht(?: am)?", r"erstellt(?: am)?", r"publiziert(?: am)?", r"publicerad", r"uppdaterad", r"publisert",
    r"oppdatert", r"udgivet", r"opdateret", r"publié(?: le)?", r"mis à jour(?: le)?", r"publicado(?: el)?",
    r"actualizado(?: el)?", r"pubblicato(?: il)?", r"aggiornato(?: il)?", r"opublikowano", r"aktualizacja",
    r"опубликовано", r"обновлено", r"yayınlanma", r"güncelleme",
    # "입력 2025.05.28 오후 6:39", "更新 2026年12月5日 10時30分", "发布时间：2024-04-24 23:52"
    r"입력", r"수정", r"기사입력", r"최종수정", r"업데이트", r"更新", r"配信", r"公開", r"掲載", r"发布时间", r"发布", r"更新时间",
    r"發布時間", r"發佈時間",
)
_MONTH_NAMES = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|dezember"
    r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril"
    r"|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio"
    r"|settembre|ottobre|dicembre|maj|okt|desember|december|januari|februari|augusti|january|february|march"
    r"|april|june|july|august|september|october|november)\.?"
)
# "Do", "Friday,", "Mittwoch," before the date
_WEEKDAY = (r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
            r"|mo|di|mi|do|fr|sa|so|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi"
            r"|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|mandag|tirsdag|onsdag|torsdag"
            r"|fredag|lørdag|søndag|måndag|tisdag|lördag|söndag)\.?+,?+\s++)?+")
# Whitespace and separators are matched possessively (`*+`, `?+`): a line of dates and spaces that almost fits must
# fail in one pass, not try every way of sharing the spaces out (tests/cleaning/test_cases.py: PATHOLOGICAL).
_SEP = r"(?:\s*+[,|/–-])?+\s*+"
_NEXT_CLOCK = r"(?=\s*+[,|/–-]?+\s*+\d{1,2}:\d{2})"
# "28.04.2023", "2025-05-28", "1/13 05:30" (a day and month alone only before a time), "23 okt 2025", "March 23, 2024"
_DAY_DATE = (rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:\d{{4}}|\d{{2}}{_NEXT_CLOCK})|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
             rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}/\d{{1,2}}{_NEXT_CLOCK}"
             rf"|\d{{1,2}}\.?\s++{_MONTH_NAMES}(?:\s++\d{{4}})?+|{_MONTH_NAMES}\s++\d{{1,2}},?+(?:\s++\d{{4}})?+"
             # "２０２６年１２月５日", "2025년 5월 28일 (수)", "2024年04月24日" (\d takes full-width digits too)
             rf"|\d{{4}}\s*+[年년]\s*+\d{{1,2}}\s*+[月월]\s*+\d{{1,2}}\s*+[日일](?:\s*+[(（][^\s)）]{{1,3}}[)）])?+)")
# "14:59", "kl. 09.52", "18.51 Uhr": a time with a dot needs its word, or "3.14" would be one. A time zone is in
# capitals ("EDT", "MYT"), whatever the case of the rest.
_CLOCK = (r"(?:(?:kl\.?|um|at|à|오전|오후)\s*+\d{1,2}[:.h]\d{2}|\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}[.h]\d{2}(?=\s*uhr)"
          r"|\d{1,2}\s*+[時시]\s*+\d{1,2}\s*+[分분])"
          r"(?:\s*+(?:uhr|h|[ap]\.?m\.?)\b)?+(?:\s++(?-i:[A-Z]{2,4})\b)?+")
# after the date: a reading time, "기준" (as of), or how long ago it was updated ("December 5, 2026 3:45 PM EST Updated 2
# hours ago", Reuters)
_DATELINE_TAIL = (r"(?:(?:lesedauer|lesezeit|reading time)\s*+:?+\s*+\d+\s*+min\w*\.?|\d+\s*+min(?:ute)?s?\s*+read|기준"
                  r"|(?:updated\s++)?+\d+\s*+(?:minutes?|mins?|hours?|hrs?|days?)\s++ago)")
_DATELINE_LABEL = rf"{any_of(DATELINE_LABELS)}\s*+[:：]?+\s*+"
DATELINE_RE = re.compile(
    rf"^\(?(?:{_DATELINE_LABEL})?+{_WEEKDAY}(?:{_DAY_DATE}(?:{_SEP}{_CLOCK})?+|{_CLOCK})"
    rf"(?:{_SEP}(?:{_DATELINE_LABEL})?+{_CLOCK})?+\)?+\s*+(?:{_DATELINE_TAIL})?+\.?$",
    re.IGNORECASE,
)
# A dateline that gives the last update, not the publication: "Updated Sep 5, 2024", "Last Updated: 11 January 2008
# 12:53 PM", "Aktualisiert am 07.01.2026 - 18:50 Uhr", "Mis à jour le ...", "수정 2025.05.28 ..."
UPDATE_LABEL_RE = re.compile(
    r"^[(]?\s*(?:(?:last )?(?:updated|modified)|aktualisiert|mis à jour|actualizado|aggiornato|oppdatert|uppdaterad|opdateret"
    r"|обновлено|güncelleme|aktualizacja|수정|최종수정|업데이트|更新)", re.IGNORECASE)
# A dateline's words around its date, for reading the date alone: its label ("Stand:", "Publié le"), a second label and
# what follows it (", mis à jour à 11h42"), its tail ("Lesedauer: 4 Minuten", "Updated 2 hours ago", "기준")
DATELINE_LABEL_RE = re.compile(rf"^[(]?{_DATELINE_LABEL}", re.IGNORECASE)
DATELINE_AFTER_RE = re.compile(rf"(?:\s*[,|/–-])?\s*(?:\b{_DATELINE_LABEL}\S.*|{_DATELINE_TAIL}\.?[)]?)$", re.IGNORECASE)
# The same with both a date and a time: a timestamp, whole on its line, is the page's wherever it stands, where a bare
# date may be a timeline's subheading ("Jan. 6, 2021") and a labelled one a line of the story kept by the gold ("Updated:
# 10/31/2024" closes a WCXB page's text). "28.04.2023, 19:09", "15 oct 2024 - 08:22", "Stand: 28.04.2023 17:23 Uhr",
# "Aktualisiert am 07.01.2026 - 18:50 Uhr". ("[(]", not "\\(?(": the scan that joins the text rules' patterns reads
# "(?(" as a conditional group.)
DATELINE_STAMP_RE = re.compile(
    rf"^[(]?(?:{_DATELINE_LABEL})?+{_WEEKDAY}{_DAY_DATE}{_SEP}(?:{_DATELINE_LABEL})?+{_CLOCK}"
    rf"(?:{_SEP}(?:{_DATELINE_LABEL})?+{_CLOCK})?+\)?+\s*+(?:{_DATELINE_TAIL})?+\.?$",
    re.IGNORECASE,
)

# --- end-of-article furniture -------------------------------------------------------------------------
# Lines after which nothing belongs to the article: "COMMENTS" (Breitbart), "Join the conversation".
END_MARKERS = (
    r"comments?", r"join the (?:conversation|discussion)", r"show comments", r"leave a comment",
    r"view comments", r"conversation", r"\d+ comments?", r"comments are closed",
    # the same in the corpora's other languages: "Kommentare", "Commentaires", "Comentarios", "Kommentarer (12)"
    r"(?:\d+ )?(?:kommentare?|kommentarer|commentaires?|comentarios?|commenti|komentarze?|kommentaarit|reacties"
    r"|комментарии|коментарі|yorumlar)(?: \(\d+\))?",
    r"(?:kommentar|kommentieren|kommentera|kommenter|commenter|comentar|commenta|skomentuj) schreiben",
    r"(?:diskutieren sie mit|zur diskussion|schreiben sie einen kommentar|laissez un commentaire|deja un comentario"
    r"|lascia un commento|skriv en kommentar|lämna en kommentar)",
)
END_MARKER_RE = re.compile(rf"^{any_of(END_MARKERS)}\s*:?$", re.IGNORECASE)

# "© 2024 CBS Interactive Inc. All Rights Reserved.", "Copyright 2024 The Associated Press. All Rights Reserved."
COPYRIGHT_SENTENCE_RE = re.compile(
    # a notice names its year: "Copyright Office officials said ..." and "(c) the right to a speedy trial" are prose
    r"(?:(?:©|\(c\)|Copyright\b)\s*©?\s*(?:\d{4}|[A-Z][^.]{0,60}?\d{4})[^.]*?(?:\.(?=\s|$)|$)(?:\s*All [Rr]ights [Rr]eserved\.?)?"
    r"|All [Rr]ights [Rr]eserved\.?"
    r"|This material may not be published, broadcast, rewritten,? or redistributed\.?"
    r"|Visit our website terms of use and permissions pages at \S+ for further information\.)",
    re.IGNORECASE,
)
# Words of which a line holds one (in lower case) wherever the pattern above can match in it: a cheap test
# that spares most lines the pattern's scan.
COPYRIGHT_HINTS = ("©", "(c)", "copyright", "all rights reserved", "this material may not", "visit our website terms")

FOOTER_RES = (
    # "Follow Simon Kent on Twitter:  or e-mail to: ...", "Follow Breitbart London on Facebook: ..."
    ("follow_social", re.compile(
        r"^(?:Follow|Like us|Find us|Join us)\s+(?:@?[A-Z][\w.'’-]*\s+|us\s+|me\s+){0,5}?(?:on|at|via)\s+"
        r"(?:Twitter|X|Facebook|Instagram|TikTok|Threads|Bluesky|LinkedIn|YouTube|Telegram|Mastodon|WhatsApp)\b")),
    # "Folgen Sie uns auf Instagram", "Suivez-nous sur Facebook", "Síguenos en X", "Følg oss på Facebook"
    ("follow_social", re.compile(
        r"^(?:Folgen Sie (?:uns|\S+(?: \S+)?)|Folge uns|Suivez-nous|Suivez \S+|Síguenos|Siga-nos|Seguici|Følg oss|Följ oss"
        r"|Følg os|Obserwuj nas|Volg ons|Подписывайтесь)\s+(?:\S+\s+){0,3}?(?:auf|sur|en|em|su|på|na|op|в)\s+"
        r"(?:Twitter|X|Facebook|Instagram|TikTok|Threads|Bluesky|LinkedIn|YouTube|Telegram|Mastodon|WhatsApp)\b",
        re.IGNORECASE)),
    ("follow_social", re.compile(r"^Follow @\w+(?:\s+on\s+\w+)?\.?$")),
    # "Contact Adam Hill at ahill@reviewjournal.com. Follow @AdamHillLVRJ on Twitter."
    ("contact_author", re.compile(r"^(?:Contact|Email|E-mail|Reach)\s+[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}\s+(?:at|on|via)\s+\S+@\S+")),
    # "Receive daily World View columns by e-mail", "Sign up for our newsletter"
    # an imperative pitch, short: "Get out and vote, she urged, because the alerts ..." is prose
    ("newsletter", re.compile(
        r"^(?:Sign up|Subscribe|Register|Receive|Get)\b(?:\s+[^\s.!?,]+){0,10}?\s+"
        r"(?:newsletters?|by e-?mail|in your inbox|(?:breaking[- ]news |news )?alerts)\b[^.!?,]{0,40}[.!]?$",
        re.IGNORECASE)),
    # "NPR transcripts are created on a rush deadline ... This text may not be in its final form ..."
    ("transcript_notice", re.compile(r"\b(?:text|transcript) may not be in its final form\b", re.IGNORECASE)),
    # "Permanent web link to this article", "Like this story? Share it with a friend!"
    ("share_prompt", re.compile(
        r"^(?:Permanent (?:web )?link to this article|Like this (?:story|article)\?.*|Share this (?:story|article).*"
        r"|Our Standards:.*|Read our (?:editorial|community) (?:standards|guidelines).*)$", re.IGNORECASE)),
    # "Have a news tip? Email us at news@...", "Jane Doe can be reached at 555-0134 or jdoe@...". Not a bare address
    # or handle alone on its line: inside a story it is the text's ("Follow" / "@marcoarment" / "on Twitter", a
    # press release's contact, "@deprecated" in a guide to code), and on the training sites labelled our way one in
    # eight was (WCXB: 17 of 84); the line model weighs it (its `has_email` and `has_handle` features).
    ("contact_prompt", re.compile(
        r"^(?:Have a (?:news )?tip\?.*|.{0,60}\bcan be reached at\b.{0,80}|To submit a letter to the editor\b.{0,80})$",
        re.IGNORECASE)),
    # "Support local journalism. Subscribe today.", "Subscribe now"
    ("subscribe_pitch", re.compile(r"^(?:Support (?:local |independent )?journalism\.?\s*)?Subscribe (?:now|today)[.!]?$",
                                   re.IGNORECASE)),
)
# "KEYS: Generational Dynamics, Canada, ...", "Tags: ...", "Topics: ...": topics, not code ("tags: [Tag!]!" in a schema)
TAG_LIST_RE = re.compile(r"^(?:KEYS|Keywords|Tags|Topics|Filed under|Categories)\s*:[^\[\]{}<>=!;]*$", re.IGNORECASE)
# A header alone on its line that starts a list of topic links: "In:" (CBS), "Tags:", "Topics:".
TAG_HEADER_RE = re.compile(r"^(?:In|Tags|Topics|More on|Filed under|Categories|Related topics)\s*:$", re.IGNORECASE)


# --- links to other stories --------------------------------------------------------------------------
# A header that opens a list of other stories: "More from CBS News", "Related Articles", "Most Read".
RELATED_HEADERS = (
    r"related(?: articles| stories| content| coverage| posts| links| reading)?", r"more from [\w .&'’-]{1,40}",
    r"more (?:stories|news|coverage)", r"read more", r"see also", r"also read", r"recommended(?: for you)?",
    r"trending(?: now| stories)?", r"most (?:read|popular|viewed)", r"popular(?: now| stories)?",
    r"you (?:may|might) also like", r"top stories", r"what to read next",
    r"editor'?s picks", r"more to explore", r"related topics", r"more on this story", r"keep reading",
    # the same in the corpora's other languages: "Mehr zum Thema", "Das könnte Sie auch interessieren", "Lire aussi"
    r"mehr zum thema(?: [\w .&'’-]{1,40})?", r"(?:das )?könnte (?:sie|dich) auch interessieren", r"lesen sie auch",
    r"auch interessant", r"weitere (?:artikel|nachrichten|themen)", r"meistgelesen(?:e artikel)?", r"empfehlungen",
    r"(?:à )?lire aussi", r"sur le même sujet", r"les plus lus", r"(?:te )?puede interesar(?:te)?", r"lee también",
    r"más información", r"lo más leído", r"leggi anche", r"i più letti", r"les også", r"mest lest", r"läs också",
    r"mest läst", r"læs også", r"mest læste", r"czytaj (?:także|też)", r"najczęściej czytane", r"читайте также",
    r"lees ook", r"meest gelezen", r"ayrıca okuyun", r"関連記事", r"相关(?:新闻|阅读|文章)", r"관련(?:기사|뉴스)",
)
RELATED_HEADER_RE = re.compile(rf"^{any_of(RELATED_HEADERS)}\s*:?$", re.IGNORECASE)
# "Related: FDIC sells Signature Bank deposits ...", "More: ...", "See also: ...": a label that names the link as
# another story. A link is a headline: it does not end in a full stop ("More: The ruling applies only ..., experts
# said." is prose).
RELATED_LABEL_RE = re.compile(
    r"^(?:related|more|see also|also see|watch|listen|trending|recommended|mehr zum thema|auch interessant)"
    r"\s*[:|»›>]\s*\S.*(?<!\.)$",
    re.IGNORECASE,
)
# "READ MORE: ...", "Also read: ...", "Lesen Sie auch: ...", "LES OGSÅ: ...", "Lire aussi : ...": a pointer to
# further reading, which in guides and blogs is the article's own (WCXB's gold keeps it on many sites)
RELATED_PREFIX_RE = re.compile(
    r"^(?:read more|also read|read also"
    r"|lesen sie (?:auch|mehr)|les også|läs också|læs også|lire aussi|à lire aussi"
    r"|leer también|lee también|leggi anche|czytaj (?:także|też)|читайте также|lees ook)\s*[:|»›>]\s*\S.*(?<!\.)$",
    re.IGNORECASE,
)
# Fox News' in-article links are headlines in capitals: "TRUMP POKES FUN AT KLOBUCHAR'S CLIMATE-CHANGE STANCE ...",
# and the same site's app pitch "CLICK HERE TO GET THE FOX NEWS APP".
CLICK_HERE_RE = re.compile(r"^(?:CLICK|TAP) HERE\b", re.IGNORECASE)
# A link list's dated item: "Thousands of migrants flee to Canada, fearing deportation in the US (04-Aug-2017)".
DATED_LINK_RE = re.compile(r"\((?:\d{1,2}-[A-Z][a-z]{2}-\d{4}|\d{4}-\d{2}-\d{2})\)$")

# --- newsletter pitches glued inside a paragraph -------------------------------------------------------
# "... in Montenegro. Tech is not your friend. We are. Sign up for The Tech Friend newsletter. ArrowRight The arrest ..."
# The pitch's lead-in is one or two very short sentences; "ArrowRight" is the name of the button's icon.
INLINE_PITCH_RE = re.compile(
    r"(?:(?<=[.!?”\"])|^)\s*(?:"
    # with its button ("ArrowRight"), a pitch block may open with two very short lines of copy
    r"(?:(?:[A-Z][\w'’]*(?: [\w'’]+){0,4}[.!?]\s+){0,2})(?:Sign up for|Subscribe to)\s[^.!?]{1,80}?\bnewsletters?\b[.!]?\s*Arrow ?Right"
    r"|(?:Sign up for|Subscribe to)\s[^.!?]{1,80}?\bnewsletters?\b[.!]?)(?=\s|$)"
)

TERMINAL_PUNCTUATION = ".!?…:;\"”’)'"
