import Foundation
import PalisadeService
import PalisadeTestSupport
import Testing

@Suite struct TLSFilesTests {
    @Test func readableFilesPass() throws {
        let directory = try TemporaryDirectory()
        let tls = TLSFiles(
            certificate: try directory.write("echo.pem", "cert"),
            key: try directory.write("echo.key", "key"),
            ca: try directory.write("ca.pem", "ca")
        )
        try tls.validate(address: ListenAddress(parsing: ":8443"))
    }

    @Test func missingFileNamesTheKeyAndThePath() throws {
        let directory = try TemporaryDirectory()
        let tls = TLSFiles(
            certificate: try directory.write("echo.pem", "cert"),
            key: directory.file("missing.key"),
            ca: try directory.write("ca.pem", "ca")
        )
        let error = #expect(throws: ConfigError.self) { try tls.validate(address: ListenAddress(parsing: ":8443")) }
        #expect(error?.code == .fileNotFound)
        #expect(error?.message == "'tls.key': \(directory.file("missing.key")) does not exist")
    }

    @Test func directoryIsNotAFile() throws {
        let directory = try TemporaryDirectory()
        let tls = TLSFiles(
            certificate: try directory.write("echo.pem", "cert"),
            key: try directory.write("echo.key", "key"),
            ca: directory.path
        )
        let error = #expect(throws: ConfigError.self) {
            try tls.validate(address: ListenAddress(parsing: ":8443"), keyPath: "peers.ingestion.tls")
        }
        #expect(error?.code == .notReadable)
        #expect(error?.message == "'peers.ingestion.tls.ca': \(directory.path) is a directory; expected a file")
    }

    @Test func plaintextOnlyOnLoopback() throws {
        try TLSFiles.plaintextOnLoopback.validate(address: ListenAddress(parsing: "127.0.0.1:8443"))
        try TLSFiles.plaintextOnLoopback.validate(address: ListenAddress(parsing: "[::1]:8443"))
        let error = #expect(throws: ConfigError.self) {
            try TLSFiles.plaintextOnLoopback.validate(address: ListenAddress(parsing: "10.1.2.3:8443"))
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("'tls.plaintext' is true but 'listen' is 10.1.2.3:8443") == true)
    }
}

@Suite struct FileCheckTests {
    @Test func writableDirectoryPassesAndLeavesNothingBehind() throws {
        let directory = try TemporaryDirectory()
        try checkWritableDirectory(directory.path, key: "dataDirectory")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func directoryProblemsNameTheKeyAndThePath() throws {
        let directory = try TemporaryDirectory()
        let missing = #expect(throws: ConfigError.self) {
            try checkWritableDirectory(directory.file("absent"), key: "dataDirectory")
        }
        #expect(missing?.code == .fileNotFound)
        #expect(missing?.message == "'dataDirectory': \(directory.file("absent")) does not exist")

        let file = try directory.write("file", "x")
        let notDirectory = #expect(throws: ConfigError.self) { try checkWritableDirectory(file, key: "dataDirectory") }
        #expect(notDirectory?.code == .notWritable)
        #expect(notDirectory?.message == "'dataDirectory': \(file) is not a directory")

        // /proc refuses new files even to root, which the test may be running as.
        let proc = #expect(throws: ConfigError.self) { try checkWritableDirectory("/proc", key: "dataDirectory") }
        #expect(proc?.code == .notWritable)
        #expect(proc?.message.hasPrefix("'dataDirectory': cannot create files in directory /proc: ") == true)
    }

    @Test func emptyPathIsNamed() {
        let error = #expect(throws: ConfigError.self) { try checkReadableFile("", key: "tls.ca") }
        #expect(error?.message == "'tls.ca': the path is empty; expected a file path")
    }
}
