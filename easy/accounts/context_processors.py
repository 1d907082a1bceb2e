from django.conf import settings


def site(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PAYMENTS_TEST_MODE": settings.PAYMENTS_TEST_MODE,
    }
