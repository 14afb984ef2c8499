#!/usr/bin/env python3
"""Drives `palisade-sim okta` with Okta's own Python SDK (`pip install okta`), unchanged.

Not run by CI (it needs PyPI). Steps and expected output: see the "Okta" section of
Sources/PalisadeIdentitySimulator/README.md.

    python3 okta_check.py --org-url https://127.0.0.1:PORT --token TOKEN --ca ca.pem

It reads and changes the simulator's state through the SDK only; the /_sim/* test hooks
(no token) are used to pick users, inject a 429 storm and a 503, and read the inspection.
Exit status 0 when every check passed.
"""

import argparse
import asyncio
import json
import os
import ssl
import sys
import urllib.request



def hook(base, context, method, path, body=None):
    """Calls a /_sim/* test hook (no token) and returns its JSON."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, context=context) as response:
        return json.loads(response.read())


async def sdk(call):
    """Awaits an SDK call; its answer is (value, response, error), or (response, error) for
    calls without a body on some paths (the SDK's generated code varies)."""
    result = await call
    return result if len(result) == 3 else (None, result[0], result[1])


class Checks:
    def __init__(self):
        self.failed = 0

    def expect(self, condition, what):
        print(("ok   " if condition else "FAIL ") + what)
        if not condition:
            self.failed += 1


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--org-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--ca", required=True, help="PEM file of the CA that signed the simulator's certificate")
    args = parser.parse_args()
    base = args.org_url.rstrip("/")
    context = ssl.create_default_context(cafile=args.ca)
    checks = Checks()

    # The SDK deep-copies its configuration, and an ssl.SSLContext cannot be copied: the CA goes
    # through SSL_CERT_FILE, which aiohttp reads when it builds its default context, at import.
    os.environ["SSL_CERT_FILE"] = args.ca
    from okta.client import Client as OktaClient
    from okta.pagination import PaginationHelper

    client = OktaClient({"orgUrl": base, "token": args.token, "rateLimit": {"maxRetries": 2}})

    # Pick an active user and the simulator's deprovisioned one from the inspection.
    people = hook(base, context, "GET", "/_sim/inspect")["users"]
    active = next(p for p in people if p["status"] == "ACTIVE" and not p["deleted"])
    gone = next((p for p in people if p["status"] == "DEPROVISIONED"), None)

    user, resp, err = await sdk(client.get_user(active["id"]))
    checks.expect(err is None and user.id == active["id"], f"get_user by id {active['id']}: {user.profile.login if user else err}")
    by_login, resp, err = await sdk(client.get_user(active["login"]))
    checks.expect(err is None and by_login.id == active["id"], f"get_user by login {active['login']}")

    found, resp, err = await sdk(client.list_users(search=f'profile.email eq "{active["login"]}"'))
    checks.expect(err is None and [u.id for u in found] == [active["id"]], "list_users(search=profile.email eq …) finds exactly the user")
    if gone:
        found, resp, err = await sdk(client.list_users(search=f'profile.email eq "{gone["login"]}"'))
        checks.expect(err is None and len(found) == 1 and str(found[0].status.value) == "DEPROVISIONED",
                      "search includes DEPROVISIONED users")

    # SDK 3.x pages by hand: the `after` cursor of the Link header's rel="next".
    page, resp, err = await sdk(client.list_users(limit=3))
    seen = [u.id for u in page or []]
    while err is None and PaginationHelper.has_next_page(resp.headers):
        page, resp, err = await sdk(client.list_users(limit=3, after=PaginationHelper.extract_next_cursor(resp.headers)))
        seen += [u.id for u in page or []]
    listed = [p["id"] for p in people if p["status"] != "DEPROVISIONED" and not p["deleted"]]
    checks.expect(err is None and seen == listed, f"list_users(limit=3) pages through all {len(listed)} users via Link: rel=next")

    _, resp, err = await sdk(client.suspend_user(active["id"]))
    checks.expect(err is None and resp.status_code == 200, "suspend_user → 200")
    user, _, _ = await sdk(client.get_user(active["id"]))
    checks.expect(str(user.status.value) == "SUSPENDED", f"status is now {user.status.value}")
    _, resp, err = await sdk(client.suspend_user(active["id"]))
    checks.expect(err is not None and getattr(err, "error_code", None) == "E0000001",
                  f"suspending again is refused: {getattr(err, 'error_code', err)}")
    _, resp, err = await sdk(client.unsuspend_user(active["id"]))
    checks.expect(err is None and resp.status_code == 200, "unsuspend_user → 200")

    _, resp, err = await sdk(client.revoke_user_sessions(active["id"], oauth_tokens=True))
    checks.expect(err is None and resp.status_code == 204, "revoke_user_sessions(oauth_tokens=True) → 204")

    missing, resp, err = await sdk(client.get_user("nobody@nowhere.test"))
    checks.expect(err is not None and getattr(err, "error_code", None) == "E0000007", "unknown user → E0000007")

    # A 429 storm of two requests (reset 1 s ahead), then a 503: the SDK waits and retries.
    hook(base, context, "POST", "/_sim/faults", {"faults": ["429=1s@range:1-2", "503@nth:4"]})
    user, resp, err = await sdk(client.get_user(active["id"]))
    checks.expect(err is None and user.id == active["id"], "get_user succeeds through a 429 storm of 2")
    user, resp, err = await sdk(client.get_user(active["login"]))
    checks.expect(err is None and user.id == active["id"], "get_user succeeds after a 503")
    hook(base, context, "POST", "/_sim/faults", {"faults": []})

    inspection = hook(base, context, "GET", "/_sim/inspect")
    transitions = [(t["from"], t["to"]) for t in inspection["transitions"] if t["userID"] == active["id"]]
    checks.expect(transitions[-2:] == [("ACTIVE", "SUSPENDED"), ("SUSPENDED", "ACTIVE")], f"transitions {transitions}")
    clears = [c for c in inspection["sessionClears"] if c["userID"] == active["id"]]
    checks.expect(bool(clears) and clears[-1]["oauthTokens"], "the session clear is recorded with oauthTokens")
    calls = inspection["calls"][-5:]
    retried = [(c["status"], c.get("retryFor"), c.get("retryCount")) for c in calls]
    for call in calls:
        print(f"     {call['method']} {call['path']} → {call['status']} retryFor={call.get('retryFor')} "
              f"retryCount={call.get('retryCount')} faults={call['faults']}")
    storm = calls[:3]
    checks.expect([c["status"] for c in storm] == [429, 429, 200]
                  and storm[1].get("retryFor") == storm[0]["requestID"] and storm[1].get("retryCount") == "1"
                  and storm[2].get("retryFor") == storm[1]["requestID"] and storm[2].get("retryCount") == "2",
                  "the retries carry X-Okta-Retry-For (the 429's request id) and X-Okta-Retry-Count")
    checks.expect([c["status"] for c in calls[3:]] == [503, 200] and calls[4].get("retryFor") == calls[3]["requestID"],
                  f"the 503 is retried at once: {retried[3:]}")
    checks.expect(all(c.get("scheme") == "SSWS" for c in calls if c["status"] not in (429, 503)), "the SDK authenticates with SSWS")

    print("all checks passed" if checks.failed == 0 else f"{checks.failed} check(s) failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
