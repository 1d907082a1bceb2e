"""Checks on files uploaded by association staff."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from easy.lib.uploads import check_document

MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_SIDE = 4000


def validate_logo(file) -> None:
    """A logo must be a real PNG or JPEG image of reasonable size: it is printed on every
    certificate, so a huge or disguised file would break (or slow) each one."""
    if file.size > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo may be at most 1 MB."), code="too_large")
    # What every upload must pass first (easy/lib/uploads.py): no HTML polyglot, no pixel bomb
    # (Pillow below would otherwise decode a bomb's header into a server error).
    try:
        check_document(file)
    except ValidationError as error:
        if error.code == "file_type":
            raise ValidationError(_("The logo is not a readable image."), code="invalid") from error
        raise
    from PIL import Image, UnidentifiedImageError

    try:
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("The logo is not a readable image."), code="invalid") from exc
    finally:
        file.seek(0)
    if kind not in {"PNG", "JPEG"}:
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="format")
    if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
        raise ValidationError(
            _("The logo may be at most %(n)d pixels on a side.") % {"n": MAX_LOGO_SIDE},
            code="too_big",
        )
