"""Demo sections, tags, authors and accounts for the invented port city of Halden Bay."""

PASSWORD = "newsroom-demo"

# username → (first name, last name, group, author slug)
ACCOUNTS = {
    "editor": ("Ruth", "Adeyemi", "Editors", "ruth-adeyemi"),
    "reporter": ("Sam", "Okafor", "Reporters", "sam-okafor"),
    "reporter2": ("Lena", "Marsh", "Reporters", "lena-marsh"),
}

SECTIONS = [
    ("news", "News", "What happened in Halden Bay and on the islands today."),
    ("politics", "Politics", "The council, the harbour board and the people who run the city."),
    ("business", "Business", "Shipping, shops, jobs and the money that moves the port."),
    ("culture", "Culture", "Music, museums, books and the city's night life."),
    ("sport", "Sport", "Halden Bay FC, the sailing club and everyone who runs for fun."),
    ("science", "Science", "Research from the university, the marine station and beyond."),
    ("opinion", "Opinion", "Columns and arguments. The views are the writers' own."),
]

TAGS = [
    "Harbour", "Ferries", "Trams", "Housing", "City council", "Budget", "Schools",
    "Climate", "Football", "Sailing", "Music", "Museums", "Jobs", "Health", "Islands",
]  # fmt: skip

# slug → (name, role, bio, is_organisation)
AUTHORS = {
    "ruth-adeyemi": (
        "Ruth Adeyemi",
        "Managing editor",
        "Ruth runs the newsroom day to day. Before that she covered the harbour for eleven years.",
        False,
    ),
    "sam-okafor": (
        "Sam Okafor",
        "City reporter",
        "Sam covers the council, housing and anything that keeps the city awake at night.",
        False,
    ),
    "lena-marsh": (
        "Lena Marsh",
        "Culture reporter",
        "Lena writes about music, museums and the people who make Halden Bay's evenings.",
        False,
    ),
    "ines-vogel": (
        "Ines Vogel",
        "Transport correspondent",
        "Ines follows ferries, trams and everything that moves through the port.",
        False,
    ),
    "tomasz-nowak": (
        "Tomasz Nowak",
        "Political editor",
        "Tomasz has reported on six council elections and two harbour board scandals.",
        False,
    ),
    "priya-raman": (
        "Priya Raman",
        "Business editor",
        "Priya covers shipping, retail and jobs, and reads annual reports for fun.",
        False,
    ),
    "jonas-berg": (
        "Jonas Berg",
        "Sports writer",
        "Jonas has watched Halden Bay FC in three divisions and still believes.",
        False,
    ),
    "hanna-lind": (
        "Hanna Lind",
        "Science correspondent",
        "Hanna trained as a marine biologist before she started writing about research.",
        False,
    ),
    "marco-ferri": (
        "Marco Ferri",
        "Guest columnist",
        "Marco is an architect who has lived on Kestrel Island for twenty years.",
        False,
    ),
    "northern-wire-service": (
        "Northern Wire Service",
        "News agency",
        "Northern Wire Service supplies regional news to papers around the northern coast.",
        True,
    ),
}
