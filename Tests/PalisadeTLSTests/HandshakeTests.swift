import Foundation
import PalisadeTLS
import Testing

@Suite("Handshake")
struct HandshakeTests {
    @Test("mutual TLS: handshake completes with ALPN h2 and both sides see SPIFFE identities")
    func mutualTLS() throws {
        let pki = try TestPKI(serverName: "ingestion")
        let pair = try connectedPair(pki, clientCertificate: .required, client: pki.clientConfiguration(identity: "operator/alice"))
        #expect(pair.outcome.client == nil && pair.outcome.server == nil)
        #expect(pair.client.isHandshakeComplete && pair.server.isHandshakeComplete)
        #expect(pair.client.negotiatedProtocol == "h2")
        #expect(pair.server.negotiatedProtocol == "h2")

        let serverSeen = try #require(pair.client.peerIdentity)
        #expect(serverSeen.spiffeName == "ingestion")
        #expect(serverSeen.uris == ["spiffe://palisade/ingestion"])
        #expect(serverSeen.dnsNames == ["localhost"])
        #expect(serverSeen.ipAddresses == ["127.0.0.1", "::1"])
        #expect(serverSeen.commonName == "ingestion")

        let clientSeen = try #require(pair.server.peerIdentity)
        #expect(clientSeen.spiffeName == "operator/alice")
        #expect(clientSeen.commonName == "operator/alice")
    }

    @Test("server-only TLS: the client sees the server, the server sees nobody")
    func serverOnly() throws {
        let pki = try TestPKI(serverName: "connector")
        let pair = try connectedPair(pki, clientCertificate: .none)
        #expect(pair.client.isHandshakeComplete && pair.server.isHandshakeComplete)
        #expect(pair.client.peerIdentity?.spiffeName == "connector")
        #expect(pair.server.peerIdentity == nil)
    }

    @Test("optional client certificate: a client without one is accepted with no identity")
    func optionalClientCertificate() throws {
        let pki = try TestPKI()
        let pair = try connectedPair(pki, clientCertificate: .optional)
        #expect(pair.outcome.server == nil && pair.outcome.client == nil)
        #expect(pair.server.isHandshakeComplete)
        #expect(pair.server.peerIdentity == nil)

        let withCertificate = try connectedPair(pki, clientCertificate: .optional, client: pki.clientConfiguration(identity: "detection"))
        #expect(withCertificate.server.peerIdentity?.spiffeName == "detection")
    }

    @Test("required client certificate missing: the server fails clearly, and the client learns why")
    func requiredClientCertificateMissing() throws {
        let pki = try TestPKI()
        let pair = try connectedPair(pki, clientCertificate: .required)
        let serverError = try #require(pair.outcome.server)
        #expect(serverError.code == .peerCertificateRequired)
        #expect(serverError.message.contains("did not present a certificate"))
        #expect(!pair.server.isHandshakeComplete)
        #expect(pair.server.peerIdentity == nil)

        #expect(errorReadAfterRefusal(pair.client)?.code == .peerCertificateRequired)
    }

    @Test("IP address verification", arguments: ["127.0.0.1", "::1", "[::1]"])
    func ipAddressVerification(address: String) throws {
        let pki = try TestPKI()
        let pair = try connectedPair(pki, clientCertificate: .none, serverName: address)
        #expect(pair.outcome.client == nil)
        #expect(pair.client.isHandshakeComplete)
    }

    @Test("wrong server name or IP: hostname mismatch", arguments: ["ingestion.example.com", "10.0.0.1"])
    func hostnameMismatch(name: String) throws {
        let pki = try TestPKI()
        let pair = try connectedPair(pki, clientCertificate: .none, serverName: name)
        let error = try #require(pair.outcome.client)
        #expect(error.code == .hostnameMismatch)
        #expect(error.message.contains(name))
        #expect(error.message.contains("mismatch"))
        // The client's alert reached the server, which reports a failed handshake.
        #expect(pair.outcome.server != nil)
        #expect(!pair.server.isHandshakeComplete)
    }

    @Test("server certificate from another CA: verification error naming the cause")
    func wrongCertificateAuthority() throws {
        let pki = try TestPKI()
        let stranger = try TestPKI()
        let pair = try connectedPair(pki, clientCertificate: .none, client: stranger.clientConfiguration())
        let error = try #require(pair.outcome.client)
        #expect(error.code == .certificateVerifyFailed)
        #expect(error.message.contains("verification"))
        #expect(error.message.contains("unable to get local issuer certificate"))
        #expect(pair.client.peerIdentity == nil)
    }

