import PalisadeTLS
import Testing

@Suite("Application data")
struct DataTransferTests {
    private func establishedPair() throws -> (client: TLSConnection, server: TLSConnection) {
        let pki = try TestPKI()
        let pair = try connectedPair(
            server: pki.serverConfiguration(clientCertificate: .required),
            client: pki.clientConfiguration(identity: "connector")
        )
        try #require(pair.client.isHandshakeComplete && pair.server.isHandshakeComplete)
        return (pair.client, pair.server)
    }

    @Test("small messages both ways")
    func bothWays() throws {
        let pair = try establishedPair()
        let ping = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
        #expect(try transfer(ping, from: pair.client, to: pair.server, pair: pair) == ping)
        let pong = Array("pong".utf8)
        #expect(try transfer(pong, from: pair.server, to: pair.client, pair: pair) == pong)
        #expect(!pair.client.hasPendingCiphertext && !pair.server.hasPendingCiphertext)
    }

    @Test("1 MiB each way arrives intact")
    func oneMebibyte() throws {
        let pair = try establishedPair()
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        #expect(try transfer(payload, from: pair.client, to: pair.server, pair: pair) == payload)
        #expect(try transfer(payload, from: pair.server, to: pair.client, pair: pair) == payload)
    }

    @Test("ciphertext fed one byte at a time still decrypts")
    func dripFeed() throws {
        let pair = try establishedPair()
        let message = Array("drip".utf8)
        try message.withUnsafeBytes { try pair.client.writePlaintext($0) }
        var ciphertext: [UInt8] = []
        pair.client.drainCiphertext(into: &ciphertext)
        var received: [UInt8] = []
        var results: [TLSConnection.ReadResult] = []
        for byte in ciphertext {
            [byte].withUnsafeBytes { pair.server.receiveCiphertext($0) }
            results.append(try pair.server.readPlaintext(into: &received, maxBytes: 1024))
        }
        #expect(received == message)
        let wantedMoreUntilTheLast = results.dropLast().allSatisfy { $0 == .wantMoreCiphertext }
        #expect(wantedMoreUntilTheLast)
        #expect(results.last == .bytes(message.count))
    }

    @Test("maxBytes bounds each read")
    func maxBytesBoundsRead() throws {
        let pair = try establishedPair()
        try Array(repeating: UInt8(7), count: 100).withUnsafeBytes { try pair.client.writePlaintext($0) }
        pump(pair.client, pair.server)
        var received: [UInt8] = []
        #expect(try pair.server.readPlaintext(into: &received, maxBytes: 30) == .bytes(30))
        #expect(try pair.server.readPlaintext(into: &received, maxBytes: 0) == .bytes(0))
        #expect(try pair.server.readPlaintext(into: &received, maxBytes: 1000) == .bytes(70))
        #expect(try pair.server.readPlaintext(into: &received, maxBytes: 1000) == .wantMoreCiphertext)
        #expect(received.count == 100)
    }

    @Test("close_notify: the peer reads .closed, and the closer can no longer write")
    func closeNotify() throws {
        let pair = try establishedPair()
        try Array("last words".utf8).withUnsafeBytes { try pair.client.writePlaintext($0) }
        pair.client.close()
        #expect(pair.client.hasPendingCiphertext)
        pump(pair.client, pair.server)

        var received: [UInt8] = []
        #expect(try pair.server.readPlaintext(into: &received, maxBytes: 1024) == .bytes(10))
        #expect(try pair.server.readPlaintext(into: &received, maxBytes: 1024) == .closed)
        #expect(try pair.server.readPlaintext(into: &received, maxBytes: 1024) == .closed)

        let error = #expect(throws: TLSError.self) {
            try [1, 2, 3].withUnsafeBytes { try pair.client.writePlaintext($0) }
        }
        #expect(error?.code == .closed)

        // The other direction stays open until the server closes too (half-close).
        let reply = Array("bye".utf8)
        #expect(try transfer(reply, from: pair.server, to: pair.client, pair: pair) == reply)
        pair.server.close()
        pump(pair.client, pair.server)
        var tail: [UInt8] = []
        #expect(try pair.client.readPlaintext(into: &tail, maxBytes: 1024) == .closed)
    }

    @Test("writing before the handshake is a usage error, reading says want more")
    func beforeHandshake() throws {
        let pki = try TestPKI()
        let client = try TLSConnection(context: TLSContext(client: pki.clientConfiguration()), serverName: "localhost")
        var sink: [UInt8] = []
        #expect(try client.readPlaintext(into: &sink, maxBytes: 10) == .wantMoreCiphertext)
        #expect(client.hasPendingCiphertext)  // the ClientHello
        let error = #expect(throws: TLSError.self) {
            try [1].withUnsafeBytes { try client.writePlaintext($0) }
        }
        #expect(error?.code == .protocolError)
        client.close()  // harmless before the handshake
    }
}
