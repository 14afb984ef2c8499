import PalisadeRPC
import PalisadeWire
import Testing

/// A typed service over the health messages: enough to exercise every typed call shape.
private struct TypedService: RPCService {
    static let name = "palisade.test.v1.Typed"
    static let fanOut = RPCMethod(service: name, method: "FanOut", kind: .serverStreaming)
    static let count = RPCMethod(service: name, method: "Count", kind: .clientStreaming)
    static let mirror = RPCMethod(service: name, method: "Mirror", kind: .bidirectional)

    var routes: [RPCRoute] {
        [
            .serverStreaming(Self.fanOut, allow: nil) { (request: HealthCheckRequest, writer: RPCWriter<HealthCheckResponse>, _) in
                for _ in 0..<(Int(request.service) ?? 0) { try await writer.write(HealthCheckResponse(status: .serving)) }
            },
            .clientStreaming(Self.count, allow: nil) { (requests: RPCMessages<HealthCheckRequest>, _) -> HealthCheckRequest in
                var n = 0
                for try await _ in requests { n += 1 }
                return HealthCheckRequest(service: String(n))
            },
            .bidirectional(Self.mirror, allow: nil) { (requests: RPCMessages<HealthCheckRequest>, writer: RPCWriter<HealthCheckRequest>, _) in
                for try await request in requests { try await writer.write(HealthCheckRequest(service: request.service + "!")) }
            },
        ]
    }
}

@Suite("Typed streaming calls")
struct TypedCallTests {
    @Test("server, client and bidirectional streams with Codable messages", arguments: Mode.allCases)
    func shapes(mode: Mode) async throws {
        let harness = try Harness.start(mode, services: [TypedService()])
        let client = try harness.client()
        let fanned = try await client.serverStreaming(TypedService.fanOut, HealthCheckRequest(service: "5"),
                                                      as: HealthCheckResponse.self) { responses in
            var statuses: [ServingStatus] = []
            for try await response in responses { statuses.append(response.status) }
            return statuses
        }
        #expect(fanned == Array(repeating: .serving, count: 5))

        let counted = try await client.clientStreaming(TypedService.count, requestType: HealthCheckRequest.self,
                                                       as: HealthCheckRequest.self) { writer in
            for i in 0..<7 { try await writer.write(HealthCheckRequest(service: "\(i)")) }
        }
        #expect(counted.service == "7")

        let mirrored = try await client.bidirectional(TypedService.mirror, requestType: HealthCheckRequest.self,
                                                      as: HealthCheckRequest.self) { writer, responses in
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
}
