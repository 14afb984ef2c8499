import Foundation
import PalisadeIdentityService
import PalisadeTLS

/// The certificate credential (identity.md §1.1 case 2): a JWT naming the app's certificate by
/// its SHA-256 thumbprint (`x5t#S256`), with `aud` the token endpoint, `iss` = `sub` = the client
/// id, a fresh `jti` and ten minutes of validity, signed RS256 with the certificate's key.
struct ClientAssertionSigner: Sendable {
    let key: RSASigningKey
    let thumbprint: String
    let clientID: String

    /// Loads the app's certificate and key; both must be RSA (Entra's certificate credential).
    init(certificateFile: String, keyFile: String, clientID: String) throws(TLSError) {
        let certificate = try SigningCertificate(.file(certificateFile))
        guard certificate.isRSA else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "\(certificateFile) is not an RSA certificate; Entra ID's certificate credential needs RSA")
        }
        key = try RSASigningKey(.file(keyFile))
        thumbprint = Self.base64URL(certificate.sha256Thumbprint)
        self.clientID = clientID
    }

    /// A signed assertion for `audience`, valid from now for ten minutes.
    func assertion(audience: String, now: Date = Date()) throws(IdentityFailure) -> String {
        let issued = Int64(now.timeIntervalSince1970)
        let header: [String: String] = ["alg": "RS256", "typ": "JWT", "x5t#S256": thumbprint]
        let claims: [String: any Sendable] = [
            "aud": audience, "iss": clientID, "sub": clientID, "jti": UUID().uuidString.lowercased(), "nbf": issued, "iat": issued,
            "exp": issued + 600,
        ]
        do {
            let headerJSON = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
            let claimsJSON = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys, .withoutEscapingSlashes])
            let signingInput = Self.base64URL(Array(headerJSON)) + "." + Self.base64URL(Array(claimsJSON))
            let signature = try key.signRS256(Array(signingInput.utf8))
            return signingInput + "." + Self.base64URL(signature)
        } catch {
            throw IdentityFailure(.refused, "cannot sign the client assertion with entra.privateKeyFile: \(error)")
        }
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
