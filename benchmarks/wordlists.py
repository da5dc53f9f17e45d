"""Word and name lists for the synthetic corpus (see ``corpus.py``).

Order matters: the generator ranks words by their position here, so editing a
list changes the corpus and requires bumping ``corpus.GENERATOR_VERSION``.
"""

# The most frequent English words, roughly in frequency order (the head of the Zipf curve).
FUNCTION_WORDS = """
the of and to a in that is was for on it with as he by at from his be have are an
this not but had has they were which been their its said who will would or more one
after also about there when all we new up out than into over can other two first last
some only year she what her him could time people no so if years may most three those
while before under against because just them like since between made many back where
during our still government week any these should then such including how now told
percent many former much well state very through off even part another around
""".split()

# General news vocabulary, most frequent first (the body of the curve).
GENERAL_WORDS = """
report officials country public million city police court support president national
minister plan called months group world including company according house statement
local law security take children health market party several number team later
second high billion end long say president day business community decision program
director found family way top rates expected percent major announced less economic
based early following going set whether water help added process search across led
power data high best political recent countries news need least current left issue
open case move make election leaders deal system increase use economy social area area
members order result small young forces think service today give level military
information university capital growth industry prices financial rate care local
vote hospital schools workers federal agency energy trade foreign total region
meeting chief director interview office change south north east west half money
central weeks began development future history council women action international
private research study center services policy control funding costs project questions
plans groups authorities agreement price concerns areas position likely important
nearly held record spokesman spokeswoman comment response efforts problems lower
higher global left rights rules job jobs building sector free increase quarter
weekend evening morning night recent issues continue continued despite recently
administration investigation evidence series training access growing rise fell
average share shares investors analysts sales revenue profit losses demand supply
production prices tax budget spending debt bank banks interest inflation forecast
campaign candidates candidate voters poll lawmakers parliament senate congress bill
legislation reform opposition coalition referendum protest protesters crisis conflict
troops attack attacks ceasefire peace talks negotiations sanctions border refugees
migrants aid humanitarian victims killed injured fire emergency rescue residents
village town cities streets road traffic transport rail airport flights passengers
storm flooding floods drought heat temperatures weather climate emissions carbon
renewable solar wind coal oil gas electricity grid nuclear plant plants factory
workers union strike wages pay contract contracts employees staff hiring unemployment
patients doctors nurses hospitals disease virus vaccine vaccines infections cases
treatment drug drugs medical cancer study studies scientists researchers research
technology software internet online digital phone phones users platform data privacy
artificial intelligence computer chips devices network networks cyber hackers
museum film festival music artist artists album book novel author theatre exhibition
season match game games players coach club league championship title final win won
victory defeat goals goal points scored injury transfer tournament olympic cup
school students teachers education universities exam children parents families
housing homes rent prices property mortgage construction land farmers crops food
""".split()

# Words and fixed collocations that favour one topic each.
TOPIC_WORDS = {
    "politics": """minister election parliament coalition opposition ballot vote voters campaign
        senator governor mayor cabinet policy legislation reform referendum constituency
        majority lawmakers diplomat embassy summit treaty sanctions""".split(),
    "economy": """inflation interest rates growth recession unemployment exports imports tariffs
        stocks bonds currency investors earnings dividend merger acquisition startup
        productivity deficit surplus stimulus consumers retail""".split(),
    "science": """researchers scientists study experiment telescope genome species fossil
        laboratory physics chemistry particles satellite orbit spacecraft mission
        discovery peer journal molecules quantum""".split(),
    "health": """patients hospital vaccine virus infections pandemic outbreak doctors nurses
        clinical trial treatment therapy diagnosis mental obesity diabetes cancer
        surgery medicine prescription epidemic""".split(),
    "technology": """software smartphone algorithm platform startup cloud encryption privacy
        semiconductor chips artificial intelligence robotics broadband streaming app
        developers users hackers ransomware browser""".split(),
    "climate": """climate emissions carbon warming drought wildfire flooding renewable solar
        turbines glacier biodiversity deforestation heatwave hurricane coastline
        pollution recycling sustainability rainfall""".split(),
    "sport": """match season coach striker goalkeeper championship tournament league final
        stadium fans transfer injury midfielder defender medal olympic marathon
        quarterfinal semifinal penalty""".split(),
    "culture": """film festival album novel exhibition museum gallery theatre director actor
        actress orchestra concert premiere award bestseller poetry sculpture painting
        biography soundtrack""".split(),
}

# Two-word collocations inserted as phrases (phrase queries look for some of them).
COLLOCATIONS = {
    "politics": [
        "prime minister",
        "foreign minister",
        "general election",
        "opposition leader",
        "peace talks",
        "human rights",
    ],
    "economy": [
        "interest rates",
        "central bank",
        "supply chain",
        "stock market",
        "trade deal",
        "consumer prices",
    ],
    "science": ["climate model", "space agency", "research team", "new species"],
    "health": ["public health", "health care", "clinical trial", "mental health"],
    "technology": ["artificial intelligence", "social media", "data breach", "electric cars"],
    "climate": ["climate change", "carbon emissions", "renewable energy", "fossil fuels"],
    "sport": ["world cup", "head coach", "first half", "second half", "transfer window"],
    "culture": ["box office", "film festival", "art gallery", "record label"],
}
COMMON_COLLOCATIONS = [
    "last year",
    "this week",
    "next month",
    "for the first time",
    "in a statement",
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "last week",
    "according to",
]

