"""The first skills taxonomy, frozen: migration 0002 loads exactly this.

Later changes go in a new data migration (with its own frozen module), never by editing this file,
so a fresh database and an upgraded one end up with the same rows.
Format: category -> subcategory -> "Skill name" or "Skill name: alias, alias".
Aliases are what people type in search boxes ("js", "k8s", "seo").
"""

from __future__ import annotations

from typing import Any

TAXONOMY: dict[str, dict[str, list[str]]] = {
    "Web, Mobile & Software Development": {
        "Web Development": [
            "JavaScript: js, ecmascript, es6",
            "TypeScript: ts",
            "HTML5: html",
            "CSS: css3",
            "React: reactjs, react.js",
            "Vue.js: vue, vuejs",
            "Angular: angularjs",
            "Svelte: sveltekit",
            "Next.js: nextjs",
            "Node.js: node, nodejs",
            "Django: django framework",
            "Flask",
            "FastAPI",
            "Ruby on Rails: rails, ror",
            "Laravel",
            "PHP",
            "WordPress: wp",
            "Shopify",
            "Webflow",
            "Tailwind CSS: tailwind",
            "GraphQL: gql",
            "REST API: rest, restful api",
            "jQuery",
            "Web Accessibility: a11y, wcag",
        ],
        "Back-End & Languages": [
            "Python: py, python3",
            "Java",
            "Go: golang",
            "Rust",
            "C#: csharp, c sharp",
            "C++: cpp",
            "C",
            "Ruby",
            "Kotlin",
            "Scala",
            "Elixir",
            ".NET: dotnet, asp.net",
            "Spring Boot: spring",
            "PostgreSQL: postgres, psql",
            "MySQL",
            "MongoDB: mongo",
            "Redis",
            "SQLite",
            "Elasticsearch: elastic",
        ],
        "Mobile Development": [
            "iOS Development: ios",
            "Android Development: android",
            "Swift",
            "SwiftUI",
            "Objective-C: objc",
            "Flutter",
            "Dart",
            "React Native: rn",
            "Xamarin",
            "Ionic",
        ],
        "DevOps & Cloud": [
            "Amazon Web Services: aws",
            "Google Cloud Platform: gcp, google cloud",
            "Microsoft Azure: azure",
            "Docker: containers",
            "Kubernetes: k8s",
            "Terraform: tf, iac",
            "Ansible",
            "CI/CD: continuous integration, github actions",
            "Linux System Administration: linux, sysadmin",
            "Nginx",
            "Site Reliability Engineering: sre",
            "Serverless: lambda",
        ],
        "Game Development & QA": [
            "Unity: unity3d",
            "Unreal Engine: ue5, ue4",
            "Godot",
            "Game Design",
            "Software Testing: qa, quality assurance",
            "Test Automation: selenium",
            "Playwright",
            "Cypress",
            "Blockchain Development: web3",
            "Solidity: smart contracts",
        ],
    },
    "Design & Creative": {
        "Graphic Design": [
            "Logo Design: logo",
            "Brand Identity Design: branding, brand identity",
            "Adobe Photoshop: photoshop, ps",
            "Adobe Illustrator: illustrator, ai",
            "Adobe InDesign: indesign",
            "Print Design",
            "Packaging Design",
            "Infographic Design: infographics",
            "Presentation Design: pitch deck, powerpoint design",
            "Canva",
        ],
        "Product & UX Design": [
            "UX Design: user experience, ux",
            "UI Design: user interface, ui",
            "Figma",
            "Sketch",
            "Adobe XD: xd",
            "Wireframing: wireframes",
            "Prototyping: prototype",
            "User Research: usability testing",
            "Interaction Design: ixd",
            "Design Systems",
        ],
        "Illustration & Animation": [
            "Illustration",
            "Children's Book Illustration",
            "Character Design",
            "2D Animation",
            "3D Animation",
            "Motion Graphics: motion design",
            "Adobe After Effects: after effects, ae",
            "Blender",
            "3D Modeling: 3d",
            "Autodesk Maya: maya",
        ],
        "Video & Photo": [
            "Video Editing: video editor",
            "Adobe Premiere Pro: premiere",
            "Final Cut Pro: fcp",
            "DaVinci Resolve: davinci",
            "Color Grading",
            "Photography: photo",
            "Photo Retouching: retouching",
            "Product Photography",
            "Videography",
            "YouTube Video Production: youtube",
        ],
    },
    "Writing": {
        "Content Writing": [
            "Content Writing: content writer",
            "Blog Writing: blogging, blog posts",
            "Article Writing: articles",
            "SEO Writing: seo content",
            "Ghostwriting: ghost writer",
            "Technical Writing: documentation, tech writing",
            "White Papers",
            "Case Studies",
            "Newsletter Writing: newsletters",
            "Scriptwriting: scripts, screenwriting",
        ],
        "Editing & Proofreading": [
            "Proofreading: proofreader",
            "Copy Editing: copyediting",
            "Developmental Editing",
            "Academic Editing",
            "AP Style",
            "Chicago Manual of Style: chicago style",
        ],
        "Creative & Professional Writing": [
            "Creative Writing",
            "Fiction Writing: fiction",
            "Poetry",
            "Resume Writing: cv writing, resume",
            "Cover Letter Writing",
            "Grant Writing: grants",
            "Speech Writing",
            "Book Writing",
        ],
    },
    "Sales & Marketing": {
        "Digital Marketing": [
            "Search Engine Optimization: seo",
            "Search Engine Marketing: sem",
            "Google Ads: adwords, ppc",
            "Facebook Ads: meta ads",
            "Social Media Marketing: smm",
            "Email Marketing: email campaigns",
            "Content Marketing",
            "Influencer Marketing",
            "Affiliate Marketing",
            "Marketing Strategy",
            "Conversion Rate Optimization: cro",
        ],
        "Marketing Tools & Analytics": [
            "Google Analytics: ga4, ga",
            "HubSpot",
            "Mailchimp",
            "Klaviyo",
            "Marketing Automation",
            "Google Tag Manager: gtm",
            "Semrush",
            "Ahrefs",
        ],
        "Sales & Lead Generation": [
            "Lead Generation: leads",
            "Cold Calling",
            "Cold Email",
            "Sales Strategy",
            "Business Development: bizdev",
            "Salesforce CRM: salesforce, sfdc",
            "LinkedIn Outreach: linkedin",
            "Appointment Setting",
            "Copywriting: copywriter, sales copy",
        ],
    },
    "Admin Support": {
        "Virtual Assistance": [
            "Virtual Assistance: va, virtual assistant",
            "Executive Assistance: ea",
            "Calendar Management: scheduling",
            "Email Management: inbox management",
            "Travel Planning",
            "Personal Assistance",
        ],
        "Data Entry & Research": [
            "Data Entry",
            "Web Research: online research",
            "Market Research",
            "Microsoft Excel: excel, spreadsheets",
            "Google Sheets: sheets",
            "Transcription: transcribe",
            "Data Cleaning",
            "Lead List Building",
        ],
        "Project Management": [
            "Project Management: pm",
            "Agile Project Management: agile, scrum",
            "Asana",
            "Trello",
            "Jira",
            "Notion",
            "Microsoft Project: ms project",
            "Product Management: product manager",
        ],
    },
    "Customer Service": {
        "Customer Support": [
            "Customer Support: customer service",
            "Technical Support: tech support, helpdesk",
            "Live Chat Support: live chat",
            "Phone Support",
            "Email Support",
            "Zendesk",
            "Freshdesk",
            "Intercom",
            "Gorgias",
        ],
        "Community & Success": [
            "Community Management: community manager",
            "Customer Success: csm",
            "Customer Onboarding: onboarding",
            "Content Moderation: moderation",
            "Order Processing",
            "Returns Management",
        ],
    },
    "Accounting & Consulting": {
        "Accounting & Bookkeeping": [
            "Bookkeeping: bookkeeper",
            "Accounting: accountant",
            "QuickBooks: qbo, quickbooks online",
            "Xero",
            "Accounts Payable: ap",
            "Accounts Receivable: ar",
            "Payroll",
            "Tax Preparation: taxes",
            "Financial Reporting",
            "Sage",
        ],
        "Finance & Consulting": [
            "Financial Modeling: financial model",
            "Financial Analysis",
            "Business Valuation: valuation",
            "Management Consulting: consulting",
            "Business Plan Writing: business plan",
            "CFO Services: fractional cfo",
            "Budgeting & Forecasting: forecasting",
            "Mergers & Acquisitions: m&a",
        ],
        "HR & Recruiting": [
            "Recruiting: recruiter, talent acquisition",
            "Technical Recruiting",
            "HR Consulting: human resources",
            "Training & Development",
            "Compensation Planning",
        ],
    },
    "Legal": {
        "Corporate & Contract Law": [
            "Contract Law: contracts",
            "Contract Drafting",
            "Corporate Law",
            "Business Formation: incorporation, llc formation",
            "Employment Law",
            "Commercial Leasing",
        ],
        "Intellectual Property": [
            "Intellectual Property Law: ip law",
            "Trademark Registration: trademark",
            "Patent Law: patents",
            "Copyright Law: copyright",
            "Licensing Agreements",
        ],
        "Compliance & Other Law": [
            "GDPR Compliance: gdpr",
            "Privacy Policy: privacy law",
            "Regulatory Compliance: compliance",
            "Immigration Law: visas",
            "Real Estate Law",
            "Legal Research",
            "Paralegal Services: paralegal",
        ],
    },
    "Engineering & Architecture": {
        "Mechanical & Product Engineering": [
            "Mechanical Engineering",
            "Product Design",
            "SolidWorks",
            "AutoCAD: cad",
            "Fusion 360",
            "3D Printing: additive manufacturing",
            "Finite Element Analysis: fea",
            "CNC Programming: cnc",
        ],
        "Electrical & Electronics": [
            "Electrical Engineering",
            "Circuit Design: pcb design",
            "Embedded Systems: embedded, firmware",
            "Arduino",
            "Raspberry Pi",
            "FPGA: vhdl, verilog",
            "IoT: internet of things",
        ],
        "Civil, Structural & Architecture": [
            "Civil Engineering",
            "Structural Engineering",
            "Architecture: architect",
            "Interior Design",
            "Revit: bim",
            "SketchUp",
            "Landscape Design",
            "3D Rendering: archviz",
        ],
    },
    "Data Science & Analytics": {
        "Data Analysis": [
            "Data Analysis: data analyst",
            "SQL",
            "Tableau",
            "Power BI: powerbi",
            "Looker",
            "Data Visualization: dataviz",
            "Statistics: statistical analysis",
            "R: r language, rstats",
            "A/B Testing: experimentation",
        ],
        "Machine Learning & AI": [
            "Machine Learning: ml",
            "Deep Learning: dl",
            "Natural Language Processing: nlp",
            "Computer Vision: cv",
            "TensorFlow: tensorflow2",
            "PyTorch: torch",
            "scikit-learn: sklearn",
            "Large Language Models: llm, gpt, chatgpt",
            "Prompt Engineering: prompts",
            "MLOps",
        ],
        "Data Engineering": [
            "Data Engineering: data engineer",
            "ETL: elt, data pipelines",
            "Apache Spark: spark, pyspark",
            "Apache Airflow: airflow",
            "dbt",
            "Snowflake",
            "BigQuery",
            "Pandas",
            "Web Scraping: scraping, crawler",
        ],
    },
    "Translation": {
        "Language Translation": [
            "English to Spanish Translation: spanish translation",
            "Spanish to English Translation",
            "English to French Translation: french translation",
            "English to German Translation: german translation",
            "English to Portuguese Translation: portuguese translation",
            "English to Italian Translation: italian translation",
            "English to Japanese Translation: japanese translation",
            "English to Chinese Translation: chinese translation, mandarin translation",
            "English to Arabic Translation: arabic translation",
            "English to Russian Translation: russian translation",
            "English to Korean Translation: korean translation",
            "English to Hindi Translation: hindi translation",
        ],
        "Localization & Interpretation": [
            "Localization: l10n",
            "Software Localization",
            "Website Localization",
            "Subtitling: subtitles, captions",
            "Interpretation: interpreter",
            "Legal Translation",
            "Medical Translation",
            "Technical Translation",
        ],
    },
    "IT & Networking": {
        "Networking & Security": [
            "Network Administration: networking",
            "Cisco: ccna",
            "Firewall Configuration: firewall",
            "Cybersecurity: infosec, security",
            "Penetration Testing: pentest, ethical hacking",
            "Vulnerability Assessment",
            "Identity & Access Management: iam",
            "SOC 2 Compliance: soc2",
        ],
        "IT Administration": [
            "Windows Server",
            "Active Directory: ad",
            "Microsoft 365: office 365, o365",
            "Google Workspace: g suite, gsuite",
            "IT Support",
            "Database Administration: dba",
            "VMware: virtualization",
            "Backup & Recovery: disaster recovery",
        ],
    },
    "Sales Operations & E-commerce": {
        "E-commerce Management": [
            "Amazon Seller Central: amazon fba, fba",
            "eBay Listing: ebay",
            "Etsy",
            "WooCommerce: woo",
            "Product Listing: product listings",
            "Inventory Management: inventory",
            "Dropshipping",
            "Magento: adobe commerce",
            "BigCommerce",
        ],
        "Sales Operations": [
            "Sales Operations: sales ops",
            "CRM Management: crm",
            "Pipedrive",
            "Zoho CRM: zoho",
            "Sales Forecasting",
            "Pricing Strategy",
        ],
    },
    "Audio & Music": {
        "Audio Production": [
            "Voice Over: voiceover, vo",
            "Audio Editing",
            "Podcast Editing: podcast",
            "Mixing & Mastering: mixing, mastering",
            "Sound Design",
            "Audiobook Narration: narration",
        ],
        "Music": [
            "Music Composition: composer",
            "Music Production: producer",
            "Songwriting: lyrics",
            "Jingles",
            "Ableton Live: ableton",
            "Logic Pro",
        ],
    },
}


