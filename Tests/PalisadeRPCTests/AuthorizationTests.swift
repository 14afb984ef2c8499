import PalisadeEcho
import PalisadeRPC
import PalisadeTLS
import PalisadeWire
import Testing

@Suite("Mutual TLS and per-method authorization")
struct AuthorizationTests {
    @Test("the caller's SPIFFE identity reaches the handler")
    func identity() async throws {
        let harness = try Harness.start(.tls)
        let client = try harness.client(identity: "connector")
        #expect(try await client.unaryRaw(TestService.whoAmI, []) == Array("connector".utf8))
        await harness.stop()
    }

    @Test("allow-lists admit listed names and operator/* wildcards")
    func allowed() async throws {
        let harness = try Harness.start(.tls)
        let detection = try harness.client(identity: "detection")
        let r1 = try await detection.unaryRaw(TestService.restricted, [7])
        #expect(r1 == [7])
        let alice = try harness.client(identity: "operator/alice")
        let r2 = try await alice.unaryRaw(TestService.restricted, [8])
        #expect(r2 == [8])
        await harness.stop()
    }

    @Test("an unlisted caller is PERMISSION_DENIED")
    func denied() async throws {
        let harness = try Harness.start(.tls)
        let error = await #expect(throws: RPCError.self) {
            _ = try await harness.client(identity: "alerting").unaryRaw(TestService.restricted, [1])
        }
        #expect(error?.code == .permissionDenied)
        await harness.stop()
    }

    @Test("no client certificate: UNAUTHENTICATED where optional, handshake refused where required")
    func missingCertificate() async throws {
        let optional = try Harness.start(.tls, clientCertificate: .optional)
        let error = await #expect(throws: RPCError.self) {
            _ = try await optional.client(identity: nil).unaryRaw(TestService.restricted, [1])
        }
        #expect(error?.code == .unauthenticated)
        #expect(try await optional.client(identity: nil).unaryRaw(TestService.whoAmI, []) == Array("anonymous".utf8))
        await optional.stop()

        let required = try Harness.start(.tls, clientCertificate: .required)
        let refused = await #expect(throws: RPCError.self) {
            _ = try await required.client(identity: nil).unaryRaw(EchoService.unary, [1])
        }
        #expect(refused?.code == .unavailable)
        await required.stop()
    }
}
