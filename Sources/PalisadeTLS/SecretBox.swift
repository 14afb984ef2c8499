internal import COpenSSL
import Glibc

/// Encrypts secrets at rest (Slack tokens, client secrets) with AES-256-GCM under a key kept
/// in a file outside the database.
///
/// A sealed value is `01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)`; the version byte lets the
/// format change later. The `context` (for example `"connection:C1/access_token"`) is bound
/// as associated data, so a sealed value copied into another row does not open there.
///
/// ```swift
/// let box = try SecretBox.loadOrCreateKey(at: "/var/lib/palisade/connector.key")
/// let sealed = try box.seal(Array(token.utf8), context: "connection:\(id)/access_token")
/// ```
public struct SecretBox: Sendable {
    /// Key length in bytes (AES-256).
    public static let keySize = 32
    private static let nonceSize = 12
    private static let tagSize = 16
    private static let version: UInt8 = 1
    private let key: [UInt8]

    /// Uses `key` (exactly `keySize` bytes).
    public init(key: [UInt8]) throws(TLSError) {
        guard key.count == Self.keySize else {
            throw TLSError(code: .invalidConfiguration, message: "a secret key is \(Self.keySize) bytes, got \(key.count)")
        }
        self.key = key
    }

    /// Reads the key file at `path`, or creates it (mode 0600, random bytes) when it does not
    /// exist. A key file others can read, or one of the wrong size, is refused: the secrets it
    /// protects would be as exposed as the file.
    public static func loadOrCreateKey(at path: String) throws(TLSError) -> SecretBox {
        var info = stat()
        if stat(path, &info) != 0 {
            guard errno == ENOENT else {
                throw TLSError(code: .fileNotReadable, message: "secret key file \(path): \(String(cString: strerror(errno)))")
            }
            var fresh = [UInt8](repeating: 0, count: keySize)
            try openSSLCheck(RAND_bytes(&fresh, Int32(keySize)), "RAND_bytes")
            try writeNew(path, fresh)
            return try SecretBox(key: fresh)
        }
        guard info.st_mode & 0o077 == 0 else {
            throw TLSError(
                code: .invalidConfiguration,
                message:
                    "secret key file \(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))): run chmod 600 \(path)")
        }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TLSError(code: .fileNotReadable, message: "secret key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var key = [UInt8](repeating: 0, count: keySize + 1)
        let n = read(fd, &key, key.count)
        guard n == keySize else {
            throw TLSError(
                code: .invalidConfiguration,
                message: "secret key file \(path) must hold exactly \(keySize) bytes, it holds \(max(n, 0))\(n > keySize ? " or more" : "")"
            )
        }
        return try SecretBox(key: Array(key.prefix(keySize)))
    }

    /// Writes a new key file whole or not at all: the key goes to a private temporary file next
    /// to `path`, is synced, and is then linked to `path`. `link` fails when `path` exists, so two
    /// processes starting at once never both create (and overwrite) a key, and a failed write
    /// (disk full) leaves no truncated key behind to be loaded at the next start.
    private static func writeNew(_ path: String, _ key: [UInt8]) throws(TLSError) {
        let temporary = "\(path).new-\(getpid())"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw TLSError(code: .fileNotReadable, message: "cannot create secret key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        let written = write(fd, key, key.count) == key.count && fsync(fd) == 0
        let writeErrno = errno
        close(fd)
        guard written else {
            throw TLSError(
                code: .fileNotReadable, message: "cannot write secret key file \(path): \(String(cString: strerror(writeErrno)))")
        }
        guard link(temporary, path) == 0 else {
            throw TLSError(code: .fileNotReadable, message: "cannot create secret key file \(path): \(String(cString: strerror(errno)))")
        }
        syncDirectory(of: path)
    }

    /// Makes the new directory entry durable (a crash right after start must not lose the key
    /// that sealed the first token). Best effort: some file systems refuse to sync directories.
    private static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = Glibc.open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Encrypts `plaintext`, binding `context`; every call uses a fresh random nonce.
    public func seal(_ plaintext: [UInt8], context: String) throws(TLSError) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: Self.nonceSize)
        try openSSLCheck(RAND_bytes(&nonce, Int32(Self.nonceSize)), "RAND_bytes")
        let cipher = try CipherContext(encrypting: true, key: key, nonce: nonce)
        try cipher.associate(Array(context.utf8))
        let body = try cipher.update(plaintext)
        try cipher.finish()
        return [Self.version] + nonce + body + (try cipher.tag())
    }

