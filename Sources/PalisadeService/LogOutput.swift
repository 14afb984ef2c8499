#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the log handlers write their lines: standard error in services, a closure in tests.
public struct LogOutput: Sendable {
    /// Receives one complete line, newline included.
    let write: @Sendable (String) -> Void

    /// Sends each complete line (newline included) to `write`. `write` is called concurrently
    /// from any thread that logs.
    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Standard error, unbuffered, one `write(2)` per line.
    ///
    /// A line goes out in a single system call, so lines logged at the same moment from several
    /// threads never interleave (for lines up to `PIPE_BUF`, 4096 bytes, when stderr is a pipe;
    /// a journal or a terminal takes any length whole). The loop only continues a write that the
    /// kernel cut short.
    public static var standardError: LogOutput {
        LogOutput { line in
            var line = line
            line.withUTF8 { bytes in
                guard var next = bytes.baseAddress else { return }
                var remaining = bytes.count
                while remaining > 0 {
                    let written = systemWrite(STDERR_FILENO, next, remaining)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return  // Nowhere left to report a failure to log.
                    }
                    next += written
                    remaining -= written
                }
            }
        }
    }
}

/// `write(2)`, spelled through its module because `LogOutput.write` shadows the bare name.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #elseif canImport(Musl)
    Musl.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
