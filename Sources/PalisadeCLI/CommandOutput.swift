/// Where a command writes what it prints: the process's standard output, or a test's buffer,
/// so a test runs a command's whole logic against a live server and reads what it printed.
protocol CommandOutput: Sendable {
    /// Writes `text` as it is, line breaks included.
    func write(_ text: String)
}

extension CommandOutput {
    /// Writes `line` and a line feed.
    func line(_ line: String) { write(line + "\n") }
}

/// The process's standard output, buffered by the C library: a CSV export of millions of
/// activities costs no system call per line.
struct StandardOutput: CommandOutput {
    func write(_ text: String) { print(text, terminator: "") }
}
