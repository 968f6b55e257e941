from hirehall.core.errors import register_codes

register_codes(
    {
        "already_reported": (409, "You already reported this"),
        "appeal_already_open": (409, "An appeal is already waiting for staff"),
        "appeal_answered": (409, "This appeal was already answered"),
        "report_resolved": (409, "This report was already resolved"),
        "four_eyes_required": (403, "A different staff member must approve this"),
        "adjustment_decided": (409, "This adjustment was already decided"),
        "identity_pending": (409, "An identity check is already waiting for review"),
        "identity_decided": (409, "This identity check was already decided"),
    }
)
