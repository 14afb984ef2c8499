import Foundation

extension ServiceProcess {
    /// How a launched service ended.
    public struct Exit: Sendable, CustomStringConvertible {
        /// The exit status, or the signal number when a signal ended the process.
        public let status: Int32
        /// Whether the process exited by itself (`.exit`) or was ended by a signal.
        public let reason: Process.TerminationReason
        /// From sending the signal to the process being gone.
        public let elapsed: Duration

        /// E.g. `exit status 0 after 0.31 seconds`.
        public var description: String {
            "\(reason == .exit ? "exit status" : "killed by signal") \(status) after \(elapsed)"
        }
    }

    /// The service did not print its start line: it exited first, or took too long.
    public struct LaunchError: Error, CustomStringConvertible {
        /// What happened, with the log of the launch.
        public let description: String
    }
}
