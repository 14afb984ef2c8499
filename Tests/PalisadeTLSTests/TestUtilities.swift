import Foundation
import PalisadeTLS
import PalisadeTestSupport

/// The errors each side raised while pumping, if any.
struct PumpOutcome {
    var client: TLSError?
    var server: TLSError?
}

/// Moves ciphertext between the two connections, driving both handshakes, until neither
/// side produces anything more. Errors are recorded, not thrown, so a test can check which
/// side failed and why (a failing side may still have an alert to deliver).
@discardableResult
func pump(_ client: TLSConnection, _ server: TLSConnection) -> PumpOutcome {
    var outcome = PumpOutcome()
    // Each round either moves bytes or ends the loop; the bound only guards against a bug.
    for _ in 0..<1_000 {
        drive(client, &outcome.client)
        let toServer = drain(client)
        if !toServer.isEmpty { toServer.withUnsafeBytes { server.receiveCiphertext($0) } }
        drive(server, &outcome.server)
        let toClient = drain(server)
        if !toClient.isEmpty { toClient.withUnsafeBytes { client.receiveCiphertext($0) } }
        if toServer.isEmpty && toClient.isEmpty { break }
    }
    return outcome
}

private func drive(_ connection: TLSConnection, _ recorded: inout TLSError?) {
    guard recorded == nil, !connection.isHandshakeComplete else { return }
    do {
        _ = try connection.handshake()
    } catch {
        recorded = error
    }
}

private func drain(_ connection: TLSConnection) -> [UInt8] {
    var bytes: [UInt8] = []
    connection.drainCiphertext(into: &bytes)
    return bytes
}

/// A connected client/server pair made from the given configurations.
func connectedPair(
    server serverConfiguration: TLSConfiguration,
    client clientConfiguration: TLSConfiguration,
    serverName: String = "localhost"
) throws -> (client: TLSConnection, server: TLSConnection, outcome: PumpOutcome) {
    let serverContext = try TLSContext(server: serverConfiguration)
    let clientContext = try TLSContext(client: clientConfiguration)
    let client = try TLSConnection(context: clientContext, serverName: serverName)
    let server = try TLSConnection(context: serverContext, serverName: nil)
    let outcome = pump(client, server)
    return (client, server, outcome)
}

/// The setup of most handshake tests: `pki`'s server, asking for `clientCertificate`, and
/// `client` (by default `pki`'s client, which presents no certificate).
func connectedPair(
    _ pki: TestPKI, clientCertificate: ClientCertificateMode, client: TLSConfiguration? = nil, serverName: String = "localhost"
) throws -> (client: TLSConnection, server: TLSConnection, outcome: PumpOutcome) {
    try connectedPair(
        server: pki.serverConfiguration(clientCertificate: clientCertificate), client: client ?? pki.clientConfiguration(),
        serverName: serverName)
}

/// What the client reads after the server refused its certificate: under TLS 1.3 the client
/// has finished its handshake before the server judges it, so the alert arrives as data.
func errorReadAfterRefusal(_ client: TLSConnection) -> TLSError? {
    var sink: [UInt8] = []
    do {
        _ = try client.readPlaintext(into: &sink, maxBytes: 1024)
        return nil
    } catch {
        return error
    }
}

/// Reads everything `connection` can decrypt right now.
func readAvailable(_ connection: TLSConnection) throws -> (bytes: [UInt8], last: TLSConnection.ReadResult) {
    var bytes: [UInt8] = []
    while true {
        let result = try connection.readPlaintext(into: &bytes, maxBytes: 16 << 10)
        if case .bytes = result { continue }
        return (bytes, result)
    }
}

/// Sends `bytes` from `sender` (one of `pair`) and returns what the other side decrypted.
func transfer(
    _ bytes: [UInt8],
    from sender: TLSConnection,
    to receiver: TLSConnection,
    pair: (client: TLSConnection, server: TLSConnection)
) throws -> [UInt8] {
    try bytes.withUnsafeBytes { try sender.writePlaintext($0) }
    pump(pair.client, pair.server)
    return try readAvailable(receiver).bytes
}

/// A fresh directory under the system temporary directory, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = try TemporaryDirectory("tls")
    return try body(directory.path)
}

extension TLSConfiguration {
    /// The same configuration offering other ALPN protocols.
    func offering(_ protocols: [String]) -> TLSConfiguration {
        var copy = self
        copy.applicationProtocols = protocols
        return copy
    }
}
