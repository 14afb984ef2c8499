/// Decodes a string enum with a message listing the accepted values, which the synthesised
/// conformance does not give (`Cannot initialize LogLevel from invalid String value verbose`).
func decodeChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type, from decoder: any Decoder) throws -> T
where T.RawValue == String {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    if let value = T(rawValue: text) { return value }
    let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
    throw ConfigError(code: .invalidValue, message: "expected one of \(choices), got \(ConfigText.quoted(text))")
}