    @Test("client certificate from another CA: the server rejects it, the client is told")
    func clientFromAnotherCertificateAuthority() throws {
        let pki = try TestPKI()
        let stranger = try TestPKI()
        let intruder = try stranger.issueClient(identity: "connector")
        let intruderClient = TLSConfiguration.client(
            trustRoots: pki.trustRoots, certificateChain: .pem(intruder.certificatePEM), privateKey: .pem(intruder.privateKeyPEM))
        let pair = try connectedPair(pki, clientCertificate: .required, client: intruderClient)
        let serverError = try #require(pair.outcome.server)
        #expect(serverError.code == .certificateVerifyFailed)
        #expect(serverError.message.contains("of the client failed"))
        #expect(pair.server.peerIdentity == nil)
        #expect(errorReadAfterRefusal(pair.client)?.code == .certificateVerifyFailed)
    }

    @Test("expired server certificate: clear 'expired' error")
    func expiredServerCertificate() throws {
        let pki = try TestPKI()
        let expired = try CertificateAuthority.issue(
            commonName: "server",
            uris: ["spiffe://palisade/server"],
            dnsNames: ["localhost"],
            ipAddresses: [],
            validity: .seconds(86_400),
            notBefore: Date().addingTimeInterval(-2 * 86_400),
            issuer: pki.root
        )
        let pair = try connectedPair(
            server: .server(certificateChain: .pem(expired.certificatePEM), privateKey: .pem(expired.privateKeyPEM)),
            client: pki.clientConfiguration()
        )
        let error = try #require(pair.outcome.client)
        #expect(error.code == .certificateVerifyFailed)
        #expect(error.message.contains("certificate has expired"))
    }

    @Test("client offering only http/1.1 to an h2-only server: both sides fail with noALPN")
    func http11OnlyClient() throws {
        let pki = try TestPKI()
        let pair = try connectedPair(
            server: pki.serverConfiguration(clientCertificate: .none).offering(["h2"]),
            client: pki.clientConfiguration().offering(["http/1.1"]))
        #expect(pair.outcome.server?.code == .noALPN)
        #expect(pair.outcome.client?.code == .noALPN)
        #expect(pair.client.negotiatedProtocol == nil && pair.server.negotiatedProtocol == nil)
    }

    @Test("client offering only http/1.1: a server made by .server(...) chooses it")
    func http11ChosenByDefaultServer() throws {
        let pki = try TestPKI()
        let pair = try connectedPair(pki, clientCertificate: .none, client: pki.clientConfiguration().offering(["http/1.1"]))
        #expect(pair.outcome.server == nil && pair.outcome.client == nil)
        #expect(pair.server.negotiatedProtocol == "http/1.1")
        #expect(pair.client.negotiatedProtocol == "http/1.1")
    }

    @Test("client offering http/1.1 and h2: h2 is chosen")
    func h2PreferredOverHTTP11() throws {
        let pki = try TestPKI()
        let pair = try connectedPair(pki, clientCertificate: .none, client: pki.clientConfiguration().offering(["http/1.1", "h2"]))
        #expect(pair.server.negotiatedProtocol == "h2")
        // The client accepts h2 because it offered it.
        #expect(pair.client.negotiatedProtocol == "h2")
    }

    @Test("h2c cannot be configured over TLS")
    func h2cRejected() throws {
        let pki = try TestPKI()
        let error = #expect(throws: TLSError.self) {
            _ = try TLSContext(client: pki.clientConfiguration().offering(["h2c"]))
        }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test("one context serves concurrent connections on several threads")
    func sharedContext() async throws {
        let pki = try TestPKI()
        let serverContext = try TLSContext(server: pki.serverConfiguration(clientCertificate: .required))
        let clientContext = try TLSContext(client: pki.clientConfiguration(identity: "connector"))
        let identities = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let client = try TLSConnection(context: clientContext, serverName: "localhost")
                    let server = try TLSConnection(context: serverContext, serverName: nil)
                    pump(client, server)
                    return server.peerIdentity?.spiffeName
                }
            }
            var names: [String?] = []
            for try await name in group { names.append(name) }
            return names
        }
        #expect(identities == Array(repeating: "connector", count: 16))
    }
}
