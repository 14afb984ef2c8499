import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeTestSupport
import PalisadeWire
import Testing

@testable import PalisadeCLI

/// Parses `command` with the stub's address and cleartext, and a client from its own options.
private func prepared<Command: ParsableCommand>(
    _ type: Command.Type, port: Int, _ arguments: [String], client: (Command) -> IngestionClientOptions
) throws -> (Command, RPCClient) {
    let command = try type.parse(arguments + ["--plaintext", "--address", "127.0.0.1:\(port)"])
    return (command, try client(command).makeClient(environment: isolatedEnvironment))
}

/// The `activities` and `ip-ranges` commands run whole against a stub ingestion server: their
/// options, the RPC calls they make, and what they print.
@Suite("Ingestion commands against a live stub server")
struct IngestionCommandTests {
    @Test("query --format csv streams all 250 activities: a header and 250 records, no cap")
    func csvHasEveryActivity() async throws {
        let stub = StubIngestion(activities: sampleActivities(250))
        let port = try stub.start()
        let (command, rpc) = try prepared(QueryActivities.self, port: port, ["--format", "csv", "--from", "7d"]) { $0.ingestion }
        let output = OutputBuffer()
        let outcome = try await command.execute(rpc: rpc, output: output)
        await stub.stop()
        #expect(outcome == ActivityPrinter.Outcome(printed: 250))
        let records = output.contents.components(separatedBy: "\r\n").dropLast()
        #expect(records.count == 251)
        #expect(records.first == ActivityFormat.csvHeader.joined(separator: ","))
        #expect(
            records[1].hasPrefix(
                "250,2026-09-14T07:50:50Z,E0CONTOSO1,entry-250,file_downloaded,file,true,false,user,W250,\"User, \"\"250\"\"\""))
        let sent = try #require(stub.received.queries.first)
        #expect(sent.limit == 0 && sent.from != nil)
    }

    @Test("a CSV export that fails at once writes nothing; one with no match is the header alone")
    func csvEdges() async throws {
        let stub = StubIngestion()
        let port = try stub.start()
        let (command, rpc) = try prepared(QueryActivities.self, port: port, ["--format", "csv"]) { $0.ingestion }
        let empty = OutputBuffer()
        #expect(try await command.execute(rpc: rpc, output: empty).printed == 0)
        #expect(empty.contents == CSV.record(ActivityFormat.csvHeader))
        await stub.stop()
        let (refused, gone) = try prepared(QueryActivities.self, port: port, ["--format", "csv"]) { $0.ingestion }
        let nothing = OutputBuffer()
        var failure: RPCError?
        do { _ = try await refused.execute(rpc: gone, output: nothing) } catch let error as RPCError { failure = error }
        #expect(failure?.code == .unavailable)
        #expect(nothing.contents.isEmpty)
    }

    @Test("query shows a table of 100 rows and the cursor of the 101st; the request asked for 101")
    func tableStopsAt100() async throws {
        let stub = StubIngestion(activities: sampleActivities(250))
        let port = try stub.start()
        let (command, rpc) = try prepared(QueryActivities.self, port: port, ["--category", "LOGIN", "--oldest-first"]) { $0.ingestion }
        let output = OutputBuffer()
        let outcome = try await command.execute(rpc: rpc, output: output)
        await stub.stop()
        let lines = output.lines
        #expect(lines.count == 102, "header, 100 rows, the next-page line")
        #expect(lines[0].hasPrefix("TIME (UTC)            USER  "))
        // Newest first from the stub: the 100th row is sequence 151, at 1789372000 + 151.
        #expect(outcome == ActivityPrinter.Outcome(printed: 100, nextCursor: "1789372151:151"))
        #expect(lines[101] == ActivityPrinter.nextPageLine(rows: 100, cursor: "1789372151:151"))
        let sent = try #require(stub.received.queries.first)
        #expect(sent.limit == 101 && sent.categories == [.login] && sent.order == .oldestFirst)
    }

    @Test("a table that holds every match has no next-page line; --limit sets its rows")
    func tableWithoutNextPage() async throws {
        let stub = StubIngestion(activities: sampleActivities(30))
        let port = try stub.start()
        let (whole, rpc) = try prepared(QueryActivities.self, port: port, []) { $0.ingestion }
        let output = OutputBuffer()
        #expect(try await whole.execute(rpc: rpc, output: output) == ActivityPrinter.Outcome(printed: 30))
        #expect(output.lines.count == 31)
        let (limited, _) = try prepared(QueryActivities.self, port: port, ["--limit", "10"]) { $0.ingestion }
        let tenRows = OutputBuffer()
        let outcome = try await limited.execute(rpc: rpc, output: tenRows)
        #expect(outcome.printed == 10 && outcome.nextCursor == "1789372021:21")
        #expect(tenRows.lines.count == 12)
        await stub.stop()
    }

    @Test("query --json prints the wire's JSON, one activity a line, decoding back to what was sent")
    func jsonLines() async throws {
        let activities = sampleActivities(120)
        let stub = StubIngestion(activities: activities)
        let port = try stub.start()
        let (command, rpc) = try prepared(QueryActivities.self, port: port, ["--json"]) { $0.ingestion }
        let output = OutputBuffer()
        _ = try await command.execute(rpc: rpc, output: output)
        await stub.stop()
        let lines = output.lines
        #expect(lines.count == 120)
        let decoded = try lines.map { try WireJSONDecoder().decode(Activity.self, from: Array($0.utf8)) }
        #expect(decoded == activities)
        #expect(lines[0].contains(#""category":2"#) && lines[0].contains(#""sequence":120"#))
    }

    @Test("no match: the table says so")
    func emptyTable() async throws {
        let stub = StubIngestion()
        let port = try stub.start()
        let (command, rpc) = try prepared(QueryActivities.self, port: port, ["--text", "nobody"]) { $0.ingestion }
        let output = OutputBuffer()
        _ = try await command.execute(rpc: rpc, output: output)
        await stub.stop()
        #expect(output.lines == ["no activities match"])
    }

    @Test("stats prints the summary, and the IngestionStats JSON with --json")
    func stats() async throws {
        let figures = IngestionStats(activities: 42, firstSequence: 3, lastSequence: 44, retentionDays: 180, warnings: ["look here"])
        let stub = StubIngestion(stats: figures)
        let port = try stub.start()
        let (summary, rpc) = try prepared(ActivityStats.self, port: port, []) { $0.ingestion }
        let text = OutputBuffer()
        try await summary.execute(rpc: rpc, output: text)
        #expect(text.contents.contains("activities      42 (sequences 3–44)"))
        #expect(text.lines.last == "warning: look here")
        let (json, _) = try prepared(ActivityStats.self, port: port, ["--json"]) { $0.ingestion }
        let object = OutputBuffer()
        try await json.execute(rpc: rpc, output: object)
        await stub.stop()
        #expect(try WireJSONDecoder().decode(IngestionStats.self, from: Array(object.contents.utf8)) == figures)
    }

    @Test("ip-ranges add sends the range; list prints the table; remove names the range, NOT_FOUND passes through")
    func addListRemove() async throws {
        let office = IPRange(name: "office", networks: ["198.51.100.0/24"], category: .corporate, tags: ["HQ"], source: "operator")
        let stub = StubIngestion(ranges: [office])
        let port = try stub.start()
        let arguments = ["office", "--network", "198.51.100.0/24", "--network", "2001:db8::/32", "--category", "Corporate", "--tag", "HQ"]
        let (add, rpc) = try prepared(AddIPRange.self, port: port, arguments) { $0.ingestion }
        let added = OutputBuffer()
        try await add.execute(rpc: rpc, output: added)
        #expect(added.lines == ["added office (corporate; tags HQ; 2 networks: 198.51.100.0/24, 2001:db8::/32)"])
        #expect(
            stub.received.added == [
                IPRange(
                    name: "office", networks: ["198.51.100.0/24", "2001:db8::/32"], category: .corporate, tags: ["HQ"], source: "operator")
            ])

        let (list, _) = try prepared(ListIPRanges.self, port: port, []) { $0.ingestion }
        let listed = OutputBuffer()
        try await list.execute(rpc: rpc, output: listed)
        #expect(
            listed.lines == [
                "NAME    CATEGORY   TAGS  SOURCE    NETWORKS         UPDATED", "office  corporate  HQ    operator  198.51.100.0/24",
            ])

        let (remove, _) = try prepared(RemoveIPRange.self, port: port, ["office"]) { $0.ingestion }
        let removed = OutputBuffer()
        try await remove.execute(rpc: rpc, output: removed)
        #expect(removed.lines.first?.hasPrefix("removed office;") == true)
        let (missing, _) = try prepared(RemoveIPRange.self, port: port, ["nowhere"]) { $0.ingestion }
        var failure: RPCError?
        do { try await missing.execute(rpc: rpc, output: OutputBuffer()) } catch let error as RPCError { failure = error }
        await stub.stop()
        #expect(failure?.code == .notFound)
        #expect(stub.received.removed == ["office"])
    }

    @Test("ip-ranges load sends the file in chunks of at most 1 MiB whose concatenation is the file")
    func loadSendsChunks() async throws {
        let directory = try TemporaryDirectory("cli-feed")
        let path = directory.path + "/tor.txt"
        // About 2.6 MiB of lines, so the file takes three chunks, the last one partial.
        let lines = (0..<200_000).map { "10.\($0 >> 16 & 255).\($0 >> 8 & 255).\($0 & 255)" }
        let file = Data((lines.joined(separator: "\n") + "\n").utf8)
        try file.write(to: URL(fileURLWithPath: path))
        let stub = StubIngestion()
        let port = try stub.start()
        let (load, rpc) = try prepared(LoadIPFeed.self, port: port, ["--format", "TOR", path]) { $0.ingestion }
        let output = OutputBuffer()
        try await load.execute(rpc: rpc, feed: try IPFeedFile.check(path), output: output)
        await stub.stop()
        let chunks = stub.received.chunks
        let sizes = chunks.map(\.data.count)
        #expect(chunks.count == (file.count + IPFeedFile.chunkSize - 1) / IPFeedFile.chunkSize)
        #expect(sizes.max() ?? 0 <= IPFeedFile.chunkSize)
        #expect(Data(chunks.map(\.data).joined()) == file)
        #expect(chunks.map(\.format) == [.tor] + Array(repeating: .unspecified, count: chunks.count - 1))
        #expect(output.lines == ["loaded the tor feed: 200000 networks (7 of the previous load replaced); risky, tags Tor"])
    }
}
