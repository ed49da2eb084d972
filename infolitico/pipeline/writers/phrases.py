"""The template writer's phrase book: what each kind of act is called, and the moves' wordings.

Placeholders are filled by `template.py`. Every option must read correctly for a person, an
institution and a group, in the past, the planned and the negative mode; facts only ever enter
through placeholders, so a phrase here states interpretation, never a fact.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """How the house talks about one kind of act: its noun, the talk it replaces, its stakes."""

    noun: str  # "outreach": what the act is called
    talk: str  # "coalition talk": the abstraction the act turns concrete
    arena: str  # where the act lands, as a noun phrase
    gain: str  # what the act gave the subject, ending the dek
    plain: str  # the act described generically, as a gerund phrase
    big: str  # what the report did not require of the subject (infinitive, no "to")
    unclaimed: tuple[str, ...]  # things the report did not claim
    absurd: tuple[str, ...]  # the one understated absurd phrase, as a noun phrase
    why: tuple[str, ...]  # why doing the plain thing counts as a win


FAMILIES: dict[str, Family] = {
    "outreach": Family(
        "outreach",
        "coalition talk",
        "an argument usually conducted through statements and careful positioning",
        "a direct role in a conversation usually held at a careful distance",
        "contacting the people involved",
        "settle the disagreements behind it",
        ("a new platform", "a major speech", "an endorsement", "a policy shift"),
        (
            "the daring tactic of contacting the people one hopes to reach",
            "the little-practised art of starting the conversation oneself",
            "the communications breakthrough of dialling the number",
        ),
        (
            "Calls for dialogue are plentiful; dialogue with named people is much rarer, and "
            "the {noun} supplied some.",
            "Promising to listen is a familiar move, while picking up the phone is a less familiar "
            "one, and the report describes the second.",
        ),
    ),
    "legislation": Family(
        "vote",
        "floor brinkmanship",
        "a process better known for deadlines than for results",
        "a finished result in a process more often measured in deadlines",
        "moving a measure through to a vote",
        "resolve the larger argument around it",
        ("a grand bargain", "a sweeping overhaul", "a final word on the wider dispute"),
        (
            "the legislative novelty of voting on the thing being discussed",
            "the procedural equivalent of handing in the homework before the bell",
            "the rarely attempted manoeuvre of reaching the end of the agenda",
        ),
        (
            "Legislatures generate debate as a matter of course; a completed vote is the part "
            "that takes effort, and this was one.",
            "The gap between arguing over a measure and passing one is where most measures go to "
            "wait, and this one did not wait.",
        ),
    ),
    "signing": Family(
        "signing",
        "policy talk",
        "debates that often stall somewhere between drafting and law",
        "a finished piece of law in a debate usually stuck at the drafting stage",
        "putting a signature where the bill asks for one",
        "predict how the law will work",
        ("how the law will be enforced", "its reception", "a broader agenda"),
        (
            "the executive technique of putting pen to the line marked for pens",
            "the little-celebrated craft of finishing the paperwork",
        ),
        (
            "Bills are drafted, amended and argued over at length; the signature is the step that "
            "turns all of that into law, and it was taken.",
            "A signed bill is a fact rather than a position, which makes the signing easier to "
            "credit than most of what surrounds it.",
        ),
    ),
    "veto": Family(
        "veto",
        "policy hedging",
        "a debate in which officials often prefer to keep their options open",
        "a clear, on-the-record position in a debate where many prefer to stay vague",
        "rejecting a bill outright",
        "settle the argument over the bill",
        ("an alternative proposal", "a timetable for what follows", "a broader agenda"),
        (
            "the executive branch’s oldest one-word argument",
            "the rare administrative act of saying no on paper",
        ),
        (
            "A veto is the least ambiguous thing an executive can do with a bill, and ambiguity was "
            "the easier option.",
            "Officials are often rewarded for staying vague; the veto was the opposite of vague.",
        ),
    ),
    "decision": Family(
        "decision",
        "speculation",
        "a process that usually invites more forecasting than finishing",
        "a settled position in a field crowded with forecasts",
        "making a call and letting it be known",
        "explain every consequence of the call",
        ("a full rationale", "reactions from elsewhere", "what happens after"),
        (
            "the institutional luxury of deciding something on schedule",
            "the bold administrative step of choosing one option out of several",
        ),
        (
            "Forecasts about the {noun} were never in short supply; the {noun} itself was the scarce item.",
            "A decision ends a round of guessing, which is a service the guessing rarely performs "
            "for itself.",
        ),
    ),
    "announcement": Family(
        "announcement",
        "teasers",
        "an industry that usually runs on hints and rumours",
        "a concrete piece of news in a cycle usually fed by rumour",
        "saying the thing out loud",
        "supply details it did not give",
        ("a release date beyond the one stated", "sales figures", "reviews"),
        (
            "the radical communications strategy of simply telling people",
            "the seldom-tried method of announcing the news instead of hinting at it",
        ),
        (
            "Hints keep an audience waiting; an announcement ends the waiting, and the {noun} did "
            "exactly that.",
            "The industry around the {noun} trades in rumour, which makes a plain statement of fact "
            "unusually valuable.",
        ),
    ),
    "launch": Family(
        "unveiling",
        "product hype",
        "a business in which anticipation often outlasts the product",
        "a real product on the table in a market that trades on anticipation",
        "showing the thing instead of describing it",
        "guarantee how it will be received",
        ("prices", "sales figures", "reviews"),
        (
            "the rare corporate feat of making the product exist",
            "the bold marketing idea of letting people see the item",
        ),
        (
            "Anticipation is the usual product in this business; the {noun} swapped it for the actual one.",
            "Previews can run for months; an unveiling puts the object on the table, which is where "
            "it can be judged.",
        ),
    ),
    "release": Family(
        "release",
        "roadmap talk",
        "a sector that often announces more than it ships",
        "a shipped product in a sector more fluent in roadmaps",
        "putting the product in users’ hands",
        "guarantee how it will be received",
        ("benchmarks", "prices", "reviews"),
        (
            "the software equivalent of actually pressing publish",
            "the uncommon practice of shipping the thing that was promised",
        ),
        (
            "Roadmaps are easy to publish; releases are harder, and this was a release.",
            "Shipping is the part of the job that cannot be done in a slide deck, and it was done.",
        ),
    ),
    "meeting": Family(
        "meeting",
        "summit speculation",
        "a diplomacy often conducted through statements at a distance",
        "a seat at the same table in a diplomacy usually conducted at a distance",
        "sitting down with the other side",
        "produce an agreement on the spot",
        ("an agreement", "a joint statement", "an outcome"),
        (
            "the diplomatic breakthrough of being in the same room",
            "the time-honoured negotiating tactic of turning up",
        ),
        (
            "Statements can be traded across any distance; a {noun} requires people in one place, "
            "which is the harder arrangement.",
            "Talks about talks are common; the {noun} is the version with chairs.",
        ),
    ),
    "visit": Family(
        "visit",
        "long-distance posturing",
        "a public life usually conducted through statements and screens",
        "a physical presence in a public life usually conducted through screens",
        "going there in person",
        "resolve anything beyond the visit itself",
        ("an agreement", "a policy change", "an outcome"),
        (
            "the logistical marvel of physically arriving",
            "the travel-heavy strategy of being where the story is",
        ),
        (
            "Positions can be stated from anywhere; a {noun} requires showing up, and showing up "
            "was the act.",
            "Distance makes every dispute easier to talk about and harder to handle, and the {noun} "
            "closed the distance.",
        ),
    ),
    "win": Family(
        "win",
        "predictions",
        "a contest in which forecasts are cheap and results are not",
        "a result on the board in a contest that rewards only results",
        "finishing ahead",
        "predict what comes next",
        ("what comes next", "reactions from rivals", "a margin beyond the result stated"),
        (
            "the old-fashioned method of finishing first",
            "the competitive innovation of collecting the result instead of the praise",
        ),
        (
            "Predictions are free and plentiful; the result is the one thing that cannot be "
            "predicted into existence, and it went the right way.",
            "Contests are decided by outcomes rather than by intentions, which makes this {noun} "
            "self-explanatory.",
        ),
    ),
    "record": Family(
        "milestone",
        "hype",
        "a field that usually measures itself in projections",
        "a measurable mark in a field that usually deals in projections",
        "going past the existing mark",
        "explain what the mark will lead to",
        ("what comes next", "how long the mark will stand", "reactions from rivals"),
        (
            "the numerically ambitious choice of going past where the line used to be",
            "the statistical courage of exceeding the previous number",
        ),
        (
            "Milestones are easy to project and hard to reach; this one was reached.",
            "A mark either gets passed or it does not, which leaves little room for spin in either "
            "direction.",
        ),
    ),
    "statement": Family(
        "statement",
        "vague signalling",
        "a debate in which positions are often left deliberately blurry",
        "a clear position on the record in a debate usually full of hedges",
        "saying it plainly and on the record",
        "back the words with anything beyond the words",
        ("a detailed plan", "a timetable beyond the one stated", "evidence beyond the statement"),
        (
            "the little-used rhetorical device of meaning what one says",
            "the communications breakthrough of a sentence with a clear verb in it",
        ),
        (
            "A clear statement can be quoted back later, which is exactly why so few are made.",
            "Hedging is the default in this kind of debate; a plain statement is the exception, and "
            "this was one.",
        ),
    ),
    "endorsement": Family(
        "endorsement",
        "coy neutrality",
        "a season in which many prefer to wait and see",
        "a clear side in a season when many wait to see who wins",
        "naming a preferred candidate out loud",
        "explain every implication of the choice",
        ("a campaign role", "a timetable", "reactions from rivals"),
        (
            "the radical transparency of saying whom one supports",
            "the uncommon practice of picking a side before being asked twice",
        ),
        (
            "Waiting to see who wins is the safer course; an endorsement gives that up, which is "
            "what makes it count.",
            "Neutrality is comfortable and endorsements are not, and the {noun} chose the "
            "uncomfortable option.",
        ),
    ),
    "appointment": Family(
        "appointment",
        "personnel speculation",
        "a process often stalled by vacancies and shortlists",
        "a filled position in a process that often leaves chairs empty",
        "putting a name in the job",
        "predict how the choice will work out",
        ("a policy programme", "a reaction from rivals", "a timetable"),
        (
            "the organisational wonder of filling a chair with a person rather than a memo",
            "the staffing innovation of choosing someone",
        ),
        (
            "Shortlists can be debated indefinitely; an {noun} ends the debate by filling the job.",
            "Vacancies are the natural state of many processes, and the {noun} interrupted one.",
        ),
    ),
    "investment": Family(
        "investment",
        "strategy talk",
        "an industry that announces ambitions faster than it funds them",
        "a committed figure in an industry fond of ambitions",
        "attaching money to a plan",
        "show what the spending will produce",
        ("returns", "a timetable beyond the one stated", "a list of sites"),
        (
            "the financial technique of putting money where the press release is",
            "the boardroom novelty of funding the thing described",
        ),
        (
            "Ambitions cost nothing to announce; an {noun} comes with a price attached, and this one did.",
            "Strategy decks are cheap, and the {noun} was the expensive, concrete kind of statement.",
        ),
    ),
    "hiring": Family(
        "hiring plan",
        "labour-market talk",
        "an economy discussed mostly in forecasts",
        "a concrete staffing commitment in an economy usually discussed in forecasts",
        "adding people to do the work",
        "show how the jobs will be filled",
        ("wages", "locations", "how long the jobs will last"),
        (
            "the staffing breakthrough of employing people to do the work",
            "the operational insight that more work needs more workers",
        ),
        (
            "Forecasts about jobs are abundant; jobs themselves are the part that counts, and the "
            "plan is about jobs.",
            "Hiring is the least abstract thing a company can announce, which is what makes it creditable.",
        ),
    ),
    "pricing": Family(
        "price change",
        "pricing chatter",
        "a market in which price talk is constant and price moves are not",
        "a real number on the label in a market full of price talk",
        "changing what customers pay",
        "explain every effect on customers",
        ("how customers responded", "figures beyond those reported", "a timetable"),
        (
            "the arithmetic courage of changing the number on the tag",
            "the retail technique of editing the price itself",
        ),
        (
            "Prices are discussed endlessly and changed rarely; the {noun} was the rare kind.",
            "A price is the most literal statement a company makes, and this one was rewritten.",
        ),
    ),
    "trade": Family(
        "trade",
        "trade rumours",
        "a league in which rumours travel faster than paperwork",
        "a completed deal in a league that runs on rumour",
        "completing the deal",
        "predict how the move will play out",
        ("terms beyond those reported", "what the move will produce", "reactions from rivals"),
        (
            "the front-office marvel of finishing the paperwork",
            "the roster-building method of actually acquiring the player",
        ),
        (
            "Rumours are the league’s most abundant product; a completed {noun} is much rarer.",
            "A deal that closes is worth more than a dozen that are discussed, and this one closed.",
        ),
    ),
    "settlement": Family(
        "settlement",
        "courtroom brinkmanship",
        "disputes that can run for years",
        "an ending in a dispute that could have run for years",
        "agreeing to resolve the case",
        "explain every term of the agreement",
        ("an admission of wrongdoing", "how the money will be distributed", "further terms"),
        (
            "the legal manoeuvre of ending an argument by agreeing to end it",
            "the courtroom shortcut of signing instead of suing",
        ),
        (
            "Litigation can run on indefinitely; a {noun} is the step that stops the clock.",
            "Fighting a case is the default, and resolving one is the exception, and this was the exception.",
        ),
    ),
    "plan": Family(
        "plan",
        "policy slogans",
        "a debate long on slogans and short on documents",
        "a written proposal in a debate long on slogans",
        "putting a plan on paper",
        "show that the plan will work",
        ("a vote", "a costing", "a timetable beyond the one stated"),
        (
            "the policy innovation of writing the plan down",
            "the bureaucratic thrill of a document with headings",
        ),
        (
            "Slogans are easy to repeat; a {noun} can be read, argued with and measured, which is "
            "why it counts.",
            "The debate had no shortage of promises, and the {noun} gave it a document instead.",
        ),
    ),
    "rally": Family(
        "rally",
        "campaign chatter",
        "a politics often measured in online attention",
        "a physical audience in a politics usually measured online",
        "showing up where people could gather in person",
        "say what the turnout will mean",
        ("a platform", "a poll", "a crowd count beyond the one reported"),
        (
            "the retail-politics technique of standing where people can see you",
            "the analogue strategy of gathering people in one place",
        ),
        (
            "Online attention is cheap to generate; a room, or a field, full of people is not.",
            "Campaigns talk about energy constantly, and a gathering is the version of energy that "
            "can be seen.",
        ),
    ),
    "ceremony": Family(
        "celebration",
        "ceremonial expectation",
        "an institution that measures time in centuries",
        "a first act in office in an institution that measures time in centuries",
        "performing the duty itself",
        "explain everything that comes next",
        ("a programme", "a change of direction", "reactions from elsewhere"),
        (
            "the institutional novelty of doing the job on the first day",
            "the workplace classic of starting by doing the work",
        ),
        (
            "Offices are often judged by their first acts, and this first act was the job itself.",
            "Ceremony is the expected part of the role; performing it is still the work, and the "
            "work was done.",
        ),
    ),
    "joining": Family(
        "move",
        "sideline commentary",
        "an area usually discussed from the stands",
        "a stake in something usually discussed from the sidelines",
        "signing on rather than watching",
        "explain what the role will involve",
        ("the size of the stake", "a role beyond the one reported", "a timetable"),
        (
            "the investor’s approach of joining rather than watching",
            "the participatory strategy of buying in instead of commenting",
        ),
        (
            "Commentary is free; joining costs something, which is what makes it count.",
            "Watching from the sidelines is the default, and the {noun} abandoned the default.",
        ),
    ),
    "withdrawal": Family(
        "decision",
        "speculation",
        "a cycle that thrives on open questions",
        "a settled answer in a cycle that feeds on open questions",
        "answering the question directly",
        "explain every reason behind it",
        ("a reason beyond the one reported", "an endorsement", "a future plan"),
        (
            "the underrated political skill of answering the question that was asked",
            "the communications novelty of ending the speculation by ending it",
        ),
        (
            "An open question can be milked for months; answering it gives up that attention, which "
            "is the point.",
            "Clarity is rarely the easy option in a cycle like this, and the {noun} chose it.",
        ),
    ),
    "speech": Family(
        "speech",
        "talking points",
        "a setting in which speaking is constant and attention is not",
        "a defining moment in a setting where speeches rarely land",
        "holding the floor",
        "explain what the speech will change",
        ("a vote", "a reaction from rivals", "a result beyond the speech itself"),
        (
            "the endurance event of continuing to talk long after anyone else would sit down",
            "the oratorical strategy of simply not stopping",
        ),
        (
            "Speeches are common and memorable ones are not, and this one made the record.",
            "Holding the floor is an act of stamina as much as argument, and the stamina was supplied.",
        ),
    ),
    "act": Family(
        "move",
        "commentary",
        "a news cycle that usually rewards commentary over action",
        "a concrete act in a news cycle usually driven by commentary",
        "doing the thing itself",
        "explain everything that follows from it",
        ("a broader agenda", "reactions from elsewhere", "figures beyond those reported"),
        (
            "the seldom-attempted strategy of doing the thing being discussed",
            "the practical innovation of acting rather than previewing",
        ),
        (
            "Commentary about the {noun} would have been easy; the {noun} itself was the harder and "
            "more useful thing.",
            "Most news cycles reward describing action over taking it, and this {noun} was the taking kind.",
            "Intentions are announced all the time; the {noun} was an intention that got as far as "
            "happening.",
            "The {noun} is the part of a story that usually goes missing behind {talk}, and here it did not.",
            "{A_noun} that actually happens is worth more than several that are merely discussed, and "
            "this one happened.",
        ),
    ),
}

# Abstractions for an act the phrase book has no family for, drawn per event for variety.
FALLBACK_TALK = ("commentary", "speculation", "punditry", "hand-wringing")

# Act kinds another stage may use, mapped to the family that talks about them.
KIND_FAMILY: dict[str, str] = {
    "outreach": "outreach",
    "contact": "outreach",
    "call": "outreach",
    "legislation": "legislation",
    "vote": "legislation",
    "passage": "legislation",
    "signing": "signing",
    "sign": "signing",
    "law": "signing",
    "veto": "veto",
    "decision": "decision",
    "ruling": "decision",
    "policy": "decision",
    "announcement": "announcement",
    "launch": "launch",
    "unveiling": "launch",
    "product": "launch",
    "release": "release",
    "meeting": "meeting",
    "talks": "meeting",
    "visit": "visit",
    "trip": "visit",
    "travel": "visit",
    "win": "win",
    "victory": "win",
    "award": "win",
    "election": "win",
    "sport": "win",
    "score": "win",
    "record": "record",
    "milestone": "record",
    "statement": "statement",
    "speech": "speech",
    "remarks": "statement",
    "endorsement": "endorsement",
    "appointment": "appointment",
    "nomination": "appointment",
    "investment": "investment",
    "hiring": "hiring",
    "jobs": "hiring",
    "pricing": "pricing",
    "price": "pricing",
    "trade": "trade",
    "acquisition": "trade",
    "deal": "settlement",
    "settlement": "settlement",
    "agreement": "settlement",
    "plan": "plan",
    "proposal": "plan",
    "rally": "rally",
    "event": "rally",
    "tour": "rally",
    "appearance": "rally",
    "ceremony": "ceremony",
    "joining": "joining",
    "join": "joining",
    "withdrawal": "withdrawal",
    "declining": "withdrawal",
    "completion": "record",
    "legal": "decision",
    "move": "act",
    "action": "act",
}

# Kinds precise enough to beat the verb; the broad ones ("action", "deal") defer to it.
SPECIFIC_KINDS = {
    "pricing",
    "election",
    "endorsement",
    "appointment",
    "hiring",
    "investment",
    "outreach",
    "record",
    "launch",
    "visit",
    "meeting",
    "plan",
    "statement",
    "win",
    "appearance",
}

# The verb a claim opens with, when the act's kind is unknown to this phrase book.
VERB_FAMILY: dict[str, str] = {
    "reach out": "outreach",
    "contact": "outreach",
    "call": "outreach",
    "phone": "outreach",
    "pass": "legislation",
    "approve": "legislation",
    "vote": "legislation",
    "sign": "signing",
    "veto": "veto",
    "hold": "decision",
    "keep": "decision",
    "agree to hear": "decision",
    "rule": "decision",
    "decide": "decision",
    "cut": "decision",
    "raise": "pricing",
    "lower": "pricing",
    "announce": "announcement",
    "confirm": "announcement",
    "reveal": "announcement",
    "unveil": "launch",
    "launch": "launch",
    "introduce": "launch",
    "debut": "launch",
    "release": "release",
    "ship": "release",
    "roll out": "release",
    "meet": "meeting",
    "host": "meeting",
    "talk": "meeting",
    "visit": "visit",
    "travel": "visit",
    "tour": "visit",
    "win": "win",
    "score": "win",
    "beat": "win",
    "defeat": "win",
    "clinch": "win",
    "take": "win",
    "reach": "record",
    "become": "record",
    "break": "record",
    "set": "record",
    "top": "record",
    "hit": "record",
    "surpass": "record",
    "end": "speech",
    "say": "statement",
    "call for": "statement",
    "vow": "statement",
    "warn": "statement",
    "urge": "statement",
    "pledge": "statement",
    "promise": "statement",
    "endorse": "endorsement",
    "back": "endorsement",
    "name": "appointment",
    "appoint": "appointment",
    "nominate": "appointment",
    "pick": "appointment",
    "hire": "hiring",
    "invest": "investment",
    "spend": "investment",
    "trade": "trade",
    "acquire": "trade",
    "buy": "trade",
    "sign with": "trade",
    "settle": "settlement",
    "agree": "settlement",
    "pay": "settlement",
    "plan": "plan",
    "propose": "plan",
    "draw": "rally",
    "bring": "rally",
    "rally": "rally",
    "lead": "rally",
    "celebrate": "ceremony",
    "join": "joining",
    "run": "withdrawal",
    "quit": "withdrawal",
    "drop": "withdrawal",
    "step down": "withdrawal",
    "deliver": "speech",
    "speak": "speech",
    "give": "speech",
    "address": "speech",
}

# Verbs too broad to name the act on their own ("take", "hold"): the act's kind decides first.
BROAD_VERBS = {
    "take",
    "make",
    "get",
    "hold",
    "end",
    "bring",
    "give",
    "lead",
    "set",
    "top",
    "hit",
    "cut",
    "raise",
    "lower",
    "call",
    "draw",
    "back",
    "name",
    "keep",
    "pay",
    "agree",
    "reach",
    "become",
    "run",
    "break",
    "beat",
    "buy",
    "plan",
    "score",
    "win",
    "say",
    "drop",
    "agree to hear",
}

# Objects that make an unveiling a plan rather than a product.
PLAN_WORDS = {
    "plan",
    "plans",
    "proposal",
    "proposals",
    "strategy",
    "blueprint",
    "framework",
    "budget",
    "roadmap",
    "agenda",
    "reforms",
    "reform",
    "package",
}

# Sentence openers that vary generic sentences without adding a fact; "" keeps the sentence bare.
OPENERS = (
    "",
    "",
    "",
    "On the record, ",
    "Read plainly, ",
    "In practical terms, ",
    "Strictly speaking, ",
    "By any fair reading, ",
    "Taken at face value, ",
    "As reported, ",
    "Seen from here, ",
    "In the end, ",
    "All told, ",
    "Put simply, ",
)

LEDE_TAIL = (
    "placing {desc} squarely inside {arena}",
    "a plain act that put {desc} on the record in {arena}",
    "which moved {desc} from the commentary around {talk} to the thing itself",
    "giving {desc} a concrete part in {arena}",
    "and in doing so took {desc} out of the abstract and into {arena}",
    "an act that set {desc} down in the middle of {arena}",
    "a more literal contribution than most to {arena}",
    "leaving {desc} with something firmer than {talk} to show for it",
)

LEDE_SECOND = (
    "The report described the {noun} in plain terms, and plain terms are where this story starts.",
    "Nothing about the {noun} needed decoding, since the report said plainly what happened.",
    "The {noun} arrived without the usual fog of {talk}, which is itself a kind of news.",
    "That is the whole event, and it is more than a round of {talk} usually yields.",
    "In a field crowded with {talk}, the report offered something easier to verify: an act.",
    "The {noun} was reported as a fact rather than a mood, which is rarer than it should be.",
    "The sequence was short, first the {noun} and then the report of it, and both were plain.",
)

LEDE_THIRD = (
    "Everything below follows from that one reported {noun}.",
    "What follows takes the {noun} at face value, which is also how {reporter} presented it.",
    "The rest of the story is about why {a_noun} so plain still counts.",
    "This account keeps to that {noun} and to what the report said about it.",
)

WIN_FIRST = (
    "That counts as a win for {short}, and a clean one, because the {noun} can be checked.",
    "Call the {noun} what it is: a win for {short}, earned by doing rather than by describing.",
    "The win for {short} is easy to name, since the {noun} happened and someone reported it.",
    "For {short}, the {noun} was the rare asset that needs no spin to count.",
    "This is a victory for {short} in the most literal sense: {a_noun} that actually happened.",
    "Scored plainly, the {noun} goes down as a win for {short}.",
    "The {noun} handed {short} a win of the sturdiest sort, the kind that survives a fact-check.",
    "Here the win belongs to {short}, and it is the {noun} itself rather than anything said about it.",
)

WIN_SECOND = (
    "There is never a shortage of {talk}; acts like this one are scarcer.",
    "Most of the energy around {talk} goes into explaining what should happen, and the {noun} "
    "skipped ahead to the part where something did.",
    "There is a real gap between {plain} in theory and {plain} in fact, and {short} ended up on "
    "the useful side of it.",
    "Promises of {plain} are easy to make, and the report describes the real thing instead.",
    "The {noun} replaced a round of {talk} with a single verifiable event.",
)

WIN_THIRD = (
    "The distinction sounds small until one counts how rarely a round of {talk} ends this way.",
    "That is the whole case for the {noun} as a win, and it does not need embellishing.",
    "The {noun} may not change everything, but it changed the record, which is where wins are kept.",
    "The {noun} was modest, and the modesty is part of why it counts.",
    "Small, checkable wins are still wins, and the {noun} is both small and checkable.",
    "Few {noun} stories are this easy to score, which is a point in this one’s favour.",
)

SCOPE_FIRST = (
    "{Reporter} centred the story on the {noun} itself, not on {not1} or {not2}.",
    "The report kept its focus tight: the {noun}, and not {not1} or {not2}.",
    "{Reporter_poss} account was about the {noun} alone; it did not describe {not1} or {not2}.",
    "What {reporter} reported was the {noun}, with no mention of {not1} or {not2}.",
    "The story {reporter} told was narrow by design, covering the {noun} and leaving out {not1} and {not2}.",
)

SCOPE_NUMBERS = (
    "The only figures in the report are the ones in its own account of the {noun}, and none are added here.",
    "Whatever numbers the report gave, it gave in the claim itself, and this account adds none of its own.",
)

SCOPE_NO_NUMBERS = (
    "The report offered no figures, quotes or reactions around the {noun}, and none are supplied here.",
    "There were no numbers attached to the {noun}, no quotes and no reactions, and this account "
    "invents none.",
    "It came without figures or quotes, which is fine, because the {noun} does not need them.",
    "No quote accompanied the {noun} in the report, and no figure either, so neither appears here.",
)

SCOPE_SECOND = (
    "The report did not claim that the {noun} would {big}; it recorded that it {happened}.",
    "Nothing in it suggested the {noun} would {big}, and nothing here suggests it either.",
    "The report never asked the {noun} to {big}, and this account does not ask that of it.",
)

SCOPE_ATTRIBUTION = (
    "It rested on what {attribution} said, and this account goes no further than that.",
    "The report relied on {attribution}, and the claim is kept here exactly as they put it.",
)

SCOPE_THIRD = (
    "That narrow frame is what makes the {noun} readable as a win.",
    "Keeping to that scope is part of the point, because the {noun} is sufficient on its own.",
    "The smaller claim about the {noun} is the sturdier one, and it is the one the report made.",
    "Read that way, the story is less about consequences than about the {noun} itself.",
    "An honest scope is part of the {noun} story here, not a caveat to it.",
)

PARTICIPANT_FIRST = (
    "{P_poss} inclusion made the {noun} specific rather than general, tying {short} to a named "
    "{pkind} instead of a safer abstraction.",
    "Naming {P} gave the {noun} an address, which is more than most {talk} can claim.",
    "With {P} in the picture, the {noun} had someone identifiable on the other end of it.",
    "{P} turned the {noun} from a gesture into something with a named counterpart.",
    "The presence of {P} in the report is what kept the {noun} from being merely atmospheric.",
)

PARTICIPANT_FIRST_PLACE = (
    "The setting, {P}, gave the {noun} a location instead of a mood.",
    "Putting {P} in the claim anchored the {noun} to a particular place.",
    "The mention of {P} made the {noun} something that happened somewhere specific.",
)

PARTICIPANT_DESCRIBED = (
    "{P}, {pdesc}, gave the {noun} a counterpart with a defined role.",
    "As {pdesc}, {P} brought a defined role to the {noun}.",
)

PARTICIPANT_CONTEXT = (
    "{P}, {pclause}, gave the {noun} a counterpart whose place in the story was already on record.",
    "The {noun} reached {P}, {pclause}, and that record is what gave the pairing its weight.",
    "What {P} added was a history: {P}, {pclause}, came to the {noun} with a record already attached.",
)

PARTICIPANT_SILENT = (
    "The report did not say how {P} responded to the {noun}, and no response is invented here.",
    "How {P} saw the {noun} was not part of the report, which leaves the act to speak for itself.",
    "Whatever {P} made of it, the report did not say, and the win does not depend on it.",
    "The report left the response of {P} out of its account of the {noun}, and so does this one.",
)

PARTICIPANT_MORE = (
    "Including {P} widened the {noun} beyond a single counterpart.",
    "{P} added a second name to the {noun}, and with it a second reason to take it seriously.",
    "The mention of {P} meant the {noun} reached more than one party.",
)

PARTICIPANT_ADDS = (
    "{A_noun} with a named counterpart is harder to dismiss as posture, and this one had {P}.",
    "Gesturing toward {P} in general terms is one thing and involving {P} by name is another, "
    "and the report describes the second.",
    "{P} gave the {noun} a specific audience, which is what separates an act from an "
    "announcement about acts.",
    "That specificity matters, because {a_noun} aimed at everyone in general tends to reach "
    "no one in particular.",
    "Without {P}, the {noun} would have been a gesture at a category; with {P}, it had an "
    "actual name attached.",
)

ABSURD = (
    "In practice, the {noun} amounted to {absurd}.",
    "Put plainly, it was {absurd}.",
    "The method on display was {absurd}.",
    "Students of {talk} may file it under {absurd}.",
)

ABSURD_PLANNED = (
    "If it goes ahead as reported, the {noun} will amount to {absurd}.",
    "Should it happen as planned, it will be {absurd}.",
)

# Words that say an act already happened; a planned act never gets these sentences.
PAST_ONLY = (
    "happened",
    "took place",
    "earned by doing",
    "was the news",
    "did exactly that",
    "skipped ahead",
    "got as far as",
    "this one closed",
    "went the right way",
    "was reached",
    "was done",
    "supplied some",
    "verifiable event",
    "filled it with an event",
    "amounted to",
    "was the taking kind",
    "itself was the news",
    "method on display",
)

ACT_OBJECT = (
    "The {noun} had a plain object, exactly as the report told it: {obj}.",
    "The report named the object of the {noun} plainly: {obj}.",
    "The report said what the {noun} was about without decoration: {obj}.",
)

ACT_SETTING = (
    "The report placed it {setting}, a detail that gives the act a location rather than a mood.",
    "The report put the {noun} {setting}, one of the few details it supplied.",
)

ACT_PURPOSE = (
    "Its stated purpose, {purpose}, gave the {noun} its stakes.",
    "The stakes came with the claim itself: the point was {purpose}.",
)

ACT_GENERIC = (
    "The report treated the {noun} as news in itself, and on the evidence it was right to.",
    "{A_noun} this plain tends to be underrated precisely because it is easy to describe.",
    "None of this required a grand theory; it required {plain}, which is what {happened_short}.",
    "{Plain} is not glamorous work, and it is rarely rewarded in the moment.",
    "The {noun} was simple enough to describe in a line, which is usually a good sign.",
    "It left little room for interpretation, and that is much of the {noun}’s appeal.",
    "There was no need for a second act, because the {noun} itself was the news.",
    "The plainness of the {noun} is not a weakness of the story; it is the story.",
    "{Plain} rarely makes for dramatic television, which may be why it is so often skipped.",
    "The {noun} belongs to the category of things that are easier to do than to keep talking about.",
    "Plenty of {talk} could have filled the same space; the {noun} filled it with an event instead.",
    "If the {noun} looks small, that is because concrete things usually do next to {talk}.",
    "{A_noun} of this sort rarely gets a second look, and it deserves one here.",
    "There was a version of this story made entirely of {talk}; the report described the other version.",
    "The {noun} did not arrive with a manifesto attached, and it did not need one.",
    "What made the {noun} legible was its size: small enough to check, large enough to count.",
    "The report gave the {noun} one line, and one line turned out to be enough.",
    "Nothing about the {noun} depended on a forecast, which is refreshing in itself.",
    "There is no hidden clause in the {noun}; what was reported is what there is.",
    "As acts go, the {noun} was the kind anyone who reads the report can verify.",
)

# Nouns for an act the phrase book has no family for, so such stories do not all say "move".
FALLBACK_NOUNS = ("move", "step", "action")

KICKER_FIRST = (
    "The {noun} left {short} looking less like a subject of {talk} and more like a participant in events.",
    "Where this goes next is not in the report, and it is not needed to score the {noun}.",
    "It leaves {short} with something concrete to point to, which is more than a round of {talk} usually "
    "supplies.",
    "For now, {short} {has} the record on {their} side, and the record is short.",
    "The {noun} left {short} in the unusual position of being credited for the act rather than "
    "the intention.",
)

KICKER_SECOND = (
    "{Reporter_poss} report did not ask {them} to {big}; it recorded the {noun}.",
    "Nobody needed the {noun} to be more than it was.",
    "The report made a small claim about the {noun}, and the small claim holds.",
    "No larger story was required for the {noun} to count.",
)

KICKER_MIDDLE = (
    "What it does show is {short} choosing the concrete option when the abstract one was available.",
    "The {noun} may be followed by larger things or by nothing at all, and the report did not guess which.",
    "The {noun} makes a modest record, but modest records have a way of outlasting loud ones.",
    "In a crowded week, the {noun} was the item that could be stated in a single clause.",
    "Whatever comes after the {noun}, it will start from something that actually happened.",
)

KICKER_LAST = (
    "The win was not rhetorical; it was the act {reporter} described: {kact}.",
    "Strip away the commentary and the record is brief: {kact}.",
    "For {short}, the lesson fits in a line: {kact}.",
    "Everything else is commentary; the fact is that {kact}.",
    "The plain version is the only one needed: {kact}.",
    "Reduced to its verb, the report says it best: {kact}.",
)

DEK = (
    "{Reporter} reported{cite} that {short} {did}, giving {desc} {gain}.",
    "{Reporter} reported{cite} that {short} {did}, which gave {desc} {gain}.",
    "{Reporter} reported{cite} that {short} {did}, an act that handed {desc} {gain}.",
)

HEADLINE = (
    "{Short} Turn{s} {Talk} Into Actual {Noun} {Tail}",
    "{Short} Skip{s} The {Talk} And {Verb} {Rest}",
    "{Short} Move{s} Past {Talk} And {Verb} {Rest}",
    "{Short} Trade{s} {Talk} For The Real Thing And {Verb} {Rest}",
    "{Short} Swap{s} {Talk} For Action And {Verb} {Rest}",
)

READING = (
    "There is a broader reading available, and it is a modest one: in {arena}, the plain act "
    "tends to outlast the commentary about it.",
    "One interpretation, offered as interpretation, is that the {noun} shows how much of {talk} "
    "could be replaced by simply doing the thing.",
    "Read generously, the {noun} is a small argument for action over {talk}, made without a "
    "single speech about it.",
)

READING_MORE = (
    "That reading goes beyond the report, and it rests entirely on the {noun} the report described.",
    "It would be easy to inflate the {noun} into a turning point; the report did not, and "
    "neither does this account.",
    "Modesty suits the {noun}, which was concrete enough not to need a larger frame.",
    "None of that requires the {noun} to be historic; it only requires it to have happened.",
)

# Other names for an act, by its family noun, so one article does not say "the announcement" six
# times; each must read as a singular noun phrase wherever "the {noun}" does.
NOUN_ALIASES: dict[str, tuple[str, ...]] = {
    "outreach": ("the contact", "the gesture"),
    "vote": ("the move", "the step"),
    "signing": ("the signature", "the step"),
    "veto": ("the rejection", "the move"),
    "decision": ("the choice", "the move"),
    "announcement": ("the disclosure", "the move"),
    "unveiling": ("the reveal", "the move"),
    "release": ("the launch", "the move"),
    "meeting": ("the sit-down", "the encounter"),
    "visit": ("the trip", "the appearance"),
    "win": ("the result", "the victory"),
    "milestone": ("the mark", "the feat"),
    "statement": ("the remark", "the move"),
    "endorsement": ("the backing", "the move"),
    "appointment": ("the pick", "the move"),
    "investment": ("the commitment", "the move"),
    "hiring plan": ("the plan", "the move"),
    "price change": ("the change", "the move"),
    "trade": ("the deal", "the move"),
    "settlement": ("the deal", "the resolution"),
    "plan": ("the proposal", "the move"),
    "rally": ("the event", "the gathering"),
    "celebration": ("the occasion", "the event"),
    "speech": ("the address", "the appearance"),
    "move": ("the step", "the act"),
    "step": ("the move", "the act"),
    "action": ("the move", "the step"),
    "withdrawal": ("the move", "the step back"),
}

# A participant that is a thing or an occasion ("the Eras Tour", "Cybertruck") cannot respond,
# so its paragraph says what naming it did for the story instead.
PARTICIPANT_FIRST_THING = (
    "Naming {P} tied the {noun} to something specific rather than something general.",
    "The mention of {P} kept the {noun} concrete, with a fixed point anyone can look up.",
    "Because the report named {P}, the {noun} had a definite reference instead of a vague one.",
)

PARTICIPANT_THING_MORE = (
    "The report said no more about {P} than its name, and nothing more is added here.",
    "Beyond naming {P}, the report left it alone, and so does this account.",
    "{P} appears in the report as a name and nothing else, which is how it appears here too.",
)
