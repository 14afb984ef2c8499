internal import COpenSSL

/// Message digests from OpenSSL, for what needs a stable name derived from content (detection's
/// finding ids) rather than a secret: no key, no constant-time comparison.
public enum Digest {
    /// The SHA-256 digest of `bytes`: 32 bytes.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let done = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest fails only when OpenSSL cannot allocate a context or lacks SHA-256, neither
        // of which a process that got this far can recover from or should hide.
        precondition(done == 1 && length == 32, "OpenSSL could not compute SHA-256")
        return digest
    }
}
