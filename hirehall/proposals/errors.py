from hirehall.core.errors import register_codes

register_codes(
    {
        "already_applied": (409, "You already applied to this job"),
        "screening_answers_required": (422, "Answer every screening question"),
        "job_not_open": (409, "This job is not open"),
    }
)
