from hirehall.core.errors import register_codes

register_codes(
    {
        "feedback_window_closed": (409, "The feedback window has closed"),
        "feedback_not_open": (409, "Feedback is not open on this contract yet"),
        "feedback_already_left": (409, "You already left feedback for this period"),
        "reply_window_closed": (409, "The reply window has closed"),
        "reply_already_left": (409, "You already replied"),
        "feedback_not_visible": (409, "The feedback is not visible yet"),
    }
)
