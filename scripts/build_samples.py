#!/usr/bin/env python3
"""Build the sample WARC files in ``samples/warc/`` from the pages in this script.

The output is deterministic: every record gets a fixed WARC-Date and a record id
derived from its URL and type, so re-running the script reproduces the same
bytes (given the same warcio and zlib versions). The generated files are
committed; re-run this script after editing ``PAGES`` or ``WARCS`` below::

    .venv/bin/python scripts/build_samples.py           # write the WARCs
    .venv/bin/python scripts/build_samples.py --check   # verify they are up to date

All article text is fictional and was written for this project.
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
import uuid
import zlib
from datetime import UTC
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "samples" / "warc"

SOFTWARE = "sample-builder/1.0 (warcio)"
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:118.0) Gecko/20100101 Firefox/118.0"


def record_id(*parts: str) -> str:
    """A stable WARC-Record-ID from the record's URL and type."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}>"


def http_date(warc_date: str) -> str:
    """The HTTP Date header matching a WARC-Date (``2025-09-03T06:10:02Z``)."""
    from datetime import datetime

    moment = datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


def tiny_png() -> bytes:
    """A small deterministic PNG (a 32x12 logo-like bar), built without extra dependencies."""
    width, height = 32, 12

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            row += bytes((20, 60 + 4 * y, 120 + 3 * x)) if (x + y) % 7 else bytes((240, 200, 40))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


