#!/usr/bin/env python3
"""Checks `palisade-sim entra` with Microsoft's own Python clients, unchanged: msal for the token
and msgraph-sdk (kiota, httpx) for the Graph calls Palisade makes. Not run by CI; see the README's
"Entra ID / Graph" section for the steps (a virtualenv with `pip install msal msgraph-sdk`).

Usage: entra_check.py --base https://127.0.0.1:PORT --tenant TENANT_ID --ca ca.pem
                      [--client-id ID] [--secret SECRET] [--app-key app.key --app-cert app.pem]
Exit 0 when every step passed; each step prints one line.
"""
import argparse
import asyncio
import json
import ssl
import sys
import urllib.request

import httpx
import msal
from kiota_abstractions.authentication import AccessTokenProvider, AllowedHostsValidator, BaseBearerTokenAuthenticationProvider
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.email_address import EmailAddress
from msgraph.generated.models.internet_message_header import InternetMessageHeader
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.message import Message
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.recipient import Recipient
from msgraph.generated.models.user import User
from msgraph.generated.users.delta.delta_request_builder import DeltaRequestBuilder
from msgraph.generated.users.item.send_mail.send_mail_post_request_body import SendMailPostRequestBody
from msgraph.generated.users.item.user_item_request_builder import UserItemRequestBuilder
from msgraph.generated.users.users_request_builder import UsersRequestBuilder
from msgraph_core import GraphClientFactory

GRAPH_SCOPE = ["https://graph.microsoft.com/.default"]


def step(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail else ""))
    if not ok:
        sys.exit(1)


class StaticToken(AccessTokenProvider):
    """Hands kiota the token msal got (the simulator is not one of Microsoft's hosts)."""

    def __init__(self, token):
        self.token = token

    async def get_authorization_token(self, uri, additional_authentication_context=None):
        return self.token

    def get_allowed_hosts_validator(self):
        return AllowedHostsValidator([])


def inspect(base, ca):
    context = ssl.create_default_context(cafile=ca)
    with urllib.request.urlopen(base + "/_sim/inspect", context=context) as response:
        return json.load(response)


def set_faults(base, ca, faults):
    context = ssl.create_default_context(cafile=ca)
    request = urllib.request.Request(
        base + "/_sim/faults", data=json.dumps({"faults": faults}).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, context=context) as response:
        return response.status


def get_token(args):
    authority = f"{args.base}/{args.tenant}"
    app = msal.ConfidentialClientApplication(
        args.client_id, client_credential=args.secret, authority=authority, instance_discovery=False, verify=args.ca)
    result = app.acquire_token_for_client(scopes=GRAPH_SCOPE)
    step("msal acquire_token_for_client", "access_token" in result, str(result.get("error_description", ""))[:120])
    again = app.acquire_token_for_client(scopes=GRAPH_SCOPE)
    step("msal serves the second token from its cache", again.get("token_source") == "cache", again.get("token_source", ""))

    wrong = msal.ConfidentialClientApplication(
        args.client_id, client_credential="wrong", authority=authority, instance_discovery=False, verify=args.ca)
    refused = wrong.acquire_token_for_client(scopes=GRAPH_SCOPE)
    step("msal reports a wrong secret as AADSTS7000215", refused.get("error_codes") == [7000215], refused.get("error", ""))
    try:
        msal.ConfidentialClientApplication(
            args.client_id, client_credential=args.secret, authority=f"{args.base}/no-such-tenant.test",
            instance_discovery=False, verify=args.ca)
        step("msal refuses an unknown tenant", False, "no error raised")
    except ValueError as error:
        step("msal refuses an unknown tenant", True, str(error)[:80])
    if args.app_key and args.app_cert:
        check_certificate_credentials(args, authority)
    return result["access_token"]


