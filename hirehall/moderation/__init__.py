"""Trust and safety: off-platform flags, strikes, restrictions, reports, appeals, the staff console."""
