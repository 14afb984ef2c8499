import PalisadeRPC
import PalisadeWire
import Testing

/// A typed service over the health messages: enough to exercise every typed call shape.
private struct TypedService: RPCService {
    static let name = "palisade.test.v1.Typed"
    static let fanOut = RPCMethod<HealthCheckRequest, HealthCheckResponse>.serverStreaming(name, "FanOut", allow: nil)
    static let count = RPCMethod<HealthCheckRequest, HealthCheckRequest>.clientStreaming(name, "Count", allow: nil)
    static let mirror = RPCMethod<HealthCheckRequest, HealthCheckRequest>.bidirectional(name, "Mirror", allow: nil)
    /// Throws `ShelfError` (its own status) for service "own", any other error otherwise.
    static let refuse = RPCMethod<HealthCheckRequest, HealthCheckResponse>.unary(name, "Refuse", allow: nil)

    var routes: [RPCRoute] {
        [
            .serverStreaming(Self.fanOut) { request, writer, _ in
                for _ in 0..<(Int(request.service) ?? 0) { try await writer.write(HealthCheckResponse(status: .serving)) }
            },
            .clientStreaming(Self.count) { requests, _ in
                var n = 0
                for try await _ in requests { n += 1 }
                return HealthCheckRequest(service: String(n))
            },
            .unary(Self.refuse) { request, _ in
                if request.service == "own" { throw ShelfError(shelf: 7) }
                throw CocoaLikeError()
            },
            .bidirectional(Self.mirror) { requests, writer, _ in
                for try await request in requests { try await writer.write(HealthCheckRequest(service: request.service + "!")) }
            },
        ]
    }
}

/// A service's own error that names its status.
private struct ShelfError: Error, RPCErrorConvertible {
    let shelf: Int
    var rpcError: RPCError { RPCError(.notFound, "no shelf \(shelf)", details: ["shelf": "\(shelf)", "note": "a&b=ç%"]) }
}

/// An error that knows no status, whose text must not reach the caller.
private struct CocoaLikeError: Error, CustomStringConvertible {
    var description: String { "secret internals" }
}

@Suite("Typed streaming calls")
struct TypedCallTests {
    @Test("server, client and bidirectional streams with Codable messages", arguments: Mode.allCases)
    func shapes(mode: Mode) async throws {
        let harness = try Harness.start(mode, services: [TypedService()])
        let client = try harness.client()
        let fanned = try await client.serverStreaming(TypedService.fanOut, HealthCheckRequest(service: "5")) { responses in
            var statuses: [ServingStatus] = []
            for try await response in responses { statuses.append(response.status) }
            return statuses
        }
        #expect(fanned == Array(repeating: .serving, count: 5))

        let counted = try await client.clientStreaming(TypedService.count) { writer in
            for i in 0..<7 { try await writer.write(HealthCheckRequest(service: "\(i)")) }
        }
        #expect(counted.service == "7")

        let mirrored = try await client.bidirectional(TypedService.mirror) { writer, responses in
            var iterator = responses.makeAsyncIterator()
            var out: [String] = []
            for word in ["a", "b", "c"] {
                try await writer.write(HealthCheckRequest(service: word))
                if let reply = try await iterator.next() { out.append(reply.service) }
            }
            return out
        }
        #expect(mirrored == ["a!", "b!", "c!"])
        await harness.stop()
    }

    @Test(
        "a handler's own RPCErrorConvertible error reaches the caller with its status and details; other errors are a bare INTERNAL",
        arguments: Mode.allCases)
    func ownErrors(mode: Mode) async throws {
        let harness = try Harness.start(mode, services: [TypedService()])
        let client = try harness.client()
        var own: RPCError?
        do { _ = try await client.call(TypedService.refuse, HealthCheckRequest(service: "own")) } catch { own = error }
        // Details travel in their trailer, escapes and all.
        #expect(own == RPCError(.notFound, "no shelf 7", details: ["shelf": "7", "note": "a&b=ç%"]))
        var other: RPCError?
        do { _ = try await client.call(TypedService.refuse, HealthCheckRequest(service: "other")) } catch { other = error }
        #expect(other == RPCError(.internalError, "internal error"))
        await harness.stop()
    }
}
