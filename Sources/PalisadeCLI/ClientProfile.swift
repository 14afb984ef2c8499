import ArgumentParser
import Foundation

/// The defaults a person's commands use when neither flags nor environment variables say:
/// the services' addresses and the mesh files, so `palisade connections` works bare.
///
/// A JSON file, written by `palisade certs issue operator/NAME --profile`, at
/// `$PALISADE_PROFILE`, else `$XDG_CONFIG_HOME/palisade/profile.json`, else
/// `~/.config/palisade/profile.json`:
///
/// ```json
/// {"address": "127.0.0.1:7101", "ca": "/home/alice/certs/ca.pem",
///  "cert": "/home/alice/certs/operator-alice.pem", "key": "/home/alice/certs/operator-alice.key",
///  "ingestionAddress": "127.0.0.1:7102", "detectionAddress": "127.0.0.1:7103",
///  "identityAddress": "127.0.0.1:7105"}
/// ```
struct ClientProfile: Codable, Equatable {
    /// The connector's address, host:port.
    var address: String?
    /// The mesh CA to trust.
    var ca: String?
    /// The operator's certificate.
    var cert: String?
    /// Its private key.
    var key: String?
    /// The name the server certificate must carry.
    var serverName: String?
    /// The ingestion service's address, host:port (`palisade activities`, `palisade ip-ranges`).
    var ingestionAddress: String?
    /// The detection service's address, host:port (`palisade policies`).
    var detectionAddress: String?
    /// The identity service's address, host:port (`palisade identity`): Entra ID's or Okta's,
    /// whichever the mesh runs.
    var identityAddress: String?

    /// Where the profile lives for `environment`.
    static func path(environment: [String: String]) -> String {
        if let explicit = environment["PALISADE_PROFILE"], !explicit.isEmpty { return explicit }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return "\(config)/palisade/profile.json" }
        return "\(environment["HOME"] ?? NSHomeDirectory())/.config/palisade/profile.json"
    }

    /// The profile at `path`, or nil when there is none; a file that cannot be read as a profile
    /// is an error naming it (a typo must not silently fall back to other settings).
    static func load(path: String) throws -> ClientProfile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the profile \(path)")
        }
        do {
            return try JSONDecoder().decode(ClientProfile.self, from: data)
        } catch {
            throw CommandFailure(
                "the profile \(path) is not a profile (\(error)); fix it, or write it again with "
                    + "`palisade certs issue operator/NAME --profile`")
        }
    }

    /// Writes the profile to `path` (readable by its owner only), creating its directory.
    func write(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CommandFailure("cannot write the profile \(path)")
        }
    }
}
