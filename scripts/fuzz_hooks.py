"""Schemathesis hooks for scripts/fuzz-api.sh.

The endpoint requires Idempotency-Key to equal the body's order_id, which an OpenAPI
document cannot say. Generated independently they almost never match, so nearly every
generated order would stop at that 400 and never reach verification or storage. Where
both are well-formed order ids, the header is set to the body's: deeper orders, while
cases with a missing or malformed key still test that refusal.
"""

import re

import schemathesis

ORDER_ID = re.compile(r"^ord_[0-9a-f]{32}$")


@schemathesis.hook
def map_case(context, case):
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    body = case.body
    if (
        isinstance(key, str)
        and ORDER_ID.match(key)
        and isinstance(body, dict)
        and isinstance(body.get("order_id"), str)
        and ORDER_ID.match(body["order_id"])
    ):
        case.headers = {**headers, "Idempotency-Key": body["order_id"]}
    return case
