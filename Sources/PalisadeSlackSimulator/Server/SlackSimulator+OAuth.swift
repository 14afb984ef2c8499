import Foundation
import PalisadeRPC

extension SlackSimulator {
    /// `POST /api/oauth.v2.access`: exchanges a code (`grant_type=authorization_code`, the
    /// default) or a refresh token (`grant_type=refresh_token`) for an org-level user token.
    func oauthAccess(_ request: HTTPServerRequest) -> HTTPServerResponse {
        do throws(WebAPIError) {
            let arguments = try Self.webAPIArguments(request)
            let basic = Self.basicCredentials(request)
            guard let app = configuration.oauthApp,
                let clientID = basic?.id ?? arguments["client_id"], clientID == app.clientID
            else { throw WebAPIError("invalid_client_id") }
            guard let secret = basic?.secret ?? arguments["client_secret"], secret == app.clientSecret else {
                throw WebAPIError("bad_client_secret")
            }
            let lifetime = app.tokenRotation ? max(1, app.tokenLifetime) : nil
            switch arguments["grant_type"] ?? "authorization_code" {
            case "authorization_code":
                guard let code = arguments["code"], !code.isEmpty else { throw WebAPIError("invalid_code") }
                let issued = try tokens.redeem(
                    code: code, clientID: clientID, redirectURI: arguments["redirect_uri"],
                    lifetime: lifetime)
                var user = #"{"id":\#(SimJSON.quote(issued.userID)),"scope":\#(SimJSON.quote(issued.scopes.joined(separator: ",")))"#
                user += #","access_token":\#(SimJSON.quote(issued.accessToken)),"token_type":"user""#
                if let expiresIn = issued.expiresIn, let refresh = issued.refreshToken {
                    user += #","expires_in":\#(expiresIn),"refresh_token":\#(SimJSON.quote(refresh))"#
                }
                user += "}"
                return SimJSON.response(
                    200,
                    #"{"ok":true,"app_id":\#(SimJSON.quote(app.appID)),"authed_user":\#(user),"#
                        + orgInstallFields + "}")
            case "refresh_token":
                guard let refresh = arguments["refresh_token"], !refresh.isEmpty, let lifetime else {
                    throw WebAPIError("invalid_refresh_token")
                }
                let issued = try tokens.refresh(refresh, lifetime: lifetime, grace: app.refreshGrace)
                var text = #"{"ok":true,"app_id":\#(SimJSON.quote(app.appID))"#
                text += #","scope":\#(SimJSON.quote(issued.scopes.joined(separator: ","))),"token_type":"user""#
                text += #","access_token":\#(SimJSON.quote(issued.accessToken))"#
                text += #","refresh_token":\#(SimJSON.quote(issued.refreshToken ?? "")),"expires_in":\#(lifetime),"#
                return SimJSON.response(200, text + orgInstallFields + "}")
            default:
                throw WebAPIError("invalid_grant_type")
            }
        } catch {
            return error.response
        }
    }

    /// `"team":null,"enterprise":{…},"is_enterprise_install":true`: an org-wide install.
    private var orgInstallFields: String {
        let enterprise = configuration.enterprise
        return #""team":null,"enterprise":{"id":\#(SimJSON.quote(enterprise.id)),"name":\#(SimJSON.quote(enterprise.name))}"#
            + #","is_enterprise_install":true"#
    }

    /// `Authorization: Basic base64(client_id:client_secret)`, Slack's preferred way.
    static func basicCredentials(_ request: HTTPServerRequest) -> (id: String, secret: String)? {
        guard let header = request.header("authorization") else { return nil }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
            let text = String(validating: Array(data), as: UTF8.self), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
