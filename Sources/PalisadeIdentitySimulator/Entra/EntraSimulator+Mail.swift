import Foundation
import PalisadeJSON
import PalisadeRPC
import Synchronization

extension EntraSimulator {
    /// `POST /users/{sender}/sendMail` (identity.md §2.5): a JSON message (or base64 MIME as
    /// `text/plain`) from a mailbox into the outbox; 202 with an empty body.
    func sendMail(_ sender: String, app: EntraApp, _ context: RequestContext) throws(GraphError) -> HTTPServerResponse {
        try require(Permission.sendMail, app)
        let mailbox = state.withLock { state -> Bool in
            if let index = state.userIndex(sender) { return !state.users[index].purged && state.users[index].deletedAt == nil }
            return false
        }
        let shared = configuration.sharedMailboxes.contains { $0.lowercased() == sender.lowercased() }
        guard mailbox || shared else {
            throw GraphError(
                status: 404, code: "MailboxNotEnabledForRESTAPI",
                message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
        }
        let contentType = context.request.header("content-type")?.lowercased() ?? ""
        var mail =
            contentType.hasPrefix("text/plain")
            ? try Self.mimeMail(context.request.body) : try Self.jsonMail(context.request.body)
        mail.from = sender
        mail.time = context.now
        state.withLock { $0.mails.append(mail) }
        return HTTPServerResponse(status: 202)
    }

    private static func jsonMail(_ body: [UInt8]) throws(GraphError) -> EntraInspection.Mail {
        guard let document = try? JSONElement.parse(body, maxDepth: 16), document.members != nil else {
            throw .unreadableBody
        }
        guard let message = document.member("message"), message.members != nil else {
            throw GraphError(status: 400, code: "ErrorInvalidParameter", message: "The value of the parameter 'Message' is empty.")
        }
        var saveToSentItems = true
        if let save = document.member("saveToSentItems") {
            guard case .bool(let value) = save.value else {
                throw .badRequest("Cannot convert the literal to the expected type 'Edm.Boolean' for 'saveToSentItems'.")
            }
            saveToSentItems = value
        }
        let to = try addresses(message["toRecipients"], "toRecipients")
        guard !to.isEmpty else {
            throw GraphError(
                status: 400, code: "ErrorInvalidRecipients",
                message: "At least one recipient isn't valid., A message can't be sent because it contains no recipients.")
        }
        var text = ""
        var kind = "Text"
        if let content = message["body"] {
            guard content.members != nil else { throw .badRequest("The property 'body' must be an itemBody object.") }
            if let type = content["contentType"] {
                switch type.string?.lowercased() {
                case "text": kind = "Text"
                case "html": kind = "HTML"
                default:
                    throw GraphError(
                        status: 400, code: "RequestBodyRead",
                        message: "Requested value '\(type.string ?? "?")' was not found (body.contentType is Text or HTML).")
                }
            }
            text = content["content"]?.string ?? ""
        }
        var headers: [EntraInspection.Header] = []
        if let list = message["internetMessageHeaders"] {
            guard case .array(let items) = list.value else { throw .badRequest("internetMessageHeaders must be an array.") }
            for item in items {
                guard let name = item["name"]?.string, let value = item["value"]?.string else {
                    throw .badRequest("Each internet message header needs a name and a value.")
                }
                guard name.lowercased().hasPrefix("x-") else {
                    throw GraphError(
                        status: 400, code: "InvalidInternetMessageHeader",
                        message: "The internet message header name '\(name.prefix(64))' should start with 'x-' or 'X-'.")
                }
                headers.append(EntraInspection.Header(name: name, value: value))
            }
        }
        return EntraInspection.Mail(
            from: "", to: to, cc: try addresses(message["ccRecipients"], "ccRecipients"),
            bcc: try addresses(message["bccRecipients"], "bccRecipients"), subject: message["subject"]?.string ?? "",
            body: text, contentType: kind, internetMessageHeaders: headers, saveToSentItems: saveToSentItems, time: 0)
    }

    /// `[{"emailAddress":{"address":"…"}}]` → the addresses; 400 for a malformed entry.
    private static func addresses(_ element: JSONElement?, _ field: String) throws(GraphError) -> [String] {
        guard let element, !element.isNull else { return [] }
        guard case .array(let items) = element.value else { throw .badRequest("'\(field)' must be an array of recipients.") }
        var result: [String] = []
        for item in items {
            guard let address = item["emailAddress"]?["address"]?.string, address.contains("@"), address.utf8.count <= 320
            else {
                throw GraphError(
                    status: 400, code: "ErrorInvalidRecipients", message: "At least one recipient isn't valid.")
            }
            result.append(address)
        }
        return result
    }

    /// A MIME send: the body is the base64 of an RFC 5322 message (MAIL).
    private static func mimeMail(_ body: [UInt8]) throws(GraphError) -> EntraInspection.Mail {
        let text = String(decoding: body, as: UTF8.self).filter { !$0.isWhitespace }
        guard !text.isEmpty, let data = Data(base64Encoded: text) else {
            throw GraphError(status: 400, code: "ErrorMimeContentInvalidBase64String", message: "Invalid base64 string for MIME content.")
        }
        let mime = String(decoding: data, as: UTF8.self)
        var subject = ""
        var to: [String] = []
        var cc: [String] = []
        // "\r\n" is one Character in Swift, so split on any newline rather than on "\n".
        for trimmed in mime.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if trimmed.isEmpty { break }  // end of the header section
            let lower = trimmed.lowercased()
            func value() -> String { String(trimmed.drop { $0 != ":" }.dropFirst()).trimmingCharacters(in: .whitespaces) }
            func list() -> [String] { value().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            if lower.hasPrefix("subject:") { subject = value() }
            if lower.hasPrefix("to:") { to = list() }
            if lower.hasPrefix("cc:") { cc = list() }
        }
        guard !to.isEmpty else {
            throw GraphError(
                status: 400, code: "ErrorInvalidRecipients",
                message: "At least one recipient isn't valid., A message can't be sent because it contains no recipients.")
        }
        return EntraInspection.Mail(
            from: "", to: to, cc: cc, bcc: [], subject: subject, body: mime, contentType: "MIME",
            internetMessageHeaders: [], saveToSentItems: true, time: 0)
    }
}

extension JSONElement {
    /// The last member whose key equals `key` without regard to case: msgraph-sdk sends
    /// sendMail's action parameters as `Message` and `SaveToSentItems`, which Graph accepts.
    func member(_ key: String) -> JSONElement? {
        let wanted = key.lowercased()
        return members?.last { $0.key.lowercased() == wanted }?.element
    }
}
