import PalisadePolicies
import Testing

/// What reading a policy or a filter refused, or nil when it was read: the one way this target's
/// tests catch a `PolicyError`.
func refusal(_ read: () throws(PolicyError) -> Void) -> PolicyError? {
    do {
        try read()
        return nil
    } catch {
        return error
    }
}

/// Checks that `text` was refused at `line`, at the entry `path`, saying `message` (in part).
func expectRefused(
    _ error: PolicyError?, line: Int, path: String, message: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let error = try #require(error, sourceLocation: sourceLocation)
    #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
    #expect(error.path == path, "\(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
}
