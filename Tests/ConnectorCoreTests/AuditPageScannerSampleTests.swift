import Foundation
import Testing

@testable import ConnectorCore

/// Sample bodies shared by the scanner and client tests, built to carry every type quirk of
/// reference §1.4–1.5 (constructed, not captured).
enum AuditSamples {
    /// A login entry: `session_id` as a number, `details.reason` as a string with JSON-looking text.
    static let login = #"""
        {"id":"0123a45b-6c7d-8900-e12f-3456789gh0ij","date_create":1521214343,"action":"user_login","actor":{"type":"user","user":{"id":"W123AB456","name":"Charlie \"Bird\" Parker","email":"bird@slack.com","team":"T023BNT9M"}},"entity":{"type":"user","user":{"id":"W123AB456","name":"Charlie Parker","email":"bird@slack.com","team":"T023BNT9M"}},"context":{"location":{"type":"enterprise","id":"E1701NCCA","name":"Birdland","domain":"birdland"},"ua":"Mozilla\/5.0 {\"x\": [1, 2]}","ip_address":"1.23.45.67","session_id":913888259765},"details":{"reason":"not } really ] a \\ reason {"}}
        """#

    /// An anomaly: `session_id` as a string, `details.reason` an array, non-ASCII and escapes.
    static let anomaly = #"""
        { "details" : { "reason" : [ "new-asn" , "cloud-asn" ] , "location" : "Z\u00fcrich \ud83d\ude00 Zürich 😀" , "ratio" : -1.5e-3 } ,
          "date_create" : 1521214344 , "context" : { "session_id" : "847288190092" , "app" : null } ,
          "action" : "anomaly" , "id" : "fa11-0\t\u0041" , "flags" : [ true , false , null , { } , [ ] ] }
        """#

    /// A bulk session reset: `succeeded_users` as a JSON-encoded string, `session_id` null.
    static let bulkReset = #"""
        {"id":"bulk-1","date_create":0,"action":"bulk_session_reset_by_admin","context":{"session_id":null},"details":{"succeeded_users":"[\"W111\",\"W222\"]","failed_users":[]}}
        """#

    /// A page of the three entries, with an unknown top-level key and whitespace everywhere,
    /// and no trailing whitespace (so that every proper prefix is incomplete).
    static let page =
        "\n {\t\"warning\" : \"superfluous_charset\" , \"entries\" : [ " + login + " ,\r\n " + anomaly
        + " , " + bulkReset + " ] ,\n \"extra\" : { \"a\" : [ 1 , 2.5 , { \"b\" : null } ] } , "
        + "\"response_metadata\" : { \"next_cursor\" : \"dXNlcjpVMEc5V0ZYTlo=\" , \"other\" : 1 } }"

    /// The expected `(id, date_create)` of ``page``'s entries.
    static let pageEntries: [(id: String, dateCreate: Int64)] = [
        ("0123a45b-6c7d-8900-e12f-3456789gh0ij", 1_521_214_343), ("fa11-0\tA", 1_521_214_344), ("bulk-1", 0),
    ]

    /// `body` scanned with the default scanner, failing the test on an error.
    static func scan(_ body: String) throws -> AuditPageScan {
        try AuditPageScanner().scan(Array(body.utf8))
    }

    /// The scanner's error for `body`, or `nil` if it was accepted.
    static func error(_ body: [UInt8], maxDepth: Int = AuditPageScanner.defaultMaxDepth) -> AuditPageError? {
        do throws(AuditPageError) {
            _ = try AuditPageScanner(maxDepth: maxDepth).scan(body)
            return nil
        } catch {
            return error
        }
    }

    /// The scanner's error for `body`, or `nil` if it was accepted.
    static func error(_ body: String) -> AuditPageError? {
        error(Array(body.utf8))
    }

    /// A page holding just `entry` (raw JSON text).
    static func page(with entry: String) -> String {
        #"{"entries":["# + entry + #"],"response_metadata":{"next_cursor":""}}"#
    }
}

@Suite("Audit page samples")
struct AuditPageScannerSampleTests {
    @Test func samplesAreValidJSONForFoundation() throws {
        for sample in [AuditSamples.login, AuditSamples.anomaly, AuditSamples.bulkReset, AuditSamples.page] {
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(sample.utf8)) }
        }
    }
}
