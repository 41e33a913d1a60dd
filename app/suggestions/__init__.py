"""Deputies' suggestions and motions: registering, the handling state machine,
units, deadlines, search, rates, reminders."""
