"""One reminder engine for every deadline: the rules (rules.py), who is due (recipients.py),
what they read (render.py) and the dispatcher that queues each reminder once (dispatch.py)."""
