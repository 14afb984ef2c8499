import Foundation

/// A fresh directory under the system temporary directory, removed when the value goes away.
public struct TemporaryDirectory: ~Copyable {
    /// The directory's path.
    public let path: String

    /// Creates `palisade-<label>-<uuid>` in the temporary directory.
    public init(_ label: String = "tests") throws {
        path = "\(FileManager.default.temporaryDirectory.path)/palisade-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// `path/name`.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes `text` to `name` and returns its path.
    public func write(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
