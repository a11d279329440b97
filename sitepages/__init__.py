"""The site-wide pages that belong to no app: the language switch, the privacy notice and
the 500 page."""
