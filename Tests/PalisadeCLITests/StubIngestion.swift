import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import Synchronization

@testable import PalisadeCLI

/// A stand-in for palisade-ingestion on 127.0.0.1:0 (cleartext, loopback authorizer) serving
/// the read and IP range methods from fixed data and recording what it was sent, so a test runs
/// a command's whole logic, its options and RPC calls included, against a real server.
final class StubIngestion: RPCService, Sendable {
    /// What the stub received.
    struct Received {
        var queries: [ActivityQuery] = []
        var added: [IPRange] = []
        var removed: [String] = []
        var chunks: [IPFeedChunk] = []
    }

    /// The activities `Query` streams, up to the request's limit.
    let activities: [Activity]
    /// `GetStats`' answer.
    let stats: IngestionStats
    /// `ListIPRanges`' answer.
    let ranges: [IPRange]
    private let state = Mutex(Received())
    private let server = Mutex<RPCServer?>(nil)

    init(activities: [Activity] = [], stats: IngestionStats = IngestionStats(), ranges: [IPRange] = []) {
        (self.activities, self.stats, self.ranges) = (activities, stats, ranges)
    }

    /// What was received so far.
    var received: Received { state.withLock { $0 } }

    /// Starts serving; returns the port.
    func start() throws -> Int {
        var logger = Logger(label: "stub-ingestion")
        logger.logLevel = .critical
        var configuration = RPCServerConfiguration(host: "127.0.0.1", port: 0, security: .plaintext)
        configuration.eventLoopCount = 1
        let server = try RPCServer(
            configuration: configuration, services: [self], authorizer: LoopbackPlaintextAuthorizer(), logger: logger)
        let address = try server.start()
        self.server.withLock { $0 = server }
        return address.port
    }

    /// Stops serving.
    func stop() async {
        guard let server = server.withLock({ $0 }) else { return }
        server.beginGracefulShutdown()
        await server.waitUntilStopped()
    }

    var routes: [RPCRoute] {
        [
            .serverStreaming(IngestionAPI.query) { [self] query, writer, _ in
                state.withLock { $0.queries.append(query) }
                let count = query.limit == 0 ? activities.count : min(activities.count, Int(query.limit))
                for activity in activities.prefix(count) { try await writer.write(activity) }
            },
            .unary(IngestionAPI.getStats) { [self] (_: Empty, _) in stats },
            .unary(IngestionAPI.listIPRanges) { [self] (_: Empty, _) in IPRangeList(ranges: ranges) },
            .unary(IngestionAPI.addIPRange) { [self] range, _ in
                state.withLock { $0.added.append(range) }
                var stored = range
                stored.source = "operator"
                stored.updated = Date(timeIntervalSince1970: 1_789_372_800)
                return stored
            },
            .unary(IngestionAPI.removeIPRange) { [self] ref, _ in
                guard ranges.contains(where: { $0.name == ref.name }) else {
                    throw RPCError(.notFound, "no IP range named \"\(ref.name)\"")
                }
                state.withLock { $0.removed.append(ref.name) }
                return Empty()
            },
            .clientStreaming(IngestionAPI.loadIPFeed) { [self] chunks, _ in
                var lines = 0
                for try await chunk in chunks {
                    state.withLock { $0.chunks.append(chunk) }
                    lines += chunk.data.filter { $0 == UInt8(ascii: "\n") }.count
                }
                let range = IPRange(name: "tor", category: .risky, tags: ["Tor"], source: "tor")
                return IPFeedSummary(range: range, networks: UInt64(lines), replaced: 7)
            },
        ]
    }
}

/// What a command printed, for tests to read.
final class OutputBuffer: CommandOutput {
    private let text = Mutex("")

    func write(_ text: String) { self.text.withLock { $0 += text } }

    /// Everything written so far.
    var contents: String { text.withLock { $0 } }

    /// The lines written so far (split on line feeds; a final empty piece dropped).
    var lines: [String] {
        var lines = contents.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// The environment a command under test reads: no profile, no variables, so only its flags count.
let isolatedEnvironment = ["PALISADE_PROFILE": "/nonexistent/palisade-test-profile.json"]

/// `count` activities, sequences 1…count, a second apart, newest first as `Query` sends them,
/// every third one from a risky Tor address with an actor that has an e-mail.
func sampleActivities(_ count: Int) -> [Activity] {
    (1...max(count, 1)).prefix(count).reversed().map { sequence in
        let risky = sequence % 3 == 0
        return Activity(
            sequence: UInt64(sequence), orgID: "E0CONTOSO1", entryID: "entry-\(sequence)",
            time: Date(timeIntervalSince1970: 1_789_372_000 + Double(sequence)), action: risky ? "user_login" : "file_downloaded",
            category: risky ? .login : .file, administrative: sequence % 5 == 0,
            actor: ActivityActor(
                kind: .user, type: "user", id: "W\(sequence)", name: "User, \"\(sequence)\"", email: risky ? "u\(sequence)@contoso.com" : ""
            ),
            ip: risky ? "185.220.101.\(sequence % 256)" : "198.51.100.7", impersonated: sequence % 7 == 0,
            location: ActivityLocation(country: risky ? "DE" : "US", city: risky ? "Berlin" : "New York"),
            ipCategory: risky ? .risky : .corporate, ipTags: risky ? ["Tor", "anonymiser"] : [])
    }
}
