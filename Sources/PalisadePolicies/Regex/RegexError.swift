/// A pattern `LinearRegex` will not compile, with the place of the trouble: policies quote it in
/// their own errors (`PolicyError`), so a policy author can find the character at fault.
///
/// The engine has no dependency on the rest of PalisadePolicies (the fuzz target compiles the
/// `Regex/` files alone), so this is its own error type rather than `PolicyError`.
public struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based position in the pattern, counted in characters (Unicode scalars); 0 for the
    /// pattern as a whole (empty, too long).
    public let position: Int
    /// What is wrong, and what to write instead when there is an alternative.
    public let message: String

    /// An error at `position`.
    public init(position: Int, message: String) {
        self.position = position
        self.message = message
    }

    /// `at character N of the pattern: message`, or the message alone for the pattern as a whole.
    public var description: String {
        position > 0 ? "at character \(position) of the pattern: \(message)" : message
    }
}