def parse_entry(entry: str) -> tuple[str, list[str]]:
    name, _, aliases = entry.partition(": ")
    return name.strip(), [a.strip().lower() for a in aliases.split(",") if a.strip()]


def skill_slug(name: str) -> str:
    """Slugs that keep "C", "C#", "C++" and ".NET" apart (plain slugify maps them all to "c"/"net")."""
    from django.utils.text import slugify

    text = name.replace("#", " sharp").replace("+", " plus").replace("&", " and ")
    if text.startswith("."):
        text = "dot" + text[1:]
    return slugify(text)


def load(category_model: Any, subcategory_model: Any, skill_model: Any, alias_model: Any) -> int:
    """Create whatever of this taxonomy is missing (keyed by slug / alias); returns skills created.

    Used by migration 0002 with historical models, and by the demo seed with the real ones, since a
    test database flush (TransactionTestCase) empties tables that migrations filled.
    """
    from django.utils.text import slugify

    created = 0
    for cpos, (cname, subs) in enumerate(TAXONOMY.items()):
        category, _ = category_model.objects.get_or_create(
            slug=slugify(cname), defaults={"name": cname, "position": cpos}
        )
        for spos, (sname, skills) in enumerate(subs.items()):
            sub, _ = subcategory_model.objects.get_or_create(
                slug=slugify(sname), defaults={"name": sname, "category": category, "position": spos}
            )
            for entry in skills:
                name, aliases = parse_entry(entry)
                skill, was_created = skill_model.objects.get_or_create(
                    slug=skill_slug(name), defaults={"name": name, "subcategory": sub, "category": category}
                )
                created += was_created
                for alias in aliases:
                    alias_model.objects.get_or_create(alias=alias, defaults={"skill": skill})
    return created
