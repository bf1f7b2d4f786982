"""Function words of the languages the training corpora hold, as data: running prose in any of them is about a
third to a half made of these, while menus, labels and link lists hardly hold any.

Each list is the language's most frequent closed-class words (articles, pronouns, prepositions, conjunctions,
auxiliaries), lower-cased, written out from common knowledge of each language rather than taken from one stop
list. A word shared by two languages ("in", "die", "a") is simply in both: the line model reads the share of a
line's words found in any list, never which language they came from. Chinese and Japanese are not here (they
write no spaces; `pipeline.cleaning.features` measures their lines in characters instead), nor Korean, whose particles are
suffixes of the word they follow.
"""

from __future__ import annotations

FUNCTION_WORDS: dict[str, str] = {
    "en": "a about after all also an and any are as at be because been but by can could did do does for from had has "
          "have he her his how i if in into is it its just like more most my no not now of on one only or other our "
          "out over said she so some than that the their them then there these they this to up was we were what when "
          "which who will with would you your",
    "de": "der die das den dem des ein eine einen einem einer eines und oder aber auch als an auf aus bei bis durch "
          "für gegen in im mit nach nicht noch nur ob ohne sich sie er es ich wir ihr ist sind war waren wird werden "
          "hat haben hatte sein seine ihre dass wie was wenn so vom zum zur über um unter vor von zu schon sehr man "
          "kann mehr",
    "fr": "le la les un une des du de et ou mais que qui dans pour par sur avec sans sous est sont été être a ont "
          "avait il elle ils elles nous vous on ce cette ces son sa ses leur leurs pas ne plus au aux en comme se "
          "qu si tout",
    "es": "el la los las un una unos unas de del y o pero que en por para con sin sobre es son fue ser ha han "
          "había se su sus lo le les al como más no ya este esta estos estas ese esa muy también entre cuando",
    "it": "il lo la i gli le un una uno di del della dei delle e o ma che in per con su da dal dalla non è sono "
          "era essere ha hanno si suo sua suoi come più anche al alla nel nella questo questa quello",
    "pt": "o a os as um uma uns umas de do da dos das e ou mas que em no na nos nas por para com sem é são foi ser "
          "tem se seu sua seus ao à como mais não também entre",
    "nl": "de het een en of maar dat die in op aan met voor van naar bij uit door is zijn was waren wordt worden "
          "heeft hebben had hij zij ze we wij het niet ook als er om te tot dan nog",
    "sv": "och i att det som en på är av för med till den har de inte om ett han men var sig från vi så kan när "
          "ska hon efter eller också under nu",
    "no": "og i det som en på er av for med til den har de ikke om et han men var seg fra vi så kan når skal hun "
          "etter eller også under nå at jeg ble vil",
    "da": "og i at det som en på er af for med til den har de ikke om et han men var sig fra vi så kan når skal hun "
          "efter eller også under nu blev vil",
    "pl": "i w na z do że się nie to jest o a jak po od za przez dla ale czy jego jej ich co tak już są był była "
          "było może oraz także który która które",
    "ru": "и в не на что с по это как из к за от он она они а но для о то же так его её их был была было были "
          "есть уже при который которая которые",
    "uk": "і в у не на що з по це як із до за від він вона вони а але для о то же так його її їх був була було "
          "були вже при який яка які",
    "tr": "ve bir bu da de için ile ama gibi çok daha olan olarak en ne o şu her kadar sonra ise mi değil var yok "
          "den dan",
    "vi": "và của là có không được cho các những một người này trong với đã để khi từ cũng như thì về ra",
    "ar": "في من على إلى عن أن ما لا هذا هذه التي الذي و أو كان كانت قد مع بعد بين كل هو هي",
    "he": "של את על עם זה לא גם כי הוא היא הם אם או אל מה כל יותר רק אבל",
    "hi": "है के की में और से को का ने पर यह वह भी कि एक हैं था थी थे तो ही",
}

ALL_FUNCTION_WORDS = frozenset(word for words in FUNCTION_WORDS.values() for word in words.split())
