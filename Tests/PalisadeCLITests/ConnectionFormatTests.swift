import Foundation
import PalisadeMessages
import PalisadeWire
import Testing

@testable import PalisadeCLI

/// 2026-11-26T10:00:00Z.
private let tenAM = Date(timeIntervalSince1970: 1_795_687_200)

/// Two connections unlike each other in every column's width.
private let connections = [
    ConnectionInfo(
        id: "conn_7f3a", orgID: "E0123ABCD", orgName: "Acme Corp", state: .backfilling, statusText: "Backfilling 42%",
        backfillPercent: 42, lastSuccess: tenAM.addingTimeInterval(0.75), entriesFetched: 1_234_567, entriesPending: 89,
        created: tenAM, credential: "token"),
    ConnectionInfo(
        id: "conn_1", orgID: "E9", orgName: "Société Générale 株式会社", state: .error,
        statusText: "Error: token revoked", lastError: "token_revoked", credential: "oauth"),
]

/// The character offsets at which `line`'s two-space-separated cells start.
private func cellStarts(_ line: String) -> [Int] {
    var starts = [0]
    let characters = Array(line)
    var index = 1
    while index < characters.count {
        if characters[index - 1] == " " && characters[index] != " " && index >= 2 && characters[index - 2] == " " {
            starts.append(index)
        }
        index += 1
    }
    return starts
}

/// `ConnectionFormat`: what `palisade connections` (and `sync`, `connect`) print.
@Suite("Connection format: the line, the table, and the JSON of connections")
struct ConnectionFormatTests {
    @Test("one connection on one line: id, name, org id, status")
    func line() {
        #expect(ConnectionFormat.line(connections[0]) == "conn_7f3a  Acme Corp (E0123ABCD)  Backfilling 42%")
    }

