import PalisadeTLS
import Testing

@Suite("RS256: RSASigningKey and SigningCertificate")
struct SigningKeyTests {
    private static func identity() throws -> CertificateAuthority.Issued {
        try CertificateAuthority.createSelfSignedRSA(commonName: "palisade-graph-app", validity: .seconds(3600))
    }

    @Test("a signature made with the key verifies with its certificate; altered input or signature does not")
    func signAndVerify() throws {
        let issued = try Self.identity()
        let key = try RSASigningKey(.pem(issued.privateKeyPEM))
        let certificate = try SigningCertificate(.pem(issued.certificatePEM))
        #expect(certificate.isRSA)
        let message = Array("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ".utf8)
        let signature = try key.signRS256(message)
        #expect(signature.count == 256)
        #expect(certificate.verifyRS256(signature: signature, message: message))
        // PKCS#1 v1.5 is deterministic: the same input signs the same way.
        #expect(try key.signRS256(message) == signature)
        var altered = message
        altered[3] ^= 1
        #expect(!certificate.verifyRS256(signature: signature, message: altered))
        var forged = signature
        forged[100] ^= 0x40
        #expect(!certificate.verifyRS256(signature: forged, message: message))
        #expect(!certificate.verifyRS256(signature: [], message: message))
        #expect(!certificate.verifyRS256(signature: Array(signature.prefix(10)), message: message))
    }

    @Test("PS256: randomised signatures that verify as PSS and not as PKCS#1 v1.5, and the reverse")
    func pss() throws {
        let issued = try Self.identity()
        let key = try RSASigningKey(.pem(issued.privateKeyPEM))
        let certificate = try SigningCertificate(.pem(issued.certificatePEM))
        let message = Array("header.claims".utf8)
        let a = try key.signPS256(message)
        let b = try key.signPS256(message)
        #expect(a != b)
        #expect(certificate.verifyPS256(signature: a, message: message))
        #expect(certificate.verifyPS256(signature: b, message: message))
        #expect(!certificate.verifyRS256(signature: a, message: message))
        #expect(!certificate.verifyPS256(signature: try key.signRS256(message), message: message))
        #expect(!certificate.verifyPS256(signature: a, message: Array("header.claimz".utf8)))
    }

    @Test("another key's signature does not verify")
    func otherKey() throws {
        let mine = try Self.identity()
        let theirs = try Self.identity()
        let signature = try RSASigningKey(.pem(theirs.privateKeyPEM)).signRS256([1, 2, 3])
        #expect(!(try SigningCertificate(.pem(mine.certificatePEM))).verifyRS256(signature: signature, message: [1, 2, 3]))
    }

    @Test("thumbprints are the SHA-1 and SHA-256 digests of the DER certificate, stable per certificate")
    func thumbprints() throws {
        let issued = try Self.identity()
        let a = try SigningCertificate(.pem(issued.certificatePEM))
        let b = try SigningCertificate(.pem(issued.certificatePEM))
        #expect(a.sha1Thumbprint.count == 20)
        #expect(a.sha256Thumbprint.count == 32)
        #expect(a.sha1Thumbprint == b.sha1Thumbprint && a.sha256Thumbprint == b.sha256Thumbprint)
        let other = try SigningCertificate(.pem(try Self.identity().certificatePEM))
        #expect(other.sha256Thumbprint != a.sha256Thumbprint)
    }

    @Test("an EC key or certificate is refused for RS256; garbage PEM is a TLSError")
    func refusals() throws {
        let pki = try TestPKI(serverName: "ec")
        #expect(throws: TLSError.self) { _ = try RSASigningKey(.pem(pki.server.privateKeyPEM)) }
        let ec = try SigningCertificate(.pem(pki.server.certificatePEM))
        #expect(!ec.isRSA)
        #expect(!ec.verifyRS256(signature: [1, 2, 3], message: [1]))
        #expect(throws: TLSError.self) { _ = try RSASigningKey(.pem("not a key")) }
        #expect(throws: TLSError.self) {
            _ = try SigningCertificate(.pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        }
        #expect(throws: TLSError.self) { _ = try RSASigningKey(.file("/nonexistent/key.pem")) }
    }
}
