import Foundation

/// Decoding the JSON feeds with Foundation's `JSONDecoder`, and its errors in the terms of the
/// file: a JSON path (`prefixes[3].ip_prefix`) and what is wrong there.
enum FeedJSON {
    /// A decoding failure: where, and what.
    struct Failure: Error {
        let path: String
        let reason: String
        /// The document itself is not JSON, or not an object at the top.
        let isNotJSON: Bool
    }

    static func decode<Document: Decodable>(_ type: Document.Type, from bytes: some Sequence<UInt8>) -> Result<Document, Failure> {
        do {
            return .success(try JSONDecoder().decode(type, from: Data(bytes)))
        } catch let error as DecodingError {
            return .failure(describe(error))
        } catch {
            return .failure(Failure(path: "", reason: "cannot be decoded: \(error)", isNotJSON: true))
        }
    }

    /// `prefixes[3].ip_prefix`; empty for the document itself.
    static func path(_ keys: [any CodingKey]) -> String {
        var path = ""
        for key in keys {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path
    }

    private static func describe(_ error: DecodingError) -> Failure {
        switch error {
        case .typeMismatch(let type, let context):
            let atTop = context.codingPath.isEmpty
            return Failure(path: path(context.codingPath), reason: "is not \(name(of: type))", isNotJSON: atTop)
        case .valueNotFound(let type, let context):
            return Failure(path: path(context.codingPath), reason: "is null where \(name(of: type)) belongs", isNotJSON: false)
        case .keyNotFound(let key, let context):
            return Failure(path: path(context.codingPath + [key]), reason: "is missing", isNotJSON: false)
        case .dataCorrupted(let context):
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let reason = "is not valid JSON" + (detail.map { " (\($0))" } ?? "")
            return Failure(path: path(context.codingPath), reason: reason, isNotJSON: context.codingPath.isEmpty)
        @unknown default:
            return Failure(path: "", reason: "cannot be decoded: \(error)", isNotJSON: true)
        }
    }

    /// A JSON type's name for a Swift type, for messages.
    private static func name(of type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "true or false" }
        if type is any Numeric.Type { return "a number" }
        // The decoder reports lists as `Array<Any>` (or the element type's array).
        return String(describing: type).hasPrefix("Array") ? "a list" : "an object"
    }
}
