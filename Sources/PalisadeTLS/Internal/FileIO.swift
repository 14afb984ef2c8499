#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the TLS module needs, with errors that name the path and
/// say why (`strerror`), which Foundation's file APIs do not do portably.
enum FileIO {
    /// PEM files are small; anything larger is a mistake (or `/dev/zero`), not a certificate.
    static let maximumReadSize = 16 << 20

    /// Reads a whole regular file. `what` names its purpose in the error ("certificate chain").
    static func readFile(path: String, what: String) throws(TLSError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            throw failure(.fileNotReadable, "cannot read \(what) file '\(path)'", errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(.fileNotReadable, "cannot read \(what) file '\(path)'", errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumReadSize {
                throw TLSError(
                    code: .fileNotReadable,
                    message: "cannot read \(what) file '\(path)': larger than \(maximumReadSize) bytes, not a PEM file"
                )
            }
        }
        return bytes
    }

    /// Creates `path` with exactly `mode` and writes `bytes`, refusing to replace an
    /// existing file (`O_EXCL`, so the check and the creation are one atomic step).
    static func createNewFile(path: String, bytes: [UInt8], mode: mode_t, what: String) throws(TLSError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 {
            let code = errno
            if code == EEXIST {
                throw TLSError(
                    code: .invalidConfiguration,
                    message: "refusing to overwrite existing \(what) file '\(path)'; move it away or choose another path"
                )
            }
            throw failure(.fileNotReadable, "cannot create \(what) file '\(path)'", code)
        }
        var written = 0
        var failedErrno: Int32 = 0
        // The umask may only clear bits, but fchmod makes the mode exact whatever it is.
        if fchmod(fd, mode) != 0 { failedErrno = errno }
        while failedErrno == 0 && written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                failedErrno = errno
            } else {
                written += count
            }
        }
        if failedErrno == 0 && fsync(fd) != 0 { failedErrno = errno }
        if close(fd) != 0 && failedErrno == 0 { failedErrno = errno }
        if failedErrno != 0 {
            // Do not leave a truncated key or certificate behind for the next run to trust.
            unlink(path)
            throw failure(.fileNotReadable, "cannot write \(what) file '\(path)'", failedErrno)
        }
    }

    /// Whether something exists at `path` (without following a final symlink).
    static func exists(path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Removes a file, ignoring errors (used only to undo our own partial work).
    static func remove(path: String) {
        unlink(path)
    }

    private static func failure(_ code: TLSError.Code, _ what: String, _ error: Int32) -> TLSError {
        TLSError(code: code, message: "\(what): \(String(cString: strerror(error)))")
    }
}