# Places: cities and countries, most mentioned first.
PLACES = """
London;New York;Washington;Paris;Berlin;Brussels;Beijing;Moscow;Tokyo;Kyiv;Jerusalem;
Los Angeles;Chicago;Madrid;Rome;Geneva;Sydney;Toronto;Mumbai;New Delhi;Istanbul;Cairo;
Dubai;Hong Kong;Singapore;Seoul;Mexico City;Sao Paulo;Buenos Aires;Lagos;Nairobi;
Johannesburg;Cape Town;Frankfurt;Amsterdam;Vienna;Warsaw;Stockholm;Oslo;Copenhagen;
Helsinki;Dublin;Edinburgh;Manchester;Birmingham;Glasgow;Lisbon;Barcelona;Milan;Munich;
Hamburg;Zurich;Prague;Budapest;Athens;Bucharest;Sofia;Belgrade;Zagreb;Vilnius;Riga;
Tallinn;Minsk;Ankara;Tehran;Baghdad;Damascus;Beirut;Amman;Riyadh;Doha;Abu Dhabi;
Kabul;Islamabad;Karachi;Dhaka;Colombo;Kathmandu;Bangkok;Hanoi;Jakarta;Manila;
Kuala Lumpur;Taipei;Shanghai;Shenzhen;Osaka;Melbourne;Auckland;Wellington;Vancouver;
Montreal;Ottawa;Boston;San Francisco;Seattle;Houston;Dallas;Miami;Atlanta;Denver;
Phoenix;Detroit;Philadelphia;Lima;Bogota;Santiago;Caracas;Havana;Kinshasa;Addis Ababa;
Khartoum;Accra;Dakar;Algiers;Tunis;Casablanca;Tripoli;Kampala;Kigali;Harare;Lusaka;
United States;United Kingdom;France;Germany;China;Russia;Ukraine;Japan;India;Brazil;
Canada;Australia;Italy;Spain;Poland;Turkey;Iran;Israel;Egypt;Saudi Arabia;Nigeria;
South Africa;Kenya;Ethiopia;Mexico;Argentina;Chile;Colombia;Venezuela;Pakistan;
Afghanistan;Indonesia;Philippines;Vietnam;Thailand;South Korea;North Korea;Taiwan;
Syria;Iraq;Lebanon;Jordan;Qatar;Greece;Portugal;Netherlands;Belgium;Sweden;Norway;
Denmark;Finland;Ireland;Scotland;Switzerland;Austria;Hungary;Romania;Serbia;Belarus;
Georgia;Armenia;Azerbaijan;Kazakhstan;Mongolia;Bangladesh;Sri Lanka;Nepal;Myanmar;
Malaysia;New Zealand;Peru;Cuba;Haiti;Morocco;Algeria;Libya;Sudan;Somalia;Ghana;Senegal
""".replace("\n", "").split(";")

# Organisations, most mentioned first.
ORGS = """
United Nations;European Union;NATO;World Health Organization;European Commission;
Federal Reserve;European Central Bank;International Monetary Fund;World Bank;
Bank of England;Bank of Japan;World Trade Organization;Red Cross;UNICEF;Amnesty International;
Human Rights Watch;Greenpeace;Apple;Google;Microsoft;Amazon;Meta;Tesla;Samsung;Toyota;
Volkswagen;Siemens;Shell;BP;ExxonMobil;Chevron;TotalEnergies;Pfizer;Moderna;
AstraZeneca;Johnson & Johnson;Novartis;Boeing;Airbus;Goldman Sachs;JPMorgan Chase;
HSBC;Deutsche Bank;BlackRock;Nvidia;Intel;OpenAI;Huawei;Alibaba;Tencent;Sony;
Nestle;Unilever;Walmart;Netflix;Disney;Spotify;Uber;Airbnb;FIFA;UEFA;
International Olympic Committee;NASA;European Space Agency;SpaceX;CERN;
Supreme Court;Pentagon;State Department;Justice Department;FBI;CIA;Kremlin;
Downing Street;Bundestag;Labour Party;Conservative Party;Democratic Party;
Republican Party;Social Democrats;Green Party;African Union;Arab League;ASEAN;OPEC;
G7;G20;Interpol;Europol;Oxford University;Harvard University;Stanford University;
MIT;Cambridge University;Max Planck Institute;Institut Pasteur;Doctors Without Borders;
Save the Children;Oxfam;World Food Programme;UNHCR;IAEA;OECD;Eurostat;
Office for National Statistics;Bureau of Labor Statistics;Met Office;
National Weather Service;Environmental Protection Agency;Food and Drug Administration
""".replace("\n", "").split(";")

