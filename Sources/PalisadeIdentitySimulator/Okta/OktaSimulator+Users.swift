import Foundation
import PalisadeRPC
import PalisadeSlackSimulator
import Synchronization

extension OktaSimulator {
    /// `GET /api/v1/users/{id|login}`: the User object with its `ETag`; 304 when the client's
    /// `If-None-Match` is still current.
    func getUser(_ key: String, _ call: Call) throws(OktaAPIError) -> HTTPServerResponse {
        guard let user = state.withLock({ state in state.find(key).map { state.users[$0] } }) else {
            throw OktaAPIError.notFound(key)
        }
        let etag = OktaUserDocument.etag(user)
        if call.request.header("if-none-match") == etag {
            return HTTPServerResponse(status: 304, headers: [("etag", etag)])
        }
        var response = try Self.json(OktaUserDocument(user: user, base: call.base))
        response.headers.append((name: "etag", value: etag))
        return response
    }

    /// `GET /api/v1/users` with `search`, `filter` or `q`, `limit` and `after`. Only `search` and
    /// `filter` return `DEPROVISIONED` users; the next page is announced in a `Link` header.
    func listUsers(_ call: Call) throws(OktaAPIError) -> HTTPServerResponse {
        let parameters: [String: String]
        do throws(FormDecodingError) {
            parameters = try FormDecoding.fields(call.request.query)
        } catch {
            throw OktaAPIError.validation("query", error.message)
        }
        var expression: OktaSearchExpression?
        var includeDeprovisioned = false
        for mode in [OktaSearchExpression.Mode.search, .filter] {
            guard let text = parameters[mode.rawValue] else { continue }
            guard expression == nil else { throw OktaAPIError.validation("search", "search and filter cannot be combined") }
            do throws(OktaSearchError) {
                expression = try OktaSearchExpression.parse(text, mode: mode)
            } catch {
                throw OktaAPIError.invalidSearch(error.message)
            }
            includeDeprovisioned = true
        }
        let prefix = parameters["q"]?.lowercased()
        var limit = prefix == nil ? configuration.defaultPageSize : min(10, configuration.defaultPageSize)
        if let text = parameters["limit"] {
            guard let value = Int(text), value >= 1 else {
                throw OktaAPIError.validation("limit", "limit: '\(text.prefix(40))' is not a positive integer")
            }
            limit = value
        }
        limit = max(1, min(limit, configuration.maxPageSize))

        let (page, more) = try state.withLock { state throws(OktaAPIError) -> ([OktaUserRecord], Bool) in
            var start = 0
            if let after = parameters["after"] {
                guard let position = state.positions[after] else {
                    throw OktaAPIError.validation("after", "after: '\(after.prefix(40))' is not a cursor of this list")
                }
                start = position + 1
            }
            var page: [OktaUserRecord] = []
            for user in state.users[min(start, state.users.count)...] where !user.removed {
                guard includeDeprovisioned || user.status != .deprovisioned else { continue }
                if let expression, !expression.matches(user) { continue }
                if let prefix, ![user.firstName, user.lastName, user.email].contains(where: { $0.lowercased().hasPrefix(prefix) }) {
                    continue
                }
                if page.count == limit { return (page, true) }
                page.append(user)
            }
            return (page, false)
        }

        var response = try Self.json(page.map { OktaUserDocument(user: $0, base: call.base) })
        var query = ["search", "filter", "q"].compactMap { key in parameters[key].map { "\(key)=\(FormDecoding.encode($0))" } }
        query.append("limit=\(limit)")
        let selfQuery = query + (parameters["after"].map { ["after=\(FormDecoding.encode($0))"] } ?? [])
        var links = "<\(call.base)/api/v1/users?\(selfQuery.joined(separator: "&"))>; rel=\"self\""
        if more, let last = page.last {
            let next = ["after=\(FormDecoding.encode(last.id))"] + query
            links += ", <\(call.base)/api/v1/users?\(next.joined(separator: "&"))>; rel=\"next\""
        }
        // One header with both links: Okta's Python SDK reads only the first `Link` header.
        response.headers.append((name: "link", value: links))
        return response
    }

    /// A 200 JSON answer of `value`.
    static func json(_ value: some Encodable) throws(OktaAPIError) -> HTTPServerResponse {
        do {
            return HTTPServerResponse(status: 200, contentType: jsonContentType, body: Array(try OktaUserDocument.encoder().encode(value)))
        } catch {
            // Only strings, numbers and nulls are encoded: unreachable, answered honestly anyway.
            throw OktaAPIError.serverError(500)
        }
    }
}
