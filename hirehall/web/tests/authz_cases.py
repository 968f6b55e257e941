from hirehall.core.tests.authz import Case

SIGNED_IN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
EVERYONE = {"anon": 200, "other": 200, "owner": 200, "staff": 200}
REDIRECT = {"anon": 301, "other": 301, "owner": 301, "staff": 301}

CASES: list[Case] = [
    Case("GET", "/dashboard/", SIGNED_IN),
    Case("GET", "/robots.txt", EVERYONE),
    Case("GET", "/sitemap.xml", EVERYONE),
    Case("GET", "/favicon.ico", REDIRECT),
]
