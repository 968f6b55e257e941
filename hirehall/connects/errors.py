from hirehall.core.errors import register_codes

register_codes(
    {
        "insufficient_connects": (409, "Not enough Connects"),
        "invalid_bundle": (422, "Not a Connects bundle size"),
    }
)