def check_certificate_credentials(args, authority):
    """msal's two certificate forms: a SHA-1 thumbprint (RS256, `x5t`) and the certificate itself
    (PS256, `x5t#S256`, `x5c`); a key that is not the certificate's must be refused."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = open(args.app_key).read()
    cert = open(args.app_cert).read()
    sha1 = x509.load_pem_x509_certificate(cert.encode()).fingerprint(hashes.SHA1()).hex()
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    cases = [
        ("certificate credential by thumbprint (RS256)", {"private_key": key, "thumbprint": sha1}, True),
        ("certificate credential with the certificate (PS256)", {"private_key": key, "public_certificate": cert}, True),
        ("a forged assertion is refused with AADSTS700027", {"private_key": other, "thumbprint": sha1}, False),
    ]
    for name, credential, good in cases:
        app = msal.ConfidentialClientApplication(
            args.client_id, client_credential=credential, authority=authority, instance_discovery=False,
            verify=args.ca)
        result = app.acquire_token_for_client(scopes=GRAPH_SCOPE)
        ok = ("access_token" in result) if good else result.get("error_codes") == [700027]
        step("msal " + name, ok, str(result.get("error_description", ""))[:100])


async def graph_calls(args, token):
    http = GraphClientFactory.create_with_default_middleware(client=httpx.AsyncClient(verify=args.ca))
    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(StaticToken(token)), client=http)
    adapter.base_url = args.base + "/v1.0"
    client = GraphServiceClient(request_adapter=adapter)

    state = inspect(args.base, args.ca)
    people = [u for u in state["users"] if not u["deleted"] and u["accountEnabled"] and not u["isAdmin"]]
    person = people[0]
    domain = person["userPrincipalName"].split("@")[1]
    select = ["id", "userPrincipalName", "mail", "accountEnabled", "displayName"]

    user = await client.users.by_user_id(person["userPrincipalName"]).get(
        request_configuration=RequestConfiguration(
            query_parameters=UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(select=select)))
    step("get a user by UPN with $select", user.id == person["id"] and user.account_enabled is True, user.display_name)

    found = await client.users.get(
        request_configuration=RequestConfiguration(
            query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
                filter=f"mail eq '{person['mail']}' or userPrincipalName eq '{person['mail']}'", select=select)))
    step("filter users by mail", [u.id for u in found.value] == [person["id"]])

    try:
        await client.users.by_user_id("nobody@" + domain).get()
        step("an unknown user is an ODataError", False, "no error raised")
    except ODataError as error:
        step("an unknown user is an ODataError", error.error.code == "Request_ResourceNotFound", error.error.code)

    revoked = await client.users.by_user_id(person["id"]).revoke_sign_in_sessions.post()
    step("revokeSignInSessions", revoked is not None and revoked.value is True)

    await client.users.by_user_id(person["id"]).patch(User(account_enabled=False))
    after = await client.users.by_user_id(person["id"]).get(
        request_configuration=RequestConfiguration(
            query_parameters=UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(select=["accountEnabled"])))
    step("PATCH accountEnabled false", after.account_enabled is False)
    await client.users.by_user_id(person["id"]).patch(User(account_enabled=True))

    # Every other Graph call throttled: of two calls at least one is retried by the SDK's handler.
    set_faults(args.base, args.ca, ["429=1@every:2"])
    for _ in range(2):
        await client.users.by_user_id(person["id"]).get()
    set_faults(args.base, args.ca, [])
    calls = inspect(args.base, args.ca)["calls"]
    retried = [c for c in calls if any(h.startswith("retry-attempt: ") for h in c["retryHeaders"])]
    step("the SDK retries a 429 with Retry-After and Retry-Attempt", len(retried) >= 1 and retried[-1]["status"] == 200,
         retried[-1]["retryHeaders"][0] if retried else "no retry seen")

    mail = SendMailPostRequestBody(
        message=Message(
            subject="Palisade: security notice",
            body=ItemBody(content_type=BodyType.Html, content="<p>An activity policy matched.</p>"),
            to_recipients=[Recipient(email_address=EmailAddress(address=person["mail"]))],
            internet_message_headers=[InternetMessageHeader(name="x-palisade-alert", value="A-1")]),
        save_to_sent_items=False)
    await client.users.by_user_id("palisade-alerts@" + domain).send_mail.post(mail)
    outbox = inspect(args.base, args.ca)["mails"]
    step("sendMail into the outbox", len(outbox) >= 1 and outbox[-1]["to"] == [person["mail"]], outbox[-1]["contentType"])

    deleted = await client.directory.deleted_items.graph_user.get()
    step("deleted users", all(u.deleted_date_time is not None for u in deleted.value), f"{len(deleted.value)} deleted")

    page = await client.users.delta.get(
        request_configuration=RequestConfiguration(
            query_parameters=DeltaRequestBuilder.DeltaRequestBuilderGetQueryParameters(select=select)))
    seen, pages = len(page.value), 1
    while page.odata_next_link:
        page = await client.users.delta.with_url(page.odata_next_link).get()
        seen, pages = seen + len(page.value), pages + 1
    step("users delta to its deltaLink", page.odata_delta_link is not None, f"{seen} users in {pages} pages")
    await client.users.by_user_id(person["id"]).patch(User(account_enabled=False))
    changes = await client.users.delta.with_url(page.odata_delta_link).get()
    changed = [u for u in changes.value if u.id == person["id"]]
    step("the deltaLink reports a change made since", len(changed) == 1 and changed[0].account_enabled is False,
         f"{len(changes.value)} changed")
    await client.users.by_user_id(person["id"]).patch(User(account_enabled=True))
    paths = {c["path"].split("/")[-1] for c in inspect(args.base, args.ca)["calls"]}
    step("the SDK's paths: delta() and the short cast graph.user", {"delta()", "graph.user"} <= paths)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--client-id", default="5a1e5ade-0000-4000-8000-00000000e1d1")
    parser.add_argument("--secret", default="sim-entra-secret")
    parser.add_argument("--app-key", help="the app certificate's RSA key (PEM), to check certificate credentials")
    parser.add_argument("--app-cert", help="the app certificate (PEM) given to palisade-sim --client-certificate")
    args = parser.parse_args()
    token = get_token(args)
    asyncio.run(graph_calls(args, token))
    print("all steps passed")


if __name__ == "__main__":
    main()
