import Foundation
import PalisadeMessages

/// The notice `palisade identity notify` sends, checked against what the service would refuse
/// (`Protocol/identity.md`, `UserNotice`) before anything is sent: a subject of one line, a text
/// of 1 byte to 64 KiB, read from the command line, a file or standard input, an https link.
enum NoticeText {
    /// The longest subject, in characters.
    static let maxSubject = 255
    /// The longest text, in bytes.
    static let maxBytes = 64 << 10
    /// The longest link, in bytes.
    static let maxLink = 2048

    /// Why `subject` would be refused, or nil.
    static func subjectProblem(_ subject: String) -> String? {
        if subject.isEmpty || subject.count > maxSubject
            || subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            return "--subject must be one line of 1–\(maxSubject) characters"
        }
        return nil
    }

    /// Why `text` would be refused, or nil; `origin` names where it came from.
    static func textProblem(_ text: String, origin: String) -> String? {
        if text.isEmpty { return "\(origin) is empty; a notice has some text" }
        let bytes = text.utf8.count
        if bytes > maxBytes { return "\(origin) has \(bytes) bytes; a notice's text is at most \(maxBytes) (64 KiB)" }
        return nil
    }

    /// Why `link` would be refused, or nil (an empty link is none).
    static func linkProblem(_ link: String) -> String? {
        guard !link.isEmpty else { return nil }
        guard link.hasPrefix("https://"), link.utf8.count <= maxLink, link.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return "--link must be an https:// URL without spaces, at most \(maxLink) characters"
        }
        return nil
    }

    /// The text of the file at `path`, or of standard input for `-`.
    static func read(_ path: String) throws(CommandFailure) -> String {
        let origin = path == "-" ? "standard input" : path
        let data: Data
        if path == "-" {
            if isatty(STDIN_FILENO) == 1 {
                // Otherwise the command seems to hang while it waits for the text.
                CommandFailure.printError("reading the notice's text from standard input; end it with Ctrl-D")
            }
            // One byte past the limit tells a text too long from one exactly at it, without
            // reading an endless pipe whole.
            do {
                data = try FileHandle.standardInput.read(upToCount: maxBytes + 1) ?? Data()
            } catch {
                throw CommandFailure("cannot read standard input: \(error.localizedDescription)")
            }
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw CommandFailure("\(path): no such file")
            }
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandFailure("cannot read \(path)") }
            defer { try? handle.close() }
            do {
                data = try handle.read(upToCount: maxBytes + 1) ?? Data()
            } catch {
                throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
            }
        }
        if data.count > maxBytes { throw CommandFailure("\(origin) has more than \(maxBytes) bytes; a notice's text is at most 64 KiB") }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CommandFailure("\(origin) is not UTF-8 text; a notice is plain text in UTF-8")
        }
        if let problem = textProblem(text, origin: origin) { throw CommandFailure(problem) }
        return text
    }
}
