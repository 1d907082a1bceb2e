"""Run localstripe with Checkout Sessions added: ``python localstripe_checkout.py --port N``.

localstripe 1.15 (the Stripe stand-in the tests use) has PaymentIntents, charges and refunds but
no Checkout Sessions. This launcher adds the small part of that API the portal calls, built on
localstripe's own PaymentIntent, so the real ``stripe`` library talks HTTP to it unchanged:

- ``POST /v1/checkout/sessions`` (mode=payment, line_items with price_data), ``GET .../{id}``,
  ``POST .../{id}/expire``;
- ``POST /_test/checkout/sessions/{id}/pay``: what the customer does on Stripe's page: a test
  card pays a PaymentIntent, the session completes and localstripe sends the signed
  ``checkout.session.completed`` webhook to the endpoints registered with ``/_config/webhooks``.
"""

from localstripe import resources, server
from localstripe.errors import UserError
from localstripe.resources import Event, PaymentIntent, PaymentMethod, StripeObject
from localstripe.webhooks import schedule_webhook

# localstripe saves its store to /tmp/localstripe.pickle on every change; other test runs on
# the machine may use the same file, and these tests never reload it.
resources.Store.dump_to_disk = lambda self: None


class CheckoutSession(StripeObject):
    object = "checkout.session"
    _id_prefix = "cs_test_"

    def __init__(
        self,
        mode=None,
        line_items=None,
        success_url=None,
        cancel_url=None,
        customer_email=None,
        client_reference_id=None,
        metadata=None,
        payment_intent_data=None,
        expires_at=None,
        **kwargs,
    ):
        if kwargs:
            raise UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
        try:
            assert mode == "payment"
            assert isinstance(line_items, list) and line_items
            assert isinstance(success_url, str) and success_url.startswith("http")
            assert isinstance(cancel_url, str) and cancel_url.startswith("http")
            amount, currencies = 0, set()
            for item in line_items:
                price = item["price_data"]
                assert price["product_data"]["name"]
                amount += int(price["unit_amount"]) * int(item.get("quantity", 1))
                currencies.add(price["currency"])
            assert len(currencies) == 1 and amount > 0
        except (AssertionError, KeyError, TypeError, ValueError) as exc:
            raise UserError(400, "Bad request") from exc
        super().__init__()
        self.mode = mode
        self.amount_total = amount
        self.currency = currencies.pop()
        self.success_url = success_url
        self.cancel_url = cancel_url
        self.customer_email = customer_email
        self.client_reference_id = client_reference_id
        self.metadata = metadata or {}
        self._intent_data = payment_intent_data or {}
        self.expires_at = int(expires_at) if expires_at is not None else None
        self.payment_intent = None
        self.status = "open"
        self.payment_status = "unpaid"
        self.url = f"https://checkout.stripe.com/c/pay/{self.id}"

    @classmethod
    def _api_expire(cls, id, **kwargs):
        session = cls._api_retrieve(id)
        if session.status != "open":
            raise UserError(400, "Only an open session can be expired")
        session.status = "expired"
        schedule_webhook(Event("checkout.session.expired", session))
        return session

    @classmethod
    def _api_pay(cls, id, force=False, **kwargs):
        session = cls._api_retrieve(id)
        # ``force``: a payment that races the portal closing the page (Stripe confirms money
        # for a session the portal has just expired).
        if session.status != "open" and not force:
            raise UserError(400, "Only an open session can be paid")
        card = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}
        method = PaymentMethod(type="card", card=card)
        intent = PaymentIntent._api_create(
            confirm=True,
            amount=session.amount_total,
            currency=session.currency,
            payment_method=method.id,
            metadata=dict(session._intent_data.get("metadata") or {}),
        )
        session.payment_intent = intent.id
        session.status = "complete"
        session.payment_status = "paid"
        schedule_webhook(Event("checkout.session.completed", session))
        return session


def _route(method: str, url: str, func) -> None:
    # Specific routes must come first, so add them to the front of the router's resources.
    server.app.router.add_route(method, url, server.api_extra(func, url))


_route("POST", "/v1/checkout/sessions/{id}/expire", CheckoutSession._api_expire)
_route("POST", "/_test/checkout/sessions/{id}/pay", CheckoutSession._api_pay)
server.app.router.add_route(
    "POST", "/v1/checkout/sessions", server.api_create(CheckoutSession, "/v1/checkout/sessions")
)
server.app.router.add_route(
    "GET",
    "/v1/checkout/sessions/{id}",
    server.api_retrieve(CheckoutSession, "/v1/checkout/sessions/{id}"),
)


if __name__ == "__main__":
    server.start()
