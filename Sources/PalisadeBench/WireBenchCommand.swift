import ArgumentParser
import Foundation
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade-bench wire`: the message codecs' throughput, against Foundation's JSON coders on
/// the same values in the same run.
///
/// The value is a `ConnectionList` of `--connections` fully populated `ConnectionInfo`s (strings,
/// an enum, a double, optional timestamps, integers: every kind of field the contract has). Each
/// figure is messages (lists) per second over `--seconds`: our binary encoding and decoding, our
/// JSON mapping, and Foundation's `JSONEncoder`/`JSONDecoder` (the baseline). Ratios are ours over
/// Foundation's; they are what compares across machines and runs.
///
/// Then one fully populated `Activity` (what a subscriber reads by the hundred thousand): decoded
/// by `WireDecoder` as every client does (its hand-written reader) against the same decoder with
/// the fast readers off (the `Codable` path), `activity_decode_ratio` the first over the second.
struct WireBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wire",
        abstract: "Benchmark the binary and JSON message codecs against Foundation's JSON coders (release builds only).")

    @Option(name: .long, help: "Connections in the list encoded and decoded.")
    var connections = 50

    @Option(name: .long, help: "Seconds per figure.")
    var seconds = 2.0

    func validate() throws {
        guard connections > 0, seconds > 0 else { throw ValidationError("--connections and --seconds must be positive") }
    }

    func run() throws {
        let list = ConnectionList(connections: (0..<connections).map(Self.sample))
        let binary = try WireEncoder().encode(list)
        let json = try WireJSONEncoder().encode(list)
        let foundation = try JSONEncoder().encode(list)
        var figures: [(String, Double)] = []
        figures.append(("binary_encode_per_s", try rate { _ = try WireEncoder().encode(list) }))
        figures.append(("binary_decode_per_s", try rate { _ = try WireDecoder().decode(ConnectionList.self, from: binary) }))
        figures.append(("json_encode_per_s", try rate { _ = try WireJSONEncoder().encode(list) }))
        figures.append(("json_decode_per_s", try rate { _ = try WireJSONDecoder().decode(ConnectionList.self, from: json) }))
        figures.append(("baseline_encode_per_s", try rate { _ = try JSONEncoder().encode(list) }))
        figures.append(("baseline_decode_per_s", try rate { _ = try JSONDecoder().decode(ConnectionList.self, from: foundation) }))
        let activity = try WireEncoder().encode(Self.activity)
        let codable = WireDecoder(usesFastReaders: false)
        figures.append(("activity_decode_per_s", try rate { _ = try WireDecoder().decode(Activity.self, from: activity) }))
        figures.append(("activity_codable_decode_per_s", try rate { _ = try codable.decode(Activity.self, from: activity) }))
        let value = Dictionary(uniqueKeysWithValues: figures)
        func ratio(_ name: String, _ baseline: String) -> String {
            String(format: "%.2f", (value[name] ?? 0) / max(value[baseline] ?? 1, 1))
        }
        let line =
            figures.map { "\($0.0)=\(Int($0.1))" }
            + [
                "binary_bytes=\(binary.count)", "json_bytes=\(json.count)",
                "binary_encode_ratio=\(ratio("binary_encode_per_s", "baseline_encode_per_s"))",
                "binary_decode_ratio=\(ratio("binary_decode_per_s", "baseline_decode_per_s"))",
                "json_encode_ratio=\(ratio("json_encode_per_s", "baseline_encode_per_s"))",
                "json_decode_ratio=\(ratio("json_decode_per_s", "baseline_decode_per_s"))",
                "activity_bytes=\(activity.count)",
                "activity_decode_ratio=\(ratio("activity_decode_per_s", "activity_codable_decode_per_s"))",
            ]
        print(line.joined(separator: " "))
    }

    /// Runs `body` for a quarter of `seconds` to warm up, then counts runs for `seconds`.
    private func rate(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let warmUp = clock.now + .seconds(seconds / 4)
        while clock.now < warmUp { try body() }
        var count = 0
        let start = clock.now
        let end = start + .seconds(seconds)
        while clock.now < end {
            for _ in 0..<16 { try body() }
            count += 16
        }
        return Double(count) / (clock.now - start).seconds
    }

    /// A connection with every field set (and distinct per index, so nothing is shared).
    private static func sample(_ i: Int) -> ConnectionInfo {
        let base = Date(timeIntervalSince1970: 1_795_686_598.123456 + Double(i))
        return ConnectionInfo(
            id: "conn_\(i)", orgID: "E0123ABC\(i)", orgName: "Acme Corp \(i)", state: .rateLimited,
            statusText: "Rate limited until 2026-11-26T10:00:00Z", backfillPercent: 42.5, lastSuccess: base,
            lastError: "Slack answered 429", rateLimitedUntil: base.addingTimeInterval(30), entriesFetched: 123_456 + UInt64(i),
            entriesPending: 1500, watermark: base.addingTimeInterval(-600), created: base.addingTimeInterval(-86_400),
            credential: "oauth")
    }

    /// An activity with every part present, of the size the simulator's entries give.
    private static let activity: Activity = {
        let time = Date(timeIntervalSince1970: 1_795_686_598)
        let raw =
            #"{"id":"0123a45b-6c7d-8e9f-a0b1-c2d3e4f5a6b7","date_create":1795686598,"action":"file_downloaded","#
            + #""actor":{"type":"user","user":{"id":"W0123ABCD","name":"Ana Ruiz","email":"ana.ruiz@contoso.example","team":"T0123ABCD"}},"#
            + #""entity":{"type":"file","file":{"id":"F0123ABCDE","name":"Q3 board deck.pdf","filetype":"pdf","title":"Q3 board deck"}},"#
            + #""context":{"location":{"type":"workspace","id":"T0123ABCD","name":"Contoso","domain":"contoso"},"#
            + #""ua":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","#
            + #""ip_address":"185.220.101.4","session_id":"1656410836837"},"details":{"is_external":false}}"#
        return Activity(
            sequence: 9_876_543, orgID: "E0CONTOSO1", entryID: "0123a45b-6c7d-8e9f-a0b1-c2d3e4f5a6b7", time: time,
            ingested: time.addingTimeInterval(2.5), action: "file_downloaded", category: .file,
            actor: ActivityActor(
                kind: .user, type: "user", id: "W0123ABCD", name: "Ana Ruiz", email: "ana.ruiz@contoso.example", team: "T0123ABCD",
                fields: ["is_restricted": "false", "display_name": "\"ana\""]),
            entity: ActivityEntity(
                type: "file", id: "F0123ABCDE", name: "Q3 board deck.pdf", fileType: "pdf", title: "Q3 board deck",
                fields: ["size": "1048576"]),
            place: ActivityPlace(type: "workspace", id: "T0123ABCD", name: "Contoso", domain: "contoso"), ip: "185.220.101.4",
            userAgent:
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            sessionID: "1656410836837", impersonated: true,
            actingApp: ActivityApp(id: "A0123ABCD", name: "Exporter", scopes: ["files:read", "users:read"], creator: "W0999"),
            location: ActivityLocation(
                country: "DE", subdivision: "Berlin", city: "Berlin", latitude: 52.5244, longitude: 13.4105, accuracyRadiusKm: 20,
                databaseBuilt: time.addingTimeInterval(-86_400 * 300)),
            ipCategory: .risky, ipTags: ["Anonymous proxy", "Tor"], details: #"{"is_external":false,"reason":["tor","ip_address"]}"#,
            raw: Data(raw.utf8))
    }()
}
