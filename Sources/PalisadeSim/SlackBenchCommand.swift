import ArgumentParser
import Foundation
import PalisadeRPC
import PalisadeSlackSimulator

/// `palisade-sim slack-bench`: how fast the simulator assembles `/logs` pages, in process (no
/// sockets, no TLS), so its share of a connector benchmark is known. Build with `-c release`.
struct SlackBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slack-bench",
        abstract: "Measure in-process /audit/v1/logs serving speed (entries per second)."
    )

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Page size asked for.")
    var limit = 9_999

    @Option(help: "How long to measure, seconds.")
    var seconds = 5.0

    @Option(help: "An action filter to apply (comma-separated), to measure filtered scans.")
    var action: String?

    func run() async throws {
        let started = ContinuousClock.now
        let generated = scenario.generate()
        let generation = ContinuousClock.now - started
        let simulator = SlackSimulator(configuration: .init(rateLimitPerMinute: 0))
        simulator.append(generated.entries)
        let authorization = [(name: "authorization", value: "Bearer \(SimulatorToken.development.value)")]
        let filter = action.map { "&action=" + $0 } ?? ""

        var entries = 0
        var pages = 0
        var bytes = 0
        var sweeps = 0
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        let measuring = clock.now
        sweep: while clock.now < deadline {
            var cursor = ""
            repeat {
                let target = "/audit/v1/logs?limit=\(limit)\(filter)" + (cursor.isEmpty ? "" : "&cursor=" + Self.encode(cursor))
                let response = await simulator.handle(HTTPServerRequest(method: "GET", target: target, headers: authorization))
                guard response.status == 200 else {
                    print("unexpected status \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
                    break sweep
                }
                pages += 1
                bytes += response.body.count
                cursor = Self.nextCursor(response.body)
            } while !cursor.isEmpty && clock.now < deadline
            sweeps += 1
        }
        let elapsed = clock.now - measuring
        let secondsTaken = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        entries = simulator.stats.entriesServed
        print(
            """
            generated \(generated.entries.count) entries in \(generation)
            served \(entries) entries in \(pages) pages (\(sweeps) sweeps) in \(String(format: "%.2f", secondsTaken)) s
            \(Int(Double(entries) / secondsTaken)) entries/s, \(String(format: "%.1f", Double(pages) / secondsTaken)) pages/s, \
            \(String(format: "%.0f", Double(bytes) / secondsTaken / 1e6)) MB/s, \(bytes / max(1, entries)) bytes/entry
            """)
    }

    /// The `next_cursor` at the end of a page body.
    static func nextCursor(_ body: [UInt8]) -> String {
        let marker = Array(#""next_cursor":""#.utf8)
        guard body.count > marker.count + 3 else { return "" }
        var i = body.count - marker.count - 3
        while i >= 0 {
            if body[i..<(i + marker.count)].elementsEqual(marker) {
                let start = i + marker.count
                let end = body[start...].firstIndex(of: UInt8(ascii: "\"")) ?? start
                return String(decoding: body[start..<end], as: UTF8.self)
            }
            i -= 1
        }
        return ""
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
