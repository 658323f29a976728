"""Demo stories, part one: news, politics and business. Every word written for this project.

Each story: slug, headline, standfirst, body (Markdown), section, author slugs,
tags, state, age (days before now; negative for a scheduled piece), and
optionally source, note (an editor's note) and image (False for none).
"""

STORIES = [
    {
        "slug": "night-ferries-to-the-islands-approved",
        "headline": "Night ferries to the islands approved after a year of delays",
        "standfirst": "Boats will run after dark from March, the harbour board decided, ending a long campaign by island workers.",
        "body": """HALDEN BAY — Night ferries to Kestrel and Gull Island will start in March, the harbour board decided on Tuesday after a vote of seven to two.

The decision follows a year of complaints from island residents who work late shifts at the hospital and in the port's container terminal. Until now the last boat has left the city quay at 21:40.

## Who pays

The council will cover the cost of the first year, estimated at 1.2 million euros, from its transport reserve. After that the board hopes fares will pay for most of the service.

> "We have been asking for this since before the pandemic," said Marit Olsen, who chairs the Gull Island residents' association. "People have turned down jobs because they could not get home."

## The timetable

- First night boat: 23:10 from the city quay
- Last return: 01:40 from Kestrel Island
- Friday and Saturday: an extra sailing at 02:30

The operator, Bayline, said it would hire eight more crew.""",
        "section": "news",
        "authors": ["ines-vogel"],
        "tags": ["Ferries", "Islands", "Harbour"],
        "state": "published",
        "age": 0.2,
    },
    {
        "slug": "tram-line-two-opens-to-passengers",
        "headline": "Tram line two opens to passengers, three months late",
        "standfirst": "The new line links the university with the station in eighteen minutes. Early riders praised the speed and grumbled about the ticket machines.",
        "body": """The first passengers boarded line two at 05:30 on Saturday, three months after the date the council first promised.

The 7.4-kilometre line runs from the central station through the old town to the university campus at Nordvik, with eleven stops. The journey takes eighteen minutes, about half the time of the bus it replaces.

"It is quick and it is quiet," said Eva Lund, a nurse travelling to the hospital stop. "I just hope the machines start taking cards soon."

## Teething problems

Several ticket machines accepted only coins on the first day. The transport authority said a software update would fix the fault within a week and that inspectors would not fine anyone in the meantime.

The line cost 212 million euros, eight per cent over budget. Most of the overrun came from moving water and power pipes under Harbour Street, where workers found older pipes that were not on any map.""",
        "section": "news",
        "authors": ["ines-vogel", "sam-okafor"],
        "tags": ["Trams", "City council"],
        "state": "published",
        "age": 1.4,
    },
    {
        "slug": "storm-closes-coast-road-overnight",
        "headline": "Storm closes coast road overnight",
        "standfirst": "Gusts of up to 110 km/h brought down trees and power lines north of the city.",
        "body": """HALDEN BAY, Nov 12 (NWS) — The coast road between Halden Bay and Vik was closed overnight after gusts of up to 110 kilometres an hour brought down trees and power lines.

About 3,000 homes lost power for several hours. The grid operator said all but 120 had been reconnected by morning.

No one was hurt. The road reopened at 07:00 after crews cleared a fallen spruce near the Vik turning.

Forecasters expect calmer weather for the rest of the week.""",
        "section": "news",
        "authors": ["northern-wire-service"],
        "tags": ["Climate"],
        "state": "published",
        "age": 12,
        "source": ("Northern Wire Service", "https://example.org/nws/storm-coast-road"),
    },
    {
        "slug": "old-fish-market-to-close-in-june",
        "headline": "Old fish market to close in June after three centuries on the quay",
        "standfirst": "The council voted to move traders into a new hall. Some say the city is selling its soul; others say the old building is simply unsafe.",
        "body": """The council voted 23 to 18 on Thursday to close the fish market on the old quay, where fish has been sold since at least 1712.

Traders will move to a new hall at the container port, which opens in June. Rents there will be frozen for a year.

## Why now

An engineers' report last spring found that the market's timber piles had rotted in places and that repairs would cost more than the new hall. The council's finance committee recommended the move in September.

"Nobody wanted this," said councillor Per Aasen, who chairs the committee. "But I will not be the one who explains to a family why the floor gave way."

## The traders' view

Not everyone is convinced. Ingrid Solberg, whose family has sold herring on the quay for four generations, said customers would not follow them to an industrial estate.

"Tourists come for the smell and the shouting," she said. "You cannot move that into a shed."

The council says it will look for a new use for the old building once it has been made safe.""",
        "section": "politics",
        "authors": ["tomasz-nowak"],
        "tags": ["City council", "Harbour", "Jobs"],
        "state": "published",
        "age": 3,
    },
    {
        "slug": "council-budget-squeezes-libraries",
        "headline": "Council budget squeezes libraries to pay for winter road gritting",
        "standfirst": "Branch libraries will close on Mondays from January as the city shifts money to roads and social care.",
        "body": """The city's 2027 budget, approved on Wednesday night, cuts opening hours at five branch libraries to find 400,000 euros for winter road gritting and social care.

The central library is unaffected. Branches in Nordvik, Sandhamn, Vik, Bryggen and Kestrel Island will close on Mondays.

The opposition Green group proposed raising parking charges instead. Their amendment failed by four votes.

"Every euro in this budget was argued over," said the mayor, Annika Holm. "We chose to keep people safe on icy roads and to keep carers visiting the elderly."

Library staff will not lose their jobs, the council said; hours will be reduced by not filling vacancies.""",
        "section": "politics",
        "authors": ["tomasz-nowak"],
        "tags": ["Budget", "City council"],
        "state": "published",
        "age": 6,
    },
    {
        "slug": "harbour-board-chair-steps-down",
        "headline": "Harbour board chair steps down after expenses review",
        "standfirst": "Leif Dahl says he made mistakes but broke no rules. An independent review will be published next month.",
        "body": """Leif Dahl resigned as chair of the harbour board on Monday, two weeks after the board ordered an independent review of his travel expenses.

In a statement, Mr Dahl said he had "made mistakes in how I recorded some trips" but insisted he had broken no rules. He will remain an ordinary board member until the review is published.

The review, by an outside accountancy firm, covers claims worth about 38,000 euros over three years, including trips to shipping fairs in Rotterdam and Singapore.

The board's deputy chair, Sofia Eklund, will take over until the council appoints a successor.""",
        "section": "politics",
        "authors": ["tomasz-nowak", "sam-okafor"],
        "tags": ["Harbour", "City council"],
        "state": "published",
        "age": 9,
    },
    {
        "slug": "container-terminal-breaks-record",
        "headline": "Container terminal has its busiest month on record",
        "standfirst": "More than 41,000 containers passed through the port in October, helped by ships avoiding congested southern harbours.",
        "body": """The Halden Bay container terminal handled 41,380 containers in October, its busiest month since it opened in 1998.

The port authority said shipping lines had sent more vessels north to avoid delays in larger southern ports. Volumes were up 14 per cent on October last year.

## Jobs

The terminal operator has hired 60 dock workers since the summer and plans to add a night shift in January.

"We are at the edge of what the quay can take," said the terminal's chief executive, Mikael Strand. "The next step is the new berth, and that needs a decision from the council this winter."

Environmental groups have opposed the new berth, which would require dredging near a protected eelgrass meadow.""",
        "section": "business",
        "authors": ["priya-raman"],
        "tags": ["Harbour", "Jobs"],
        "state": "published",
        "age": 4,
    },
    {
        "slug": "bakery-chain-opens-tenth-shop",
        "headline": "Local bakery chain opens its tenth shop",
        "standfirst": "Korn & Co started with one oven in a basement in 2011. It now employs 140 people.",
        "body": """Korn & Co opened its tenth bakery on Saturday, in the new housing district at Sandhamn.

The company began in 2011 when Johanna and Ali Korn rented a basement oven in the old town. Its cardamom buns now sell about 9,000 a day across the city.

Johanna Korn said the new shop would bake on site, like the others. "Frozen dough is cheaper," she said. "But people can taste it, and they stop coming."

The company says it pays staff above the industry agreement and has no plans to open outside Halden Bay.""",
        "section": "business",
        "authors": ["priya-raman"],
        "tags": ["Jobs"],
        "state": "published",
        "age": 15,
    },
    {
        "slug": "rents-rise-faster-than-wages",
        "headline": "Rents in Halden Bay rise faster than wages for a third year",
        "standfirst": "A two-room flat now costs a typical worker 41 per cent of take-home pay, a tenants' group says.",
        "body": """Average rents in Halden Bay rose 7.2 per cent in the year to September, while wages rose 4.1 per cent, according to figures collected by the Halden Bay Tenants' Union.

A two-room flat in the city now costs an average of 1,180 euros a month. For a worker on the median wage, that is 41 per cent of take-home pay.

## New homes, slowly

The council has approved 2,300 new homes at Sandhamn and the old rail yards, but only about 600 have been finished.

"Building is not the whole answer, but it is most of it," said Sam Lindqvist of the property developers' association. "Planning takes too long."

The tenants' union wants a cap on rent rises for existing tenants. The council's housing committee will discuss the proposal in December.""",
        "section": "business",
        "authors": ["sam-okafor", "priya-raman"],
        "tags": ["Housing", "City council"],
        "state": "published",
        "age": 20,
    },
    {
        "slug": "school-start-times-to-move",
        "headline": "Secondary schools to start an hour later in winter",
        "standfirst": "A trial at two schools found pupils slept longer and were late less often.",
        "body": """Secondary schools in Halden Bay will start at nine o'clock instead of eight from December to February, the education committee decided on Wednesday.

The change follows a trial at Nordvik and Bryggen schools last winter. Pupils there slept on average 34 minutes longer, and lateness fell by a fifth, according to researchers from the university.

Some parents worry about later finishing times and after-school sports. The committee said clubs could start later too, and that school buses would be rescheduled.""",
        "section": "news",
        "authors": ["sam-okafor"],
        "tags": ["Schools", "City council"],
        "state": "published",
        "age": 8,
    },
    {
        "slug": "hospital-opens-new-maternity-ward",
        "headline": "Hospital opens a new maternity ward with twice the beds",
        "standfirst": "The ward replaces rooms built in the 1970s, and midwives say it will end the corridor waits of recent winters.",
        "body": """Halden Bay General Hospital opened its new maternity ward on Monday, with 32 beds instead of 16 and a birthing pool in four of the rooms.

The old ward, built in 1974, was regularly full in winter, and some women waited for beds in a corridor.

"We are finally in a building that matches the care we give," said head midwife Astrid Nygaard.

The ward cost 27 million euros, paid by the regional health authority.""",
        "section": "news",
        "authors": ["northern-wire-service"],
        "tags": ["Health"],
        "state": "published",
        "age": 17,
        "source": ("Northern Wire Service", ""),
    },
    {
        "slug": "council-debates-congestion-charge",
        "headline": "Council to debate a congestion charge for the old town",
        "standfirst": "Drivers would pay four euros to enter the old town on weekdays. Shopkeepers are split.",
        "body": """The council will debate a congestion charge for the old town in January, after the transport committee backed the idea by five votes to four.

Drivers would pay four euros to enter the area between Harbour Street and the castle hill on weekdays between 07:00 and 19:00. Residents, taxis and delivery vans before 10:00 would be exempt.

The committee says the charge would raise about six million euros a year for buses and trams.

Shopkeepers are divided. Some fear customers will go to the out-of-town mall; others say their streets are already too clogged for people to enjoy.""",
        "section": "politics",
        "authors": ["tomasz-nowak"],
        "tags": ["City council", "Trams"],
        "state": "published",
        "age": 24,
    },
    {
        "slug": "island-shop-saved-by-residents",
        "headline": "Gull Island's only shop saved by its customers",
        "standfirst": "Two hundred residents bought shares to keep the shop open after its owner retired.",
        "body": """Gull Island's only shop will stay open after 212 residents bought shares in a cooperative to take it over from its retiring owner.

The shop sells groceries, fuel and ferry tickets, and doubles as the island's post office.

"If it had closed, older people would have had to take the ferry for a pint of milk," said Jorunn Vik, who chairs the new cooperative.

The cooperative raised 86,000 euros, enough to buy the stock and lease the building for ten years.""",
        "section": "news",
        "authors": ["lena-marsh"],
        "tags": ["Islands"],
        "state": "published",
        "age": 27,
    },
    {
        "slug": "lighthouse-keeper-retires",
        "headline": "Last lighthouse keeper on Skarv Rock retires",
        "standfirst": "Arne Haugen kept the light for 31 years. From January it will be watched by cameras from the city.",
        "body": """Arne Haugen switched off the kettle in the keeper's cottage on Skarv Rock for the last time on Friday, after 31 years of keeping the light.

The lighthouse has run automatically since 2004, but the coastal authority kept a keeper on the rock to maintain the equipment and report on the weather. From January, cameras and sensors will do that from a control room in Halden Bay.

"The light does not need me," Haugen said. "But I will miss the light."

He plans to move to Gull Island, where he can still see the beam at night.""",
        "section": "news",
        "authors": ["ines-vogel"],
        "tags": ["Islands", "Harbour"],
        "state": "published",
        "age": 21,
    },
    {
        "slug": "womens-team-reaches-cup-semi-final",
        "headline": "Halden Bay women reach the cup semi-final",
        "standfirst": "Goalkeeper Ida Vang saved two penalties in the shoot-out against the league leaders.",
        "body": """Halden Bay's women's team reached the national cup semi-final on Wednesday after beating the league leaders on penalties.

The match ended 1–1 after extra time. Goalkeeper Ida Vang then saved two of the four penalties she faced.

"I watched their penalties on video for two nights," Vang said. "My boyfriend is very tired of it."

The semi-final will be played at the harbour stadium in March.""",
        "section": "sport",
        "authors": ["jonas-berg"],
        "tags": ["Football"],
        "state": "published",
        "age": 4.5,
    },
    {
        "slug": "shipyard-wins-electric-ferry-order",
        "headline": "Shipyard wins an order for two electric ferries",
        "standfirst": "The order secures about 200 jobs at the Vik yard for three years.",
        "body": """The shipyard at Vik has won an order to build two battery-electric ferries for the island routes, the yard's owners said on Monday.

The ferries will carry 300 passengers and 60 cars each, and charge at the quay in the twelve minutes they spend loading.

The order, worth about 90 million euros, secures around 200 jobs at the yard for three years.""",
        "section": "business",
        "authors": ["priya-raman", "ines-vogel"],
        "tags": ["Ferries", "Jobs", "Climate"],
        "state": "published",
        "age": 25,
        "source": ("Vik Shipyard press release", "https://example.org/vik-yard/electric-ferries"),
    },
]
