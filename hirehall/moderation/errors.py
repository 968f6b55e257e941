from hirehall.core.errors import register_codes

register_codes(
    {
        "already_reported": (409, "You already reported this"),
        "appeal_already_open": (409, "An appeal is already waiting for staff"),
        "appeal_answered": (409, "This appeal was already answered"),
        "report_resolved": (409, "This report was already resolved"),
    }
)
