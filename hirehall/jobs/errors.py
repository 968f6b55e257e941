from hirehall.core.errors import register_codes

register_codes({"rate_below_minimum": (422, "Below the minimum rate")})
