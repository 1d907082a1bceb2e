import sys

from django.core.management.base import BaseCommand

from easy.lib.backups import backup_documents


class Command(BaseCommand):
    help = "Write every stored document (MEDIA_ROOT or the S3 bucket) to a tar file; - for stdout."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the tar file to write, or - for standard output")

    def handle(self, *args, path, **options):
        if path == "-":
            copied = backup_documents(sys.stdout.buffer)
        else:
            with open(path, "wb") as stream:
                copied = backup_documents(stream)
        self.stderr.write(f"{copied.files} documents, {copied.bytes} bytes backed up.")
