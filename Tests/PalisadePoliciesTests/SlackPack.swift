import Foundation
import PalisadePolicies

/// The shipped Slack pack (`policies/slack/*.yaml`), read from the repository this file is in.
enum SlackPack {
    /// `policies/slack`, found from this file's path (`Tests/PalisadePoliciesTests/…`).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("policies/slack").path

    /// Every policy file of the pack, sorted, with its text.
    static func files() throws -> [(name: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { ($0, try String(contentsOfFile: "\(directory)/\($0)", encoding: .utf8)) }
    }

    /// Every policy of the pack, parsed.
    static func policies() throws -> [ActivityPolicy] {
        try files().map { file in try ActivityPolicy.parse(file.text, file: "policies/slack/\(file.name)") }
    }
}
