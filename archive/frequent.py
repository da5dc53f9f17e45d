"""The most frequent words of English and German news text.

The search index keeps word pairs made only of these words ("last year", "in
der"), so that phrases of common words, whose positional check is slowest,
become one term lookup. Changing this list changes the index: bump
``archive.whoosh_backend.schema.SCHEMA_VERSION`` with it.
"""

ENGLISH = """
a about after again against all also an and any are as at back be because been before
being between both but by can could day days did do does down during each even first
for from get good had has have he her here him his how i if in into is it its just
last less like made make many may me more most much must my new next no not now of
off on one only or other our out over own part people percent said same says second
she should since so some still such than that the their them then there these they
third this those three through time times to today too two under until up us very was
way we week weeks well were what when where which while who why will with would year
years yesterday you your million billion per cent government minister president state
country city police party public report law court years' world first-time early late
former told according end month months number group members week's news local national
international general high top major big small long old young left right top north south
east west since between around several including another against among many most among
prime chief central foreign interior home security health economic political public social
""".split()

GERMAN = """
aber als am an auch auf aus bei bereits bis da damit dann das dass dem den denn der des
die dies diese diesem diesen dieser doch dort durch ein eine einem einen einer eines er
es etwa für gegen hat hatte haben ich ihr ihre im in ins ist jahr jahre jahren jetzt
kann kein keine man mehr mit muss nach nicht noch nun nur ob oder ohne prozent schon
sei sein seine seit sich sie sind so soll um und uns unter vom von vor war waren was
wenn werden wie wieder will wir wird wurde wurden zu zum zur zwei drei über neue neuen
ersten letzten letzte heute tag tage woche wochen monat monate euro millionen milliarden
regierung minister stadt land bund polizei partei
""".split()

WORDS = frozenset(ENGLISH + GERMAN)
