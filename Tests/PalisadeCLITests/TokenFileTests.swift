import Foundation
import Glibc
import Testing

@testable import PalisadeCLI

/// A fresh directory of its own under the system's temporary directory.
struct ScratchDirectory: ~Copyable {
    /// The directory's path.
    let path: String

    /// Creates the directory (mode 0700).
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-cli-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` to `name` in the directory with permissions `mode` (set after the
    /// write, so the umask does not matter) and returns its path.
    func file(_ name: String, _ contents: [UInt8], mode: mode_t = 0o600) throws -> String {
        let file = "\(path)/\(name)"
        try Data(contents).write(to: URL(fileURLWithPath: file))
        guard chmod(file, mode) == 0 else { throw CommandFailure("chmod \(file) failed") }
        return file
    }

    /// `file` with text contents.
    func file(_ name: String, _ text: String, mode: mode_t = 0o600) throws -> String {
        try file(name, Array(text.utf8), mode: mode)
    }
}

/// The message `TokenFile.read` fails with for `path`, or nil when it returns a token.
private func failure(_ path: String) -> String? {
    do {
        _ = try TokenFile.read(path)
        return nil
    } catch {
        return error.message
    }
}

/// The token `TokenFile.read` returns for `path`, or nil when it fails.
private func token(_ path: String) -> String? {
    try? TokenFile.read(path)
}

/// Reads a token file holding `contents` with permissions `mode`, in a directory of its own:
/// the file's path, and the message the read fails with (nil when it returns a token).
private func reading(_ contents: String, mode: mode_t = 0o600) throws -> (path: String, failure: String?) {
    let directory = try ScratchDirectory()
    let path = try directory.file("token", contents, mode: mode)
    return (path, failure(path))
}

/// `TokenFile.read` on files of every kind an operator might point it at.
@Suite("Token file: trimming, and refusing what is not one private line")
struct TokenFileTests {
    @Test(
        "whitespace and newlines around the token are trimmed",
        arguments: [
            "xoxp-1-abc", "xoxp-1-abc\n", "xoxp-1-abc\r\n", "  xoxp-1-abc  \n\n", "\n\txoxp-1-abc\t\n",
        ])
    func trims(contents: String) throws {
        let directory = try ScratchDirectory()
        #expect(token(try directory.file("token", contents)) == "xoxp-1-abc")
    }

    @Test("owner-only modes are accepted", arguments: [mode_t(0o600), 0o400, 0o700])
    func ownerOnly(mode: mode_t) throws {
        let directory = try ScratchDirectory()
        #expect(token(try directory.file("token", "xoxp-1\n", mode: mode)) == "xoxp-1")
    }

    @Test("a missing file is refused, naming the path and the reason")
    func missing() throws {
        let directory = try ScratchDirectory()
        let path = "\(directory.path)/absent"
        #expect(failure(path) == "cannot read token file \(path): No such file or directory")
    }

    @Test("an empty or blank file is refused, naming the path", arguments: ["", "\n", "  \t\r\n  "])
    func empty(contents: String) throws {
        let (path, message) = try reading(contents)
        #expect(message == "token file \(path) is empty: put the xoxp-… token in it")
    }

    @Test(
        "a file group or others may access is refused with its mode, before it is read",
        arguments: [
            mode_t(0o640), 0o604, 0o644, 0o660, 0o666, 0o610, 0o601, 0o620,
        ])
    func readableByOthers(mode: mode_t) throws {
        let (path, message) = try reading("xoxp-secret-1\n", mode: mode)
        #expect(message == "token file \(path) is readable by others (mode \(String(mode, radix: 8))): run chmod 600 \(path)")
        #expect(message?.contains("xoxp-secret-1") == false)
    }

    @Test("more than the token (a second line, inner space) is refused without showing it")
    func extraContent() throws {
        for contents in ["xoxp-secret-1\nxoxp-secret-2\n", "xoxp-secret-1 # mine", "xoxp-secret-1\u{A0}x"] {
            let (path, message) = try reading(contents)
            #expect(message == "token file \(path) must hold only the token (found whitespace inside it)")
            #expect(message?.contains("secret") == false)
        }
    }

    @Test("a directory and a FIFO are not regular files (the FIFO is not opened, so nothing blocks)")
    func notRegular() throws {
        let directory = try ScratchDirectory()
        #expect(failure(directory.path) == "token file \(directory.path) is not a regular file")
        let fifo = "\(directory.path)/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(failure(fifo) == "token file \(fifo) is not a regular file")
    }

    @Test("a symbolic link is followed: the target's type and mode decide")
    func symbolicLink() throws {
        let directory = try ScratchDirectory()
        let target = try directory.file("token", "xoxp-1\n")
        let link = "\(directory.path)/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(token(link) == "xoxp-1")
        #expect(chmod(target, 0o644) == 0)
        #expect(failure(link) == "token file \(link) is readable by others (mode 644): run chmod 600 \(link)")
    }

    @Test("bytes that are not UTF-8 are refused")
    func notUTF8() throws {
        let directory = try ScratchDirectory()
        let path = try directory.file("token", [0x78, 0x6F, 0x78, 0x70, 0xFF, 0xFE])
        #expect(failure(path) == "token file \(path) is not UTF-8 text")
    }
}
