"""Downloads sent as they are made, read a chunk of rows at a time.

The CSV and JSON downloads read each model's representation kept ready (exports.ExportRow,
api.ModelDocument) with one statement; on PostgreSQL it reads through a server-side cursor,
CHUNK_SIZE rows at a time, so a download of the whole catalogue holds one chunk in memory and
starts at once.
"""

from django.http import StreamingHttpResponse

CHUNK_SIZE = 2000


class DownloadResponse(StreamingHttpResponse):
    """A download sent as it is made. `content`, all of it at once, reads the whole stream,
    for callers that want the body as bytes (as of an HttpResponse): tests and tools."""

    @property
    def content(self) -> bytes:
        whole = b"".join(self.streaming_content)
        self.streaming_content = [whole]
        return whole
