import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeIdentityService
import PalisadeService
import PalisadeStorage

/// Builds `palisade-identity-okta`'s parts from its configuration: the action log, the API
/// token sealed at rest, Okta's client and the SMTP relay for notices, served by the shared
/// `IdentityRuntime`.
public enum OktaIdentity {
    /// The service's parts, or a startup error naming what to fix.
    public static func makeRuntime(configuration: OktaConfiguration, logger: Logger) throws(StartupError) -> IdentityRuntime {
        let okta = configuration.okta
        let log: ActionLog
        do {
            log = try ActionLog(path: configuration.database)
        } catch {
            throw StartupError(message: "cannot open the database 'database' \(configuration.database): \(error.message)")
        }
        let token = try SealedCredential.load(
            name: "okta/token", file: okta.tokenFile, fileKey: "okta.tokenFile", keyFile: configuration.secretKeyFile, log: log,
            logger: logger)
        let client: HTTPClient
        do {
            client = try HTTPClient(configuration: HTTPClient.Configuration(caFile: okta.caFile), logger: logger)
        } catch {
            throw StartupError(message: "cannot make the HTTPS client (okta.caFile): \(error)")
        }
        let http = ProviderHTTP(
            name: "Okta", client: client, budget: .seconds(okta.callBudgetSeconds), exchangeTimeout: .seconds(okta.timeoutSeconds),
            logger: logger,
            requestIDHeaders: ["X-Okta-Request-Id"], wait: OktaClient.rateLimitWait)
        let authorization = okta.tokenType == "bearer" ? "Bearer \(token)" : "SSWS \(token)"
        let base = okta.orgUrl.hasSuffix("/") ? String(okta.orgUrl.dropLast()) : okta.orgUrl
        var mailer: SMTPNoticeMailer?
        if let smtp = configuration.smtp {
            mailer = try SMTPNoticeMailer.make(smtp, configuration: configuration, log: log, logger: logger)
        }
        let provider = OktaProvider(
            client: OktaClient(http: http, base: base, authorization: authorization), org: URLHost.of(base), mailer: mailer)
        return IdentityRuntime(provider: provider, log: log, logger: logger)
    }
}

/// The host of a URL, for messages and `ListActions`.
enum URLHost {
    static func of(_ url: String) -> String {
        let rest = url.split(separator: "://", maxSplits: 1).last.map(String.init) ?? url
        return String(rest.prefix { $0 != "/" })
    }
}
