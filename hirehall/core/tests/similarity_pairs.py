"""Labelled pairs for the near-duplicate signals: (is_near_duplicate, text_a, text_b).

Positives are what template senders and reposting clients really do: swap the job title or the
client's name, change the greeting, add or drop a sentence, reorder the budget line. Negatives are
hard: same field, same vocabulary, the common openings everyone writes, but a different letter.
"""

BASE_PROPOSAL = (
    "Hello, I have read your job post carefully and I am confident I can deliver exactly what you need. "
    "I have over eight years of experience building web applications with Django, React and PostgreSQL, "
    "and I have completed more than 120 projects with five star feedback. I communicate daily, deliver on "
    "time and my work comes with thirty days of free support after delivery. Please check my portfolio "
    "and let us discuss the details in a quick chat. Looking forward to working with you."
)
BASE_JOB = (
    "We need an experienced developer to build a customer portal for our logistics company. The portal "
    "shows shipments, invoices and delivery status, lets customers download documents and contact support. "
    "Must integrate with our existing REST API. Please include examples of similar dashboards you built "
    "and your estimated timeline. Budget is fixed, milestones possible."
)

PAIRS: list[tuple[bool, str, str]] = [
    # --- proposal templates (positives) ---
    (True, BASE_PROPOSAL, BASE_PROPOSAL.replace("Hello,", "Dear client,")),
    (True, BASE_PROPOSAL, BASE_PROPOSAL.replace("Django, React and PostgreSQL", "Laravel, Vue and MySQL")),
    (True, BASE_PROPOSAL, "Hi Sarah! " + BASE_PROPOSAL),
    (True, BASE_PROPOSAL, BASE_PROPOSAL + " I can start today."),
    (True, BASE_PROPOSAL, BASE_PROPOSAL.replace("eight years", "9 years").replace("120", "150")),
    (True, BASE_PROPOSAL, BASE_PROPOSAL.replace(" Looking forward to working with you.", "")),
    (True, BASE_PROPOSAL, BASE_PROPOSAL.upper()),
    (
        True,
        BASE_PROPOSAL,
        BASE_PROPOSAL.replace("web applications", "mobile apps").replace("portfolio", "profile"),
    ),
    (
        True,
        BASE_PROPOSAL,
        "Re: your Shopify store migration. " + BASE_PROPOSAL.replace("Please check", "Kindly check"),
    ),
    (True, BASE_PROPOSAL, BASE_PROPOSAL.replace(".", "!").replace(",", "")),
    # --- reposted jobs (positives) ---
    (True, BASE_JOB, BASE_JOB.replace("logistics company", "freight business")),
    (True, BASE_JOB, "URGENT: " + BASE_JOB),
    (
        True,
        BASE_JOB,
        BASE_JOB.replace(" Budget is fixed, milestones possible.", " Hourly or fixed, open to both."),
    ),
    (True, BASE_JOB, BASE_JOB.replace("customer portal", "client dashboard")),
    (True, BASE_JOB, BASE_JOB + " Only freelancers with 90% job success please."),
    (
        True,
        "Logo design for a bakery called Rise. Modern, warm, two colours.",
        "Logo design for a bakery called Rise. Modern, warm, two colours. Vector files please.",
    ),
    (
        True,
        "Translate 20 product descriptions from German to English, about 3000 words in total.",
        "Translate 20 product descriptions from German to English, about 3500 words in total.",
    ),
    (
        True,
        "Write five blog posts about remote work for our HR software startup, 1200 words each.",
        "Write five blog posts about remote work for our HR software startup, 1000 words each, SEO.",
    ),
    # --- hard negatives: same field, different letters/jobs ---
    (
        False,
        BASE_PROPOSAL,
        "Hello, I read your post about the customer portal. I built a shipment tracker for a courier in "
        "Lisbon last year (Django, HTMX) and can show you the invoice screen we made. Question: does your "
        "REST API expose delivery events, or would the portal poll it? I would start with a one-week "
        "milestone for the shipment list and document downloads.",
    ),
    (
        False,
        BASE_PROPOSAL,
        "Hi, I am a Django developer with eight years of experience. Your portal needs a clean data model "
        "first: shipments, invoices and documents. I suggest we map your API responses before any UI work. "
        "I can deliver a clickable prototype in five days.",
    ),
    (
        False,
        "Hello, I have read your job post carefully. I can start today.",
        "Hello, I have read your job post carefully and have a question about the budget.",
    ),
    (
        False,
        BASE_JOB,
        "We need an experienced developer to build a mobile app for our restaurant chain. Customers order "
        "food, pay and track delivery. Must integrate with our POS system. Please include examples of "
        "similar apps and your timeline.",
    ),
    (
        False,
        BASE_JOB,
        "Looking for a designer to refresh the look of our logistics company website: new colours, icons "
        "for shipments and invoices, and a contact page. Figma deliverables only.",
    ),
    (
        False,
        "Logo design for a bakery called Rise. Modern, warm, two colours.",
        "Logo design for a law firm called Marsh & Hale. Serious, navy and gold, a monogram.",
    ),
    (
        False,
        "Translate 20 product descriptions from German to English, about 3000 words in total.",
        "Proofread our English website (15 pages) and fix grammar, tone and consistency.",
    ),
    (
        False,
        "Write five blog posts about remote work for our HR software startup, 1200 words each.",
        "Write a white paper on payroll compliance in the EU for our HR software startup, 5000 words.",
    ),
    (
        False,
        "I am an expert in Python and data analysis. I will clean your CSV files, remove duplicates and "
        "produce a report with charts in Jupyter.",
        "I am an expert in Excel and VBA. I will automate your monthly invoicing workbook so it emails "
        "each customer a PDF.",
    ),
    (
        False,
        "Hi there, thanks for the invite! I have a few questions about the scope before I can quote.",
        "Hi there, thanks for the invite! Unfortunately I am fully booked until March.",
    ),
    (
        False,
        "Need a WordPress developer to fix a broken checkout page on WooCommerce. Errors appear after the "
        "last plugin update.",
        "Need a WordPress developer to build a membership area with course lessons and quizzes.",
    ),
    (
        False,
        "Data entry: copy 500 addresses from PDFs into a spreadsheet.",
        "Data entry: check 500 product prices on our site against the supplier list.",
    ),
    (
        False,
        BASE_PROPOSAL,
        "Good morning. Eight years with Django, React and PostgreSQL; here is how I would approach your "
        "portal: week one the data model and API client, week two the shipment and invoice views, week "
        "three documents and support contact. Fixed price with three milestones.",
    ),
    (False, "Short.", "Short reply."),
    (
        False,
        "Hello, I have read your job post carefully and I am confident I can fix your Stripe webhook bug "
        "today; I have seen this signature error before.",
        "Hello, I have read your job post carefully and I am confident I can design your restaurant menu "
        "in two styles by Friday.",
    ),
    (
        False,
        "Need a Shopify expert to speed up our theme: Lighthouse score is 35 on mobile.",
        "Need a Shopify expert to set up subscriptions with Recharge and migrate 400 subscribers.",
    ),
    (
        False,
        "Video editor for weekly YouTube podcast episodes, 60 minutes each, cut to 20 minute highlights.",
        "Video editor for a one-off wedding film, 4 hours of footage, 10 minute story edit with music.",
    ),
]
