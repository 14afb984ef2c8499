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
}
