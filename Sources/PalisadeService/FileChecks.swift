#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks at start-up that the file configured under `key` exists and can be read by this
/// process, so that a wrong path fails now with a message naming the key, instead of at the
/// first connection.
///
/// The check opens the file for reading, which is the test that counts (permission bits alone
/// do not tell, e.g. for root or under ACLs).
///
/// ```swift
/// try checkReadableFile(config.tls.certificate, key: "tls.certificate")
/// // 'tls.certificate': /etc/palisade/echo.pem does not exist
/// ```
///
/// - Throws: ``ConfigError`` with code ``ConfigError/Code/fileNotFound`` or
///   ``ConfigError/Code/notReadable``.
public func checkReadableFile(_ path: String, key: String) throws(ConfigError) {
    if let problem = FileProblem.readingFile(path) {
        throw ConfigError(code: problem.code, message: "'\(key)': \(problem.text)")
    }
}

/// Checks at start-up that the directory configured under `key` exists and that this process
/// can create files in it.
///
/// The check creates and removes a temporary file, which is exactly what the service will do
/// later, and the only test that also catches read-only file systems and root-owned volumes.
///
/// - Throws: ``ConfigError`` with code ``ConfigError/Code/fileNotFound`` or
///   ``ConfigError/Code/notWritable``.
public func checkWritableDirectory(_ path: String, key: String) throws(ConfigError) {
    if let problem = FileProblem.writingDirectory(path) {
        throw ConfigError(code: problem.code, message: "'\(key)': \(problem.text)")
    }
}

/// What is wrong with a path, in words; shared by the public checks and the config loader.
struct FileProblem: Error {
    let code: ConfigError.Code
    let text: String

    static func readingFile(_ path: String) -> FileProblem? {
        switch isDirectory(path, expected: "file", verb: "read") {
        case .failure(let problem): return problem
        case .success(true): return FileProblem(code: .notReadable, text: "\(path) is a directory; expected a file")
        case .success(false): break
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return failure(path, errno: errno, verb: "read")
        }
        close(descriptor)
        return nil
    }

    static func writingDirectory(_ path: String) -> FileProblem? {
        switch isDirectory(path, expected: "directory", verb: "write to") {
        case .failure(let problem): return problem
        case .success(false): return FileProblem(code: .notWritable, text: "\(path) is not a directory")
        case .success(true): break
        }
        var template = Array("\(path)/.palisade-write-check-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else {
            let code = errno
            return FileProblem(
                code: .notWritable,
                text: "cannot create files in directory \(path): \(String(cString: strerror(code)))"
            )
        }
        close(descriptor)
        template.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { _ = unlink(base) }
        }
        return nil
    }

    /// Whether `path` names a directory, once it is known to name something: the first step of
    /// both checks. `expected` is what the path should name ("file"), `verb` what the service
    /// will do with it ("read"), for the problem's text.
    private static func isDirectory(_ path: String, expected: String, verb: String) -> Result<Bool, FileProblem> {
        guard !path.isEmpty else {
            return .failure(FileProblem(code: .fileNotFound, text: "the path is empty; expected a \(expected) path"))
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(failure(path, errno: errno, verb: verb))
        }
        return .success(info.st_mode & S_IFMT == S_IFDIR)
    }

    private static func failure(_ path: String, errno code: Int32, verb: String) -> FileProblem {
        if code == ENOENT || code == ENOTDIR {
            return FileProblem(code: .fileNotFound, text: "\(path) does not exist")
        }
        let kind: ConfigError.Code = verb == "read" ? .notReadable : .notWritable
        return FileProblem(code: kind, text: "cannot \(verb) \(path): \(String(cString: strerror(code)))")
    }
}