    @Test("the table has the header and one row per connection, in order, every column present")
    func tableContents() {
        let lines = ConnectionFormat.table(connections).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3)
        let headerCells = lines[0].split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(headerCells == ["ID", "ORG", "NAME", "STATUS", "BACKFILL", "FETCHED", "PENDING", "LAST SUCCESS"])
        let first = lines[1].split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(first == ["conn_7f3a", "E0123ABCD", "Acme Corp", "Backfilling 42%", "42%", "1234567", "89", "2026-11-26T10:00:00Z"])
        let second = lines[2].split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(second == ["conn_1", "E9", "Société Générale 株式会社", "Error: token revoked", "0%", "0", "0", "never"])
    }

    @Test("columns line up by characters (non-ASCII names too), and no line ends in spaces")
    func tableAlignment() {
        let lines = ConnectionFormat.table(connections).split(separator: "\n").map(String.init)
        let starts = lines.map(cellStarts)
        let cellCounts = starts.map(\.count)
        #expect(cellCounts == [8, 8, 8])
        #expect(starts[1] == starts[0] && starts[2] == starts[0])
        let trailingSpaces = lines.filter { $0.hasSuffix(" ") }
        #expect(trailingSpaces.isEmpty)
        // Each column is as wide as its widest cell plus the two-space gap, counted in characters.
        #expect(starts[0][3] - starts[0][2] == "Société Générale 株式会社".count + 2)
    }

    @Test("with no connections the table is the header alone")
    func emptyTable() {
        #expect(ConnectionFormat.table([]) == "ID  ORG  NAME  STATUS  BACKFILL  FETCHED  PENDING  LAST SUCCESS")
    }

    @Test("timestamps are RFC 3339 in UTC to the second")
    func timestamp() {
        #expect(TerminalText.timestamp(tenAM) == "2026-11-26T10:00:00Z")
        #expect(TerminalText.timestamp(tenAM.addingTimeInterval(0.999)) == "2026-11-26T10:00:00Z")
        #expect(TerminalText.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test("the JSON decodes back to the same list")
    func jsonRoundTrip() throws {
        let list = ConnectionList(connections: connections)
        let json = try ConnectionFormat.json(list)
        #expect(!json.contains("\n"))
        let decoded = try WireJSONDecoder().decode(ConnectionList.self, from: Array(json.utf8))
        #expect(decoded.connections.count == 2)
        #expect(decoded.connections[1] == connections[1])
        // JSON dates keep microseconds, so the 0.75 s survives.
        #expect(decoded.connections[0].lastSuccess == connections[0].lastSuccess)
        #expect(decoded == list)
    }

    @Test("the JSON carries the documented field names and encodings")
    func jsonFields() throws {
        let json = try ConnectionFormat.json(ConnectionList(connections: connections))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let root = try #require(parsed as? [String: Any])
        let rows = try #require(root["connections"] as? [[String: Any]])
        #expect(rows.count == 2)
        let first = rows[0]
        #expect(first["id"] as? String == "conn_7f3a")
        #expect(first["orgID"] as? String == "E0123ABCD")
        #expect(first["orgName"] as? String == "Acme Corp")
        #expect(first["state"] as? Int == 1)
        #expect(first["statusText"] as? String == "Backfilling 42%")
        #expect(first["entriesFetched"] as? Int == 1_234_567)
        #expect(first["entriesPending"] as? Int == 89)
        #expect(first["lastSuccess"] as? String == "2026-11-26T10:00:00.750000Z")
        #expect(first["created"] as? String == "2026-11-26T10:00:00.000000Z")
        #expect(first["credential"] as? String == "token")
        let second = rows[1]
        #expect(second["state"] as? Int == 4)
        #expect(second["lastError"] as? String == "token_revoked")
        #expect(second["orgName"] as? String == "Société Générale 株式会社")
        // Absent dates are left out, not written as null.
        #expect(second["lastSuccess"] == nil && second["watermark"] == nil && second["rateLimitedUntil"] == nil)
    }

    @Test("an empty list is still an object with its (empty) list")
    func jsonEmpty() throws {
        let json = try ConnectionFormat.json(ConnectionList())
        let decoded = try WireJSONDecoder().decode(ConnectionList.self, from: Array(json.utf8))
        #expect(decoded == ConnectionList())
    }

    @Test("control characters from Slack (a newline, an escape sequence) never reach the terminal")
    func controlCharactersAreMasked() {
        let hostile = ConnectionInfo(
            id: "conn_x", orgID: "E1", orgName: "Evil\nCorp\u{1B}[2J\u{2028}", state: .connected,
            statusText: "Connected\r", credential: "token")
        let table = ConnectionFormat.table([hostile])
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2, "the header and one row")
        let masked = table.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{2028}" }
        #expect(!masked)
        #expect(table.contains("Evil?Corp?[2J?"))
        let line = ConnectionFormat.line(hostile)
        #expect(line == "conn_x  Evil?Corp?[2J? (E1)  Connected?")
        #expect(TerminalText.printable("Société 株式会社") == "Société 株式会社")
    }

    @Test("a line under the table says delivery to ingestion fails, since when and why; none while it works")
    func deliveryLine() {
        let failing = DeliveryStatus(
            failing: true, failingSince: Date(timeIntervalSince1970: 1_795_687_170), lastError: "UNAVAILABLE: connection refused")
        #expect(
            ConnectionFormat.deliveryLine(failing)
                == "delivery to ingestion failing since 2026-11-26T09:59:30Z: UNAVAILABLE: connection refused; entries wait in the outbox (PENDING)"
        )
        #expect(ConnectionFormat.deliveryLine(DeliveryStatus(lastDelivered: Date())) == nil)
    }

    @Test("a line under the table for each connection with dead letters, none for the others; the JSON has the count")
    func deadLetterLines() throws {
        var refused = connections
        refused[1].entriesDeadLettered = 3
        #expect(
            ConnectionFormat.deadLetterLines(refused) == [
                "conn_1: 3 entries refused by ingestion for good are kept in the dead-letter table (see palisade_connector_dead_letters)"
            ])
        refused[0].entriesDeadLettered = 1
        let lines = ConnectionFormat.deadLetterLines(refused)
        #expect(lines.count == 2)
        #expect(
            lines.first
                == "conn_7f3a: 1 entry refused by ingestion for good is kept in the dead-letter table (see palisade_connector_dead_letters)"
        )
        #expect(ConnectionFormat.deadLetterLines(connections).isEmpty)
        #expect(try ConnectionFormat.json(ConnectionList(connections: refused)).contains(#""entriesDeadLettered":3"#))
    }

    @Test("a line under the table for each connection whose clock is more than 5 s from Slack's")
    func clockSkewLines() throws {
        var skewed = connections
        skewed[0].clockSkewSeconds = 5
        skewed[1].clockSkewSeconds = -120
        #expect(
            ConnectionFormat.clockSkewLines(skewed) == [
                "conn_1: the connector's clock is 120 s behind Slack's; fix its time (NTP): "
                    + "while it runs ahead, entries Slack publishes late can be missed"
            ])
        skewed[0].clockSkewSeconds = 30
        #expect(
            ConnectionFormat.clockSkewLines(skewed).first?.hasPrefix("conn_7f3a: the connector's clock is 30 s ahead of Slack's") == true)
        #expect(try ConnectionFormat.json(ConnectionList(connections: skewed)).contains(#""clockSkewSeconds":-120"#))
    }

    @Test("a long status is cut in the table, marked with …; the JSON keeps it whole")
    func longStatusIsCut() throws {
        let long = "Error: " + String(repeating: "Slack rejected the token; ", count: 8)
        let info = ConnectionInfo(id: "c", orgID: "E1", orgName: "N", state: .error, statusText: long)
        let row = ConnectionFormat.table([info]).split(separator: "\n").map(String.init)[1]
        #expect(row.contains(String(long.prefix(ConnectionFormat.statusWidth - 1)) + "…"), "\(row)")
        #expect(!row.contains(long))
        #expect(try ConnectionFormat.json(ConnectionList(connections: [info])).contains(long))
    }

    @Test("disconnect says what becomes of the entries still waiting for ingestion")
    func disconnectNote() {
        #expect(Disconnect.pendingNote(0) == "nothing it fetched was waiting for ingestion")
        #expect(Disconnect.pendingNote(1500) == "the 1500 entries it fetched that ingestion has not taken yet are still delivered")
    }
}
