"""One module per database; search.engine picks one and nothing else asks which is in use."""
