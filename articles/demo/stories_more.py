"""Demo stories, part two: culture, sport, science, opinion, and pieces still in the workflow."""

STORIES_MORE = [
    {
        "slug": "maritime-museum-reopens-with-a-whale",
        "headline": "Maritime museum reopens with a whale in the hall",
        "standfirst": "After two years of building work, the museum's new hall is dominated by the skeleton of a fin whale found on Kestrel Island in 1896.",
        "body": """The Halden Bay Maritime Museum reopened on Friday after two years and 18 million euros of building work.

Visitors now enter through a glass hall built over the old rope works. Hanging from its ceiling is the 19-metre skeleton of a fin whale that washed up on Kestrel Island in 1896 and spent most of the last century in storage.

## What is new

- A gallery on the port's women dock workers during the Second World War
- A working model of the harbour's 1903 swing bridge
- A children's room where visitors can tie knots and raise sails

"We wanted the museum to feel like the harbour: loud, working and a bit wet," said the director, Karin Holt.

Entry is free for residents until the end of the year.""",
        "section": "culture",
        "authors": ["lena-marsh"],
        "tags": ["Museums", "Harbour"],
        "state": "published",
        "age": 2,
    },
    {
        "slug": "jazz-festival-announces-lineup",
        "headline": "Jazz festival moves to the old grain silo",
        "standfirst": "Organisers say the silo's echo is a feature, not a bug.",
        "body": """The Halden Bay Jazz Festival will hold its main concerts in the old grain silo on the north quay next summer, organisers announced on Wednesday.

The silo, empty since 2009, has been converted into a 900-seat hall. Acoustic engineers have hung felt panels to tame an echo that lasted more than six seconds.

"We kept two seconds of it," said the festival's artistic director, Ola Brandt. "Musicians love it. Trumpets sound like they are playing in a cathedral."

The festival runs from 2 to 6 July. Tickets go on sale in February.""",
        "section": "culture",
        "authors": ["lena-marsh"],
        "tags": ["Music"],
        "state": "published",
        "age": 5,
    },
    {
        "slug": "novel-about-the-1953-flood-wins-prize",
        "headline": "Novel about the 1953 flood wins the coast book prize",
        "standfirst": "Hilde Moen's 'Salt in the Cellar' follows three families through the night the sea came into the old town.",
        "body": """Hilde Moen has won this year's Northern Coast Book Prize for *Salt in the Cellar*, a novel about the flood of February 1953.

The book follows three families in the old town through the night the storm surge broke the harbour wall, and through the year of rebuilding that followed.

The judges called it "a book about how a city decides who to save first". Moen, a former primary school teacher, began writing it after finding her grandmother's diary in a drawer.

The prize is worth 15,000 euros.""",
        "section": "culture",
        "authors": ["lena-marsh"],
        "tags": ["Museums"],
        "state": "published",
        "age": 11,
    },
    {
        "slug": "halden-bay-fc-win-derby",
        "headline": "Halden Bay FC win the derby in stoppage time",
        "standfirst": "A header from substitute Emil Sandvik sealed a 2–1 win over Vik and lifted the team to third.",
        "body": """Halden Bay FC beat Vik 2–1 on Sunday with a header three minutes into stoppage time from the substitute Emil Sandvik.

Vik led at half-time through a penalty from Jonatan Ek after a clumsy challenge in the box. Halden Bay equalised on the hour when captain Nils Haug curled in a free kick.

Sandvik, 19, had been on the pitch for six minutes when he met a corner at the near post.

"I just closed my eyes and jumped," he said. "My mother is going to cry."

The win lifts Halden Bay to third, two points behind the leaders.""",
        "section": "sport",
        "authors": ["jonas-berg"],
        "tags": ["Football"],
        "state": "published",
        "age": 1,
    },
    {
        "slug": "sailing-club-wins-national-title",
        "headline": "Sailing club's youth crew win the national title",
        "standfirst": "Four teenagers from Halden Bay beat thirty crews in light, shifting winds.",
        "body": """A crew of four teenagers from Halden Bay Sailing Club won the national youth keelboat championship on Saturday.

The crew — Maja Eng, Oskar Lie, Tuva Rød and Sander Bakke, all aged 16 or 17 — won four of the nine races in light and shifting winds off Vik.

Their coach, Per Rød, said the crew had trained through the winter in the harbour. "When the wind is light, you win by paying attention for three hours. They did."

The crew will represent the country at the European championship in Kiel next summer.""",
        "section": "sport",
        "authors": ["jonas-berg"],
        "tags": ["Sailing"],
        "state": "published",
        "age": 10,
    },
    {
        "slug": "harbour-swim-returns",
        "headline": "Harbour swim returns after water passes tests",
        "standfirst": "For the first time in forty years, swimmers will race across the inner harbour.",
        "body": """The inner harbour is clean enough to swim in, the city's environment office said on Tuesday, clearing the way for the first harbour swim since 1986.

Water samples taken weekly since May met bathing standards on every occasion, after a decade of work to separate storm drains from sewers.

The 1.5-kilometre race from the fish market to the museum quay will take place on 14 June. Organisers expect 400 swimmers.""",
        "section": "sport",
        "authors": ["jonas-berg", "hanna-lind"],
        "tags": ["Harbour", "Climate"],
        "state": "published",
        "age": 19,
    },
    {
        "slug": "eelgrass-meadow-is-growing",
        "headline": "The bay's eelgrass meadow is growing again",
        "standfirst": "Divers from the marine station found the meadow has doubled in ten years. Cleaner water is the likely reason.",
        "body": """The eelgrass meadow off Kestrel Island has doubled in area since 2016, according to a survey by the university's marine station.

Eelgrass is a flowering plant that grows under water. Its meadows shelter young cod and store carbon in the seabed.

## Why it matters

"Eelgrass is a sign that the water is getting clearer," said Dr Siri Aune, who led the survey. "Light reaches further down, so the plants can grow in deeper water."

The survey used divers and an underwater drone to map 212 hectares of meadow.

The findings matter for the port's plans for a new container berth, which would require dredging near the meadow's northern edge.""",
        "section": "science",
        "authors": ["hanna-lind"],
        "tags": ["Climate", "Harbour"],
        "state": "published",
        "age": 7,
    },
    {
        "slug": "university-tests-quiet-ship-propeller",
        "headline": "University engineers test a quieter ship propeller",
        "standfirst": "The design could cut underwater noise that disturbs porpoises in the bay.",
        "body": """Engineers at Halden Bay University have begun sea trials of a propeller designed to make ships quieter under water.

The propeller's blades are shaped to reduce cavitation — the collapse of tiny bubbles that causes most of the noise ships make.

Underwater noise disturbs harbour porpoises, which use sound to hunt and to find each other. Porpoise numbers in the bay have fallen by about a third since 2000.

The first trials, on a university research boat, cut noise by about 6 decibels. The team hopes to test the design on a ferry next year.""",
        "section": "science",
        "authors": ["hanna-lind"],
        "tags": ["Ferries", "Climate"],
        "state": "published",
        "age": 14,
    },
    {
        "slug": "winter-flu-vaccines-available",
        "headline": "Winter flu vaccines now available at pharmacies",
        "standfirst": "Over-65s, pregnant women and people with long-term illnesses can get the jab free of charge.",
        "body": """Pharmacies across Halden Bay began offering this winter's flu vaccine on Monday.

The vaccine is free for people over 65, pregnant women, health workers and people with long-term illnesses. Others can pay 35 euros.

The regional health authority said last winter's flu season filled the hospital's beds for three weeks in January and urged people to get vaccinated early.""",
        "section": "science",
        "authors": ["northern-wire-service"],
        "tags": ["Health"],
        "state": "published",
        "age": 16,
        "source": ("Northern Wire Service", "https://example.org/nws/flu-vaccines"),
    },
    {
        "slug": "the-tram-will-not-fix-the-ring-road",
        "headline": "The tram will not fix the ring road. Only we can",
        "standfirst": "Line two is a fine thing. But every new lane we build fills up within a year, and we keep acting surprised.",
        "body": """Every city wants a tram. Few ask what it is meant to replace.

Line two is quick, quiet and, now that the ticket machines take cards, a pleasure. But the ring road still carries forty thousand cars a day, and the council is still talking about widening it.

Here is the uncomfortable truth: new lanes fill up. They always have. The quickest way to make traffic worse is to make driving easier.

If we want the tram to change the city, we have to make the trip by car a little less convenient — fewer parking spaces in the old town, a charge at the busiest hours, and buses that connect to the tram rather than compete with it.

None of that is popular. All of it works.""",
        "section": "opinion",
        "authors": ["marco-ferri"],
        "tags": ["Trams", "City council"],
        "state": "published",
        "age": 2.5,
    },
    {
        "slug": "keep-the-fish-market-smell",
        "headline": "Keep the smell of the fish market",
        "standfirst": "A new hall may be safer. But a city that sands off every rough edge ends up looking like everywhere else.",
        "body": """I understand the engineers. Rotten piles are rotten piles.

But when the traders leave the old quay in June, something will go with them that no new hall can hold: the shouting, the gulls, the smell of herring at seven in the morning.

Cities like to tidy themselves. They turn markets into restaurants, warehouses into flats, and working harbours into views. Each decision makes sense. Together they make a place that looks like every other place.

Repair the piles. It will cost more. It will be worth it.""",
        "section": "opinion",
        "authors": ["marco-ferri"],
        "tags": ["Harbour"],
        "state": "published",
        "age": 2.8,
    },
    {
        "slug": "what-the-budget-says-about-us",
        "headline": "What the budget says about us",
        "standfirst": "Closing libraries on Mondays saves little money and says a lot about what we value.",
        "body": """Budgets are moral documents. This one says that a warm, free room full of books matters less than it did last year.

The savings from closing five branch libraries on Mondays come to about 140,000 euros — less than the council spends on consultants in a typical month.

Libraries are where people without a desk do their homework, fill in benefit forms and read the newspaper they can no longer afford. Monday is when many of them need it most.

The council should find the money elsewhere.""",
        "section": "opinion",
        "authors": ["ruth-adeyemi"],
        "tags": ["Budget", "City council"],
        "state": "published",
        "age": 5.5,
    },
    {
        "slug": "dock-workers-agree-new-contract",
        "headline": "Dock workers agree a new three-year contract",
        "standfirst": "The deal includes a 4.5 per cent rise next year and limits on night shifts.",
        "body": """Dock workers at the container terminal voted by 312 to 41 on Friday to accept a three-year contract, ending months of talks.

The deal gives a 4.5 per cent pay rise next year and 3 per cent in each of the following two, and limits each worker to two night shifts a week.

The union had threatened to strike over the new night shift the terminal plans for January.""",
        "section": "business",
        "authors": ["priya-raman"],
        "tags": ["Jobs", "Harbour"],
        "state": "published",
        "age": 22,
    },
    {
        "slug": "new-bike-lanes-on-harbour-street",
        "headline": "Harbour Street gets protected bike lanes",
        "standfirst": "Kerbs will separate cyclists from traffic along the waterfront by spring.",
        "body": """Work began on Monday on protected bike lanes along the length of Harbour Street.

Low kerbs will separate the lanes from traffic, and junctions will get separate signals for cyclists. The work is due to finish in April.

The city counted 4,100 cyclists a day on Harbour Street in September, up from 2,600 three years ago.""",
        "section": "news",
        "authors": ["ines-vogel"],
        "tags": ["City council"],
        "state": "published",
        "age": 13,
        "image": False,
    },
    {
        "slug": "choir-sings-in-the-dry-dock",
        "headline": "A choir of three hundred sings in the dry dock",
        "standfirst": "The city's choirs joined for one evening in the empty dock, whose steel walls carried their voices across the harbour.",
        "body": """Three hundred singers from eleven choirs filled the empty dry dock on Saturday evening for a concert organised by the maritime museum.

The audience stood on the dock's edge and looked down at the singers, whose voices rose off the steel walls.

"It is like singing inside a bell," said conductor Rakel Strand.

The museum hopes to make the concert a yearly event.""",
        "section": "culture",
        "authors": ["lena-marsh"],
        "tags": ["Music", "Museums"],
        "state": "published",
        "age": 26,
    },
    # Scheduled: published with a future time, public at that instant.
    {
        "slug": "new-year-fireworks-move-to-the-islands",
        "headline": "New Year fireworks move to the islands",
        "standfirst": "For the first time, the city's display will be launched from barges off Kestrel Island.",
        "body": """This year's New Year fireworks will be launched from barges anchored off Kestrel Island, the city announced.

Moving the display away from the old town means the harbour front can hold more spectators safely, organisers said. Extra ferries and trams will run until 02:00.""",
        "section": "news",
        "authors": ["sam-okafor"],
        "tags": ["Islands", "Ferries"],
        "state": "scheduled",
        "age": -1.5,
    },
    {
        "slug": "harbour-board-review-published",
        "headline": "Harbour board expenses review: the findings",
        "standfirst": "The independent review of the former chair's expenses is published at noon.",
        "body": """The independent review of Leif Dahl's expenses as chair of the harbour board finds that claims worth 11,400 euros should not have been paid.

The review says the board's own rules were unclear and recommends that all board members' expenses be published every quarter.""",
        "section": "politics",
        "authors": ["tomasz-nowak"],
        "tags": ["Harbour", "City council"],
        "state": "scheduled",
        "age": -3,
    },
    # In review, waiting for an editor.
    {
        "slug": "new-playground-at-sandhamn",
        "headline": "Sandhamn gets the city's largest playground",
        "standfirst": "The playground, built on an old car park, includes a climbing frame shaped like a ship.",
        "body": """A new playground opened at Sandhamn on Saturday on what used to be a car park for the ferry terminal.

Its centrepiece is a climbing frame shaped like a cargo ship, with slides from the bridge and a rope net for a hold.

Parents in the new district had asked for a playground since the first flats were finished.""",
        "section": "news",
        "authors": ["sam-okafor"],
        "tags": ["Housing"],
        "state": "in_review",
        "age": 0.1,
    },
    {
        "slug": "record-shop-turns-fifty",
        "headline": "The record shop on Bryggen turns fifty",
        "standfirst": "Vinylbua has survived cassettes, CDs and streaming. Its owner says the secret is conversation.",
        "body": """Vinylbua, the record shop on Bryggen, celebrates its fiftieth birthday this weekend with concerts in the shop and a sale.

Its owner, Gunnar Lie, took over from his father in 1991. "People do not come here for records," he said. "They come to argue about records."

The shop will host four bands on Saturday afternoon.""",
        "section": "culture",
        "authors": ["lena-marsh"],
        "tags": ["Music"],
        "state": "in_review",
        "age": 0.3,
    },
    # Changes requested, with an editor's note.
    {
        "slug": "bus-drivers-short-staffed",
        "headline": "Bus routes cut as the city runs short of drivers",
        "standfirst": "Three routes will run every half hour instead of every fifteen minutes from December.",
        "body": """The transport authority will reduce services on three bus routes from December because it cannot hire enough drivers.

Routes 4, 7 and 12 will run every thirty minutes instead of every fifteen.

The authority says it has 38 vacancies.""",
        "section": "news",
        "authors": ["sam-okafor"],
        "tags": ["City council", "Jobs"],
        "state": "changes_requested",
        "age": 0.5,
        "note": "Good story. Please add a comment from the drivers' union and say when the authority expects to be fully staffed again.",
    },
    {
        "slug": "street-art-festival-plans",
        "headline": "Street art festival wants the silo walls",
        "standfirst": "Organisers hope to paint the outside of the old grain silo next summer.",
        "body": """The organisers of the Walls festival want to paint the outside of the grain silo on the north quay next summer.

The silo is protected as industrial heritage, so they will need permission from the regional heritage office.""",
        "section": "culture",
        "authors": ["lena-marsh"],
        "tags": ["Music"],
        "state": "changes_requested",
        "age": 0.8,
        "note": "Check with the heritage office before we run this: has anyone actually applied? And the jazz festival is using the silo in July — do the dates clash?",
    },
    # Drafts, still being written.
    {
        "slug": "ferry-fares-to-rise",
        "headline": "Ferry fares to rise by four per cent",
        "standfirst": "",
        "body": """Fares on the island ferries will rise by four per cent from January, Bayline said.

(Need: quote from a commuter, and the fare for a return ticket.)""",
        "section": "news",
        "authors": ["sam-okafor"],
        "tags": ["Ferries"],
        "state": "draft",
        "age": 0.05,
        "image": False,
    },
    {
        "slug": "cinema-reopens-draft",
        "headline": "The Bio cinema plans to reopen",
        "standfirst": "The 1930s cinema on Castle Street has new owners.",
        "body": "Draft: interview with the new owners on Thursday.",
        "section": "culture",
        "authors": ["lena-marsh"],
        "tags": [],
        "state": "draft",
        "age": 0.02,
        "image": False,
    },
    # Withdrawn after publication.
    {
        "slug": "bridge-closure-announced",
        "headline": "Swing bridge to close for a month of repairs",
        "standfirst": "The 1903 bridge will close to traffic in March, the council said.",
        "body": """The swing bridge over the inner harbour will close for a month of repairs in March, the council said.

Traffic will be diverted over the north quay.""",
        "section": "news",
        "authors": ["northern-wire-service"],
        "tags": ["Harbour"],
        "state": "withdrawn",
        "age": 18,
        "source": ("Northern Wire Service", ""),
        "note": "Withdrawn: the council says the dates in the agency copy were wrong and no closure has been decided.",
    },
]
