from hirehall.core.errors import register_codes

register_codes(
    {
        # DESIGN §10: too many messages in the window; `retry_after` (seconds) says when to try again.
        "message_rate_limited": (429, "Too many messages"),
        # DESIGN §10 off-platform rule: shown to the sender before sending; resend with
        # `acknowledge_warning` to send anyway (the message is then marked for moderation).
        "offplatform_warning": (422, "Message looks like it shares contact details"),
        "edit_window_closed": (409, "Messages can be edited for 10 minutes"),
        # Staff hid the message (moderation): it stays as it was hidden.
        "message_hidden": (409, "Message removed by staff"),
    }
)
