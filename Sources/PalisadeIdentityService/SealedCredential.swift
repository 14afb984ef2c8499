import Foundation
import Logging
import PalisadeService
import PalisadeStorage
import PalisadeTLS

/// A provider credential (the Entra client secret, the Okta API token) kept sealed in the action
/// log's database: read from the file the configuration names and sealed at start, or opened
/// from the database where an earlier start sealed it once the file is gone. The key lives
/// outside the database (`secretKeyFile`), so a copied database alone discloses nothing.
public enum SealedCredential {
    /// The credential's text.
    ///
    /// - Parameters:
    ///   - name: what it is stored under and bound to (`entra/client_secret`).
    ///   - file: the configured file, if any; when given it wins and is sealed again.
    ///   - fileKey: the configuration key naming the file, for messages.
    public static func load(
        name: String, file: String?, fileKey: String, keyFile: String, log: ActionLog, logger: Logger
    ) throws(StartupError) -> String {
        let box: SecretBox
        do {
            box = try SecretBox.loadOrCreateKey(at: keyFile)
        } catch {
            throw StartupError(message: "cannot use the secret key file 'secretKeyFile' \(keyFile): \(error.message)")
        }
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw StartupError(message: "cannot read '\(fileKey)' \(file): \(error.localizedDescription)")
            }
            guard !text.isEmpty else { throw StartupError(message: "'\(fileKey)' \(file) is empty: put the credential's value in it") }
            do {
                try log.storeSecret(name: name, sealed: try box.seal(Array(text.utf8), context: name), now: Date())
            } catch {
                throw StartupError(message: "cannot seal '\(fileKey)' into \(log.database.path): \(error)")
            }
            logger.notice(
                "credential sealed into the database; the file may now be removed", metadata: ["key": "\(fileKey)", "file": "\(file)"])
            return text
        }
        let sealed: [UInt8]?
        do {
            sealed = try log.secret(name: name)
        } catch {
            throw StartupError(message: "cannot read the sealed credential from \(log.database.path): \(error.message)")
        }
        guard let sealed else {
            throw StartupError(message: "no credential: set '\(fileKey)' to a file holding it (it is sealed into the database at start)")
        }
        do {
            return String(decoding: try box.open(sealed, context: name), as: UTF8.self)
        } catch {
            throw StartupError(
                message: "cannot open the sealed credential (was 'secretKeyFile' replaced?): \(error.message); set '\(fileKey)' again")
        }
    }
}
