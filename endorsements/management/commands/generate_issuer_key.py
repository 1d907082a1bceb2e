"""Make an Ed25519 key pair for an association's credentials: the secret goes to a file
readable by the owner only (or is printed for an environment variable), the public key is
saved on the association and published on its issuer profile."""

import os

from django.core.management.base import BaseCommand, CommandError

from endorsements.credentials import keys
from endorsements.models import Association


class Command(BaseCommand):
    help = "Generate the credential signing key of an association."

    def add_arguments(self, parser):
        parser.add_argument("code", nargs="?", help="Association code, e.g. MI-AIMH")
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Give a key file to every association that has no key yet (make run).",
        )
        parser.add_argument(
            "--print",
            action="store_true",
            help="Print the secret as an environment variable instead of writing a file.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an existing key (old credentials stop verifying).",
        )

    def handle(self, *args, code, print, force, missing, **options):
        if missing:
            for association in Association.objects.filter(public_key_multibase=""):
                self._make(association, to_stdout=False)
            return
        if not code:
            raise CommandError("Name an association code, or use --missing.")
        association = Association.objects.filter(code__iexact=code).first()
        if association is None:
            raise CommandError(f"No association with code {code}.")
        if association.public_key_multibase and not force:
            raise CommandError(
                f"{association.code} already has a key ({association.public_key_multibase}); "
                "use --force to replace it."
            )
        self._make(association, to_stdout=print)

    def _make(self, association, *, to_stdout: bool) -> None:
        path = keys.key_file(association.code)
        secret, public = keys.generate()
        if to_stdout:
            self.stdout.write(f"{keys.env_name(association.code)}={secret}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secret + "\n")
            self.stdout.write(f"Secret key written to {path}")
        association.public_key_multibase = public
        association.save(update_fields=["public_key_multibase"])
        self.stdout.write(f"Public key of {association.code}: {public}")