# The HTML payloads of the WARC articles, keyed by a file-like name (the WARCs are the
# only place they appear in the sample collection, so they are not duplicated as loose files).
PAGES = {
    "balticwire-amber-link-survey.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Amber Link seabed survey finds clear route past munitions dump | Baltic Wire</title>
<link rel="canonical" href="https://www.balticwire.example/energy/2023/05/16/amber-link-seabed-survey">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Amber Link seabed survey finds clear route past munitions dump","datePublished":"2023-05-16T12:00:00+03:00","author":{"@type":"Person","name":"Janis Ozols"},"publisher":{"@type":"Organization","name":"Baltic Wire"},"keywords":"energy, interconnector, Baltic Sea, Latvia, Gotland"}
</script>
<link rel="stylesheet" href="/static/bw.css">
</head>
<body>
<header><a href="/" class="logo"><img src="/static/logo.png" alt="Baltic Wire"></a>
<nav><a href="/news">News</a> <a href="/energy">Energy</a> <a href="/business">Business</a> <a href="/ports">Ports</a></nav></header>
<main>
<article>
<h1>Amber Link seabed survey finds clear route past munitions dump</h1>
<p class="byline">By Janis Ozols, Riga</p>
<p>A three-month survey of the seabed between the Latvian coast and the Swedish island of Gotland has identified a route for the planned Amber Link power cable that avoids an area where chemical munitions were dumped after the Second World War, the Baltic Grid Alliance said on Tuesday.</p>
<p>The survey vessel mapped a corridor about 500 metres wide along the proposed 190-kilometre route using sonar and magnetometers, which can detect metal objects buried in sediment. Divers and remotely operated vehicles inspected more than 200 objects, most of which turned out to be lost fishing gear, old anchors and debris from shipwrecks.</p>
<p>The original route would have passed within two kilometres of a known dumping ground east of Gotland. The new route bends further south, adding about nine kilometres to the length of the cable, which engineers said was an acceptable cost.</p>
<p>"We would rather lay a slightly longer cable than disturb what lies on the bottom there," said Marta Lindqvist, secretary-general of the alliance. "The survey gives us the confidence to move to detailed design."</p>
<p>Fishing organisations on Gotland, which had raised concerns about the route crossing important cod and herring grounds, said they had been consulted during the survey and welcomed a commitment to bury the cable at least one metre under the seabed along its full length.</p>
<p>The three governments backing the project, Latvia, Lithuania and Sweden, submitted a joint application for European Union funding in March. A decision is expected in the autumn, after which the alliance hopes to launch tenders for the cable and converter stations.</p>
</article>
<aside><h3>More energy news</h3><ul><li><a href="/energy/2023/05/12/lithuania-offshore-wind-bids">Lithuania receives three bids for offshore wind site</a></li></ul></aside>
</main>
<footer>&copy; 2023 Baltic Wire &middot; Riga &middot; Vilnius &middot; Tallinn</footer>
</body>
</html>
""",
    "fjordtimes-bergen-ferries.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bergen's fjord ferries switch to battery power - Fjord Times</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="Fjord Times">
<meta property="og:title" content="Bergen's fjord ferries switch to battery power">
<meta property="og:url" content="https://fjordtimes.example/news/bergen-fjord-ferries-battery-power">
<meta property="article:published_time" content="2024-01-23T08:15:00+01:00">
<meta property="article:tag" content="shipping">
<meta property="article:tag" content="electric ferries">
<meta property="article:tag" content="Norway">
</head>
<body>
<div class="cookie-notice">This site uses cookies. <a href="/cookies">Read more</a></div>
<header><a href="/">Fjord Times</a> <nav><a href="/news">News</a> <a href="/business">Business</a> <a href="/travel">Travel</a></nav></header>
<main>
<article>
<h1>Bergen's fjord ferries switch to battery power</h1>
<p class="byline">By Solveig Hauge</p>
<p>The last diesel-powered car ferry on the busy crossings around Bergen was retired on Monday, making the region's fjord ferry network one of the largest in the world to run almost entirely on batteries.</p>
<p>The new vessels charge for a few minutes at each quay through automated connectors that lower from a tower onto a plate on the ship's deck. Between crossings, batteries on shore are topped up slowly from the grid, so that the ferries do not place sudden demands on local power lines.</p>
<p>"When we started planning this, people told us it would work for short crossings and nothing else," said Eirik Nygaard, who manages the ferry contracts for the county. "Now we have ferries making forty-minute crossings on electric power, in winter, with a full load of trucks."</p>
<p>The county estimates that the switch cuts carbon dioxide emissions from the ferry network by about 90 percent. Passengers and residents near the quays also report less noise and no diesel smell, and crew members say the vessels are easier to maintain.</p>
<p>The change has not been without problems. Several charging towers had to be rebuilt after storms damaged them in their first winter, and one route was served by a reserve diesel ferry for weeks while a battery fault was repaired. Operators say reliability has improved markedly since then.</p>
<p>Shipping experts say the experience in western Norway is being studied by ports and ferry operators in Denmark, Scotland and Canada. The next challenge, they say, is longer routes, where hydrogen or ammonia fuels are being tested because batteries alone would be too heavy.</p>
</article>
</main>
<footer>Fjord Times &middot; Bergen</footer>
</body>
</html>
""",
    "highlandcourier-pylon-route.html": """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Crofters object to pylon route through Strathglass | Highland Courier</title>
<link rel="stylesheet" href="/css/courier.css">
</head>
<body>
<header class="hc-header"><a href="/">Highland Courier</a><nav><a href="/news">News</a> <a href="/news/inverness">Inverness</a> <a href="/news/skye-and-lochalsh">Skye &amp; Lochalsh</a> <a href="/farming">Farming</a></nav></header>
<main>
<article class="hc-article">
<h1>Crofters object to pylon route through Strathglass</h1>
<div class="hc-meta">Kirsty Mackenzie &middot; <time datetime="2019-10-08T16:45:00+01:00" pubdate>Tuesday 8 October 2019</time></div>
<p>Crofters and residents in Strathglass have lodged more than 300 objections to a proposed overhead power line that would carry electricity from new wind farms in the west Highlands to the national grid.</p>
<p>The 400,000-volt line would run for about 60 kilometres on steel pylons up to 55 metres tall. The network operator says it is needed to bring power from onshore wind farms and a pumped-storage scheme to the south, and that burying the cable along the whole route would be several times more expensive and would also damage peatland.</p>
<p>Objectors say the line would cut across common grazings used by crofters and spoil views that attract visitors to the glen. "We are not against renewable energy. Half the glen has a turbine share or solar panels on the roof," said Morag Fraser, clerk of a local grazings committee. "But the people who live here have been told where the line will go, not asked."</p>
<p>The operator said it had already moved sections of the route after consultation and was prepared to bury the line in two places where it passes close to houses. It said it would offer community benefit payments to the area, as it has done elsewhere in the Highlands.</p>
<p>The application will be decided by Scottish ministers. If the local council objects, a public inquiry is likely to be held, which could take more than a year.</p>
<p>Energy analysts say disputes over new transmission lines are becoming one of the main obstacles to expanding renewable energy in Scotland, where much of the best wind resource is far from where electricity is used.</p>
</article>
</main>
<footer>&copy; Highland Courier, Inverness</footer>
</body>
</html>
""",
    "caucasusdispatch-kutaisi-mayor-campaign.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Gelashvili launches Kutaisi mayoral bid with promise of open budgets — Caucasus Dispatch</title>
<link rel="stylesheet" href="/css/dispatch.min.css">
</head>
<body>
<header class="header"><div class="logo"><a href="/">Caucasus Dispatch</a></div>
<ul class="menu"><li><a href="/georgia">Georgia</a></li><li><a href="/armenia">Armenia</a></li><li><a href="/azerbaijan">Azerbaijan</a></li></ul></header>
<main class="container">
<div class="post">
<h1 class="post-title">Gelashvili launches Kutaisi mayoral bid with promise of open budgets</h1>
<div class="post-meta"><span class="post-author">Tamuna Jorbenadze</span></div>
<div class="post-content">
<p>Nika Gelashvili, the independent city councillor who won a closely fought by-election in Kutaisi last year, has announced that she will run for mayor of Georgia's second city in next month's municipal elections.</p>
<p>Speaking in front of the Bagrati Cathedral to a crowd of several hundred supporters, Gelashvili said her first act as mayor would be to publish every city contract and budget line online within 30 days. "You should not need to know someone at city hall to find out how your money is spent," she said.</p>
<p>Gelashvili, an architect by training, has built her profile on campaigns over public transport and the protection of historic buildings in the city centre. She is running with the backing of several civic groups and a small regional party, but says she will remain an independent.</p>
<p>The governing party's candidate, a deputy governor of Imereti, is seen as the front-runner. Other candidates include a businessman who owns a football club in the city and a former member of parliament.</p>
<p>The Georgian Association of Election Monitors said it would deploy observers to every polling station in Kutaisi on election day and would monitor the use of public resources during the campaign. The association has asked all candidates to sign a pledge not to use municipal employees in campaign events.</p>
<p>The municipal elections will be held across Georgia. A second round will take place in cities where no mayoral candidate wins more than half of the vote.</p>
</div>
</div>
</main>
<footer class="footer"><p>Caucasus Dispatch — independent news from Georgia, Armenia and Azerbaijan.</p></footer>
</body>
</html>
""",
    "mekongstandard-an-giang-floods.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Late floods delay rice planting in An Giang - Mekong Standard</title>
<link rel="canonical" href="https://mekongstandard.example/2017/10/24/late-floods-delay-rice-planting-an-giang/">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<div id="top"><a href="/">Mekong Standard</a> &mdash; Vietnam, Cambodia, Laos, Thailand</div>
<ul id="nav"><li><a href="/vietnam/">Vietnam</a></li><li><a href="/cambodia/">Cambodia</a></li><li><a href="/environment/">Environment</a></li><li><a href="/business/">Business</a></li></ul>
<div id="article">
<h1>Late floods delay rice planting in An Giang</h1>
<p class="writer">Nguyen Thi Lan</p>
<p>Farmers in An Giang province in Vietnam's Mekong Delta are waiting for floodwaters to recede before they can plant the winter-spring rice crop, after the annual flood arrived several weeks later than usual and is now lingering in low-lying fields.</p>
<p>The floods, which come each year as the Mekong swells with monsoon rain from upstream, bring fish and fertile sediment to the delta. But their timing has become harder to predict, farmers say, partly because of the operation of dams upstream and partly because of changing rainfall.</p>
<p>"My father knew which week to expect the water. Now we watch the news and guess," said Tran Van Hieu, who farms three hectares near Chau Doc. He said a delay of two weeks in planting could push his harvest into the hottest part of the dry season next year, when salt water can creep up the rivers.</p>
<p>Provincial agriculture officials have advised farmers to use shorter-duration rice varieties this season so that the harvest is not delayed. They have also extended the opening hours of sluice gates to drain fields faster in some districts.</p>
<p>Scientists at a university in Can Tho say the delta is changing in ways that require new approaches to farming. Some farmers in An Giang have stopped growing a third rice crop each year and instead leave their fields flooded in the autumn to catch fish and grow water plants, which can be sold at good prices.</p>
<p>The Mekong River Commission, which brings together Cambodia, Laos, Thailand and Vietnam, has called for better sharing of information on dam operations so that downstream communities can plan ahead.</p>
</div>
<div id="footer">&copy; Mekong Standard. All rights reserved.</div>
</body>
</html>
""",
    "deltachronicle-chittagong-cranes.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Chittagong port adds six cranes to ease container backlog | The Delta Chronicle</title>
<meta name="keywords" content="ports, shipping, Chittagong, Bangladesh, containers">
<link rel="stylesheet" href="/css/chronicle.css">
</head>
<body>
<header><a href="/" class="brand">The Delta Chronicle</a><nav><a href="/national">National</a> <a href="/business">Business</a> <a href="/world">World</a> <a href="/sports">Sports</a></nav></header>
<main>
<h1>Chittagong port adds six cranes to ease container backlog</h1>
<p class="info">Staff Correspondent, Chattogram | Published: 09 October 2017, 11:30 AM</p>
<p>The port of Chittagong, Bangladesh's main gateway for imports and exports, has put six new gantry cranes into service at its largest container terminal in an effort to reduce waiting times for ships that have stretched to more than a week during peak periods.</p>
<p>The rail-mounted cranes, which arrived by ship from China in August, can each lift around 30 containers an hour, port officials said. They replace older equipment that frequently broke down and was blamed for much of the congestion at the terminal this year.</p>
<p>"Every day a ship waits outside the port costs the shipping line money, and in the end that cost falls on our exporters," said Mahmudul Hasan, a member of the port authority's board. He said the average waiting time for container ships had already fallen from eight days to five since the first cranes began working in September.</p>
<p>The garment industry, which accounts for the bulk of the country's exports, has long complained that delays at the port make it harder to meet deadlines set by buyers in Europe and North America. Industry leaders welcomed the new cranes but said more capacity was needed.</p>
<p>The port authority plans to open a new terminal by the early 2020s and is studying a deep-sea port further south, which would allow larger ships to call directly instead of transferring cargo through Singapore or Colombo.</p>
<p>Shipping agents said congestion in the container yards, where boxes wait to be collected by trucks, remained a problem, and called for longer opening hours for customs checks.</p>
</main>
<footer>&copy; The Delta Chronicle, Dhaka</footer>
</body>
</html>
""",
    "pacifictribune-desalination-ruling.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Chilean court orders new review of desalination plant permit | Pacific Tribune</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="Pacific Tribune">
<meta property="og:title" content="Chilean court orders new review of desalination plant permit">
<meta property="og:url" content="https://pacifictribune.example/americas/chile-court-desalination-permit-review">
<meta property="article:published_time" content="2017-10-17T19:00:00-03:00">
<meta property="article:section" content="Americas">
</head>
<body>
<header><a href="/">Pacific Tribune</a> <nav><a href="/americas">Americas</a> <a href="/asia">Asia</a> <a href="/oceania">Oceania</a> <a href="/business">Business</a></nav></header>
<main>
<article>
<h1>Chilean court orders new review of desalination plant permit</h1>
<p class="byline">By Javier Soto, Antofagasta</p>
<p>An environmental court in northern Chile has annulled the permit for a large desalination plant that would supply water to copper mines in the Atacama Desert, ordering authorities to carry out a new assessment of its effects on marine life and fishing.</p>
<p>The case was brought by associations of artisanal fishermen and seaweed collectors in a coastal town south of Antofagasta, who argued that the discharge of concentrated brine from the plant would harm the kelp beds and shellfish on which their livelihoods depend.</p>
<p>The court found that the environmental study submitted by the developer had not adequately modelled how the brine would disperse in a bay with weak currents, and that the authorities had not responded to technical objections raised during public consultation.</p>
<p>"This ruling does not say no to desalination. It says the studies have to be done properly," said Marcela Rojas, a lawyer for the fishermen's associations. "The people who will live with this plant for thirty years deserve that."</p>
<p>The company behind the project said it respected the decision and would submit additional studies. Mining companies in the region have turned to desalination to reduce their use of scarce groundwater, which has been a source of conflict with farming and indigenous communities inland.</p>
<p>Environmental experts say the case highlights a dilemma for Chile's north: desalination can relieve pressure on aquifers, but it requires large amounts of energy and creates its own environmental risks along the coast.</p>
</article>
</main>
<footer>&copy; 2017 Pacific Tribune</footer>
</body>
</html>
""",
    "savannahtimes-kano-girls-football.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Schoolgirls' football league draws record crowd in Kano | Savannah Times</title>
<meta property="og:type" content="article">
<meta property="og:title" content="Schoolgirls' football league draws record crowd in Kano">
<meta property="og:url" content="https://savannahtimes.example/sports/kano-schoolgirls-football-league-record-crowd">
<meta property="og:site_name" content="Savannah Times">
<meta property="article:published_time" content="2017-11-05T17:20:00+01:00">
<meta property="article:tag" content="football">
<meta property="article:tag" content="women's sport">
</head>
<body>
<header><a href="/">Savannah Times</a> <nav><a href="/news">News</a> <a href="/sports">Sports</a> <a href="/business">Business</a></nav></header>
<main>
<article>
<h1>Schoolgirls' football league draws record crowd in Kano</h1>
<p class="byline">By Aisha Lawal</p>
<p>More than 6,000 spectators filled a stadium in Kano on Saturday for the final of a secondary schools girls' football league, the largest crowd yet for a women's sporting event in the city.</p>
<p>A team from a girls' secondary school in Nassarawa won the final 2-1 against a side from Dala, with the winning goal scored by 16-year-old midfielder Zainab Musa in the last ten minutes. Supporters from both schools sang and drummed throughout the match.</p>
<p>The league, now in its third season, was set up by a group of teachers with support from the state sports ministry and a local bank. It began with eight schools and now includes 32, with matches played on Saturday mornings so that they do not clash with lessons.</p>
<p>"When we started, some parents did not want their daughters to play. Today many of those parents were in the stands," said Hauwa Ibrahim, a physical education teacher who coordinates the league. She said the organisers worked closely with school principals and community leaders to make sure families were comfortable with the arrangements, including the team kits.</p>
<p>Several players have been invited to trials with the state women's team, and two former league players now play for clubs in the national women's league. The organisers hope to expand the competition to neighbouring states next year.</p>
<p>Coaches said the biggest challenge was the lack of pitches. Many schools have only dusty fields, and the league depends on borrowing stadiums from the state for its later rounds.</p>
</article>
</main>
<footer>&copy; 2017 Savannah Times, Kano</footer>
</body>
</html>
""",
}

MEKONG_CSS = b"""/* Mekong Standard - main stylesheet */
body { font-family: "Noto Serif", Georgia, serif; margin: 0; color: #1b1b1b; }
#top { background: #0c4a5a; color: #fff; padding: 10px 20px; font-weight: bold; }
#nav { list-style: none; margin: 0; padding: 8px 20px; background: #e8f1f2; }
#nav li { display: inline; margin-right: 14px; }
#article { max-width: 700px; margin: 24px auto; line-height: 1.65; }
#article h1 { font-size: 2em; line-height: 1.2; }
.writer { color: #5b6b70; font-style: italic; }
#footer { font-size: 12px; color: #777; text-align: center; padding: 20px; }
"""

# One entry per record, in file order. "kind" is one of: warcinfo, page (a response
# with an HTML page from PAGES, optionally preceded by its request), redirect, asset.
WARCS = {
    "northern-europe-crawl.warc.gz": {
        "gzip": True,
        "description": "Personal archive crawl: energy, shipping and Caucasus politics (sample data)",
        "date": "2025-09-03T06:10:00Z",
        "records": [
            {
                "kind": "redirect",
                "url": "http://balticwire.example/a/8812",
                "location": "https://www.balticwire.example/energy/2023/05/16/amber-link-seabed-survey",
                "date": "2025-09-03T06:10:02Z",
                "ip": "203.0.113.21",
            },
            {
                "kind": "page",
                "request": True,
                "src": "balticwire-amber-link-survey.html",
                "url": "https://www.balticwire.example/energy/2023/05/16/amber-link-seabed-survey",
                "date": "2025-09-03T06:10:03Z",
                "ip": "203.0.113.21",
                "server": "nginx/1.24.0",
                "last_modified": "Tue, 16 May 2023 09:40:11 GMT",
            },
            {
                "kind": "asset",
                "url": "https://www.balticwire.example/static/logo.png",
                "content_type": "image/png",
                "body": tiny_png(),
                "date": "2025-09-03T06:10:04Z",
                "ip": "203.0.113.21",
                "server": "nginx/1.24.0",
            },
            {
                "kind": "page",
                "src": "fjordtimes-bergen-ferries.html",
                "url": "https://fjordtimes.example/news/bergen-fjord-ferries-battery-power",
                "date": "2025-09-03T06:11:40Z",
                "ip": "198.51.100.7",
                "server": "Apache",
            },
            {
                "kind": "page",
                "src": "highlandcourier-pylon-route.html",
                "url": "https://www.highlandcourier.example/news/inverness/crofters-object-to-pylon-route-strathglass",
                "date": "2025-09-03T06:12:15Z",
                "ip": "198.51.100.44",
                "server": "cloudfront",
            },
            {
                "kind": "page",
                "src": "caucasusdispatch-kutaisi-mayor-campaign.html",
                "url": "https://caucasusdispatch.example/georgia/gelashvili-launches-kutaisi-mayoral-bid",
                "date": "2025-09-03T06:13:09Z",
                "ip": "192.0.2.118",
                "server": "nginx",
            },
        ],
    },
    "asia-americas-crawl-2017.warc": {
        "gzip": False,
        "description": "News crawl, November 2017: ports, agriculture, courts and sport (sample data)",
        "date": "2017-11-06T14:00:00Z",
        "records": [
            {
                "kind": "page",
                "request": True,
                "src": "mekongstandard-an-giang-floods.html",
                "url": "https://mekongstandard.example/2017/10/24/late-floods-delay-rice-planting-an-giang/",
                "date": "2017-11-06T14:00:05Z",
                "ip": "192.0.2.60",
                "server": "Apache/2.4.18 (Ubuntu)",
            },
            {
                "kind": "asset",
                "url": "https://mekongstandard.example/assets/style.css",
                "content_type": "text/css",
                "body": MEKONG_CSS,
                "date": "2017-11-06T14:00:06Z",
                "ip": "192.0.2.60",
                "server": "Apache/2.4.18 (Ubuntu)",
            },
            {
                "kind": "redirect",
                "url": "http://deltachronicle.example/business/2017/10/09/chittagong-cranes",
                "location": "https://www.deltachronicle.example/business/chittagong-port-adds-six-cranes",
                "date": "2017-11-06T14:01:12Z",
                "ip": "198.51.100.90",
            },
            {
                "kind": "page",
                "src": "deltachronicle-chittagong-cranes.html",
                "url": "https://www.deltachronicle.example/business/chittagong-port-adds-six-cranes",
                "date": "2017-11-06T14:01:13Z",
                "ip": "198.51.100.90",
                "server": "nginx/1.10.3",
            },
            {
                "kind": "page",
                "src": "pacifictribune-desalination-ruling.html",
                "url": "https://pacifictribune.example/americas/chile-court-desalination-permit-review",
                "date": "2017-11-06T14:02:30Z",
                "ip": "203.0.113.5",
                "server": "Varnish",
            },
            {
                "kind": "page",
                "src": "savannahtimes-kano-girls-football.html",
                "url": "https://savannahtimes.example/sports/kano-schoolgirls-football-league-record-crowd",
                "date": "2017-11-06T14:03:51Z",
                "ip": "203.0.113.77",
                "server": "LiteSpeed",
            },
        ],
    },
}


def build(name: str, spec: dict) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=spec["gzip"], warc_version="1.0")

    info = (
        f"software: {SOFTWARE}\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
        f"description: {spec['description']}\r\n"
        "isPartOf: sample-collection\r\n"
        f"http-header-user-agent: {UA}\r\n"
        "robots: obey\r\n"
    ).encode()
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id(name, "warcinfo"),
                "WARC-Date": spec["date"],
                "WARC-Filename": name,
            },
        )
    )

    for rec in spec["records"]:
        url, date = rec["url"], rec["date"]
        common = {"WARC-Date": date, "WARC-IP-Address": rec["ip"]}
        if rec["kind"] == "page":
            body = PAGES[rec["src"]].encode("utf-8")
            headers = [
                ("Date", http_date(date)),
                ("Server", rec["server"]),
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
            ]
            if rec.get("last_modified"):
                headers.append(("Last-Modified", rec["last_modified"]))
            headers += [("Cache-Control", "max-age=300"), ("Connection", "close")]
            resp = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                warc_headers_dict={**common, "WARC-Record-ID": record_id(url, "response")},
            )
            if rec.get("request"):
                parts = url.split("/", 3)
                path = "/" + (parts[3] if len(parts) > 3 else "")
                req = writer.create_warc_record(
                    url,
                    "request",
                    http_headers=StatusAndHeaders(
                        f"GET {path} HTTP/1.1",
                        [
                            ("Host", parts[2]),
                            ("User-Agent", UA),
                            (
                                "Accept",
                                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                            ),
                            ("Accept-Language", "en-GB,en;q=0.7,de;q=0.3"),
                            ("Connection", "close"),
                        ],
                        is_http_request=True,
                    ),
                    warc_headers_dict={**common, "WARC-Record-ID": record_id(url, "request")},
                )
                writer.write_request_response_pair(req, resp)
            else:
                writer.write_record(resp)
        elif rec["kind"] == "redirect":
            body = (
                f"<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1>"
                f'<p>The document has moved <a href="{rec["location"]}">here</a>.</p></body></html>\n'
            ).encode()
            headers = [
                ("Date", http_date(date)),
                ("Server", "nginx"),
                ("Location", rec["location"]),
                ("Content-Type", "text/html"),
                ("Content-Length", str(len(body))),
            ]
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=StatusAndHeaders(
                        "301 Moved Permanently", headers, protocol="HTTP/1.1"
                    ),
                    warc_headers_dict={**common, "WARC-Record-ID": record_id(url, "response")},
                )
            )
        elif rec["kind"] == "asset":
            body = rec["body"]
            headers = [
                ("Date", http_date(date)),
                ("Server", rec["server"]),
                ("Content-Type", rec["content_type"]),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "public, max-age=86400"),
            ]
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                    warc_headers_dict={**common, "WARC-Record-ID": record_id(url, "response")},
                )
            )
        else:  # pragma: no cover - a typo in WARCS
            raise ValueError(rec["kind"])
    return buffer.getvalue()


def summarise(data: bytes) -> list[str]:
    lines = []
    for record in ArchiveIterator(io.BytesIO(data)):
        status = (
            record.http_headers.get_statuscode()
            if record.http_headers and record.rec_type == "response"
            else ""
        )
        ctype = record.http_headers.get_header("Content-Type") if record.http_headers else ""
        lines.append(
            f"  {record.rec_type:9} {status:3} {ctype or '':26} {record.rec_headers.get_header('WARC-Target-URI') or ''}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if the committed WARCs differ from a fresh build"
    )
    args = parser.parse_args(argv)
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for name, spec in WARCS.items():
        data = build(name, spec)
        target = OUT / name
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(name)
            continue
        target.write_bytes(data)
        print(f"{target.relative_to(ROOT)} ({len(data)} bytes)")
        print("\n".join(summarise(data)))
    if stale:
        print(
            "out of date: " + ", ".join(stale) + " (run scripts/build_samples.py)", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