FIRST_NAMES = """
James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy
Matthew Sandra Anthony Betty Mark Margaret Donald Ashley Steven Kimberly Paul Emily
Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah
Timothy Stephanie Ronald Rebecca Jason Laura Edward Sharon Jeffrey Cynthia Ryan Kathleen
Jacob Amy Gary Angela Nicholas Helen Eric Anna Jonathan Brenda Stephen Pamela Larry
Nicole Justin Emma Scott Samantha Brandon Katherine Benjamin Christine Samuel Rachel
Olaf Ingrid Hans Greta Pierre Claire Luca Giulia Carlos Sofia Miguel Lucia Ahmed Fatima
Mohammed Aisha Hiroshi Yuki Wei Mei Raj Priya Ivan Olga Kwame Amara Tomasz Agnieszka
Lars Astrid Sean Siobhan Mateo Valentina Jonas Lea Ali Leila Kenji Sakura Arjun Ananya
""".split()

LAST_NAMES = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott
Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
Roberts Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Dubois Martin Bernard
Moreau Laurent Rossi Russo Ferrari Esposito Bianchi Romano Kowalski Nowak Wisniewski
Ivanov Petrov Sokolov Kovalenko Shevchenko Tanaka Suzuki Takahashi Watanabe Chen Wang
Zhang Liu Yang Kim Park Choi Singh Kumar Sharma Patel Gupta Khan Ahmed Hassan Ali Okafor
Mensah Diallo Osei Silva Santos Oliveira Pereira Costa Andersson Johansson Larsen Hansen
Nielsen Jensen Murphy Kelly OBrien Byrne Ryan Walsh Novak Horvat Popescu Nagy Papadopoulos
""".split()

# News outlets: (name, domain). Extended to ~200 by ``corpus.source_list()``.
OUTLETS = """
The Daily Chronicle|dailychronicle.com;Global Times Review|globaltimesreview.com;
The Morning Ledger|morningledger.com;Evening Standard Post|eveningstandardpost.co.uk;
Metro Herald|metroherald.com;The National Observer|nationalobserver.org;
World Report Today|worldreporttoday.com;Capital Gazette Online|capitalgazette.net;
The Financial Courier|financialcourier.com;Tech Pulse|techpulse.io;
Science Weekly Review|scienceweeklyreview.org;Health Desk|healthdesk.news;
Sports Line|sportsline.news;Culture Notes|culturenotes.net;Climate Watch|climatewatch.org;
The Independent Voice|independentvoice.co.uk;Continental Post|continentalpost.eu;
Pacific Tribune|pacifictribune.com;Atlantic Dispatch|atlanticdispatch.com;
Northern Star|northernstar.co.uk;Southern Cross Times|southerncrosstimes.com.au;
The Policy Brief|policybrief.org;Markets Insider Daily|marketsinsiderdaily.com;
Open Source Wire|opensourcewire.com;The Lab Report|labreport.science;
Field and Stadium|fieldandstadium.com;The Arts Column|artscolumn.net;
The Evening Bulletin|eveningbulletin.com;The Weekly Register|weeklyregister.com;
Public Affairs Journal|publicaffairsjournal.org
""".replace("\n", "").split(";")

CITY_PAPER_PLACES = """
Denver Boston Chicago Seattle Portland Austin Dallas Houston Phoenix Atlanta Miami Tampa
Orlando Nashville Memphis Louisville Cincinnati Cleveland Detroit Milwaukee Minneapolis
Omaha Tulsa Albuquerque Tucson Sacramento Fresno Oakland Richmond Norfolk Baltimore
Pittsburgh Buffalo Rochester Albany Hartford Providence Burlington Bristol Leeds
Sheffield Liverpool Newcastle Cardiff Belfast Aberdeen Dundee Brighton Oxford Cambridge
Norwich Exeter Plymouth York Nottingham Leicester Coventry Toronto Ottawa Calgary
Halifax Winnipeg Perth Adelaide Brisbane Hobart Darwin Auckland Dublin Cork Galway
""".split()
PAPER_WORDS = [
    "Herald",
    "Tribune",
    "Courier",
    "Gazette",
    "Times",
    "Post",
    "Journal",
    "Observer",
    "Chronicle",
    "Star",
    "Examiner",
    "Record",
    "Sentinel",
    "Press",
    "Mercury",
    "Telegraph",
    "Advertiser",
    "Dispatch",
    "Inquirer",
    "Echo",
]

NAV_SECTIONS = [
    "Home",
    "World",
    "Politics",
    "Business",
    "Markets",
    "Technology",
    "Science",
    "Health",
    "Climate",
    "Sport",
    "Culture",
    "Opinion",
    "Video",
    "Podcasts",
    "Newsletters",
    "Subscribe",
    "Sign in",
]

# Syllables for the long tail of rare words (names of products, places, jargon).
SYLLABLES = """ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ka ke
ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so
su ta te ti to tu va ve vi vo za ze zi zo bra bre bri cra cre dra dre fra gra gre pra pre
pro tra tre tri stra ster ston lan len lin mar mer mor nar ner tan ten tin ver vor wal wel
win zen""".split()
TAIL_ENDINGS = ["", "s", "ed", "ing", "er", "ion", "ity", "al", "ism", "ous", "ment", "ly"]
