import Foundation
import PalisadeMessages

/// The policy file `palisade policies create` and `update` send: read whole, checked against
/// what the service would refuse unread (a file too large, not UTF-8), and sent with its path
/// as the name the service's errors give, so an editor jumps to `admin.yaml:3:5` from them.
enum PolicyDocumentFile {
    /// The largest policy file (`policies/README.md`, "Limits").
    static let maxBytes = 256 << 10

    /// The document of the file at `path`.
    static func read(_ path: String) throws(CommandFailure) -> PolicyDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("\(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw CommandFailure("\(path) is a directory: give one policy file (palisade policies test checks a directory of them)")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxBytes else {
            throw CommandFailure("\(path) has \(size) bytes; a policy is at most \(maxBytes) (256 KiB)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read \(path)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CommandFailure("\(path) is not UTF-8 text; a policy file is YAML or JSON in UTF-8")
        }
        return PolicyDocument(source: text, fileName: path)
    }
}
