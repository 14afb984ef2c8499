import PalisadeTestSupport
import Testing

@testable import PalisadeTLS

@Suite("Garbage input")
struct RobustnessTests {
    @Test("an HTTP/1.1 request instead of a ClientHello is a handshake error")
    func plaintextHTTP() throws {
        let pki = try TestPKI()
        let server = try TLSConnection(context: TLSContext(server: pki.serverConfiguration()), serverName: nil)
        Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8).withUnsafeBytes { server.receiveCiphertext($0) }
        let error = #expect(throws: TLSError.self) { _ = try server.handshake() }
        #expect(error?.code == .handshakeFailed)
        #expect(error?.message.contains("OpenSSL") == true)
        // Later calls keep failing the same way instead of touching a broken SSL.
        let again = #expect(throws: TLSError.self) { _ = try server.handshake() }
        #expect(again?.message == error?.message)
        var sink: [UInt8] = []
        #expect(throws: TLSError.self) { _ = try server.readPlaintext(into: &sink, maxBytes: 10) }
        server.close()
    }

    @Test("random bytes never crash either side")
    func randomBytes() throws {
        let pki = try TestPKI()
        let serverContext = try TLSContext(server: pki.serverConfiguration())
        let clientContext = try TLSContext(client: pki.clientConfiguration())
        var generator = SplitMix64(seed: 0x5EED)
        for round in 0..<200 {
            let length = Int.random(in: 1...600, using: &generator)
            var garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Every other round looks like a TLS handshake record, to get past the first check.
            if round.isMultiple(of: 2), garbage.count > 5 {
                garbage[0] = 0x16
                garbage[1] = 0x03
                garbage[2] = 0x01
            }
            let server = try TLSConnection(context: serverContext, serverName: nil)
            let client = try TLSConnection(context: clientContext, serverName: "localhost")
            _ = try client.handshake()
            for connection in [server, client] {
                garbage.withUnsafeBytes { connection.receiveCiphertext($0) }
                var sink: [UInt8] = []
                _ = try? connection.handshake()
                _ = try? connection.readPlaintext(into: &sink, maxBytes: 100)
                connection.drainCiphertext(into: &sink)
                connection.close()
            }
        }
    }

    @Test("a corrupted record after the handshake is a protocol error")
    func corruptedRecord() throws {
        let pki = try TestPKI()
        let pair = try connectedPair(server: pki.serverConfiguration(clientCertificate: .none), client: pki.clientConfiguration())
        try Array("secret".utf8).withUnsafeBytes { try pair.client.writePlaintext($0) }
        var record: [UInt8] = []
        pair.client.drainCiphertext(into: &record)
        record[record.count - 1] ^= 0xFF
        record.withUnsafeBytes { pair.server.receiveCiphertext($0) }
        var sink: [UInt8] = []
        let error = #expect(throws: TLSError.self) { _ = try pair.server.readPlaintext(into: &sink, maxBytes: 100) }
        #expect(error?.code == .protocolError)
        #expect(sink.isEmpty)
    }

    @Test("malformed ALPN offers select nothing")
    func malformedALPNOffer() throws {
        let preferences = try ALPNPreferences(["h2"])
        let cases: [[UInt8]] = [
            [], [0], [5, 0x68, 0x32], [2, 0x68], [0, 2, 0x68, 0x32], [8] + Array("http/1.1".utf8),
        ]
        for offer in cases {
            let selected = offer.withUnsafeBufferPointer { preferences.select(from: $0) }
            #expect(selected == nil)
        }
        let good: [UInt8] = [8] + Array("http/1.1".utf8) + [2, 0x68, 0x32]
        let goodSelection = good.withUnsafeBufferPointer { preferences.select(from: $0) }
        #expect(goodSelection == 10..<12)
    }

    @Test("SPIFFE names are read strictly")
    func spiffeNames() {
        func name(_ uri: String) -> String? { PeerIdentity(uris: [uri]).spiffeName }
        #expect(name("spiffe://palisade/connector") == "connector")
        #expect(name("spiffe://palisade/operator/alice") == "operator/alice")
        #expect(name("spiffe://palisade/") == nil)
        #expect(name("spiffe://palisade/operator//alice") == nil)
        #expect(name("spiffe://palisade/../connector") == nil)
        #expect(name("spiffe://palisade/connector?x=1") == nil)
        #expect(name("spiffe://palisade.evil/connector") == nil)
        #expect(name("https://palisade/connector") == nil)
        #expect(PeerIdentity(uris: ["https://x", "spiffe://palisade/alerting"]).spiffeName == "alerting")
    }
}
