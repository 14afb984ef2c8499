import Foundation
import PalisadeHTTP2
import Testing

/// In-memory throughput of a client/server session pair, without sockets. Not a test of
/// timing (nothing is asserted about speed): it only prints figures, and only when asked:
/// `PALISADE_H2_BENCH=1 swift test -c release --filter SessionBenchmarks`.
@Suite("Session benchmarks", .serialized, .enabled(if: ProcessInfo.processInfo.environment["PALISADE_H2_BENCH"] == "1"))
struct SessionBenchmarks {
    private static let request = grpcRequest()
    private static let body = message(100)
    private static let trailers = [H2Header("grpc-status", "0")]

    /// Drives `count` unary calls, `inFlight` at a time; `drain` picks drainEvents over takeEvents.
    private func unary(count: Int, inFlight: Int, drain: Bool) throws -> Duration {
        let (client, server) = try connectedPair()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 << 10)
        var done = 0
        var started = 0
        func shuttle() throws {
            while true {
                buffer.removeAll(keepingCapacity: true)
                try client.produceOutput(into: &buffer)
                let a = buffer.count
                if a > 0 { try buffer.withUnsafeBytes { try server.receive($0) } }
                buffer.removeAll(keepingCapacity: true)
                try server.produceOutput(into: &buffer)
                let b = buffer.count
                if b > 0 { try buffer.withUnsafeBytes { try client.receive($0) } }
                if a == 0, b == 0 { return }
            }
        }
        func onServer(_ event: H2Event) {
            switch event {
            case .data(let id, let bytes): server.consume(streamID: id, count: bytes.count)
            case .endStream(let id):
                try? server.submitResponse(streamID: id, headers: grpcResponse, endStream: false)
                try? server.sendData(streamID: id, Self.body)
                try? server.finish(streamID: id, trailers: Self.trailers)
            default: break
            }
        }
        func onClient(_ event: H2Event) {
            switch event {
            case .data(let id, let bytes): client.consume(streamID: id, count: bytes.count)
            case .streamClosed: done += 1
            default: break
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        while done < count {
            while started < count, client.activeStreamCount < inFlight {
                let id = try client.submitRequest(headers: Self.request, endStream: false)
                try client.sendData(streamID: id, Self.body)
                try client.finish(streamID: id, trailers: nil)
                started += 1
            }
            try shuttle()
            if drain { server.drainEvents(onServer) } else { server.takeEvents().forEach(onServer) }
            try shuttle()
            if drain { client.drainEvents(onClient) } else { client.takeEvents().forEach(onClient) }
        }
        return clock.now - start
    }

    private func report(_ label: String, _ count: Int, _ elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("[bench] \(label): \(Int(Double(count) / seconds)) /s, \(String(format: "%.2f", seconds * 1e6 / Double(count))) µs each")
    }

    @Test func unaryCalls() throws {
        for drain in [false, true] {
            let name = drain ? "drainEvents" : "takeEvents"
            report("unary sequential (\(name))", 50_000, try unary(count: 50_000, inFlight: 1, drain: drain))
            report("unary 64 in flight (\(name))", 200_000, try unary(count: 200_000, inFlight: 64, drain: drain))
        }
    }

    @Test func streamedMessages() throws {
        let (client, server) = try connectedPair()
        let id = try client.submitRequest(headers: grpcRequest(path: "/palisade.Echo/Stream"), endStream: false)
        let messages = (0..<64).map { message($0 % 40 + 10) }
        var received = 0
        let total = 1_000_000
        let clock = ContinuousClock()
        let start = clock.now
        for batch in 0..<(total / 1000) {
            for index in 0..<1000 { try client.sendData(streamID: id, messages[(batch + index) & 63]) }
            try pump(client, server)
            server.drainEvents { event in
                if case .data(let streamID, let bytes) = event {
                    received += bytes.count
                    server.consume(streamID: streamID, count: bytes.count)
                }
            }
        }
        report("streamed messages client→server", total, clock.now - start)
        #expect(received > 0)
    }
}
