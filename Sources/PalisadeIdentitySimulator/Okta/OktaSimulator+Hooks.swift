import Foundation
import PalisadeRPC
import PalisadeSlackSimulator
import Synchronization

extension OktaSimulator {
    /// The test hooks under `/_sim/`, which need no token (a simulator is a test peer; never
    /// expose one where its callers are not trusted):
    ///
    /// - `GET /_sim/inspect`: ``OktaSimulatorInspection`` as JSON.
    /// - `GET /_sim/faults`, `POST /_sim/faults` `{"faults": ["429=2s@range:1-3", …]}` (an empty
    ///   list clears them): the faults in force, in the `--fault` grammar.
    /// - `POST /_sim/tokens/revoke` `{"token": "…"}`.
    /// - `POST /_sim/users/{id|login}/{suspend|unsuspend|deactivate|activate|lock-out|unlock|delete|rename}`;
    ///   `rename` takes `{"firstName", "lastName", "email", "login"}` (each optional). Answers the
    ///   user's inspection entry.
    func hook(_ request: HTTPServerRequest) -> HTTPServerResponse {
        let errorID = "oae_sim_hook"
        do throws(OktaAPIError) {
            guard let segments = Self.segments(request.path) else { throw OktaAPIError.notFound(String(request.path.prefix(200))) }
            switch (segments.dropFirst().first, request.method) {
            case ("inspect", "GET") where segments.count == 2:
                return try Self.json(inspect())
            case ("faults", "GET") where segments.count == 2:
                return try Self.json(["faults": faults.map(\.description)])
            case ("faults", "POST") where segments.count == 2:
                struct Body: Decodable { let faults: [String] }
                var parsed: [OktaFault] = []
                for spec in try Self.decode(Body.self, request).faults {
                    do throws(FaultSpecError) {
                        parsed.append(try OktaFault(parsing: spec))
                    } catch {
                        throw OktaAPIError.validation("faults", error.message)
                    }
                }
                setFaults(parsed)
                return try Self.json(["faults": parsed.map(\.description)])
            case ("tokens", "POST") where segments.count == 3 && segments[2] == "revoke":
                struct Body: Decodable { let token: String }
                let known = revoke(token: try Self.decode(Body.self, request).token)
                return try Self.json(["revoked": known])
            case ("users", "POST") where segments.count == 4:
                let change = try Self.change(named: segments[3], request)
                let id: String
                do throws(OktaSimulatorError) {
                    id = try apply(change, to: segments[2])
                } catch {
                    switch error.code {
                    case .unknownUser: throw OktaAPIError.notFound(segments[2])
                    case .invalidChange: throw OktaAPIError.validation(change.name, error.message)
                    }
                }
                return try Self.json(inspect().users.first { $0.id == id })
            case ("inspect", _), ("faults", _), ("tokens", _), ("users", _):
                throw OktaAPIError.methodNotAllowed
            default:
                throw OktaAPIError.notFound(String(request.path.prefix(200)), kind: request.method)
            }
        } catch {
            return error.response(errorID: errorID)
        }
    }

    private static func change(named name: String, _ request: HTTPServerRequest) throws(OktaAPIError) -> OktaDirectoryChange {
        switch name {
        case "suspend": return .suspend
        case "unsuspend": return .unsuspend
        case "deactivate": return .deactivate
        case "activate": return .activate
        case "lock-out": return .lockOut
        case "unlock": return .unlock
        case "delete": return .delete
        case "rename":
            let body = try decode(RenameBody.self, request)
            return .rename(firstName: body.firstName, lastName: body.lastName, email: body.email, login: body.login)
        default: throw OktaAPIError.notFound(String(request.path.prefix(200)), kind: request.method)
        }
    }

    private struct RenameBody: Decodable {
        let firstName: String?
        let lastName: String?
        let email: String?
        let login: String?
    }

    private static func decode<Body: Decodable>(_ type: Body.Type, _ request: HTTPServerRequest) throws(OktaAPIError) -> Body {
        do {
            return try JSONDecoder().decode(type, from: Data(request.body))
        } catch {
            throw OktaAPIError.malformedBody("expected a JSON object: \(String(describing: error).prefix(200))")
        }
    }
}
