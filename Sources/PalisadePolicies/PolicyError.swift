/// A policy file that cannot be used, located: the file, the line and column, and the path to the
/// offending entry (`match.all[1].actor.email.suffix`).
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as given (or a name for text that came from elsewhere).
    public let file: String
    /// 1-based; 0 when the problem has no place in the text (an empty file).
    public let line: Int
    /// 1-based; 0 when unknown.
    public let column: Int
    /// Where in the document, e.g. `match.any[0].ip.cidr[2]`; `""` for the document itself.
    public let path: String
    /// What is wrong, and what would be right.
    public let message: String

    /// An error.
    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `file:line:column: path: message`, the form editors jump to.
    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}
