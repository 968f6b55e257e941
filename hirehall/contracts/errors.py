from hirehall.core.errors import register_codes

register_codes(
    {
        "segment_not_aligned": (422, "Segment start not aligned to 10 minutes"),
        "segment_outside_contract": (422, "Segment outside the contract"),
        "segment_overlap": (409, "Segment overlaps recorded time"),
        "week_invoiced": (409, "That week is closed for editing"),
        "segment_too_large": (413, "Segment too large"),
        "manual_time_not_allowed": (403, "Manual time is not allowed on this contract"),
        "contract_paused": (409, "The contract is paused"),
        "contract_ended": (409, "The contract has ended"),
        "escrow_outstanding": (409, "Money is still in escrow"),
        "wrong_contract_kind": (409, "Not possible on this kind of contract"),
        "review_closed": (409, "The review window has closed"),
    }
)
