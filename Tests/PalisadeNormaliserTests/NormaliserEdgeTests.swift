import Foundation
import PalisadeMessages
import PalisadeNet
import PalisadeNormaliser
import Testing

/// Refusals, nulls, mistyped and repeated members, and addresses: `Protocol/activity.md`, "Missing
/// fields, nulls and Slack's type quirks".
@Suite("Normalising odd entries")
struct NormaliserEdgeTests {
    func normalise(_ json: String) throws(EntryRefusal) -> Activity {
        try EntryNormaliser().normalise(Array(json.utf8), orgID: "E1").activity
    }

    @Test(arguments: [
        ("[1]", "not a JSON object"), ("{\"id\":\"a\"", "not a JSON object (the JSON ends at byte 9"),
        ("{\"date_create\":1}", "missing \"id\""), ("{\"id\":7,\"date_create\":1}", "\"id\" is not a string"),
        ("{\"id\":\"\",\"date_create\":1}", "\"id\" is empty"), ("{\"id\":\"a\"}", "missing \"date_create\""),
        ("{\"id\":\"a\",\"date_create\":null}", "missing \"date_create\""),
        ("{\"id\":\"a\",\"date_create\":\"1\"}", "\"date_create\" is not an integer"),
        ("{\"id\":\"a\",\"date_create\":1.5}", "\"date_create\" is not an integer"),
        ("{\"id\":\"a\",\"date_create\":99999999999999999999}", "\"date_create\" is out of range"),
    ])
    func refusesWhatIngestionMdRefuses(json: String, reason: String) {
        let error = #expect(throws: EntryRefusal.self) { try normalise(json) }
        #expect(error?.reason.hasPrefix(reason) == true, "\(error?.reason ?? "")")
    }

    @Test func refusesAnEntryOverOneMebibyte() {
        let padding = String(repeating: "x", count: EntryNormaliser.maxEntryBytes)
        let error = #expect(throws: EntryRefusal.self) { try normalise("{\"id\":\"a\",\"date_create\":1,\"p\":\"\(padding)\"}") }
        #expect(error?.reason == "entry too large (1 048 609 bytes; at most 1 048 576)")
    }

    @Test func keepsAnEntryWithNothingButItsIdentity() throws {
        let activity = try normalise("{\"id\":\"a\",\"date_create\":1789373000}")
        #expect(activity.action == "" && activity.category == .other && activity.unknownAction)
        #expect(activity.actor == nil && activity.entity == nil && activity.place == nil && activity.actingApp == nil)
        #expect(activity.ip == "" && activity.sessionID == "" && activity.details == "" && !activity.impersonated)
    }

    @Test func nullsAreAbsentAndMistypedMembersGoToFields() throws {
        let activity = try normalise(
            #"{"id":"a","date_create":1,"action":"channel_created","actor":{"type":"user","user":{"id":123,"name":null,"team":["T1"],"x":{"y":1}}},"#
                + #""entity":{"type":"channel","channel":{"id":"C1","is_shared":"false","is_org_shared":3,"teams_shared_with":"[\"T1\",\"T2\"]","name":"a","name":"b"}},"#
                + #""context":{"app":null,"session_id":null,"ua":null,"ip_address":"2001:DB8::0:1"},"details":null}"#)
        #expect(activity.actor?.id == "123" && activity.actor?.name == "" && activity.actor?.team == "")
        #expect(activity.actor?.fields == ["team": #"["T1"]"#, "x": #"{"y":1}"#])
        #expect(activity.entity?.shared == false && activity.entity?.orgShared == nil && activity.entity?.sharedWith == ["T1", "T2"])
        #expect(activity.entity?.name == "b" && activity.entity?.fields == ["is_org_shared": "3"])
        #expect(activity.actingApp == nil && activity.sessionID == "" && activity.userAgent == "" && activity.details == "")
        #expect(activity.ip == "2001:db8::1")
    }

    @Test func addressesAreCanonicalAndNonAddressesKeptVerbatim() throws {
        #expect(try normalise(#"{"id":"a","date_create":1,"context":{"ip_address":"::ffff:81.2.69.142"}}"#).ip == "81.2.69.142")
        #expect(try normalise(#"{"id":"a","date_create":1,"context":{"ip_address":"not-an-ip"}}"#).ip == "not-an-ip")
        let normalised = try EntryNormaliser().normalise(
            Array(#"{"id":"a","date_create":1,"context":{"ip_address":"10.1.2.3"}}"#.utf8), orgID: "E1")
        #expect(normalised.address?.description == "10.1.2.3")
    }

    @Test func anActorWithoutItsTypedObjectKeepsItsType() throws {
        let activity = try normalise(
            #"{"id":"a","date_create":1,"actor":{"type":"user"},"entity":{"type":"template","template":{"template_name":"Onboarding"}}}"#)
        #expect(activity.actor == ActivityActor(kind: .user, type: "user"))
        #expect(activity.entity?.name == "Onboarding" && activity.entity?.fields.isEmpty == true)
    }

    @Test func slackItselfAndAgentsActingForPeople() throws {
        let slack = try normalise(#"{"id":"a","date_create":1,"actor":{"type":"user","user":{"id":"USLACKSECURITY"}}}"#)
        #expect(slack.actor?.kind == .slack)
        let mcp = try normalise(#"{"id":"a","date_create":1,"action":"mcp_slack_search","actor":{"type":"user","user":{"id":"W1"}}}"#)
        #expect(mcp.impersonated && mcp.category == .ai)
        let other = try normalise(
            #"{"id":"a","date_create":1,"actor":{"type":"service","service":{"id":"S1"}},"context":{"acting_agent":"Slackbot"}}"#)
        #expect(other.actor?.kind == .other && !other.impersonated)
    }

    @Test func detailsThatAreNotAnObjectAreKeptVerbatim() throws {
        #expect(try normalise(#"{"id":"a","date_create":1,"details":[1, 2]}"#).details == "[1, 2]")
        let anomaly = try normalise(#"{"id":"a","date_create":1,"action":"anomaly","details":{"reason":" tor , ,asn ","n":1}}"#)
        #expect(anomaly.details == #"{"reason":["tor","asn"],"n":1}"#)
        let other = try normalise(#"{"id":"a","date_create":1,"action":"user_login","details":{"reason":"a,b","failed_users":"nope"}}"#)
        #expect(other.details == #"{"reason":"a,b","failed_users":"nope"}"#)
    }
}
