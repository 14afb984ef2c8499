import Foundation
import PalisadeRPC

extension SlackSimulator {
    /// `POST /api/auth.test` (GET works too, as on Slack): who the token belongs to.
    func authTest(_ request: HTTPServerRequest) -> HTTPServerResponse {
        do throws(WebAPIError) {
            let arguments = try Self.webAPIArguments(request)
            guard let token = Self.bearerToken(request) ?? arguments["token"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw WebAPIError("not_authed")
            }
            let record: TokenRegistry.Record
            switch tokens.check(token) {
            case .unknown: throw WebAPIError("invalid_auth")
            case .revoked: throw WebAPIError("token_revoked")
            case .expired: throw WebAPIError("token_expired")
            case .valid(let valid): record = valid
            }
            let enterprise = configuration.enterprise
            let userID = record.token.userID ?? enterprise.ownerUserID
            let userName = userID == enterprise.ownerUserID ? enterprise.ownerName : userID.lowercased()
            var text = #"{"ok":true"#
            switch record.token.installation {
            case .organization:
                text += #","url":\#(SimJSON.quote(enterprise.url)),"team":\#(SimJSON.quote(enterprise.name))"#
                text += #","user":\#(SimJSON.quote(userName)),"team_id":\#(SimJSON.quote(enterprise.id))"#
                text += #","user_id":\#(SimJSON.quote(userID)),"enterprise_id":\#(SimJSON.quote(enterprise.id))"#
                text += #","is_enterprise_install":true"#
            case .workspace(let teamID):
                let url = "https://\(teamID.lowercased()).slack.com/"
                text += #","url":\#(SimJSON.quote(url)),"team":\#(SimJSON.quote(teamID))"#
                text += #","user":\#(SimJSON.quote(userName)),"team_id":\#(SimJSON.quote(teamID))"#
                text += #","user_id":\#(SimJSON.quote(userID)),"enterprise_id":\#(SimJSON.quote(enterprise.id))"#
                text += #","is_enterprise_install":false"#
            }
            if let expiry = record.token.expiresAt {
                text += #","expires_in":\#(max(0, expiry - configuration.clock.now()))"#
            }
            text += "}"
            return SimJSON.response(200, text, headers: [("x-oauth-scopes", record.token.scopes.joined(separator: ","))])
        } catch {
            return error.response
        }
    }

    /// The arguments of a Web API call: the query string, overridden by a form-encoded (or
    /// JSON object) body.
    static func webAPIArguments(_ request: HTTPServerRequest) throws(WebAPIError) -> [String: String] {
        var arguments: [String: String]
        do throws(FormDecodingError) {
            arguments = try FormDecoding.fields(request.query)
        } catch {
            throw WebAPIError("invalid_arguments")
        }
        guard !request.body.isEmpty else { return arguments }
        let contentType = request.header("content-type")?.lowercased() ?? ""
        if contentType.hasPrefix("application/json") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
                throw WebAPIError("invalid_json")
            }
            for (key, value) in object {
                switch value {
                case let string as String: arguments[key] = string
                case let number as NSNumber: arguments[key] = number.stringValue
                default: throw WebAPIError("invalid_json")
                }
            }
            return arguments
        }
        guard let text = String(validating: request.body, as: UTF8.self) else { throw WebAPIError("invalid_form_data") }
        do throws(FormDecodingError) {
            for (key, value) in try FormDecoding.fields(text[...]) { arguments[key] = value }
        } catch {
            throw WebAPIError("invalid_form_data")
        }
        return arguments
    }
}
