"""Views by audience: ``author`` (proposal pages for speakers), ``manage`` (organizers)."""
