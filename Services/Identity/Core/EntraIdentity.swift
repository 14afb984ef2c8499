import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeIdentityService
import PalisadeService
import PalisadeStorage
import PalisadeTLS

/// Builds `palisade-identity`'s parts from its configuration: the action log (with the
/// directory copy's tables), the client secret sealed at rest, Graph's client and the Entra
/// provider, served by the shared `IdentityRuntime`.
public enum EntraIdentity {
    /// The name the sealed client secret is stored under (and bound to when sealed).
    static let secretName = "entra/client_secret"

    /// The service's parts, or a startup error naming what to fix.
    public static func makeRuntime(configuration: EntraConfiguration, logger: Logger) throws(StartupError) -> IdentityRuntime {
        let entra = configuration.entra
        let log: ActionLog
        do {
            log = try ActionLog(path: configuration.database, providerMigrations: DirectoryCopy.migrations)
        } catch {
            throw StartupError(message: "cannot open the database 'database' \(configuration.database): \(error.message)")
        }
        let credential: EntraTokenSource.Credential
        if let certificateFile = entra.certificateFile, let keyFile = entra.privateKeyFile {
            do {
                let signer = try ClientAssertionSigner(certificateFile: certificateFile, keyFile: keyFile, clientID: entra.clientId)
                credential = .assertion { audience throws(IdentityFailure) in try signer.assertion(audience: audience) }
            } catch {
                throw StartupError(message: "cannot use 'entra.certificateFile'/'entra.privateKeyFile': \(error.message)")
            }
        } else {
            credential = .secret(
                try SealedCredential.load(
                    name: secretName, file: entra.clientSecretFile, fileKey: "entra.clientSecretFile", keyFile: configuration.secretKeyFile,
                    log: log, logger: logger))
        }
        let copy: DirectoryCopy
        let client: HTTPClient
        do {
            copy = try DirectoryCopy(database: log.database)
            client = try HTTPClient(configuration: HTTPClient.Configuration(caFile: entra.caFile), logger: logger)
        } catch let error as StorageError {
            throw StartupError(message: "cannot read the directory copy in \(configuration.database): \(error.message)")
        } catch {
            throw StartupError(message: "cannot make the HTTPS client (entra.caFile): \(error)")
        }
        let budget = Duration.seconds(entra.callBudgetSeconds)
        let timeout = Duration.seconds(entra.timeoutSeconds)
        let tokenHTTP = ProviderHTTP(
            name: "Entra ID", client: client, budget: budget, exchangeTimeout: timeout, logger: logger,
            requestIDHeaders: ["x-ms-request-id", "client-request-id"])
        let graphHTTP = ProviderHTTP(
            name: "Microsoft Graph", client: client, budget: budget, exchangeTimeout: timeout, logger: logger,
            requestIDHeaders: ["request-id", "client-request-id"])
        let tokens = EntraTokenSource(
            http: tokenHTTP, authority: entra.authority, tenant: entra.tenant, clientID: entra.clientId, scope: entra.scope,
            credential: credential)
        let graph = GraphClient(http: graphHTTP, base: entra.graph.trimmingSuffix("/"), tokens: tokens)
        let sync = DirectorySync(graph: graph, copy: copy, interval: .seconds(entra.syncIntervalSeconds), logger: logger)
        let provider = EntraProvider(graph: graph, copy: copy, sync: sync, tenant: entra.tenant, sender: entra.senderMailbox)
        return IdentityRuntime(provider: provider, log: log, logger: logger)
    }
}
