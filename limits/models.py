"""The site's own tables that belong to no part of the catalogue."""

from django.db import models


class LimitCount(models.Model):
    """One client's count of one kind of action in one window of a limit (limits.counting).

    Kept here only while the cache is the database: Django's database cache can only read a
    value and write it back, which loses the counts of parallel requests. The key names the
    window, so a row is never reset; it is deleted once `expires` (the window's end) is past.
    """

    key = models.CharField(primary_key=True, max_length=200)
    n = models.IntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.n}"
