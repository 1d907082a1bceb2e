"""The one exception the applicant's portal raises when it refuses a write."""


class ApplicationError(Exception):
    """A write the rules of the workflow refuse; the message is shown to the person. ``code``
    tells the cases apart for callers that must (``FEE_UNAVAILABLE``; blank otherwise)."""

    #: No fee can be quoted or paid now (no fee configured, an unusable coupon): raised by the
    #: fee desk (``applications.fees``), the message written for the applicant.
    FEE_UNAVAILABLE = "fee_unavailable"

    def __init__(self, message: str = "", code: str = ""):
        super().__init__(message)
        self.code = code
