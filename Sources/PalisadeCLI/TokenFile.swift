import Foundation
import Glibc

/// Reads a Slack token from a file the operator created, refusing files others can read: the
/// token grants the organisation's whole audit log, so it gets the same rule as key files.
enum TokenFile {
    /// The token in `path`, surrounding whitespace and newlines trimmed.
    ///
    /// Fails when the file is missing, not a regular file, accessible by group or others, empty,
    /// or holds more than one line. The token itself never appears in a message.
    static func read(_ path: String) throws(CommandFailure) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CommandFailure("cannot read token file \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CommandFailure("token file \(path) is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw CommandFailure("token file \(path) is readable by others (mode \(mode)): run chmod 600 \(path)")
        }
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("cannot read token file \(path): \(error.localizedDescription)")
        }
        guard let text = String(data: contents, encoding: .utf8) else {
            throw CommandFailure("token file \(path) is not UTF-8 text")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CommandFailure("token file \(path) is empty: put the xoxp-… token in it")
        }
        // A pasted token with an extra line (a comment, a second token) would be sent whole.
        guard !token.contains(where: \.isWhitespace) else {
            throw CommandFailure("token file \(path) must hold only the token (found whitespace inside it)")
        }
        return token
    }
}
