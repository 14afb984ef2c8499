import Foundation
import Logging
import PalisadeHTTPClient
import PalisadeIdentityService
import PalisadeService

/// Notices through an SMTP relay (libcurl's SMTP, STARTTLS required): Okta has no mail API.
/// The Message-ID is the action's, so a notice sent again after a crash is the same message.
struct SMTPNoticeMailer: NoticeMailer {
    let mailer: SMTPMailer
    let from: MailAddress
    let channel: String

    /// A mailer for the `smtp` section; the relay's password is sealed like the Okta token.
    static func make(_ smtp: OktaConfiguration.SMTP, configuration: OktaConfiguration, log: ActionLog, logger: Logger) throws(StartupError)
        -> SMTPNoticeMailer
    {
        var credentials: SMTPMailer.Credentials?
        if let username = smtp.username {
            let password = try SealedCredential.load(
                name: "smtp/password", file: smtp.passwordFile, fileKey: "smtp.passwordFile", keyFile: configuration.secretKeyFile,
                log: log, logger: logger)
            credentials = SMTPMailer.Credentials(username: username, password: password)
        }
        let relay = URLHost.of(smtp.url)
        do {
            let mailer = try SMTPMailer(
                configuration: SMTPMailer.Configuration(relay: smtp.url, sender: smtp.from, caFile: smtp.caFile, credentials: credentials),
                logger: logger)
            return SMTPNoticeMailer(mailer: mailer, from: MailAddress(smtp.from, displayName: smtp.fromName), channel: "smtp via \(relay)")
        } catch {
            throw StartupError(message: "cannot use the SMTP relay 'smtp.url' \(smtp.url): \(error.message)")
        }
    }

    func send(_ notice: PreparedNotice, to user: ProviderUser) async throws(IdentityFailure) -> String {
        let message = MailMessage(
            from: from, to: [MailAddress(user.email, displayName: user.displayName.isEmpty ? nil : user.displayName)],
            subject: notice.subject,
            textBody: notice.text, headers: [MailHeader("X-Palisade-Action", notice.idempotencyKey)], messageID: notice.messageID)
        do {
            return try await mailer.send(message)
        } catch {
            let kind: IdentityFailure.Kind = error.isTransient ? .unavailable : .refused
            let reply = error.replyCode.map { " (reply \($0))" } ?? ""
            throw IdentityFailure(
                kind, "the SMTP relay \(channel.dropFirst("smtp via ".count)) refused the notice\(reply): \(error.message)",
                providerError: error.replyCode.map(String.init))
        }
    }
}
