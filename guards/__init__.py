"""Bad input stopped before any view: control characters and over-long admin searches
(middleware), and files where no form takes them (uploads)."""
