import Foundation
import PalisadeTLS
import Testing

@Suite("Configuration and certificate files")
struct ConfigurationTests {
    @Test("PEM files on disk load and handshake")
    func pemFilesLoad() throws {
        let pki = try TestPKI(serverName: "alerting")
        try withTemporaryDirectory { directory in
            let certificate = directory + "/server.pem"
            let key = directory + "/server.key"
            let ca = directory + "/ca.pem"
            let caKey = directory + "/ca.key"
            try CertificateAuthority.write(pki.server, certificatePath: certificate, keyPath: key)
            try CertificateAuthority.write(pki.root, certificatePath: ca, keyPath: caKey)
            let pair = try connectedPair(
                server: .server(certificateChain: .file(certificate), privateKey: .file(key)),
                client: .client(trustRoots: .file(ca)),
                serverName: "127.0.0.1"
            )
            #expect(pair.client.isHandshakeComplete)
            #expect(pair.client.peerIdentity?.spiffeName == "alerting")
        }
    }

    @Test("write refuses to overwrite and makes the key 0600")
    func writeRefusesOverwrite() throws {
        let pki = try TestPKI()
        try withTemporaryDirectory { directory in
            let certificate = directory + "/leaf.pem"
            let key = directory + "/leaf.key"
            try CertificateAuthority.write(pki.server, certificatePath: certificate, keyPath: key)
            let keyMode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
            #expect(keyMode == 0o600)
            let certificateMode = try FileManager.default.attributesOfItem(atPath: certificate)[.posixPermissions] as? Int
            #expect(certificateMode == 0o644)
            #expect(try String(contentsOfFile: key, encoding: .utf8) == pki.server.privateKeyPEM)

            let other = try pki.issueClient(identity: "connector")
            let error = #expect(throws: TLSError.self) {
                try CertificateAuthority.write(other, certificatePath: certificate, keyPath: key)
            }
            #expect(error?.message.contains("refusing to overwrite") == true)
            #expect(error?.message.contains(key) == true)
            #expect(try String(contentsOfFile: key, encoding: .utf8) == pki.server.privateKeyPEM)

            // Only the certificate exists: still refused, and no key is left behind.
            let lonelyKey = directory + "/new.key"
            #expect(throws: TLSError.self) {
                try CertificateAuthority.write(other, certificatePath: certificate, keyPath: lonelyKey)
            }
            #expect(!FileManager.default.fileExists(atPath: lonelyKey))
        }
    }

    @Test("unreadable certificate file: fileNotReadable naming the path")
    func unreadableFile() throws {
        let pki = try TestPKI()
        let missing = "/nonexistent-palisade-\(UUID().uuidString)/server.pem"
        let error = #expect(throws: TLSError.self) {
            _ = try TLSContext(server: .server(certificateChain: .file(missing), privateKey: .pem(pki.server.privateKeyPEM)))
        }
        #expect(error?.code == .fileNotReadable)
        #expect(error?.message.contains(missing) == true)
        #expect(error?.message.contains("No such file or directory") == true)

        try withTemporaryDirectory { directory in
            let isDirectory = #expect(throws: TLSError.self) {
                _ = try TLSContext(client: .client(trustRoots: .file(directory)))
            }
            #expect(isDirectory?.code == .fileNotReadable)
            #expect(isDirectory?.message.contains(directory) == true)
        }
    }

    @Test("a key that does not match the certificate is rejected at start-up")
    func mismatchedKey() throws {
        let pki = try TestPKI()
        let other = try pki.issueClient(identity: "connector")
        let error = #expect(throws: TLSError.self) {
            _ = try TLSContext(
                server: .server(
                    certificateChain: .pem(pki.server.certificatePEM),
                    privateKey: .pem(other.privateKeyPEM)
                ))
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("does not match") == true)
    }

    @Test(
        "text that is not PEM is a configuration error",
        arguments: ["", "hello", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"])
    func notPEM(text: String) throws {
        let error = #expect(throws: TLSError.self) { _ = try TLSContext(client: .client(trustRoots: .pem(text))) }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test("inconsistent configurations are refused")
    func inconsistentConfigurations() throws {
        let pki = try TestPKI()
        #expect(throws: TLSError.self) { _ = try TLSContext(server: .client(trustRoots: pki.trustRoots)) }
        #expect(throws: TLSError.self) {
            _ = try TLSContext(client: .client(trustRoots: pki.trustRoots, certificateChain: .pem(pki.server.certificatePEM)))
        }
        #expect(throws: TLSError.self) { _ = try TLSContext(client: pki.clientConfiguration().offering([])) }
        let server = try TLSContext(server: pki.serverConfiguration())
        let client = try TLSContext(client: pki.clientConfiguration())
        #expect(throws: TLSError.self) { _ = try TLSConnection(context: server, serverName: "localhost") }
        #expect(throws: TLSError.self) { _ = try TLSConnection(context: client, serverName: nil) }
        #expect(throws: TLSError.self) { _ = try TLSConnection(context: client, serverName: "") }
    }

    @Test("the system trust store loads when no roots are given")
    func systemTrustStore() throws {
        _ = try TLSContext(client: .client())
    }

    @Test("issuing validates its inputs")
    func issueValidation() throws {
        let pki = try TestPKI()
        func issue(
            uris: [String] = [], dns: [String] = [], ips: [String] = [], cn: String = "x", validity: Duration = .seconds(60),
            issuer: CertificateAuthority.Issued? = nil
        ) throws {
            _ = try CertificateAuthority.issue(
                commonName: cn, uris: uris, dnsNames: dns, ipAddresses: ips, validity: validity, issuer: issuer ?? pki.root
            )
        }
        for bad in [
            { try issue(ips: ["999.1.1.1"]) }, { try issue(ips: ["localhost"]) }, { try issue(dns: ["has space"]) },
            { try issue(uris: ["spiffe://palisade/x,DNS:evil"] + ["bad uri"]) }, { try issue(cn: "") },
            { try issue(cn: String(repeating: "a", count: 65)) }, { try issue(validity: .zero) },
            { try issue(issuer: pki.server) },
        ] as [() throws -> Void] {
            let error = #expect(throws: TLSError.self) { try bad() }
            #expect(error?.code == .invalidConfiguration)
        }
        try issue(uris: ["spiffe://palisade/x"], dns: ["*.palisade.internal"], ips: ["10.1.2.3", "fd00::1"])
    }
}
