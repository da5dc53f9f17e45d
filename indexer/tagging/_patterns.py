"""Cue words for names that are not in the vocabulary (English and German)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles and roles written before a person's name ("Colonel Anar Eyvazov").
TITLES = _words(
    "President Präsident Präsidentin Vice-President Minister Ministerin Chancellor Kanzler "
    "Kanzlerin Colonel Col Lieutenant Lt General Captain Capt Sergeant Sgt Admiral Marshal "
    "Commander Brigadier Dr Prof Professor Professorin Mr Mrs Ms Miss Sir Dame Lord Lady "
    "Senator Sen Rep Representative Congressman Congresswoman Governor Gov Mayor Premier "
    "King Queen Prince Princess Pope Papst Bishop Bischof Bischöfin Archbishop Erzbischof "
    "Cardinal Kardinal Rabbi Imam Sheikh Judge Richter Richterin Chairman Chairwoman CEO "
    "Director Direktor Direktorin Secretary Ambassador Botschafter Botschafterin Spokesman "
    "Spokeswoman Spokesperson Sprecher Sprecherin Coach Trainer Trainerin Herr Frau Pastor "
    "Pfarrer Pfarrerin Landrat Landrätin Staatssekretär Staatssekretärin Generalsekretär "
    "Generalsekretärin Vorsitzende Vorsitzender Chef Chefin Autor Autorin Kommissar "
    "Kommissarin Commissioner Prosecutor Staatsanwalt Staatsanwältin "
    # jobs written before a name ("Stürmer Nelson Valdez", "Rechtsanwalt Till Roth")
    "Rechtsanwalt Rechtsanwältin Anwalt Anwältin Regisseur Regisseurin Schauspieler "
    "Schauspielerin Sänger Sängerin Stürmer Torhüter Torwart Verteidiger Mittelfeldspieler "
    "Schriftsteller Schriftstellerin Journalist Journalistin Komponist Komponistin Maler "
    "Malerin Architekt Architektin Unternehmer Unternehmerin Politiker Politikerin Arzt "
    "Ärztin Abgeordnete Abgeordneter Historiker Historikerin Künstler Künstlerin Manager "
    "Managerin Moderator Moderatorin Dirigent Dirigentin Pianist Pianistin Fotograf "
    "Fotografin Betriebsrat Betriebsratschef Kapitän Leiter Leiterin Gründer Gründerin "
    "Dichter Dichterin Bundestrainer Nationalspieler Nationalspielerin Kardinal Landesvater "
    "Landesmutter Parteichef Parteichefin"
)

#: German compounds ending like this are titles too (Bundeskanzlerin, Außenminister).
TITLE_SUFFIXES = (
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "bürgermeister",
    "bürgermeisterin",
    "sprecher",
    "sprecherin",
    "chef",
    "chefin",
    "vorsitzende",
    "vorsitzender",
    "trainer",
    "trainerin",
    "manager",
    "managerin",
    "betriebsrat",
    "direktor",
    "direktorin",
    "leiter",
    "leiterin",
)

#: Words that may stand inside a title phrase ("Deputy Prime Minister").
TITLE_MODIFIERS = _words(
    "Prime Foreign Defense Defence Interior Finance Deputy Vice Acting Former Federal State "
    "Chief Executive Major Attorney Economy Health Justice Education Energy Trade Culture "
    "Environment Labour Labor Agriculture Transport Home Supreme Secretary-General "
    "Secretary General Grand Ehemalige Ehemaliger Stellvertretende Stellvertretender "
    "Regierender Erster Erste Designated Head Senior Junior ehemalige ehemaliger former"
)

#: Lower-case words right before a name that make it a person's name.
LOWER_ROLES = _words(
    "spokesperson spokesman spokeswoman president minister chancellor colonel general leader "
    "chairman chairwoman ceo director coach author writer journalist singer actor actress "
    "artist prosecutor lawyer expert professor economist analyst mayor governor senator "
    "ambassador envoy commander officer adviser advisor founder correspondent reporter "
    "striker goalkeeper captain player defender midfielder"
)

#: Last words of products and editions, never of a person ("Phone Pro", "Premium Edition").
PRODUCT_WORDS = _words("Pro Max Plus Mini Ultra Lite Edition Air Series Deluxe Premium")
#: Compass words: "Harbourton South" is a constituency or district, not a person.
COMPASS_WORDS = _words(
    "North South East West Northeast Northwest Southeast Southwest Nord Süd Ost Nordost "
    "Nordwest Südost Südwest Central Mid"
)
#: Last words of streets and squares ("Albert Quay", "Marienplatz" aside): places, not people.
STREET_WORDS = _words(
    "Street St Road Rd Avenue Ave Lane Boulevard Quay Square Place Drive Way Straße Strasse "
    "Gasse Platz Allee Weg Ring Damm Ufer Calle Rua Via Rue"
)

#: Last words of landforms and waters that are no surnames ("Amber Valley"): places, not
#: people ("Hill", "Berg", "Lake" are surnames too, so they are not here).
LANDFORM_WORDS = _words(
    "Valley River Island Islands Heights Springs Falls Canyon Creek Coast Mountains"
)
#: Words of outlets, publications and bodies in any of the archive's languages: a name
#: holding one is no person ("Harbour Online Library", "Casa de Gobierno").
NON_PERSON_WORDS = _words(
    "Library Journal Magazine Gazette Herald Tribune Times Post Online Press Radio Zeitung "
    "Verlag Gobierno Governo Gouvernement Ministerio Ministério Ministère Tribunal Corte "
    "Partido Parti Universidad Universidade Université Banco Banque Casa"
)

#: Kin and companions before a given name alone: the evidence that it names a person
#: ("Sohn Tobias", "seine Frau Wally"); "-jährige" ages count too ("die 17-jährige Caroline").
KIN_WORDS = _words(
    "Sohn Tochter Bruder Schwester Halbbruder Halbschwester Vater Mutter Frau Mann Ehefrau "
    "Ehemann Gattin Gatte Onkel Tante Neffe Nichte Enkel Enkelin Cousin Cousine Freund "
    "Freundin Partner Partnerin Witwe Witwer Kind Baby Junge Mädchen Zwillingsbruder "
    "Zwillingsschwester Stiefsohn Stieftochter Stiefvater Stiefmutter Ordensnamen Namen "
    "Söhne Töchter Brüder Schwestern Geschwister Kinder Enkel Eltern "
    # rulers named by given name alone ("König Vladislav")
    "König Königin Kaiser Kaiserin Prinz Prinzessin Herzog Herzogin Graf Gräfin Fürst Fürstin "
    "Zar Zarin"
)
AGE_ENDINGS = ("jährige", "jährigen", "jähriger")

#: Verbs of saying around a name ("said Anar Eyvazov", "Eyvazov said").
SAY_BEFORE = _words("said says told wrote added sagte sagt erklärte betonte meinte schreibt")
SAY_AFTER = _words(
    "said says told added stated explained wrote warned noted announced sagte sagt erklärte "
    "betonte meinte schreibt kritisierte forderte"
)

#: Particles inside names ("Ursula von der Leyen", "Mohammed bin Salman").
NAME_PARTICLES = _words("von van der den de da di del della degli du la le bin ibn al el zu dos")

#: Capitalised particles inside names after a given name ("Wilfried Van Moer", "Filip De Wilde").
CAPITAL_PARTICLES = _words("Van De Del Della Da Di Du Le La Dos Ter Ten")

#: Words that end a sports team's name ("Ross County", "Port Vale Rovers").
TEAM_WORDS = _words(
    "United City Town County Rovers Rangers Athletic Albion Wanderers Park FC AFC CF SC "
    "Olympic Olympique Sporting Real Dynamo Dinamo Spartak Lokomotiv Calcio Vale Thistle"
)

#: Parties written in brackets after a politician's name ("Schäuble (CDU)").
PARTIES = frozenset(
    "CDU|CSU|SPD|FDP|AfD|Die Linke|Alliance 90/The Greens|BSW|ÖVP|SPÖ|FPÖ|NEOS|SVP|"
    "Republican Party|Democratic Party|Labour Party|Conservative Party".split("|")
)

#: Oceans: "Atlantic City" is a town, not a club.
OCEANS = frozenset({"Atlantic", "Pacific", "Indian Ocean", "Arctic"})

#: Prefixes of sports clubs and universities before their town or name ("VfL Osnabrück").
CLUB_PREFIXES = _words(
    "FC SC SV VfL VfB TSV SSV MSV ESV TuS SpVgg FSV BSC KSV TSG SpVg SG RB AS AC SS "
    "CD CF SK FK NK HC EHC ERC THW BV SSC TU TH FH HSG SCC PSV AZ"
)
#: Club names written before their town ("Borussia Dortmund", "Dynamo Dresden").
CLUB_WORDS_BEFORE_PLACE = _words(
    "Borussia Eintracht Fortuna Alemannia Arminia Energie Hansa Dynamo Dinamo Spartak "
    "Lokomotiv Lok Preußen Preussen Kickers Hertha Union Rapid Sparta Slavia Olympique "
    "Sporting Racing Real Atlético Athletic Standard Panathinaikos Olympiakos Olympiacos "
    "Viktoria Germania Wacker Stahl Motor Chemie Zenit Torpedo Shakhtar Legia Wisla Lech "
    "Dukla Partizan Steaua Rotor Alania Levski Litex CSKA Juventus Lazio Inter"
)
#: Heads written before the town they are in ("Universität Leipzig", "Klinikum Nürnberg").
ORG_HEADS_BEFORE_PLACE = _words(
    "Universität University Hochschule Klinikum Stadtwerke Sparkasse Kraftwerk "
    "Staatstheater Landestheater Amtsgericht Landgericht "
    "Oberlandesgericht Verwaltungsgericht Stadtsparkasse Volksbank Universitätsklinikum"
)

#: Words before a common noun, never before an organisation's name: "an ADR", "eine NPC
#: Map", "certain HLA alleles" (an acronym or a name after them is a thing of its kind).
INDEFINITE_WORDS = _words(
    "a an ein eine einen einem einer eines un une uno una um uma certain some several "
    "many each every any other jede jeder jedes jeden mehrere einige viele andere"
)

#: Demonstratives: a word after them is a noun, not a place's name ("diese Konstanz").
DEMONSTRATIVES = _words("diese dieser dieses diesen diesem jene jener jenes jenen this that these")

#: Abbreviations in capitals that name no organisation.
COMMON_ACRONYMS = _words(
    "CEO CFO COO CTO MP MPs PM TV PC CD DVD GPS DNA RNA HIV AIDS SARS COVID PR AI IT ID "
    "OK USA US UK GB UAE USSR GDR DDR BRD EU UN GMT UTC CET MEZ MESZ EST PST AM PM AD BC "
    "KM KG MW GW KW PS MB GB TB MHZ GHZ UKW LED LCD PDF HTML URL WWW SMS MMS APP VIP "
    "FAQ PIN ABC GDP BIP CPI FM AM NO NR ST DR MR MRS MS PHD CO LTD INC PLC AG SE GMBH "
    "KG OHG EV NGO NGOS IPO ETF DAX MDAX SDAX TECDAX CAC FTSE IBEX ATX SMI EM WM WC "
    "GP CV HD VR AR OS PIN IQ SUV LKW PKW BMX MVP MRI EKG CT "
    # currencies
    "EUR USD GBP CHF JPY CNY RUB SEK NOK DKK SKR DM DEM ATS FIM FRF ITL ESP NLG BEF HKD "
    # science, technology, finance and sports terms
    "ATP ADP NADPH FCKW CO2 PVC GNU GPL SDK API CPU GPU RAM ROM USB GOTO ISDN DSL LTE UMTS "
    "MBA EBIT EBITDA IAS IFRS LIBOR EURIBOR PIBOR PMI RBI ERA PMID ISBN ISSN DOI RMS "
    "HMS USS CAPS ABM FAQ OTC PR"
)

#: Words after a name that make it an event, not an organisation ("UEFA Cup").
EVENT_WORDS = _words(
    "Cup Tour Open Prix Games Championship Championships Award Awards Trophy Series Final "
    "Finals Festival Summit Conference Congress Index Classic Masters Marathon Rally"
)

#: Head nouns that end an organisation's name ("Defense Ministry", "Harvard University").
ORG_HEADS = _words(
    "Ministry Department Agency Council Committee Commission Court Parliament Party University "
    "Institute Institution Bank Corporation Company Association Federation Foundation Forces "
    "Army Navy Police Office Authority Service Services Guard Group Union Alliance Coalition "
    "Force Front Movement Network Assembly Senate Congress Board Bureau Centre Center Hospital "
    "College Academy Museum Theatre Theater Orchestra Church Airlines Airways Motors League "
    "Club Society Organisation Organization Fund Trust Holdings Industries Laboratories Media "
    "Ministerium Universität Hochschule Stiftung Verband Gericht Gesellschaft Institut "
    "Agentur Kommission Behörde Partei Verein Bundesamt Landesamt Klinikum Akademie Kirche "
    "Konzern Werke Stadtwerke Bundesanstalt Gewerkschaft Staatsanwaltschaft "
    "Verlag Zeitung Rundfunk Tageblatt Anzeiger Kurier Rundschau Allgemeine Nachrichten "
    "Zeitung Sparkasse Volksbank Raiffeisenbank Genossenschaft Kammer Bank"
)

#: Heads every country or town has: after a plain adjective they describe ("Evangelische Kirche").
GENERIC_INSTITUTIONS = _words(
    "Kirche Museum Institut Theater Armee Regierung Partei Gericht Klinikum Akademie Hochschule "
    "Universität Polizei Behörde"
)

#: German words for "a company" written before its name ("die Firma Century Media").
COMPANY_NOUNS = _words("Firma Unternehmen Hersteller Konzern Reederei Autobauer Modehaus")

#: Legal forms written after a company's name ("Siemens AG", "Example GmbH").
LEGAL_FORMS = _words("Inc Ltd LLC Corp Co GmbH AG SE KG KGaA e.V eV plc PLC S.A SA N.V NV Llc")

#: German compounds ending like this are head nouns ("Katholischer Frauenbund").
ORG_HEAD_SUFFIXES = (
    "verband",
    "verbandes",
    "verbands",
    "bund",
    "bundes",
    "verein",
    "vereins",
    "institut",
    "instituts",
    "gesellschaft",
    "stiftung",
    "partei",
    "kommission",
    "ministerium",
    "ministeriums",
    "gericht",
    "gerichts",
    "gerichtshof",
    "akademie",
    "universität",
    "werke",
)

#: German compounds ending like this are organisations ("Verteidigungsministerium").
ORG_SUFFIXES = (
    "ministerium",
    "bundesamt",
    "landesamt",
    "bundesanstalt",
    "staatsanwaltschaft",
    "kammer",
)

#: Words that join parts of an organisation's name after its head ("Ministry of ...").
OF_WORDS = _words("of for für der des für")
#: Words allowed inside a name only after an "of" word ("Ministry of Trade and Industry").
INNER_WORDS = _words("and und the die das & de")

#: Prepositions that let an ambiguous place name ("?Halle") count: "in Halle".
PLACE_PREPOSITIONS = _words("in aus nach bei from to near at In Aus Nach Bei From")
#: Lower-case words inside place names of other languages ("Castel di Sangro").
INNER_PLACE_WORDS = _words("de del della di da do dos das la le las los du des")
#: Prepositions of place of other languages: a city's one-word name needs one before it.
FOREIGN_PLACE_PREPOSITIONS = {
    "es": _words("en desde hacia En Desde"),
    "fr": _words("à en depuis vers À En Depuis"),
    "it": _words("a in da verso A In Da"),
    "pt": _words("em no na desde para Em No Na Desde"),
    "ru": _words("в во из на В Во Из На"),
}

#: Given names that are also German nouns or words ("Roman" novel, "Kai" quay).
GIVEN_NAMES_AS_NOUNS = _words(
    "Roman Kai Horst Ernst Frank Gabriel Christ Christian Will Justin Tor Brett Armen Wade Earl "
    "Tom Mark Golf Wolf Bart Iris Ion Grant Flora"
)
#: Words before a saint's or a place's name ("St. Georg", "San Juan"), never a person's.
SAINT_WORDS = _words("St Sankt San Santa Santo São Saint Sainte Little")

#: Compass words a German region name starts with ("Süditalien"), longest first.
COMPASS_PREFIXES = (
    "Nordost",
    "Nordwest",
    "Südost",
    "Südwest",
    "Nord",
    "Süd",
    "Ost",
    "West",
    "Mittel",
)

#: Prepositions before a town whose name looks foreign ("aus Maribor"); not "bei" ("bei Oma").
TOWN_PREPOSITIONS = _words("in aus nach")
#: Endings of place names from other languages that German nouns rarely have.
FOREIGN_TOWN_ENDINGS = ("a", "o", "i", "y", "or", "ón", "ów", "ice", "sk", "grad")
#: Loan nouns with those endings ("in Firma", "in Radio").
FOREIGN_NOUN_ENDINGS = ("ma", "io", "ko", "ino", "to", "ro", "xi", "ri", "ia", "ta", "ra", "za")

#: Endings of German town names, counted only right after a preposition ("in Riedlingen").
GERMAN_TOWN_SUFFIXES = (
    "dorf",
    "hausen",
    "ingen",
    "heim",
    "burg",
    "berg",
    "stedt",
    "stadt",
    "leben",
    "rode",
    "hofen",
    "kirchen",
    "feld",
    "bach",
    "born",
    "brück",
    "brücken",
    "beuren",
    "weiler",
    "furt",
    "münde",
    "hagen",
    "thal",
    "tal",
    "ow",
    "itz",
    "au",
    "ath",
    "rath",
    "scheid",
    "werth",
    "wede",
    "lohe",
    "holz",
    "winkel",
    "kamp",
    "horst",
    "büttel",
    "stätt",
)
#: Endings of German common nouns that a town's ending may look like ("Umgebungen").
NOUN_SUFFIXES = ("ungen", "schaft", "bau", "frau", "schau", "ingen's", "zeitalter")
#: Kinds of street, no street's name.
GENERIC_STREETS = frozenset(
    "bundesstraße landstraße weinstraße seitenstraße nebenstraße querstraße einbahnstraße "
    "umgehungsstraße durchgangsstraße hauptverkehrsstraße autostraße fernstraße kreisstraße "
    "staatsstraße ortsstraße privatstraße wohnstraße zufahrtsstraße ringstraße "
    "hauptstraße handelsstraße schnellstraße sackgasse baumallee".split()
)
#: Endings of German common nouns ("Erklärung", "Freiheit"): such a word is no surname.
GERMAN_NOUN_ENDINGS = (
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "tät",
    "ismus",
    "nis",
    "tum",
    "ment",
    "ei",
    "ie",
    "ik",
    "ur",
    "enz",
    "anz",
    "ling",
    "chen",
    "lein",
    "ität",
    "age",
    "ur",
    "en",
    "e",
)
#: Endings of street names ("Knoopstraße").
STREET_SUFFIXES = ("straße", "strasse", "gasse", "allee", "chaussee")

#: Cue words for places: "the city of X", "X district", "Landkreis X".
PLACE_CUES_BEFORE_OF = _words(
    "city cities town towns village villages district districts region regions province "
    "provinces settlement settlements capital municipality"
)
PLACE_CUES_AFTER = _words(
    "district District region Region province Province oblast Oblast county County "
    "governorate Governorate prefecture"
)
US_STATES = frozenset(
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "Washington State|West Virginia|Wisconsin|Wyoming".split("|")
)
PLACE_CUES_BEFORE = _words("Stadt Gemeinde Landkreis Kreis Bezirk Ortschaft Dorf Kanton")
