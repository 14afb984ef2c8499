import PalisadeJSON
import PalisadeTLS

/// The certificate credential (identity.md §1.1, case 2): a JWT signed RS256 (or PS256, which
/// msal uses when it knows the certificate) with the app's certificate's key. The header names the certificate (`x5t#S256`, or the SHA-1 `x5t`); the
/// claims are `aud` (the token endpoint), `iss` = `sub` = the client id, `exp`, `nbf`, `jti`.
enum ClientAssertion {
    /// Clocks may disagree this much (Entra allows five minutes).
    static let skew: Int64 = 300

    /// Checks `assertion` for real: shape, thumbprint, signature, issuer, audience, lifetime.
    /// `audiences` are the tenant spellings a token-endpoint URL in `aud` may carry.
    static func verify(_ assertion: String, app: EntraApp, now: Int64, audiences: [String]) throws(AADSTSError) {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let claimBytes = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw .malformedAssertion("the assertion is not three base64url parts") }
        guard let header = try? JSONElement.parse(headerBytes, maxDepth: 8), header.members != nil,
            let claims = try? JSONElement.parse(claimBytes, maxDepth: 8), claims.members != nil
        else { throw .malformedAssertion("the header or claims are not JSON objects") }
        guard let algorithm = EntraClientAssertion.Algorithm(rawValue: header["alg"]?.string ?? "") else {
            throw .invalidAssertion("The algorithm '\(header["alg"]?.string ?? "none")' is not supported; use RS256 or PS256.")
        }
        guard let pem = app.certificatePEM, let certificate = try? SigningCertificate(.pem(pem)) else {
            throw .invalidAssertion("The key was not found. The app '\(app.clientID)' has no certificate credential.")
        }
        // msal pads its base64url thumbprints; compare the bytes, not the spelling.
        let named = header["x5t#S256"]?.string ?? header["x5t"]?.string
        let thumbprint = named.flatMap { Base64URL.decode($0[...]) }
        guard let named, let thumbprint, thumbprint == certificate.sha256Thumbprint || thumbprint == certificate.sha1Thumbprint
        else {
            throw .invalidAssertion(
                "The key was not found. Thumbprint of key used by client: '\(named ?? "(none)")'. "
                    + "Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '\(app.clientID)'."
            )
        }
        let signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        let valid =
            switch algorithm {
            case .rs256: certificate.verifyRS256(signature: signature, message: signingInput)
            case .ps256: certificate.verifyPS256(signature: signature, message: signingInput)
            }
        guard valid else {
            throw .invalidAssertion("The signature does not verify with the certificate '\(named)'.")
        }
        guard claims["iss"]?.string?.lowercased() == app.clientID.lowercased(),
            claims["sub"]?.string?.lowercased() == app.clientID.lowercased()
        else { throw .assertionSubject(app.clientID) }
        guard let audience = claims["aud"]?.string, isTokenEndpoint(audience, tenants: audiences) else {
            throw .invalidAssertion(
                "The audience '\(claims["aud"]?.string ?? "(none)")' is not this tenant's token endpoint.")
        }
        guard let jti = claims["jti"]?.string, !jti.isEmpty else {
            throw .malformedAssertion("the claim 'jti' is missing")
        }
        let expires = number(claims["exp"], claimBytes)
        let notBefore = number(claims["nbf"], claimBytes)
        guard let expires, expires + skew > now, (notBefore ?? now) - skew <= now else {
            throw .assertionTime(now: now, notBefore: notBefore, expires: expires)
        }
    }

    /// Whether `url` is `https://<any host>/<tenant>/oauth2/v2.0/token` (or the v1 `/oauth2/token`).
    private static func isTokenEndpoint(_ url: String, tenants: [String]) -> Bool {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return false }
        let path = url.drop { $0 != ":" }.dropFirst(3).drop { $0 != "/" }
        return tenants.contains { tenant in
            let lower = path.lowercased()
            return lower == "/\(tenant.lowercased())/oauth2/v2.0/token" || lower == "/\(tenant.lowercased())/oauth2/token"
        }
    }

    /// An integer claim (NumericDate); nil when absent or not an integer.
    private static func number(_ element: JSONElement?, _ source: [UInt8]) -> Int64? {
        guard let element, case .number = element.value else { return nil }
        let text = element.text(in: source)
        return Int64(text) ?? Double(text).flatMap { $0.isFinite && abs($0) < 1e15 ? Int64($0) : nil }
    }
}

/// Makes Entra client assertions (RS256 JWTs for the certificate credential), for tests and
/// for clients of the simulator; Palisade's identity service builds its own the same way.
///
/// ```swift
/// let assertion = try EntraClientAssertion.make(
///     clientID: app.clientID, audience: "\(base)/\(tenant)/oauth2/v2.0/token",
///     key: RSASigningKey(.pem(keyPEM)), certificate: SigningCertificate(.pem(certificatePEM)), now: now)
/// ```
public enum EntraClientAssertion {
    /// The signature algorithms Entra accepts for client assertions.
    public enum Algorithm: String, Sendable {
        /// RSASSA-PKCS1-v1_5 with SHA-256.
        case rs256 = "RS256"
        /// RSASSA-PSS with SHA-256 (msal's choice when it has the certificate).
        case ps256 = "PS256"
    }

    /// A signed assertion valid from `now` for `lifetime` seconds, naming `certificate` by its
    /// SHA-256 thumbprint (`x5t#S256`; with `sha1: true`, by the SHA-1 `x5t`).
    public static func make(
        clientID: String, audience: String, key: RSASigningKey, certificate: SigningCertificate, now: Int64,
        lifetime: Int64 = 600, jti: String = "a", sha1: Bool = false, algorithm: Algorithm = .rs256
    ) throws(TLSError) -> String {
        let thumbprint: (String, GraphJSON) =
            sha1
            ? ("x5t", .string(Base64URL.encode(certificate.sha1Thumbprint)))
            : ("x5t#S256", .string(Base64URL.encode(certificate.sha256Thumbprint)))
        let header = GraphJSON.object([("alg", .string(algorithm.rawValue)), ("typ", .string("JWT")), thumbprint])
        let claims = GraphJSON.object([
            ("aud", .string(audience)), ("iss", .string(clientID)), ("sub", .string(clientID)),
            ("jti", .string(jti)), ("nbf", .int(now)), ("iat", .int(now)), ("exp", .int(now + lifetime)),
        ])
        let input = Base64URL.encode(header.bytes) + "." + Base64URL.encode(claims.bytes)
        let signature = try algorithm == .rs256 ? key.signRS256(Array(input.utf8)) : key.signPS256(Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }
}
