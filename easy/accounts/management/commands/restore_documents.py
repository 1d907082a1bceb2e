import sys

from django.core.management.base import BaseCommand, CommandError

from easy.lib.backups import BackupError, restore_documents


class Command(BaseCommand):
    help = "Put back the documents of a backup_documents tar file (- for stdin); never overwrites."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the tar file to read, or - for standard input")

    def handle(self, *args, path, **options):
        try:
            if path == "-":
                copied = restore_documents(sys.stdin.buffer)
            else:
                with open(path, "rb") as stream:
                    copied = restore_documents(stream)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"{copied.files} documents, {copied.bytes} bytes restored.")