    /// Decrypts a value made by `seal` with the same key and context.
    public func open(_ sealed: [UInt8], context: String) throws(TLSError) -> [UInt8] {
        let overhead = 1 + Self.nonceSize + Self.tagSize
        guard sealed.count >= overhead, sealed[0] == Self.version else {
            throw TLSError(
                code: .secretUnreadable,
                message: "a stored secret is not in SecretBox format (version \(sealed.first ?? 0), \(sealed.count) bytes)")
        }
        let nonce = Array(sealed[1..<(1 + Self.nonceSize)])
        let body = Array(sealed[(1 + Self.nonceSize)..<(sealed.count - Self.tagSize)])
        let tag = Array(sealed.suffix(Self.tagSize))
        let cipher = try CipherContext(encrypting: false, key: key, nonce: nonce)
        try cipher.associate(Array(context.utf8))
        let plain = try cipher.update(body)
        try cipher.expectTag(tag)
        do {
            try cipher.finish()
        } catch {
            throw TLSError(
                code: .secretUnreadable,
                message: "a stored secret (\(context)) does not open with this key: the key file changed or the value was altered")
        }
        return plain
    }
}

/// One owner of an `EVP_CIPHER_CTX` for one AES-256-GCM operation.
private final class CipherContext {
    private let pointer: OpaquePointer
    private let encrypting: Bool

    init(encrypting: Bool, key: [UInt8], nonce: [UInt8]) throws(TLSError) {
        pointer = try openSSLNonNull(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new")
        self.encrypting = encrypting
        let result =
            encrypting
            ? EVP_EncryptInit_ex(pointer, EVP_aes_256_gcm(), nil, key, nonce)
            : EVP_DecryptInit_ex(pointer, EVP_aes_256_gcm(), nil, key, nonce)
        try openSSLCheck(result, "EVP_CipherInit_ex(aes-256-gcm)")
    }

    deinit { EVP_CIPHER_CTX_free(pointer) }

    func associate(_ data: [UInt8]) throws(TLSError) {
        guard !data.isEmpty else { return }
        var outLength: Int32 = 0
        let result =
            encrypting
            ? EVP_EncryptUpdate(pointer, nil, &outLength, data, Int32(data.count))
            : EVP_DecryptUpdate(pointer, nil, &outLength, data, Int32(data.count))
        try openSSLCheck(result, "EVP_CipherUpdate(aad)")
    }

    func update(_ data: [UInt8]) throws(TLSError) -> [UInt8] {
        guard !data.isEmpty else { return [] }
        var out = [UInt8](repeating: 0, count: data.count + 16)
        var outLength: Int32 = 0
        let result =
            encrypting
            ? EVP_EncryptUpdate(pointer, &out, &outLength, data, Int32(data.count))
            : EVP_DecryptUpdate(pointer, &out, &outLength, data, Int32(data.count))
        try openSSLCheck(result, "EVP_CipherUpdate")
        return Array(out.prefix(Int(outLength)))
    }

    func finish() throws(TLSError) {
        var out = [UInt8](repeating: 0, count: 16)
        var outLength: Int32 = 0
        let result = encrypting ? EVP_EncryptFinal_ex(pointer, &out, &outLength) : EVP_DecryptFinal_ex(pointer, &out, &outLength)
        try openSSLCheck(result, "EVP_CipherFinal_ex", code: .secretUnreadable)
    }

    func tag() throws(TLSError) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: 16)
        try openSSLCheck(EVP_CIPHER_CTX_ctrl(pointer, EVP_CTRL_GCM_GET_TAG, 16, &tag), "EVP_CTRL_GCM_GET_TAG")
        return tag
    }

    func expectTag(_ tag: [UInt8]) throws(TLSError) {
        var tag = tag
        try openSSLCheck(EVP_CIPHER_CTX_ctrl(pointer, EVP_CTRL_GCM_SET_TAG, 16, &tag), "EVP_CTRL_GCM_SET_TAG")
    }
}
