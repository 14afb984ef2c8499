import Foundation

/// CPU time used so far by another process, read from `/proc/PID/stat` (Linux only).
enum ProcessCPU {
    /// utime + stime of process `pid` in microseconds.
    ///
    /// Fields 14 (utime) and 15 (stime) of `/proc/PID/stat` count clock ticks of
    /// `sysconf(_SC_CLK_TCK)` (usually 100 Hz, i.e. 10 ms resolution). The command name
    /// (field 2) may contain spaces and parentheses, so fields are counted after its last `)`.
    static func microseconds(pid: Int32) throws -> Double {
        let path = "/proc/\(pid)/stat"
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PeerError("cannot read \(path): \(error)")
        }
        guard let close = text.lastIndex(of: ")") else {
            throw PeerError("unexpected format of \(path)")
        }
        // After ")": field 3 (state) is index 0, so field N is index N - 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else {
            throw PeerError("unexpected format of \(path)")
        }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (utime + stime) / ticksPerSecond * 1_000_000
    }
}
