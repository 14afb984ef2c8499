/// Why JSON bytes were refused: by the syntax check of `JSONByteReader`, or by a reader of a
/// particular document (the connector's audit page scanner, ingestion's entry normaliser) that
/// found a field missing or mistyped.
///
/// `message` is meant for a person: it names the byte offset and, for entry fields, the entry's
/// index, and says what was expected. It never quotes the input beyond a single byte, because
/// audit entries carry names, e-mail addresses and IP addresses.
public struct JSONScanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is; stable, meant for `switch` and tests.
    public let code: Code
    /// The byte offset in the body where the problem was found.
    public let offset: Int
    /// A sentence a person can act on; safe to log.
    public let message: String

    /// Creates an error; readers do this, fakes and tests may too.
    public init(code: Code, offset: Int, message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    /// `code: message`, safe to log.
    public var description: String { "\(code): \(message)" }

    /// A problem category.
    public enum Code: Hashable, Sendable, CustomStringConvertible {
        /// The input ends before the JSON value is complete (a cut-off transfer, or an empty body).
        case truncated
        /// A byte that cannot appear here in JSON (e.g. a missing comma, a trailing comma, a bare word).
        case syntax
        /// A string with an invalid escape, an unpaired UTF-16 surrogate, a raw control
        /// character or invalid UTF-8.
        case invalidString
        /// A number not in RFC 8259 form (leading zeros, `1.`, `.5`, `1e`, `+1`).
        case invalidNumber
        /// Arrays and objects nest deeper than the reader's `maxDepth`.
        case tooDeep
        /// Something other than whitespace follows the top-level value.
        case trailingData
        /// A field the reader needs is absent, e.g. `id`, `date_create`, `entries`.
        case missingField(String)
        /// A field has the wrong JSON type, e.g. `date_create` with a fraction or as a string.
        case wrongType(String)
        /// A field has the right type but an unusable value: an empty `id`, a `date_create`
        /// outside `Int64`.
        case invalidValue(String)
        /// A field the reader uses appears twice in the same object, so which one counts is unclear.
        case duplicateField(String)

        /// The code's name, e.g. `missingField(id)`.
        public var description: String {
            switch self {
            case .truncated: "truncated"
            case .syntax: "syntax"
            case .invalidString: "invalidString"
            case .invalidNumber: "invalidNumber"
            case .tooDeep: "tooDeep"
            case .trailingData: "trailingData"
            case .missingField(let name): "missingField(\(name))"
            case .wrongType(let name): "wrongType(\(name))"
            case .invalidValue(let name): "invalidValue(\(name))"
            case .duplicateField(let name): "duplicateField(\(name))"
            }
        }
    }

    /// The same error with `context` (e.g. `entries[12]`) in front of the message, so a person
    /// knows which entry to look at.
    public func within(_ context: String) -> JSONScanError {
        JSONScanError(code: code, offset: offset, message: "in \(context): \(message)")
    }
}
