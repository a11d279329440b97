"""No form of the site takes files: a file in a request is refused before a byte of it is
stored (Django would otherwise stream any size of it to a temporary file)."""

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class RefuseFiles(FileUploadHandler):
    def new_file(self, field_name, *args, **kwargs):
        # A SuspiciousOperation: a 400, logged as bad input (logs).
        raise RequestDataTooBig(f"A file was sent in field {field_name!r}; no form takes files.")

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None
